//! Thin handlers, one file per resource: extract, ask storage or the domain, return a page.

pub mod actions;
pub mod assets;
pub mod cases;
pub mod home;
pub mod post;
pub mod write;

use axum::http::HeaderValue;
use axum::http::header::SET_COOKIE;
use axum::response::Response;
use outcry_domain::Slug;
use outcry_i18n::Locale;

use crate::error::WebError;
use crate::security::CsrfNonce;
use crate::state::AppState;

/// A slug from the URL; anything that is not one cannot name a page.
fn slug(locale: Locale, raw: &str) -> Result<Slug, WebError> {
    raw.parse().map_err(|_| WebError::not_found(locale))
}

fn with_cookie(mut response: Response, cookie: Option<HeaderValue>) -> Response {
    if let Some(c) = cookie {
        response.headers_mut().append(SET_COOKIE, c);
    }
    response
}

/// The CSRF token for a page's forms, and the cookie to set when the browser had none.
fn csrf(state: &AppState, headers: &axum::http::HeaderMap) -> (String, Option<HeaderValue>) {
    let nonce = CsrfNonce::get_or_create(headers);
    let token = crate::security::csrf_token(&state.secret, &nonce.value, state.clock.now());
    (token, nonce.set_cookie(state.config.hsts))
}
