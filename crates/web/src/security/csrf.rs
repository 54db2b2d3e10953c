//! CSRF tokens bound to the browser, each carrying a one-time form id.
//!
//! A random nonce lives in an HttpOnly, SameSite=Strict cookie; each form carries a token that
//! holds when it was issued, a random form id, and a MAC over the nonce, the time and the id.
//! Another site can make a browser post, but cannot read the cookie to build a matching token.
//! Tokens expire, so a page left open for days asks for a reload instead of posting stale data.
//!
//! The form id is new in every token, so every page render hands out fresh ones (the cached
//! action page gets its visitor's token spliced in, id and all). It lets the server remember
//! which forms have counted ([`FormId`], claimed in storage by the `done` handler), so a form
//! posted twice, by a double click or by a script that drops its cookies, counts once. Tokens
//! of the earlier format (time and MAC, no id) no longer verify: such a post is refused like
//! any stale token, and a reload gives the page new ones.
//!
//! [`issue`] and [`verify`] are the only entry points the site uses: through
//! [`FormToken`](crate::extract::FormToken) and [`CheckedForm`](crate::extract::CheckedForm).

use axum::http::{HeaderMap, HeaderValue};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use outcry_wire::form_token::{self, FormToken};

use super::cookie;
use crate::error::AppError;
use crate::state::AppState;

/// The cookie that holds the browser's nonce.
pub const CSRF_COOKIE: &str = "outcry_csrf";
const CSRF_MAX_AGE_SECS: i64 = 12 * 3600;

/// A token for the page being rendered, and the cookie to set when the browser had no nonce.
/// Fails only when the system has no randomness for the form id.
pub fn issue(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(String, Option<HeaderValue>), AppError> {
    let nonce = CsrfNonce::get_or_create(headers);
    let form = FormId::new(state.clock.now())?;
    let token = csrf_token(state.keys().signing(), &nonce.value, &form);
    Ok((token, nonce.set_cookie(state.config.hsts)))
}

/// The form id of a posted `token`, when it was issued by this site, for this browser, within
/// the hours tokens live, and the post does not come from another site; otherwise `None`.
pub fn verify(state: &AppState, headers: &HeaderMap, token: &str) -> Option<FormId> {
    verified(&state.keys(), headers, token, state.clock.now())
}

/// The random id of one rendered form (all the forms of one page render share it), read from
/// a verified token: the server can trust it was issued here, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormId {
    /// 128 random bits, base64url without padding: 22 characters.
    id: String,
    /// When the token that carries it was issued, to the second.
    issued: jiff::Timestamp,
}

impl FormId {
    /// A fresh id, for a token issued `now`. Without randomness, no id: an all-zero one would
    /// make every form on the site the same form, and only the first post would ever count.
    fn new(now: jiff::Timestamp) -> Result<FormId, AppError> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes)
            .map_err(|e| AppError::Internal(format!("no randomness for a form id: {e}").into()))?;
        // Tokens say the time to the second; the id's time must be the one its token says.
        let issued = jiff::Timestamp::from_second(now.as_second())
            .map_err(|e| AppError::Internal(Box::new(e)))?;
        Ok(FormId {
            id: URL_SAFE_NO_PAD.encode(bytes),
            issued,
        })
    }

    /// The id as it travels: 22 URL-safe characters.
    pub fn as_str(&self) -> &str {
        &self.id
    }

    /// When the token carrying this id stops being accepted: past that, the form cannot be
    /// posted, so nothing needs to remember it.
    pub fn expires_at(&self) -> jiff::Timestamp {
        self.issued
            .saturating_add(jiff::SignedDuration::from_secs(CSRF_MAX_AGE_SECS))
            .unwrap_or(jiff::Timestamp::MAX)
    }
}

/// The browser's CSRF nonce from its cookie, or a new one (then `is_new`).
struct CsrfNonce {
    value: String,
    is_new: bool,
}

