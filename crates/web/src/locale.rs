//! The visitor's language: the first path segment (`/en/…`, `/ru/…`) is the truth; without
//! one, `Accept-Language` chooses where `/` redirects and which language an error page speaks.

use axum::http::{HeaderMap, Uri};
use outcry_i18n::Locale;

/// The locale named by a path's first segment (`/ru/a/x` → Russian), or by the segment after
/// `admin` in the admin (`/admin/ru/letters`).
pub fn from_path(path: &str) -> Option<Locale> {
    let path = path.trim_start_matches('/');
    let path = path.strip_prefix("admin/").unwrap_or(path);
    Locale::from_code(path.split('/').next().unwrap_or(""))
}

/// The locale of a request: the URL's when it has one, else the one the browser prefers.
pub fn of_request(uri: &Uri, headers: &HeaderMap) -> Locale {
    from_path(uri.path()).unwrap_or_else(|| negotiated(headers))
}

/// The locale the browser prefers, for pages outside a locale prefix.
pub fn negotiated(headers: &HeaderMap) -> Locale {
    let header = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    Locale::negotiate(header)
}
