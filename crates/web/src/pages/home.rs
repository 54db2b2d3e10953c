use askama::Template;

use super::Chrome;

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub chrome: Chrome,
    pub open: Vec<ActionCard>,
    pub closed: Vec<ActionCard>,
}

/// An action in a list: on the home page and on its case's page.
pub struct ActionCard {
    pub href: String,
    pub headline: String,
    /// The language the headline is in, when it is not the page's.
    pub headline_lang: Option<String>,
    pub case_name: String,
    pub deadline: String,
    pub count: String,
    pub open: bool,
}
