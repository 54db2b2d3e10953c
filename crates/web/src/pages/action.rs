use askama::Template;

use super::Chrome;

#[derive(Template)]
#[template(path = "action.html")]
pub struct ActionPage {
    pub chrome: Chrome,
    pub slug: String,
    pub case_name: String,
    pub case_href: String,
    pub headline: String,
    /// Set when the action has no text in the page's language.
    pub content_note: Option<String>,
    pub content_lang: String,
    pub summary_html: std::sync::Arc<str>,
    pub background_html: std::sync::Arc<str>,
    pub open: bool,
    /// "12 days left" while open; "Closed on 15 July 2026" after.
    pub deadline: String,
    /// Heading and text of the closed or withdrawn notice.
    pub closed_notice: Option<(String, String)>,
    pub count: String,
    pub by_channel: Vec<(String, String)>,
    pub goal: Option<(String, u32)>,
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

/// The supporter's letter, ready to send from their own email program.
#[derive(Template)]
#[template(path = "email.html")]
pub struct EmailPage {
    pub chrome: Chrome,
    pub headline: String,
    pub action_href: String,
    pub done_href: String,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub subject: String,
    pub text: String,
    pub text_lang: String,
    pub mailto: Option<String>,
    pub country: String,
    pub csrf: String,
}
