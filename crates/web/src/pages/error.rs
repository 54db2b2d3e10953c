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
    /// When the site was too busy to take a posted form: the same form, to send again.
    pub resend: Option<Resend>,
}

/// A posted form kept whole, so that nothing the supporter typed is lost to a 503.
pub struct Resend {
    /// Where it was posted.
    pub action: String,
    /// Its fields, in order.
    pub fields: Vec<(String, String)>,
}
