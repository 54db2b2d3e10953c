//! Defences every response and every form gets: security headers, CSRF tokens bound to the
//! browser, and a per-address limit on POSTs.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::error::{ErrorKind, WebError};
use crate::state::AppState;

/// Strict by design: nothing from another origin, no inline script, no framing. Pages have no
/// script at all; styles come from `/assets/`.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub async fn headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "permissions-policy",
        HeaderValue::from_static(
            "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
        ),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if state.config.hsts {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    response
}

// ---------------------------------------------------------------------------------------------
// CSRF
//
// A random nonce lives in an HttpOnly, SameSite=Strict cookie; each form carries a token that
// holds the same nonce, when it was issued, and a MAC over both. Another site can make a
// browser post, but cannot read the cookie to build a matching token. Tokens expire, so a
// page left open for days asks for a reload instead of posting stale data.

pub const CSRF_COOKIE: &str = "outcry_csrf";
const CSRF_MAX_AGE_SECS: i64 = 12 * 3600;

type HmacSha256 = Hmac<Sha256>;

fn mac(secret: &[u8], purpose: &[u8], data: &[u8]) -> Vec<u8> {
    // A key of any length is valid for HMAC, so this cannot fail.
    let mut m =
        <HmacSha256 as KeyInit>::new_from_slice(secret).expect("HMAC takes keys of any length");
    m.update(purpose);
    m.update(&[0]);
    m.update(data);
    m.finalize().into_bytes()[..16].to_vec()
}

/// Signs `data` for `purpose`; the result is URL- and cookie-safe.
pub fn sign(secret: &[u8], purpose: &[u8], data: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(mac(secret, purpose, data))
}

/// Checks a signature made by [`sign`], in constant time.
pub fn verify(secret: &[u8], purpose: &[u8], data: &[u8], signature: &str) -> bool {
    let Ok(given) = URL_SAFE_NO_PAD.decode(signature) else {
        return false;
    };
    let mut m =
        <HmacSha256 as KeyInit>::new_from_slice(secret).expect("HMAC takes keys of any length");
    m.update(purpose);
    m.update(&[0]);
    m.update(data);
    m.verify_truncated_left(&given).is_ok() && given.len() == 16
}

/// The browser's CSRF nonce from its cookie, or a new one (then `is_new`).
pub struct CsrfNonce {
    pub value: String,
    pub is_new: bool,
}

impl CsrfNonce {
    pub fn from_headers(headers: &HeaderMap) -> Option<String> {
        cookie(headers, CSRF_COOKIE).filter(|v| {
            v.len() == 22
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
    }

    pub fn get_or_create(headers: &HeaderMap) -> CsrfNonce {
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
    pub fn set_cookie(&self, secure: bool) -> Option<HeaderValue> {
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
pub fn csrf_token(secret: &[u8], nonce: &str, now: jiff::Timestamp) -> String {
    let issued = now.as_second().to_string();
    let data = format!("{nonce}.{issued}");
    format!("{issued}.{}", sign(secret, b"csrf", data.as_bytes()))
}

/// True when `token` was issued by this server, for this browser, within the last hours.
pub fn csrf_ok(secret: &[u8], headers: &HeaderMap, token: &str, now: jiff::Timestamp) -> bool {
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
        && verify(
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

/// A cookie's value by name.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

// ---------------------------------------------------------------------------------------------
// Rate limit on POSTs

/// Limits POSTs per client address, so one machine cannot flood the counts. Reading is not
/// limited here: pages are cheap, and a reverse proxy is the place to shape GET floods.
pub struct PostLimiter(DefaultKeyedRateLimiter<IpAddr>);

impl PostLimiter {
    pub fn new(per_minute: u32) -> PostLimiter {
        let n = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        PostLimiter(RateLimiter::keyed(Quota::per_minute(n)))
    }

    /// Forgets idle addresses, so memory stays bounded however many addresses pass by.
    pub fn forget_idle(&self) {
        self.0.retain_recent();
    }
}

pub async fn limit_posts(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let ip = client_ip(&request, state.config.trust_proxy);
    if let Some(ip) = ip
        && let Err(not_until) = state.limiter.0.check_key(&ip)
    {
        // The limiter's own clock: making a new one calibrates it, which is slow.
        let wait = not_until.wait_time_from(governor::clock::Clock::now(state.limiter.0.clock()));
        let locale = crate::locale::negotiated(&request.into_parts().0);
        return WebError::new(
            locale,
            ErrorKind::RateLimited {
                retry_after_secs: wait.as_secs().max(1),
            },
        )
        .into_response();
    }
    next.run(request).await
}

/// The client's address: the TCP peer, or, behind a trusted proxy, the last address in
/// `X-Forwarded-For` (the one that proxy added; earlier ones are the client's own claims).
fn client_ip(request: &Request, trust_proxy: bool) -> Option<IpAddr> {
    if trust_proxy
        && let Some(ip) = request
            .headers()
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|s| s.trim().parse::<IpAddr>().ok())
            .next_back()
    {
        return Some(ip);
    }
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
}

#[cfg(test)]
mod tests {
    use super::*;

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
