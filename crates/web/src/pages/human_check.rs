//! The human check's page: the question, the original form's fields carried as hidden inputs,
//! and the honeypot. Built from a [`Challenge`] at the edge ([`crate::error`]), in the
//! language of the URL the form posted to.

use askama::Template;
use outcry_i18n::Locale;

use super::Chrome;
use crate::security::human::Challenge;

/// The page that asks the question.
#[derive(Template)]
#[template(path = "human_check.html")]
pub struct HumanCheckPage {
    /// Language, title, switcher.
    pub chrome: Chrome,
    /// "Too many requests" when it stands in for a refusal.
    pub heading: String,
    /// Why the question, and that the form will go as it was.
    pub intro: String,
    /// What was wrong with the last answer.
    pub problem: Option<String>,
    /// Where the form posts.
    pub action: String,
    /// The original form's fields, escaped by the template.
    pub fields: Vec<(String, String)>,
    /// The signed token.
    pub token: String,
    /// The question.
    pub question: String,
    /// The question's language when it is not the page's (a configured question lacking a
    /// translation).
    pub question_lang: Option<String>,
    /// "Or wait a minute": true over a budget, false before mail (waiting does not help).
    pub offer_wait: bool,
}

impl HumanCheckPage {
    /// The page for `challenge` in `locale`.
    pub fn build(locale: Locale, challenge: &Challenge) -> HumanCheckPage {
        let heading = if challenge.retry_after_secs.is_some() {
            locale.t("error-rate-limit-title")
        } else {
            locale.t("human-check-title")
        };
        let (lang, question) = challenge
            .prompt
            .best(locale.lang())
            .map_or((locale.lang(), String::new()), |(l, q)| (l, q.to_string()));
        HumanCheckPage {
            chrome: Chrome::new(locale, heading.clone(), &crate::paths::home(locale), None),
            heading,
            intro: locale.t(if challenge.before_mail {
                "human-check-body-mail"
            } else {
                "human-check-body"
            }),
            problem: challenge.failure.map(|f| locale.t(f.message_id())),
            action: challenge.action.clone(),
            fields: challenge.fields.clone(),
            token: challenge.token.clone(),
            question,
            question_lang: (lang != locale.lang()).then(|| lang.to_string()),
            offer_wait: !challenge.before_mail,
        }
    }
}
