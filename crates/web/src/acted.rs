//! Remembers, in the browser only, which actions it has already reported, so that acting again
//! from a fresh page counts once. No account and nothing on the server about the browser: a
//! signed cookie of opaque entries. It is the second guard: the same form posted twice is
//! stopped by its one-time id whatever the cookie says (`handlers::actions::done`); clearing
//! cookies and fetching a fresh page lets someone count again, which the per-address rate
//! limit bounds.
//!
//! A phone can be taken from its owner, so the cookie must not say what they did: each entry
//! is a truncated HMAC of action and channel under the server's secret, which reads as noise
//! without the secret, and the cookie lives only until the latest deadline among its entries
//! (rounded up to a whole week, so the expiry does not name one action's deadline either). A
//! closed action cannot be counted again, so nothing is lost when the cookie goes.

use axum::http::{HeaderMap, HeaderValue};
use jiff::Timestamp;
use outcry_domain::{Channel, Slug};

use crate::security::cookie;
use crate::security::sign::Keyring;

const COOKIE: &str = "outcry_acted";
/// Enough for a very active supporter; the oldest entries drop out first.
const MAX_ENTRIES: usize = 40;
/// Characters of an entry's MAC kept (base64url, 6 bits each: 66 bits). Collisions among a
/// browser's 40 entries are out of reach; forging one needs the secret anyway, since the list
/// is signed as a whole.
const ENTRY_CHARS: usize = 11;
/// The cookie's expiry is rounded up to a multiple of this.
const EXPIRY_STEP_SECS: i64 = 7 * 24 * 3600;

pub struct Acted {
    entries: Vec<String>,
    /// When the cookie expires, in Unix seconds (0 for none yet).
    expires: i64,
}

impl Acted {
    /// Reads the cookie; a missing, tampered or malformed one (such as the earlier list of
    /// slugs) is an empty list.
    pub fn from_headers(headers: &HeaderMap, keys: &Keyring) -> Acted {
        cookie(headers, COOKIE)
            .and_then(|v| {
                let (list, sig) = v.rsplit_once('.')?;
                if !keys.verify(b"acted", list.as_bytes(), sig) {
                    return None;
                }
                let (expires, entries) = list.split_once(':')?;
                Some(Acted {
                    expires: expires.parse().ok()?,
                    entries: entries
                        .split('~')
                        .filter(|e| e.len() == ENTRY_CHARS)
                        .map(String::from)
                        .collect(),
                })
            })
            .unwrap_or(Acted {
                entries: Vec::new(),
                expires: 0,
            })
    }

    /// An entry is a MAC, so the cookie names no action. After a rotation, entries made with
    /// an older secret still count (`contains` tries each); new ones use the signing secret.
    fn entry(secret: &[u8], action: &Slug, channel: Channel) -> String {
        let data = format!("{action}\0{}", channel.as_str());
        let mut mac = outcry_wire::signed::sign(secret, b"acted-entry", data.as_bytes());
        mac.truncate(ENTRY_CHARS);
        mac
    }

    pub fn contains(&self, keys: &Keyring, action: &Slug, channel: Channel) -> bool {
        keys.all()
            .any(|secret| self.entries.contains(&Self::entry(secret, action, channel)))
    }

    /// Whether this browser has reported `action` by any channel: the thank-you page's
    /// "counted", which comes from the supporter's own cookie, never from a count.
    pub fn any_channel(&self, keys: &Keyring, action: &Slug) -> bool {
        Channel::ALL
            .into_iter()
            .any(|c| self.contains(keys, action, c))
    }

    /// Adds an entry for `action`, kept until its deadline: the `Set-Cookie` value, or `None`
    /// when it has no deadline or has closed at `now`.
    pub fn add_for(
        &mut self,
        keys: &Keyring,
        (action, channel): (&outcry_domain::UrgentAction, Channel),
        now: Timestamp,
        secure: bool,
    ) -> Option<HeaderValue> {
        let closes = action.deadline.as_ref()?.closes_at().ok()?;
        self.add(keys, (&action.slug, channel), closes, now, secure)
    }

