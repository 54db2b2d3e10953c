//! The action page (what happened, whom to write to, the model letters, the ways to act) and
//! the email page (the supporter's letter, ready for their own email program).

use askama::Template;
use jiff::Timestamp;
use outcry_domain::{CaseBundle, ComposedLetter, Lang, Target, UrgentAction};
use outcry_i18n::{Arg, Locale, format_number};
use outcry_storage::ActionCounts;

use super::Chrome;
use crate::extract::Visit;
use crate::paths::{ActionUrls, CaseUrls};
use crate::present::{self, country_name, lang_code, language_name, text};

#[derive(Template)]
#[template(path = "action.html")]
pub struct ActionPage {
    pub chrome: Chrome,
    pub urls: ActionUrls,
    pub case_urls: CaseUrls,
    pub case_name: String,
    pub headline: String,
    /// Set when the action has no text in the page's language.
    pub content_note: Option<String>,
    pub content_lang: String,
    pub summary_html: std::sync::Arc<str>,
    pub background_html: std::sync::Arc<str>,
    pub open: bool,
    /// The status box ([`StatusView`]): rendered apart, so that the rest of the page can be
    /// cached while the counts in it stay fresh.
    pub status_html: String,
    pub targets: Vec<TargetView>,
    pub letters: Vec<LetterView>,
    pub edit_lang: String,
    /// Links to edit the letter in another language instead: (href, label).
    pub other_letters: Vec<(String, String)>,
    pub edit_subject: String,
    pub edit_body: String,
    pub countries: Vec<(&'static str, String)>,
    pub safety_title: String,
    pub safety_body: String,
    pub csrf: String,
    /// Whether the site offers to send the appeal itself ("send it for me").
    pub sends_mail: bool,
    pub call: Option<CallScript>,
    pub more_ways: String,
    /// Postage and transit time for a letter to the targets' country.
    pub post_notes: String,
}

pub struct TargetView {
    pub name: String,
    pub title: String,
    pub organization: String,
    pub address: Vec<String>,
    pub emails: Vec<String>,
    pub phones: Vec<(String, String)>,
    pub fax: Option<String>,
}

/// A model letter, and beside it the same letter in the page's language when they differ.
pub struct LetterView {
    pub heading: String,
    pub lang: String,
    pub subject: String,
    pub salutation: String,
    pub body: String,
    pub sign_off: String,
    pub translation: Option<Box<LetterView>>,
}

pub struct CallScript {
    pub text: String,
    pub numbers: Vec<(String, String)>,
    pub local_time: Option<String>,
    pub office: Option<String>,
}

/// The action page's status box: deadline, closed notice, the count, progress toward the
/// goal, counts by channel. The only part of the page that changes with every supporter.
#[derive(Template)]
#[template(path = "_status.html")]
pub struct StatusView {
    /// "12 days left" while open; "Closed on 15 July 2026" after.
    pub deadline: String,
    /// Heading and text of the closed or withdrawn notice.
    pub closed_notice: Option<(String, String)>,
    pub count: String,
    pub by_channel: Vec<(String, String)>,
    pub channels_label: String,
    pub goal: Option<(String, u32)>,
}

impl StatusView {
    pub fn build(
        locale: Locale,
        action: &UrgentAction,
        counts: &ActionCounts,
        now: Timestamp,
    ) -> StatusView {
        StatusView {
            deadline: present::deadline_text(locale, action, now),
            closed_notice: closed_notice(locale, action, now),
            count: present::count_text(locale, counts.total),
            by_channel: present::channel_counts(locale, counts),
            channels_label: locale.t("action-by-channel"),
            goal: goal(locale, action, counts),
        }
    }
}

/// What the action page shows, loaded by its handler.
pub struct ActionData<'a> {
    pub bundle: &'a CaseBundle,
    pub action: &'a UrgentAction,
    /// The letter language the supporter picked (`?letter=ru`), if any.
    pub chosen: Option<Lang>,
    /// Where each visitor's CSRF token goes.
    pub csrf: String,
    /// Where the status box goes.
    pub status_html: String,
    /// Whether the site sends mail ([`crate::state::AppState::outbox`]).
    pub sends_mail: bool,
}

