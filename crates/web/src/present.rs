//! Turning domain values into the strings pages show, in the visitor's language. Shared by
//! the views so that a deadline, a count or a country reads the same on every page.

use jiff::Timestamp;
use outcry_domain::{
    ActionStatus, Case, CaseBundle, Channel, Country, Lang, Localized, Pronouns, UrgentAction,
};
use outcry_i18n::{Arg, Locale, format_date, format_number};
use outcry_letters::Gender;
use outcry_storage::ActionCounts;

use crate::pages::home::ActionCard;

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

/// "The count is updated every 5 minutes…", for counts published in steps; `None` when they
/// are live (a refresh of zero).
pub fn count_refresh_note(locale: Locale, refresh: std::time::Duration) -> Option<String> {
    if refresh.is_zero() {
        return None;
    }
    // Whole minutes, at least one: a step of seconds is for tests, and "0 minutes" says nothing.
    let minutes = i64::try_from(refresh.as_secs().div_ceil(60)).unwrap_or(i64::MAX);
    Some(locale.t_args("thanks-count-note", &[("minutes", Arg::Num(minutes))]))
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
        href: crate::paths::ActionUrls::new(locale, &action.slug).page(),
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

/// A country's name in the visitor's language ("Russia", "Россия").
pub fn country_name(locale: Locale, c: Country) -> String {
    locale
        .try_t(&format!("country-{c}"))
        .unwrap_or_else(|| c.to_string())
}

/// A language's name in the visitor's language ("Russian", "русский").
pub fn language_name(locale: Locale, lang: Lang) -> String {
    locale
        .try_t(&format!("language-{lang}"))
        .unwrap_or_else(|| lang.english_name().to_string())
}

/// "Write to Azat": the link and heading of the letter composer, with the first name only.
pub fn write_title(locale: Locale, name: &str) -> String {
    let first = name.split_whitespace().next().unwrap_or(name);
    locale.t_args("write-title", &[("name", Arg::Str(first))])
}

/// The warning that the current address may be out of date (a transfer is newer than it).
pub fn stale_address_warning(locale: Locale, case: &Case, name: &str) -> Option<String> {
    (case.address_may_be_stale() && case.current_address().is_some())
        .then(|| locale.t_args("case-address-stale", &[("name", Arg::Str(name))]))
}

/// How the phrase kit addresses a person with these pronouns.
pub fn gender_of(pronouns: &Pronouns) -> Gender {
    match pronouns {
        Pronouns::He => Gender::Masculine,
        Pronouns::She => Gender::Feminine,
        Pronouns::They | Pronouns::Unknown => Gender::Neutral,
    }
}

/// The person's first name in a language ("Азат", "Azat").
pub fn first_name(bundle: &CaseBundle, lang: Lang) -> String {
    let (_, name) = bundle.case.name.best(lang).unwrap_or((lang, ""));
    name.split_whitespace().next().unwrap_or(name).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_count_note_says_the_step_in_whole_minutes_in_each_language() {
        let note = |locale, secs| count_refresh_note(locale, Duration::from_secs(secs));
        assert_eq!(note(Locale::En, 0), None, "live counts need no note");
        assert_eq!(
            note(Locale::En, 300).as_deref(),
            Some("The count is updated every 5 minutes, so yours may not show in it yet.")
        );
        assert_eq!(
            note(Locale::En, 30).as_deref(),
            Some("The count is updated once a minute, so yours may not show in it yet.")
        );
        for (secs, words) in [
            (300, "раз в 5 минут,"),
            (120, "раз в 2 минуты,"),
            (60, "раз в 1 минуту,"),
        ] {
            let text = note(Locale::Ru, secs).unwrap_or_default();
            assert!(text.contains(words), "{secs} s: {text}");
        }
    }
}