    /// Adds an entry for an action that closes at `closes`; returns the `Set-Cookie` value to
    /// send, or `None` when the action has already closed at `now`.
    pub fn add(
        &mut self,
        keys: &Keyring,
        (action, channel): (&Slug, Channel),
        closes: Timestamp,
        now: Timestamp,
        secure: bool,
    ) -> Option<HeaderValue> {
        self.entries
            .push(Self::entry(keys.signing(), action, channel));
        if self.entries.len() > MAX_ENTRIES {
            let excess = self.entries.len() - MAX_ENTRIES;
            self.entries.drain(..excess);
        }
        let rounded = closes
            .as_second()
            .div_euclid(EXPIRY_STEP_SECS)
            .saturating_add(1)
            .saturating_mul(EXPIRY_STEP_SECS);
        self.expires = self.expires.max(rounded);
        let max_age = self.expires.saturating_sub(now.as_second());
        if max_age <= 0 {
            return None;
        }
        let list = format!("{}:{}", self.expires, self.entries.join("~"));
        let value = format!("{list}.{}", keys.sign(b"acted", list.as_bytes()));
        let secure = if secure { "; Secure" } else { "" };
        // Max-Age, not Expires: it is relative, so it holds when the site's clock is shifted
        // (the demo) and whatever the browser's clock says.
        HeaderValue::from_str(&format!(
            "{COOKIE}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"
        ))
        .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::header;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn ring() -> Keyring {
        Keyring::new(SECRET.to_vec(), Vec::new())
    }

    fn sent_back(set: &HeaderValue) -> HeaderMap {
        let value = set
            .to_str()
            .expect("ascii")
            .split(';')
            .next()
            .expect("pair");
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_str(value).expect("header"),
        );
        h
    }

    #[test]
    fn remembers_what_was_signed_says_nothing_readable_and_ignores_forgeries() {
        let slug: Slug = "ua-1-26".parse().expect("slug");
        let now: Timestamp = "2026-06-01T12:00:00Z".parse().expect("time");
        let closes: Timestamp = "2026-07-15T21:00:00Z".parse().expect("time");
        let mut acted = Acted::from_headers(&HeaderMap::new(), &ring());
        assert!(!acted.contains(&ring(), &slug, Channel::Email));
        let set = acted
            .add(&ring(), (&slug, Channel::Email), closes, now, false)
            .expect("cookie");
        let text = set.to_str().expect("ascii");
        assert!(
            !text.contains("ua-1-26") && !text.contains("email"),
            "{text}"
        );
        let max_age: i64 = text
            .split("Max-Age=")
            .nth(1)
            .and_then(|r| r.split(';').next())
            .and_then(|n| n.parse().ok())
            .expect("a Max-Age");
        let lives = max_age - (closes.as_second() - now.as_second());
        assert!((0..=EXPIRY_STEP_SECS).contains(&lives), "{text}");

        let back = Acted::from_headers(&sent_back(&set), &ring());
        assert!(back.contains(&ring(), &slug, Channel::Email));
        assert!(back.any_channel(&ring(), &slug));
        assert!(!back.contains(&ring(), &slug, Channel::Phone));
        let other: Slug = "ua-2-26".parse().expect("slug");
        assert!(!back.any_channel(&ring(), &other));

        let forged = sent_back(&set);
        let value = forged[header::COOKIE].to_str().expect("ascii");
        let mut h = HeaderMap::new();
        let tampered = value.replacen(':', "9:", 1);
        h.insert(
            header::COOKIE,
            HeaderValue::from_str(&tampered).expect("header"),
        );
        assert!(!Acted::from_headers(&h, &ring()).contains(&ring(), &slug, Channel::Email));
        assert!(
            !Acted::from_headers(
                &sent_back(&set),
                &Keyring::new(b"another secret".to_vec(), Vec::new())
            )
            .any_channel(&ring(), &slug)
        );
    }

    #[test]
    fn the_cookie_lives_until_the_latest_deadline_it_holds() {
        let now: Timestamp = "2026-06-01T12:00:00Z".parse().expect("time");
        let (early, late): (Timestamp, Timestamp) = (
            "2026-06-10T00:00:00Z".parse().expect("time"),
            "2026-09-10T00:00:00Z".parse().expect("time"),
        );
        let (a, b): (Slug, Slug) = (
            "ua-1-26".parse().expect("slug"),
            "ua-2-26".parse().expect("slug"),
        );
        let mut acted = Acted::from_headers(&HeaderMap::new(), &ring());
        acted
            .add(&ring(), (&b, Channel::Post), late, now, false)
            .expect("cookie");
        let set = acted
            .add(&ring(), (&a, Channel::Email), early, now, false)
            .expect("cookie");
        let back = Acted::from_headers(&sent_back(&set), &ring());
        assert!(back.expires >= late.as_second(), "the later deadline wins");
        assert!(back.contains(&ring(), &b, Channel::Post));

        let mut fresh = Acted::from_headers(&HeaderMap::new(), &ring());
        let after: Timestamp = "2026-12-01T00:00:00Z".parse().expect("time");
        assert!(
            fresh
                .add(&ring(), (&a, Channel::Email), early, after, false)
                .is_none(),
            "no cookie for what has closed"
        );
    }
}
