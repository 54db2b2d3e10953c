//! One askama struct per page; templates in `templates/` extend `base.html`. Pages hold ready
//! strings and flags: no rules and no queries in templates.

mod action;
mod case;
mod chrome;
mod error;
mod home;
mod thanks;
mod write;

pub use action::{ActionPage, CallScript, EmailPage, LetterView, TargetView};
pub use case::{AddressView, CasePage, EventView};
pub use chrome::Chrome;
pub use error::ErrorPage;
pub use home::{ActionCard, HomePage};
pub use thanks::ThanksPage;
pub use write::{
    AddressCard, CheckPage, PhraseChoice, PhraseGroup, RelayChoice, SentPage, WarningView,
    WritePage,
};

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Renders a page to a string, for pages that are cached.
pub fn render_string(page: &impl Template) -> Result<String, askama::Error> {
    page.render()
}

/// An HTML response from a rendered page.
pub fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        body,
    )
        .into_response()
}

/// Renders a page with a status. A template that fails to render is a bug: it is logged and
/// the visitor gets a plain 500 rather than half a page.
pub fn render(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            )],
            html,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed to render");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}
