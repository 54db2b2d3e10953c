use askama::Template;

use super::Chrome;

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub chrome: Chrome,
    pub heading: String,
    pub body: String,
    /// Specific problems with the form, one per line.
    pub details: Vec<String>,
}