impl ActionPage {
    pub fn build(visit: &Visit, data: &ActionData<'_>, now: Timestamp) -> ActionPage {
        let locale = visit.locale;
        let (bundle, action) = (data.bundle, data.action);
        let urls = ActionUrls::new(locale, &action.slug);
        let case_name = text(locale, &bundle.case.name).0;
        let (headline, content_lang) = text(locale, &action.headline);
        let targets = bundle.targets_of(action);
        let edit_lang = data
            .chosen
            .unwrap_or_else(|| action.letter_language_for(locale.lang()));
        let model = action.letters.get(&edit_lang);
        let target_country = targets
            .iter()
            .find_map(|t| t.country)
            .map_or(String::new(), |c| country_name(locale, c));
        let with_country = |id: &str| locale.t_args(id, &[("country", Arg::Str(&target_country))]);
        let preview = super::Preview {
            title: headline.clone(),
            description: super::news::excerpt(&plain(&text(locale, &action.summary).0), 200),
            url: urls.page(),
            kind: "website",
        };
        let feeds = vec![(
            locale.t("feed-actions-title"),
            crate::paths::NewsUrls::new(locale).feed_actions(),
        )];
        ActionPage {
            chrome: visit
                .chrome(headline.clone(), &urls.page())
                .with_feeds(feeds)
                .with_preview(preview),
            case_urls: CaseUrls::new(locale, &bundle.case.slug),
            content_note: (content_lang != locale.lang()).then(|| {
                locale.t_args(
                    "action-letter-not-in-your-language",
                    &[("language", Arg::Str(&language_name(locale, content_lang)))],
                )
            }),
            content_lang: lang_code(content_lang),
            summary_html: crate::markdown::to_html(&text(locale, &action.summary).0),
            background_html: crate::markdown::to_html(&text(locale, &action.background).0),
            status_html: data.status_html.clone(),
            targets: targets.iter().map(|t| target_view(t)).collect(),
            letters: letter_views(locale, action, &targets),
            edit_subject: model.map_or(String::new(), |m| m.subject.clone()),
            edit_body: model.map_or(String::new(), |m| m.body.clone()),
            edit_lang: edit_lang.to_string(),
            other_letters: other_letters(locale, action, &urls, edit_lang),
            countries: present::countries(locale),
            safety_title: with_country("action-safety-title"),
            safety_body: with_country("action-safety-body"),
            csrf: data.csrf.clone(),
            sends_mail: data.sends_mail
                && !crate::appeal_mail::recipients(bundle, action).is_empty(),
            call: call_script(locale, &case_name, &targets, now),
            more_ways: locale.t_args("action-more-ways", &[("name", Arg::Str(&case_name))]),
            post_notes: with_country("action-post-notes"),
            case_name,
            headline,
            open: action.is_open(now),
            urls,
        }
    }
}

fn closed_notice(
    locale: Locale,
    action: &UrgentAction,
    now: Timestamp,
) -> Option<(String, String)> {
    let id = match action.status {
        outcry_domain::ActionStatus::Withdrawn => "action-withdrawn",
        _ if !action.is_open(now) => "action-closed",
        _ => return None,
    };
    Some((
        locale.t(&format!("{id}-title")),
        locale.t(&format!("{id}-body")),
    ))
}

/// The progress bar toward the action's goal: its label and how full it is, in percent.
fn goal(locale: Locale, action: &UrgentAction, counts: &ActionCounts) -> Option<(String, u32)> {
    let g = action.goal.filter(|g| *g > 0)?;
    let percent =
        u32::try_from((counts.total.saturating_mul(100) / u64::from(g)).min(100)).unwrap_or(100);
    let label = locale.t_args(
        "goal-progress",
        &[
            ("shown", Arg::Str(&format_number(locale, counts.total))),
            ("goal", Arg::Str(&format_number(locale, u64::from(g)))),
        ],
    );
    Some((label, percent))
}

/// Links to edit the letter in each other language the action has one in.
fn other_letters(
    locale: Locale,
    action: &UrgentAction,
    urls: &ActionUrls,
    editing: Lang,
) -> Vec<(String, String)> {
    action
        .letters
        .keys()
        .filter(|l| **l != editing)
        .map(|l| {
            let label = locale.t_args(
                "action-letter-write-in",
                &[("language", Arg::Str(&language_name(locale, *l)))],
            );
            (urls.page_with_letter(*l), label)
        })
        .collect()
}

fn target_view(t: &Target) -> TargetView {
    let mut address = t.address.clone();
    if let Some(c) = t.country {
        address.push(outcry_pdf::country_line(c));
    }
    TargetView {
        name: t.name.clone(),
        title: t.title.clone(),
        organization: t.organization.clone(),
        address,
        emails: t.emails.iter().map(|e| e.to_string()).collect(),
        phones: t.phones.iter().map(|p| (p.to_string(), p.dial())).collect(),
        fax: t.fax.as_ref().map(|f| f.to_string()),
    }
}

