use askama::Template;

use super::Chrome;

#[derive(Template)]
#[template(path = "thanks.html")]
pub struct ThanksPage {
    pub chrome: Chrome,
    pub headline: String,
    pub action_href: String,
    pub share_url: String,
    /// Plain links to share elsewhere; nothing is loaded from those sites until clicked.
    pub share_links: Vec<(String, String)>,
    pub count: String,
}
