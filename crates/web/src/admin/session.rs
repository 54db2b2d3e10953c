//! The admin's session cookie. The id is 256 random bits made by the server at each login and
//! at each change of what the session may do (the second factor passed, the app enrolled), so
//! an id planted in a browser before login (session fixation) never becomes a signed-in
//! session. The database keeps the id's SHA-256 only; the cookie is HttpOnly, SameSite=Strict,
//! `Secure` and `__Host-`-prefixed when the site is behind TLS (a `__Host-` cookie must be
//! Secure, so plain-HTTP test setups use the unprefixed name), and has no expiry of its own:
//! the server ends a session after [`IDLE`] without use or [`ABSOLUTE`] after login.

use axum::http::{HeaderMap, HeaderValue};
use outcry_seal::AccessToken;

use crate::error::AppError;
use crate::security::cookie;
use crate::state::AppState;

pub use outcry_domain::access::{SESSION_ABSOLUTE as ABSOLUTE, SESSION_IDLE as IDLE};
/// A session's last use is written at most this often.
pub const TOUCH_EVERY: jiff::SignedDuration = jiff::SignedDuration::from_mins(1);

/// The cookie's name on a site behind TLS.
const SECURE_NAME: &str = "__Host-outcry_admin";
/// The cookie's name on plain HTTP (tests, a loopback-only admin).
const PLAIN_NAME: &str = "outcry_admin";

fn name(state: &AppState) -> &'static str {
    if state.config.hsts {
        SECURE_NAME
    } else {
        PLAIN_NAME
    }
}

/// The session id the browser sent, if it has the shape of one, with its hash.
pub fn from_request(state: &AppState, headers: &HeaderMap) -> Option<(String, Vec<u8>)> {
    let id = cookie(headers, name(state))?;
    let hash = AccessToken::hash_if_well_formed(&id)?;
    Some((id, hash))
}

/// A new session id.
pub fn fresh() -> Result<AccessToken, AppError> {
    AccessToken::generate().map_err(AppError::internal)
}

/// The `Set-Cookie` that gives the browser `id`.
pub fn set_cookie(state: &AppState, id: &str) -> Result<HeaderValue, AppError> {
    let secure = if state.config.hsts { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{}={id}; Path=/; HttpOnly; SameSite=Strict{secure}",
        name(state)
    ))
    .map_err(AppError::internal)
}

/// The `Set-Cookie` that takes the session cookie away.
pub fn clear_cookie(state: &AppState) -> HeaderValue {
    let secure = if state.config.hsts { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}",
        name(state)
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("outcry_admin=; Path=/; Max-Age=0"))
}
