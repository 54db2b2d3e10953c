//! Turning domain values into the strings pages show, in the visitor's language. Shared by
//! the handlers so that a deadline or a count reads the same on every page.

use jiff::Timestamp;
use outcry_domain::{ActionStatus, Channel, Lang, Localized, UrgentAction};
use outcry_i18n::{Arg, Locale, format_date, format_number};
use outcry_storage::ActionCounts;

use crate::pages::ActionCard;

/// Text in the visitor's language, falling back as `Localized::best` does, with the language
/// it is really in.
pub fn text(locale: Locale, t: &Localized) -> (String, Lang) {
    t.best(locale.lang())
        .map_or((String::new(), locale.lang()), |(l, s)| (s.to_string(), l))
}

/// The value for a `lang` attribute, so screen readers read content in its own language.
pub fn lang_code(lang: Lang) -> String {
    lang.as_str().to_string()
}

/// "12 days left", "Last day to act", "Closed on 15 July 2026", or the withdrawn notice.
pub fn deadline_text(locale: Locale, action: &UrgentAction, now: Timestamp) -> String {
    match (&action.deadline, action.status) {
        (_, ActionStatus::Withdrawn) => locale.t("action-withdrawn-title"),
        (Some(d), _) if action.is_open(now) => match d.days_left(now) {
            Some(days) => locale.t_args("days-left", &[("count", Arg::Num(days))]),
            None => locale.t_args(
                "deadline-on",
                &[("date", Arg::Str(&format_date(locale, d.date)))],
            ),
        },
        (Some(d), _) => locale.t_args(
            "closed-on",
            &[("date", Arg::Str(&format_date(locale, d.date)))],
        ),
        (None, _) => String::new(),
    }
}

/// "5 people have acted" / "5 человек приняли участие".
pub fn count_text(locale: Locale, total: u64) -> String {
    let n = i64::try_from(total).unwrap_or(i64::MAX);
    locale.t_args(
        "actions-count",
        &[
            ("count", Arg::Num(n)),
            ("shown", Arg::Str(&format_number(locale, total))),
        ],
    )
}

pub fn channel_counts(locale: Locale, counts: &ActionCounts) -> Vec<(String, String)> {
    Channel::ALL
        .into_iter()
        .filter_map(|c| {
            counts.by_channel.get(&c).map(|n| {
                (
                    locale.t(&format!("channel-{}", c.as_str())),
                    format_number(locale, *n),
                )
            })
        })
        .collect()
}

pub fn action_card(
    locale: Locale,
    case_name: &Localized,
    action: &UrgentAction,
    total: u64,
    now: Timestamp,
) -> ActionCard {
    let (headline, lang) = text(locale, &action.headline);
    ActionCard {
        href: format!("/{}/a/{}", locale.code(), action.slug),
        headline,
        headline_lang: (lang != locale.lang()).then(|| lang_code(lang)),
        case_name: text(locale, case_name).0,
        deadline: deadline_text(locale, action, now),
        count: count_text(locale, total),
        open: action.is_open(now),
    }
}

const COUNTRY_CODES: [&str; 38] = [
    "AM", "AT", "AU", "AZ", "BE", "BY", "CA", "CH", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB",
    "GE", "IE", "IL", "IT", "KG", "KZ", "LT", "LV", "MD", "ME", "NL", "NO", "PL", "PT", "RS", "RU",
    "SE", "TR", "UA", "US", "UZ", "ZZ",
];

/// (code, name in one language)
type CountryList = Vec<(&'static str, String)>;

/// Countries offered in forms, sorted by their name in the visitor's language (computed once
/// per language: every action page shows the list twice).
pub fn countries(locale: Locale) -> Vec<(&'static str, String)> {
    static LISTS: std::sync::LazyLock<Vec<(Locale, CountryList)>> =
        std::sync::LazyLock::new(|| {
            Locale::ALL
                .into_iter()
                .map(|locale| {
                    let mut list: Vec<_> = COUNTRY_CODES
                        .iter()
                        .map(|c| (*c, locale.t(&format!("country-{c}"))))
                        .collect();
                    // "Another country" last, the rest alphabetically in the visitor's language.
                    list.sort_by(|a, b| {
                        (a.0 == "ZZ")
                            .cmp(&(b.0 == "ZZ"))
                            .then_with(|| a.1.cmp(&b.1))
                    });
                    (locale, list)
                })
                .collect()
        });
    LISTS
        .iter()
        .find(|(l, _)| *l == locale)
        .map(|(_, list)| list.clone())
        .unwrap_or_default()
}

pub fn is_offered_country(code: &str) -> bool {
    code.len() == 2
        && code.bytes().all(|b| b.is_ascii_uppercase())
        && Locale::En.try_t(&format!("country-{code}")).is_some()
}

/// What was wrong with a form, one localized line per problem.
pub fn problem_messages(locale: Locale, v: &outcry_domain::Violations) -> Vec<String> {
    use outcry_domain::Problem;
    v.0.iter()
        .map(|e| {
            let field = locale.t(&format!("field-{}", e.field));
            let field = Arg::Str(&field);
            match &e.problem {
                Problem::TooLong { max, .. } => locale.t_args(
                    "error-field-too-long",
                    &[
                        ("field", field),
                        ("max", Arg::Num(i64::try_from(*max).unwrap_or(0))),
                    ],
                ),
                Problem::TooMany { max, .. } => locale.t_args(
                    "error-field-too-many",
                    &[
                        ("field", field),
                        ("max", Arg::Num(i64::try_from(*max).unwrap_or(0))),
                    ],
                ),
                Problem::Empty => locale.t_args("error-field-empty", &[("field", field)]),
                Problem::ControlCharacters => {
                    locale.t_args("error-field-control", &[("field", field)])
                }
                Problem::DirectionOverride => {
                    locale.t_args("error-field-direction", &[("field", field)])
                }
                _ => locale.t_args("error-field-invalid", &[("field", field)]),
            }
        })
        .collect()
}
