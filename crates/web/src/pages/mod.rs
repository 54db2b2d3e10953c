//! The views: one askama struct per page, and the code that builds it from what the handler
//! loaded. Templates in `templates/` extend `base.html`; they get ready strings and flags, so
//! no rules and no queries live in templates, and no storage reads live here.

pub mod action;
pub mod case;
mod chrome;
mod error;
pub mod home;
mod human_check;
pub mod thanks;
pub mod write;

pub use action::{ActionPage, EmailPage};
pub use case::CasePage;
pub use chrome::Chrome;
pub use error::{ErrorPage, Resend};
pub use home::HomePage;
pub use human_check::HumanCheckPage;
pub use thanks::ThanksPage;
pub use write::{CheckPage, SentPage, WritePage};

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

/// The headers of every HTML page.
pub fn html_headers() -> [(header::HeaderName, HeaderValue); 1] {
    [(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    )]
}

/// An HTML response from a rendered page.
pub fn html(body: String) -> Response {
    (StatusCode::OK, html_headers(), body).into_response()
}

/// Renders a page. A template that fails to render is a bug: the error goes to the log at the
/// edge and the visitor gets the error page rather than half a page.
pub fn render(page: &impl Template) -> Result<Response, AppError> {
    Ok(html(page.render()?))
}
