//! The views: one askama struct per page, and the code that builds it from what the handler
//! loaded. Templates in `templates/` extend `base.html`; they get ready strings and flags, so
//! no rules and no queries live in templates, and no storage reads live here.

pub mod action;
pub mod case;
mod chrome;
mod error;
pub mod home;
mod human_check;
pub mod news;
pub mod send;
pub mod thanks;
pub mod write;

pub use action::{ActionPage, EmailPage};
pub use case::CasePage;
pub use chrome::{Chrome, Preview, language_links};
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

/// Who may keep a copy of a page: each handler says which, for the page it answers with.
/// Anything that says nothing (error pages, redirects) is `no-store` by default (`routes.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caching {
    /// Shows back what a supporter typed (their letter, name, town, address): nobody's cache
    /// entry, not a proxy's and not the browser's history on a phone someone else may hold.
    NoStore,
    /// Carries something of this browser's own (a CSRF token bound to its cookie, "your action
    /// was counted"): the browser may keep it, shared caches may not.
    Private,
    /// The same for everyone and nothing personal in it: caches may keep it for a minute.
    Public,
}

impl Caching {
    /// The `Cache-Control` value.
    pub const fn header(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            Caching::NoStore => "no-store",
            Caching::Private => "private, no-cache",
            Caching::Public => "public, max-age=60",
        })
    }
}

/// An HTML response from a rendered page (its text, or that text compressed).
pub fn html(body: impl Into<axum::body::Body>, caching: Caching) -> Response {
    (
        StatusCode::OK,
        html_headers(),
        [(header::CACHE_CONTROL, caching.header())],
        body.into(),
    )
        .into_response()
}

/// Renders a page. A template that fails to render is a bug: the error goes to the log at the
/// edge and the visitor gets the error page rather than half a page.
pub fn render(page: &impl Template, caching: Caching) -> Result<Response, AppError> {
    Ok(html(page.render()?, caching))
}
