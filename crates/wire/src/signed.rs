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

/// The secrets a server signs and checks with: one signs, every one checks. A rotation adds
/// the new secret first as one that only checks (so every instance can check what the first
/// to switch signs), then makes it the one that signs; the old one keeps checking what was
/// signed before, for as long as its forms and cookies may come back.
#[derive(Clone)]
pub struct Keyring {
    signing: Vec<u8>,
    /// The others, accepted for checking only.
    checking: Vec<Vec<u8>>,
}

impl Keyring {
    /// Signs with `signing`; checks with it and with each of `checking`.
    pub fn new(signing: Vec<u8>, checking: Vec<Vec<u8>>) -> Keyring {
        Keyring { signing, checking }
    }

    /// The secret that signs.
    pub fn signing(&self) -> &[u8] {
        &self.signing
    }

    /// Every secret that checks, the signing one first.
    pub fn all(&self) -> impl Iterator<Item = &[u8]> {
        std::iter::once(self.signing.as_slice()).chain(self.checking.iter().map(Vec::as_slice))
    }

    /// [`sign`] with the signing secret.
    pub fn sign(&self, purpose: &[u8], data: &[u8]) -> String {
        sign(&self.signing, purpose, data)
    }

    /// [`verify`] with any of the secrets.
    pub fn verify(&self, purpose: &[u8], data: &[u8], signature: &str) -> bool {
        self.all().any(|k| verify(k, purpose, data, signature))
    }

    /// [`seal`] with the signing secret.
    pub fn seal(&self, purpose: &[u8], data: &str) -> String {
        seal(&self.signing, purpose, data)
    }

    /// [`open`] with any of the secrets.
    pub fn open<'a>(&self, purpose: &[u8], value: &'a str) -> Option<&'a str> {
        self.all().find_map(|k| open(k, purpose, value))
    }
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the secrets themselves, not even in a debug log.
        write!(f, "Keyring({} secrets)", 1 + self.checking.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_keyring_checks_with_every_secret_and_signs_with_one() {
        let old = Keyring::new(SECRET.to_vec(), Vec::new());
        let new = Keyring::new(
            b"a new secret, a new secret, new!".to_vec(),
            vec![SECRET.to_vec()],
        );
        let by_old = old.seal(b"acted", "x");
        assert_eq!(
            new.open(b"acted", &by_old),
            Some("x"),
            "the old one still checks"
        );
        let by_new = new.seal(b"acted", "x");
        assert_ne!(by_new, by_old, "the new one signs");
        assert_eq!(old.open(b"acted", &by_new), None);
        assert_eq!(
            format!("{new:?}"),
            "Keyring(2 secrets)",
            "no secret in a debug log"
        );
    }

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
