//! Letters to the person in prison: the "Write to …" page (address card, rules, composer), the
//! check page (warnings, the letter to edit, the ways to send it) and "the group has it".

use askama::Template;
use outcry_domain::{CaseBundle, Lang};
use outcry_i18n::{Arg, Locale, format_date, format_number};
use outcry_letters::{Gender, Group};

use super::Chrome;
use crate::extract::Visit;
use crate::paths::CaseUrls;
use crate::present::{first_name, gender_of};

/// The rules shown on the page, as message ids (`<id>-title`, `<id>-body`).
const RULES: [&str; 5] = [
    "write-rule-russian",
    "write-rule-topics",
    "write-rule-enclosures",
    "write-rule-time",
    "write-rule-safety",
];

/// Phrases ticked when the page opens, so a first letter needs only one click.
const SUGGESTED: [&str; 4] = [
    "greeting-hello",
    "greeting-first-letter",
    "wish-health",
    "closing-warmly",
];

#[derive(Template)]
#[template(path = "write.html")]
pub struct WritePage {
    pub chrome: Chrome,
    pub urls: CaseUrls,
    pub heading: String,
    pub address: AddressCard,
    pub rules: Vec<(String, String)>,
    pub groups: Vec<PhraseGroup>,
    pub relay: Option<String>,
    pub csrf: String,
}

pub struct AddressCard {
    pub lines: Vec<String>,
    pub latin: Option<String>,
    pub verified: Option<String>,
    pub warning: Option<String>,
    pub missing: Option<String>,
}

pub struct PhraseGroup {
    pub heading: String,
    pub phrases: Vec<PhraseChoice>,
}

pub struct PhraseChoice {
    pub id: String,
    pub russian: String,
    pub meaning: Option<String>,
    pub checked: bool,
}

fn heading(locale: Locale, bundle: &CaseBundle) -> String {
    crate::present::write_title(locale, &first_name(bundle, locale.lang()))
}

impl WritePage {
    /// `waiting`: letters the group holds for this case, when it relays letters.
    pub fn build(
        visit: &Visit,
        bundle: &CaseBundle,
        waiting: Option<u64>,
        csrf: String,
    ) -> WritePage {
        let locale = visit.locale;
        let urls = CaseUrls::new(locale, &bundle.case.slug);
        let name_mine = first_name(bundle, locale.lang());
        let rules = RULES
            .iter()
            .map(|id| {
                (
                    locale.t(&format!("{id}-title")),
                    locale.t_args(&format!("{id}-body"), &[("name", Arg::Str(&name_mine))]),
                )
            })
            .collect();
        let relay = bundle
            .case
            .relay
            .as_ref()
            .zip(waiting)
            .map(|(relay, waiting)| {
                locale.t_args(
                    "write-relay-note",
                    &[
                        ("group", Arg::Str(&relay.group)),
                        ("name", Arg::Str(&name_mine)),
                        ("waiting", Arg::Num(i64::try_from(waiting).unwrap_or(0))),
                        ("waiting_shown", Arg::Str(&format_number(locale, waiting))),
                    ],
                )
            });
        WritePage {
            chrome: visit.chrome(heading(locale, bundle), &urls.write()),
            heading: heading(locale, bundle),
            address: address_card(locale, bundle, &name_mine),
            rules,
            groups: phrase_groups(locale, bundle),
            relay,
            csrf,
            urls,
        }
    }
}

/// The phrase kit in the case's grammatical gender, with meanings unless the page is Russian.
fn phrase_groups(locale: Locale, bundle: &CaseBundle) -> Vec<PhraseGroup> {
    let recipient = gender_of(&bundle.case.pronouns);
    let name_ru = first_name(bundle, Lang::RU);
    let name_mine = first_name(bundle, locale.lang());
    Group::ALL
        .into_iter()
        .map(|group| PhraseGroup {
            heading: locale.t(group.key()),
            phrases: outcry_letters::phrase_kit()
                .iter()
                .filter(|p| p.group == group)
                .map(|p| PhraseChoice {
                    id: p.id.clone(),
                    russian: p.russian(recipient, Gender::Neutral, &name_ru),
                    meaning: (locale != Locale::Ru).then(|| p.meaning(&name_mine)),
                    checked: SUGGESTED.contains(&p.id.as_str()),
                })
                .collect(),
        })
        .collect()
}

/// The current address as it goes on the envelope, with its Latin reading, when it was
/// verified, and what to do when it may be stale or is not known.
fn address_card(locale: Locale, bundle: &CaseBundle, name: &str) -> AddressCard {
    let case = &bundle.case;
    let current = case.current_address();
    let lines = envelope_lines(bundle);
    let has_cyrillic = lines
        .iter()
        .any(|l| l.chars().any(|c| matches!(c, 'А'..='я' | 'Ё' | 'ё')));
    let latin = has_cyrillic.then(|| outcry_letters::latin_reading(&lines.join(", ")));
    let verified = current.and_then(|a| a.verified_on).map(|d| {
        locale.t_args(
            "case-address-verified",
            &[("date", Arg::Str(&format_date(locale, d)))],
        )
    });
    let missing = current.is_none().then(|| {
        let since = case.addresses.iter().filter_map(|a| a.superseded_on).max();
        match since {
            Some(date) => locale.t_args(
                "write-address-superseded",
                &[
                    ("name", Arg::Str(name)),
                    ("date", Arg::Str(&format_date(locale, date))),
                ],
            ),
            None => locale.t_args("write-address-none", &[("name", Arg::Str(name))]),
        }
    });
    AddressCard {
        lines,
        latin,
        verified,
        warning: crate::present::stale_address_warning(locale, case, name),
        missing,
    }
}

