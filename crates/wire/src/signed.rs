//! Short MACs over what the server hands the browser to keep (CSRF tokens, the acted cookie,
//! the human check's pass), so that the server can trust it when it comes back.
//!
//! A signature is HMAC-SHA-256 over a purpose, a zero byte and the data, cut to 128 bits and
//! written in base64url: the purpose keeps a MAC made for one thing from being accepted as
//! another, and 128 bits are plenty against forgery online while staying short in a cookie.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

const MAC_BYTES: usize = 16;

fn keyed(secret: &[u8], purpose: &[u8], data: &[u8]) -> HmacSha256 {
    // A key of any length is valid for HMAC, so this cannot fail.
    let mut m =
        <HmacSha256 as KeyInit>::new_from_slice(secret).expect("HMAC takes keys of any length");
    m.update(purpose);
    m.update(&[0]);
    m.update(data);
    m
}

/// Signs `data` for `purpose`; the result is URL- and cookie-safe (22 characters).
pub fn sign(secret: &[u8], purpose: &[u8], data: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(&keyed(secret, purpose, data).finalize().into_bytes()[..MAC_BYTES])
}

/// Checks a signature made by [`sign`], in constant time.
pub fn verify(secret: &[u8], purpose: &[u8], data: &[u8], signature: &str) -> bool {
    let Ok(given) = URL_SAFE_NO_PAD.decode(signature) else {
        return false;
    };
    given.len() == MAC_BYTES
        && keyed(secret, purpose, data)
            .verify_truncated_left(&given)
            .is_ok()
}

/// `data.signature`, as a cookie carries what the server signed.
pub fn seal(secret: &[u8], purpose: &[u8], data: &str) -> String {
    format!("{data}.{}", sign(secret, purpose, data.as_bytes()))
}

/// The data of a `data.signature` value made by [`seal`], when the signature holds.
pub fn open<'a>(secret: &[u8], purpose: &[u8], value: &'a str) -> Option<&'a str> {
    let (data, signature) = value.rsplit_once('.')?;
    verify(secret, purpose, data.as_bytes(), signature).then_some(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    #[test]
    fn a_seal_opens_only_with_its_secret_and_purpose_and_unchanged() {
        let value = seal(SECRET, b"acted", "a~b");
        assert_eq!(open(SECRET, b"acted", &value), Some("a~b"));
        assert_eq!(open(b"another secret", b"acted", &value), None);
        assert_eq!(open(SECRET, b"csrf", &value), None);
        assert_eq!(open(SECRET, b"acted", &value.replacen('a', "c", 1)), None);
        assert_eq!(open(SECRET, b"acted", "a~b"), None, "no signature");
        assert_eq!(open(SECRET, b"acted", "a~b.!!!"), None, "not base64");
        let short = &value[..value.len() - 2];
        assert_eq!(open(SECRET, b"acted", short), None, "a cut signature");
    }
}
