//! CSRF tokens bound to the browser.
//!
//! A random nonce lives in an HttpOnly, SameSite=Strict cookie; each form carries a token that
//! holds the same nonce, when it was issued, and a MAC over both. Another site can make a
//! browser post, but cannot read the cookie to build a matching token. Tokens expire, so a
//! page left open for days asks for a reload instead of posting stale data.
//!
//! [`issue`] and [`verify`] are the only entry points the site uses: through
//! [`FormToken`](crate::extract::FormToken) and [`CheckedForm`](crate::extract::CheckedForm).

use axum::http::{HeaderMap, HeaderValue};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::cookie;
use super::sign::{sign, verify as verify_mac};
use crate::state::AppState;

/// The cookie that holds the browser's nonce.
pub const CSRF_COOKIE: &str = "outcry_csrf";
const CSRF_MAX_AGE_SECS: i64 = 12 * 3600;

/// A token for the page being rendered, and the cookie to set when the browser had no nonce.
pub fn issue(state: &AppState, headers: &HeaderMap) -> (String, Option<HeaderValue>) {
    let nonce = CsrfNonce::get_or_create(headers);
    let token = csrf_token(&state.secret, &nonce.value, state.clock.now());
    (token, nonce.set_cookie(state.config.hsts))
}

/// True when a posted `token` was issued by this site, for this browser, within the hours
/// tokens live, and the post does not come from another site.
pub fn verify(state: &AppState, headers: &HeaderMap, token: &str) -> bool {
    csrf_ok(&state.secret, headers, token, state.clock.now())
}

/// The browser's CSRF nonce from its cookie, or a new one (then `is_new`).
struct CsrfNonce {
    value: String,
    is_new: bool,
}

impl CsrfNonce {
    fn from_headers(headers: &HeaderMap) -> Option<String> {
        cookie(headers, CSRF_COOKIE).filter(|v| {
            v.len() == 22
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
    }

    fn get_or_create(headers: &HeaderMap) -> CsrfNonce {
        match Self::from_headers(headers) {
            Some(value) => CsrfNonce {
                value,
                is_new: false,
            },
            None => {
                let mut bytes = [0u8; 16];
                // Without randomness there is no safe nonce; an all-zero one still works but is
                // guessable, so log loudly. getrandom fails only on broken systems.
                if let Err(e) = getrandom::fill(&mut bytes) {
                    tracing::error!(error = %e, "no randomness for a CSRF nonce");
                }
                CsrfNonce {
                    value: URL_SAFE_NO_PAD.encode(bytes),
                    is_new: true,
                }
            }
        }
    }

    /// The `Set-Cookie` value, when the nonce is new.
    fn set_cookie(&self, secure: bool) -> Option<HeaderValue> {
        if !self.is_new {
            return None;
        }
        let secure = if secure { "; Secure" } else { "" };
        HeaderValue::from_str(&format!(
            "{CSRF_COOKIE}={}; Path=/; HttpOnly; SameSite=Strict{secure}",
            self.value
        ))
        .ok()
    }
}

/// The token to put in a form, for this browser's nonce, issued now.
fn csrf_token(secret: &[u8], nonce: &str, now: jiff::Timestamp) -> String {
    let issued = now.as_second().to_string();
    let data = format!("{nonce}.{issued}");
    format!("{issued}.{}", sign(secret, b"csrf", data.as_bytes()))
}

/// True when `token` was issued by this server, for this browser, within the last hours.
fn csrf_ok(secret: &[u8], headers: &HeaderMap, token: &str, now: jiff::Timestamp) -> bool {
    if cross_site(headers) {
        return false;
    }
    let Some(nonce) = CsrfNonce::from_headers(headers) else {
        return false;
    };
    let Some((issued, signature)) = token.split_once('.') else {
        return false;
    };
    let Ok(issued_at) = issued.parse::<i64>() else {
        return false;
    };
    let age = now.as_second() - issued_at;
    (0..=CSRF_MAX_AGE_SECS).contains(&age)
        && verify_mac(
            secret,
            b"csrf",
            format!("{nonce}.{issued}").as_bytes(),
            signature,
        )
}

/// Browsers say where a request comes from; a cross-site POST is refused outright.
fn cross_site(headers: &HeaderMap) -> bool {
    headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == "cross-site")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::header;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn headers_with(nonce: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("a=b; {CSRF_COOKIE}={nonce}")).expect("header"),
        );
        h
    }

    #[test]
    fn a_token_works_only_for_its_browser_and_only_for_a_while() {
        let nonce = "AAAAAAAAAAAAAAAAAAAAAA";
        let now: jiff::Timestamp = "2026-06-01T12:00:00Z".parse().expect("ts");
        let token = csrf_token(SECRET, nonce, now);
        assert!(csrf_ok(SECRET, &headers_with(nonce), &token, now));
        assert!(
            !csrf_ok(SECRET, &headers_with("BBBBBBBBBBBBBBBBBBBBBB"), &token, now),
            "another browser"
        );
        assert!(
            !csrf_ok(
                b"another-secret-another-secret-xx",
                &headers_with(nonce),
                &token,
                now
            ),
            "another server"
        );
        let later = now
            .checked_add(jiff::SignedDuration::from_hours(13))
            .expect("ts");
        assert!(
            !csrf_ok(SECRET, &headers_with(nonce), &token, later),
            "expired"
        );
        assert!(!csrf_ok(SECRET, &headers_with(nonce), "garbage", now));
        assert!(
            !csrf_ok(SECRET, &HeaderMap::new(), &token, now),
            "no cookie"
        );
        let mut cross = headers_with(nonce);
        cross.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(!csrf_ok(SECRET, &cross, &token, now), "cross-site");
    }
}