/// The current address's lines as the envelope shows them, `RUSSIA` last; none when unknown.
fn envelope_lines(bundle: &CaseBundle) -> Vec<String> {
    bundle
        .case
        .current_address()
        .map(|a| a.envelope_lines(&outcry_pdf::country_line(a.country)))
        .unwrap_or_default()
}

#[derive(Template)]
#[template(path = "write_check.html")]
pub struct CheckPage {
    pub chrome: Chrome,
    pub urls: CaseUrls,
    pub heading: String,
    pub text: String,
    pub signature: String,
    pub address: String,
    pub warnings: Vec<WarningView>,
    pub all_clear: bool,
    pub e_letter_text: String,
    pub e_letter_note: String,
    pub e_letter_over: bool,
    pub envelope_lines: Vec<String>,
    pub relay: Option<RelayChoice>,
    pub csrf: String,
}

pub struct WarningView {
    pub title: String,
    pub explanation: String,
    pub excerpt: String,
}

pub struct RelayChoice {
    pub heading: String,
    pub body: String,
    pub button: String,
}

/// A letter as the writer has it so far.
pub struct Draft {
    pub text: String,
    pub signature: String,
    /// The return address box, as typed.
    pub address: String,
}

impl CheckPage {
    /// The letter checked: every warning, the letter to edit again, and the ways to send it.
    pub fn build(visit: &Visit, bundle: &CaseBundle, draft: Draft, csrf: String) -> CheckPage {
        let locale = visit.locale;
        let urls = CaseUrls::new(locale, &bundle.case.slug);
        let warnings: Vec<WarningView> = outcry_letters::check(&draft.text)
            .into_iter()
            .map(|w| WarningView {
                title: locale.t(&format!("{}-title", w.kind.key())),
                explanation: locale.t(w.kind.key()),
                excerpt: w.excerpt,
            })
            .collect();
        let e_letter_text = if draft.signature.is_empty() {
            draft.text.clone()
        } else {
            format!("{}\n\n{}", draft.text, draft.signature)
        };
        let pages = outcry_letters::e_letter_pages(&e_letter_text);
        CheckPage {
            chrome: visit.chrome(locale.t("write-check-title"), &urls.write()),
            heading: heading(locale, bundle),
            all_clear: warnings.is_empty(),
            warnings,
            e_letter_over: pages > 1,
            e_letter_note: e_letter_note(locale, &e_letter_text, pages),
            e_letter_text,
            envelope_lines: envelope_lines(bundle),
            relay: relay_choice(locale, bundle),
            text: draft.text,
            signature: draft.signature,
            address: draft.address,
            csrf,
            urls,
        }
    }
}

/// "1,234 characters: one page of an electronic letter (2,500 characters a page)."
fn e_letter_note(locale: Locale, text: &str, pages: usize) -> String {
    let chars = text.chars().count();
    locale.t_args(
        "write-e-letter-note",
        &[
            ("chars", Arg::Num(i64::try_from(chars).unwrap_or(0))),
            (
                "chars_shown",
                Arg::Str(&format_number(locale, chars as u64)),
            ),
            (
                "limit",
                Arg::Str(&format_number(
                    locale,
                    outcry_letters::E_LETTER_PAGE_CHARS as u64,
                )),
            ),
            ("pages", Arg::Num(i64::try_from(pages).unwrap_or(0))),
        ],
    )
}

fn relay_choice(locale: Locale, bundle: &CaseBundle) -> Option<RelayChoice> {
    let name = first_name(bundle, locale.lang());
    bundle.case.relay.as_ref().map(|r| {
        let group = || ("group", Arg::Str(&r.group));
        RelayChoice {
            heading: locale.t_args("write-relay-title", &[group()]),
            body: locale.t_args("write-relay-body", &[group(), ("name", Arg::Str(&name))]),
            button: locale.t_args("write-relay-send", &[group()]),
        }
    })
}

#[derive(Template)]
#[template(path = "write_sent.html")]
pub struct SentPage {
    pub chrome: Chrome,
    pub urls: CaseUrls,
    pub heading: String,
    pub body: String,
}

impl SentPage {
    /// "`group` has your letter"; `group` is the case's relaying group.
    pub fn build(visit: &Visit, bundle: &CaseBundle, group: &str) -> SentPage {
        let locale = visit.locale;
        let urls = CaseUrls::new(locale, &bundle.case.slug);
        let name = first_name(bundle, locale.lang());
        SentPage {
            chrome: visit.chrome(locale.t("write-sent-title"), &urls.write_sent()),
            heading: locale.t("write-sent-title"),
            body: locale.t_args(
                "write-sent-body",
                &[("group", Arg::Str(group)), ("name", Arg::Str(&name))],
            ),
            urls,
        }
    }
}
