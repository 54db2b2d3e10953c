//! Remembers, in the browser only, which actions it has already reported, so that acting again
//! from a fresh page counts once. No account and nothing on the server about the browser: a
//! signed cookie listing `action:channel` pairs. Signing keeps a forged cookie from being read
//! as anything. It is the second guard: the same form posted twice is stopped by its one-time
//! id whatever the cookie says (`handlers::actions::done`); clearing cookies and fetching a
//! fresh page lets someone count again, which the per-address rate limit bounds.

use axum::http::{HeaderMap, HeaderValue};
use outcry_domain::{Channel, Slug};

use crate::security::cookie;
use crate::security::sign::{sign, verify};

const COOKIE: &str = "outcry_acted";
/// Enough for a very active supporter; the oldest entries drop out first.
const MAX_ENTRIES: usize = 40;

pub struct Acted {
    entries: Vec<String>,
}

impl Acted {
    /// Reads the cookie; a missing, tampered or malformed one is an empty list.
    pub fn from_headers(headers: &HeaderMap, secret: &[u8]) -> Acted {
        let entries = cookie(headers, COOKIE)
            .and_then(|v| {
                let (list, sig) = v.rsplit_once('.')?;
                verify(secret, b"acted", list.as_bytes(), sig).then(|| {
                    list.split('~')
                        .filter(|e| !e.is_empty())
                        .map(String::from)
                        .collect()
                })
            })
            .unwrap_or_default();
        Acted { entries }
    }

    fn key(action: &Slug, channel: Channel) -> String {
        format!("{action}:{}", channel.as_str())
    }

    pub fn contains(&self, action: &Slug, channel: Channel) -> bool {
        self.entries.contains(&Self::key(action, channel))
    }

    /// Adds an entry; returns the `Set-Cookie` value to send.
    pub fn add(
        &mut self,
        action: &Slug,
        channel: Channel,
        secret: &[u8],
        secure: bool,
    ) -> Option<HeaderValue> {
        self.entries.push(Self::key(action, channel));
        if self.entries.len() > MAX_ENTRIES {
            let excess = self.entries.len() - MAX_ENTRIES;
            self.entries.drain(..excess);
        }
        let list = self.entries.join("~");
        let value = format!("{list}.{}", sign(secret, b"acted", list.as_bytes()));
        let secure = if secure { "; Secure" } else { "" };
        HeaderValue::from_str(&format!(
            "{COOKIE}={value}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax{secure}"
        ))
        .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::header;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    #[test]
    fn remembers_what_was_signed_and_ignores_forgeries() {
        let slug: Slug = "ua-1-26".parse().expect("slug");
        let mut acted = Acted::from_headers(&HeaderMap::new(), SECRET);
        assert!(!acted.contains(&slug, Channel::Email));
        let set = acted
            .add(&slug, Channel::Email, SECRET, false)
            .expect("cookie");
        let value = set
            .to_str()
            .expect("ascii")
            .split(';')
            .next()
            .expect("pair")
            .to_string();
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_str(&value).expect("header"),
        );
        let back = Acted::from_headers(&h, SECRET);
        assert!(back.contains(&slug, Channel::Email));
        assert!(!back.contains(&slug, Channel::Phone));

        let forged = value.replace("email", "phone");
        h.insert(
            header::COOKIE,
            HeaderValue::from_str(&forged).expect("header"),
        );
        assert!(!Acted::from_headers(&h, SECRET).contains(&slug, Channel::Phone));
    }
}