/// The model letters to show, in the targets' order of preference, each with the letter in
/// the visitor's language beside it so they understand what they send. Languages the targets
/// prefer less than the visitor's own are left out: a Russian reader writing to officials who
/// read Russian first needs the Russian letter alone, not an English one "translated" into it.
fn letter_views(locale: Locale, action: &UrgentAction, targets: &[&Target]) -> Vec<LetterView> {
    let view = |lang: Lang, translation: bool| -> Option<LetterView> {
        let m = action.letters.get(&lang)?;
        let key = if translation {
            "action-letter-translation"
        } else {
            "action-letter-in"
        };
        Some(LetterView {
            heading: locale.t_args(key, &[("language", Arg::Str(&language_name(locale, lang)))]),
            lang: lang.to_string(),
            subject: m.subject.clone(),
            salutation: m.salutation_for(targets.first().copied(), lang).to_string(),
            body: m.body.clone(),
            sign_off: m.sign_off.clone(),
            translation: None,
        })
    };
    let mut langs: Vec<Lang> = action
        .preferred_languages
        .iter()
        .copied()
        .filter(|l| action.letters.contains_key(l))
        .collect();
    if langs.is_empty() {
        langs = action.letters.keys().copied().collect();
    }
    let mine = locale.lang();
    let before_mine: Vec<Lang> = langs.iter().copied().take_while(|l| *l != mine).collect();
    if before_mine.is_empty() {
        return view(mine, false).into_iter().collect();
    }
    before_mine
        .into_iter()
        .filter_map(|lang| {
            let mut v = view(lang, false)?;
            v.translation = view(mine, true).map(Box::new);
            Some(v)
        })
        .collect()
}

fn call_script(
    locale: Locale,
    person: &str,
    targets: &[&Target],
    now: Timestamp,
) -> Option<CallScript> {
    let numbers: Vec<(String, String)> = targets
        .iter()
        .flat_map(|t| t.phones.iter().map(|p| (p.to_string(), p.dial())))
        .collect();
    if numbers.is_empty() {
        return None;
    }
    let local = targets.iter().find_map(|t| t.local_time(now));
    let ask = locale.t_args("action-call-script-ask", &[("person", Arg::Str(person))]);
    Some(CallScript {
        text: locale.t_args(
            "action-call-script",
            &[
                ("name", Arg::Str("…")),
                ("person", Arg::Str(person)),
                ("ask", Arg::Str(&ask)),
            ],
        ),
        numbers,
        local_time: local.as_ref().map(|z| {
            locale.t_args(
                "action-way-phone-local-time",
                &[("time", Arg::Str(&z.strftime("%H:%M").to_string()))],
            )
        }),
        office: local.as_ref().map(|z| {
            locale.t(if outcry_domain::target::probably_in_office(z) {
                "action-way-phone-office-open"
            } else {
                "action-way-phone-office-closed"
            })
        }),
    })
}

/// The supporter's letter, ready to send from their own email program.
#[derive(Template)]
#[template(path = "email.html")]
pub struct EmailPage {
    pub chrome: Chrome,
    pub urls: ActionUrls,
    pub headline: String,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub subject: String,
    pub text: String,
    pub text_lang: String,
    pub mailto: Option<String>,
    pub country: String,
    pub csrf: String,
}

impl EmailPage {
    /// The page for `letter`, addressed to `targets` with copies to `copies`.
    pub fn build(
        visit: &Visit,
        action: &UrgentAction,
        (targets, copies): (&[&Target], &[&Target]),
        letter: ComposedLetter,
        country: &str,
        csrf: String,
    ) -> EmailPage {
        let locale = visit.locale;
        let urls = ActionUrls::new(locale, &action.slug);
        let emails = |ts: &[&Target]| -> Vec<String> {
            ts.iter()
                .flat_map(|t| t.emails.iter().map(|e| e.to_string()))
                .collect()
        };
        let (to, cc) = (emails(targets), emails(copies));
        let link = {
            let to: Vec<&str> = to.iter().map(String::as_str).collect();
            let cc: Vec<&str> = cc.iter().map(String::as_str).collect();
            crate::mailto::link(&to, &cc, &letter.subject, &letter.text)
        };
        EmailPage {
            // The language switcher leads back to the action: this page exists only as a POST.
            chrome: visit.chrome(locale.t("action-way-email"), &urls.page()),
            headline: text(locale, &action.headline).0,
            to,
            cc,
            subject: letter.subject,
            text: letter.text,
            text_lang: letter.lang.to_string(),
            mailto: (link.len() <= crate::mailto::MAX_LEN).then_some(link),
            country: country.to_string(),
            csrf,
            urls,
        }
    }
}

/// Markdown's marks taken out, for a link preview's plain description.
pub fn plain(markdown: &str) -> String {
    markdown
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '#' | '`'))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
