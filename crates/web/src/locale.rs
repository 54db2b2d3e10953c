//! The visitor's language: the first path segment (`/en/…`, `/ru/…`) is the truth; without
//! one, `Accept-Language` chooses where `/` redirects.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use outcry_i18n::Locale;

use crate::error::WebError;

/// Extracts the locale from the URL's first segment. An unknown one is a 404 (in the language
/// the browser asks for), not a silent fallback, so links stay canonical.
pub struct PathLocale(pub Locale);

impl<S: Send + Sync> FromRequestParts<S> for PathLocale {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        from_path(parts.uri.path())
            .map(PathLocale)
            .ok_or_else(|| WebError::not_found(negotiated(parts)))
    }
}

/// The locale named by a path's first segment (`/ru/a/x` → Russian).
pub fn from_path(path: &str) -> Option<Locale> {
    Locale::from_code(path.trim_start_matches('/').split('/').next().unwrap_or(""))
}

/// The locale of a request: the URL's when it has one, else the one the browser prefers.
pub fn of_request(parts: &Parts) -> Locale {
    from_path(parts.uri.path()).unwrap_or_else(|| negotiated(parts))
}

/// The locale the browser prefers, for pages outside a locale prefix.
pub fn negotiated(parts: &Parts) -> Locale {
    let header = parts
        .headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    Locale::negotiate(header)
}
