//! The pages of "send it for me": check your mail, the confirmation with its button, and
//! what was queued.

use askama::Template;
use jiff::Timestamp;
use outcry_domain::{Target, UrgentAction};
use outcry_i18n::Arg;
use outcry_mail::appeals::{AppealForm, AppealMessage};

use super::Chrome;
use crate::extract::Visit;
use crate::paths::ActionUrls;
use crate::present::text;

/// "Check your mail": where the send form leads.
#[derive(Template)]
#[template(path = "send_check.html")]
pub struct SendCheckPage {
    pub chrome: Chrome,
    pub urls: ActionUrls,
    pub headline: String,
}

impl SendCheckPage {
    pub fn build(visit: &Visit, action: &UrgentAction) -> SendCheckPage {
        let urls = ActionUrls::new(visit.locale, &action.slug);
        SendCheckPage {
            chrome: visit.chrome(visit.locale.t("send-check-title"), &urls.page()),
            headline: text(visit.locale, &action.headline).0,
            urls,
        }
    }
}

/// The confirmation link's page: what will be sent, to whom, and the button.
#[derive(Template)]
#[template(path = "send_confirm.html")]
pub struct ConfirmPage {
    pub chrome: Chrome,
    pub urls: ActionUrls,
    pub headline: String,
    /// "From: A. K. (via this site)".
    pub from: String,
    /// Each official's name and address.
    pub to: Vec<(String, String)>,
    pub subject: String,
    /// The letter as the first official gets it.
    pub letter: String,
    pub letter_lang: String,
    pub receipt: bool,
    pub token: String,
    pub csrf: String,
}

impl ConfirmPage {
    pub fn build(
        visit: &Visit,
        action: &UrgentAction,
        request: &AppealForm,
        appeals: &[(&Target, AppealMessage)],
        token: &str,
        csrf: String,
    ) -> ConfirmPage {
        let locale = visit.locale;
        let urls = ActionUrls::new(locale, &action.slug);
        let first = appeals.first().map(|(_, a)| a);
        let from_name = first.map_or(String::new(), |a| a.from_name.clone());
        ConfirmPage {
            // The switcher leads to the action: the token stays out of other links.
            chrome: visit.chrome(locale.t("confirm-title"), &urls.page()),
            headline: text(locale, &action.headline).0,
            from: locale.t_args("confirm-from", &[("name", Arg::Str(&from_name))]),
            to: appeals
                .iter()
                .map(|(t, a)| (t.name.clone(), a.to.address.clone()))
                .collect(),
            subject: first.map_or(String::new(), |a| a.subject.clone()),
            letter: first.map_or(String::new(), |a| a.text.clone()),
            letter_lang: request.lang.clone(),
            receipt: request.receipt,
            token: token.to_string(),
            csrf,
            urls,
        }
    }
}

/// After the button: how many appeals were queued and roughly when they go.
#[derive(Template)]
#[template(path = "send_queued.html")]
pub struct QueuedPage {
    pub chrome: Chrome,
    pub urls: ActionUrls,
    pub headline: String,
    pub title: String,
    pub body: String,
}

impl QueuedPage {
    pub fn build(
        visit: &Visit,
        action: &UrgentAction,
        queued: usize,
        last_due: Option<Timestamp>,
        now: Timestamp,
    ) -> QueuedPage {
        let locale = visit.locale;
        let urls = ActionUrls::new(locale, &action.slug);
        let (title, body) = if queued == 0 {
            (locale.t("queued-none-title"), locale.t("queued-none-body"))
        } else {
            let count = Arg::Num(i64::try_from(queued).unwrap_or(i64::MAX));
            let wait = last_due.map_or(0, |due| due.as_second() - now.as_second());
            let when = match wait {
                ..=3600 => locale.t_args("queued-soon", &[("count", count)]),
                // Hours are rounded up: "within 3 hours" must not turn out to be four.
                3601..=172_800 => locale.t_args(
                    "queued-hours",
                    &[("count", count), ("hours", Arg::Num((wait + 3599) / 3600))],
                ),
                _ => locale.t_args(
                    "queued-days",
                    &[
                        ("count", count),
                        ("days", Arg::Num((wait + 86_399) / 86_400)),
                    ],
                ),
            };
            (locale.t("queued-title"), when)
        };
        QueuedPage {
            chrome: visit.chrome(title.clone(), &urls.page()),
            headline: text(locale, &action.headline).0,
            title,
            body,
            urls,
        }
    }
}