impl CsrfNonce {
    fn from_headers(headers: &HeaderMap) -> Option<String> {
        cookie(headers, CSRF_COOKIE).filter(|v| form_token::id_well_formed(v))
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

/// The token to put in a form, for this browser's nonce and this form.
fn csrf_token(secret: &[u8], nonce: &str, form: &FormId) -> String {
    form_token::make(secret, nonce, form.issued.as_second(), &form.id)
}

/// The form id in `token`, when the token was issued by this server, for this browser, within
/// the last hours; `None` for anything else, tokens of the earlier format included.
fn verified(
    keys: &crate::security::sign::Keyring,
    headers: &HeaderMap,
    token: &str,
    now: jiff::Timestamp,
) -> Option<FormId> {
    if cross_site(headers) {
        return None;
    }
    let nonce = CsrfNonce::from_headers(headers)?;
    let token = FormToken::parse(token)?;
    let age = now.as_second().checked_sub(token.issued)?;
    let fresh = (0..=CSRF_MAX_AGE_SECS).contains(&age);
    if !(fresh && keys.all().any(|secret| token.signed_for(secret, &nonce))) {
        return None;
    }
    Some(FormId {
        id: token.id.to_string(),
        issued: jiff::Timestamp::from_second(token.issued).ok()?,
    })
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
    use crate::security::sign::Keyring;
    use axum::http::header;
    use outcry_wire::signed::sign;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn ring() -> Keyring {
        Keyring::new(SECRET.to_vec(), Vec::new())
    }

    fn headers_with(nonce: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("a=b; {CSRF_COOKIE}={nonce}")).expect("header"),
        );
        h
    }

    fn form_at(now: jiff::Timestamp) -> FormId {
        FormId::new(now).expect("randomness")
    }

    #[test]
    fn a_token_works_only_for_its_browser_and_only_for_a_while() {
        let nonce = "AAAAAAAAAAAAAAAAAAAAAA";
        let now: jiff::Timestamp = "2026-06-01T12:00:00Z".parse().expect("ts");
        let form = form_at(now);
        let token = csrf_token(SECRET, nonce, &form);
        assert_eq!(
            verified(&ring(), &headers_with(nonce), &token, now),
            Some(form.clone())
        );
        assert!(
            verified(
                &ring(),
                &headers_with("BBBBBBBBBBBBBBBBBBBBBB"),
                &token,
                now
            )
            .is_none(),
            "another browser"
        );
        assert!(
            verified(
                &Keyring::new(b"another-secret-another-secret-xx".to_vec(), Vec::new()),
                &headers_with(nonce),
                &token,
                now
            )
            .is_none(),
            "another server"
        );
        let later = now
            .checked_add(jiff::SignedDuration::from_hours(13))
            .expect("ts");
        assert!(
            verified(&ring(), &headers_with(nonce), &token, later).is_none(),
            "expired"
        );
        assert!(verified(&ring(), &headers_with(nonce), "garbage", now).is_none());
        assert!(
            verified(&ring(), &HeaderMap::new(), &token, now).is_none(),
            "no cookie"
        );
        let mut cross = headers_with(nonce);
        cross.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(
            verified(&ring(), &cross, &token, now).is_none(),
            "cross-site"
        );
    }

    #[test]
    fn every_token_carries_its_own_form_id_and_the_mac_covers_it() {
        let nonce = "AAAAAAAAAAAAAAAAAAAAAA";
        let now: jiff::Timestamp = "2026-06-01T12:00:00.75Z".parse().expect("ts");
        let (a, b) = (form_at(now), form_at(now));
        assert_ne!(a.as_str(), b.as_str(), "two renders, two ids");
        assert!(form_token::id_well_formed(a.as_str()), "{}", a.as_str());
        assert_eq!(
            a.expires_at(),
            "2026-06-02T00:00:00Z"
                .parse::<jiff::Timestamp>()
                .expect("ts"),
            "twelve hours after the second the token says"
        );
        let token = csrf_token(SECRET, nonce, &a);
        let back = verified(&ring(), &headers_with(nonce), &token, now).expect("valid");
        assert_eq!(back.as_str(), a.as_str());
        assert_eq!(back.expires_at(), a.expires_at());

        // Another id under the same time and MAC: the MAC is over the id too.
        let (issued, rest) = token.split_once('.').expect("issued");
        let (_, mac) = rest.split_once('.').expect("id");
        let swapped = format!("{issued}.{}.{mac}", b.as_str());
        assert!(verified(&ring(), &headers_with(nonce), &swapped, now).is_none());
        // Nothing may be added or left out.
        for broken in [
            format!("{token}.x"),
            format!("{issued}.{mac}"),
            format!("{issued}..{mac}"),
        ] {
            assert!(
                verified(&ring(), &headers_with(nonce), &broken, now).is_none(),
                "{broken}"
            );
        }
    }

    #[test]
    fn a_token_of_the_earlier_format_is_refused() {
        // Time and a MAC over nonce and time, no form id: what pages carried before ids.
        let nonce = "AAAAAAAAAAAAAAAAAAAAAA";
        let now: jiff::Timestamp = "2026-06-01T12:00:00Z".parse().expect("ts");
        let issued = now.as_second().to_string();
        let old = format!(
            "{issued}.{}",
            sign(SECRET, b"csrf", format!("{nonce}.{issued}").as_bytes())
        );
        assert!(verified(&ring(), &headers_with(nonce), &old, now).is_none());
    }
}
