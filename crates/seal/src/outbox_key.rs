//! The outbox key: what lets the server send mail without the database holding anything it
//! could read.
//!
//! Unlike a relay letter, which the server seals and never needs again, a message in the
//! outbox must be opened by the server to be sent: so its content is encrypted with a key
//! the *server* holds, kept in a file outside the database (a systemd credential, a Docker
//! secret, or `outbox.key` beside a SQLite database), never in it. A copy of the database or
//! of a backup then holds ciphertext, keyed hashes and MACs only. The running server can of
//! course read what it is about to send; docs/privacy.md says what a seizure of it reveals.
//!
//! One 256-bit key, three uses, each with its own key derived by HMAC-SHA256 under a label,
//! so that no output of one use can be replayed as another:
//! - [`OutboxKey::encrypt`] / [`OutboxKey::decrypt`]: XChaCha20-Poly1305 with a random
//!   192-bit nonce per message (random nonces of that size never collide in practice);
//! - [`OutboxKey::address_hash`]: a keyed hash of a normalised email address, the only trace
//!   of a supporter's address once their mail is sent, and what makes "one appeal per
//!   supporter per target" checkable;
//! - [`OutboxKey::verp_mac`]: the MAC in a bounce address, so a forged bounce is refused;
//! - [`OutboxKey::admin`]: the admin's secrets at rest ([`AdminKey`]): two-factor secrets,
//!   recovery codes, an organization key an organizer unlocked for one session.

use std::fmt;
use std::path::Path;

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::{AdminKey, Error};

/// Bytes of the nonce written in front of each ciphertext.
const NONCE_BYTES: usize = 24;

/// The server's key for the outbox, read from a file of 64 hex digits.
#[derive(Clone)]
pub struct OutboxKey {
    payload: [u8; 32],
    address: [u8; 32],
    verp: [u8; 32],
    admin: [u8; 32],
}

impl fmt::Debug for OutboxKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OutboxKey(…)")
    }
}

impl OutboxKey {
    /// The key from 32 bytes of secret.
    pub fn from_bytes(secret: &[u8; 32]) -> OutboxKey {
        OutboxKey {
            payload: derive(secret, b"outcry outbox payload v1"),
            address: derive(secret, b"outcry supporter address v1"),
            verp: derive(secret, b"outcry bounce address v1"),
            admin: derive(secret, b"outcry admin secrets v1"),
        }
    }

    /// A new random key, as the 64 hex digits a key file holds.
    pub fn generate_hex() -> Result<String, Error> {
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret).map_err(|e| Error::Seal(e.to_string()))?;
        Ok(hex(&secret))
    }

    /// Reads a key file: 64 hex digits, blank lines and `#` comments around them allowed.
    pub fn read(path: &Path) -> Result<OutboxKey, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.display().to_string(),
            source,
        })?;
        OutboxKey::from_text(&text).ok_or_else(|| Error::BadOutboxKey {
            path: path.display().to_string(),
        })
    }

    /// The key from a key file's text, if it holds one.
    pub fn from_text(text: &str) -> Option<OutboxKey> {
        let digits = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))?;
        if digits.len() != 64 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let mut secret = [0u8; 32];
        for (i, byte) in secret.iter_mut().enumerate() {
            *byte = u8::from_str_radix(digits.get(2 * i..2 * i + 2)?, 16).ok()?;
        }
        Some(OutboxKey::from_bytes(&secret))
    }

    /// Writes a new key file, readable by its owner only; an existing file is never
    /// overwritten (what was encrypted with it could not be sent any more).
    pub fn write_new(path: &Path) -> Result<OutboxKey, Error> {
        use std::io::Write;
        let digits = OutboxKey::generate_hex()?;
        let io = |source| Error::Io {
            path: path.display().to_string(),
            source,
        };
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Error::Exists {
                    path: path.display().to_string(),
                }
            } else {
                io(e)
            }
        })?;
        file.write_all(
            format!(
                "# Outcry outbox key: keep it outside the database and its backups.\n{digits}\n"
            )
            .as_bytes(),
        )
        .and_then(|()| file.sync_all())
        .map_err(io)?;
        OutboxKey::from_text(&digits).ok_or_else(|| Error::Seal("generated key".into()))
    }

    /// The key for the admin's own secrets.
    pub fn admin(&self) -> AdminKey {
        AdminKey::from_derived(self.admin)
    }

    /// Encrypts a message's content: the nonce, then the ciphertext with its tag.
    pub fn encrypt(&self, plain: &[u8]) -> Result<Vec<u8>, Error> {
        aead_seal(&self.payload, plain)
    }

    /// Opens what [`OutboxKey::encrypt`] wrote; [`Error::Open`] for another key or damaged
    /// bytes.
    pub fn decrypt(&self, sealed: &[u8]) -> Result<Vec<u8>, Error> {
        aead_open(&self.payload, sealed)
    }

    /// A keyed hash of `text` (a normalised address, or a key made of one): 64 hex digits
    /// that say nothing about the address to whoever lacks the key.
    pub fn address_hash(&self, text: &str) -> String {
        hex(&mac(&self.address, text.as_bytes()))
    }

    /// The MAC a bounce address carries for an outbox row: 16 hex digits (64 bits; a forger
    /// gets one guess per bounce they send, and bounces are rate-limited by mail itself).
    pub fn verp_mac(&self, row: i64) -> String {
        let full = mac(&self.verp, row.to_string().as_bytes());
        hex(full.get(..8).unwrap_or(&full))
    }

    /// Whether `mac_hex` is [`OutboxKey::verp_mac`] of `row`, compared in constant time.
    pub fn verp_mac_matches(&self, row: i64, mac_hex: &str) -> bool {
        let expected = self.verp_mac(row);
        let given = mac_hex.to_ascii_lowercase();
        expected.len() == given.len()
            && expected
                .bytes()
                .zip(given.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    }
}

/// XChaCha20-Poly1305 under `key` with a random nonce: the nonce, then the ciphertext and tag.
pub(crate) fn aead_seal(key: &[u8; 32], plain: &[u8]) -> Result<Vec<u8>, Error> {
    let mut nonce = [0u8; NONCE_BYTES];
    getrandom::fill(&mut nonce).map_err(|e| Error::Seal(e.to_string()))?;
    let cipher = XChaCha20Poly1305::new(key.into());
    let sealed = cipher
        .encrypt(&XNonce::from(nonce), plain)
        .map_err(|e| Error::Seal(e.to_string()))?;
    let mut out = Vec::with_capacity(NONCE_BYTES + sealed.len());
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// Opens what [`aead_seal`] wrote under the same key.
pub(crate) fn aead_open(key: &[u8; 32], sealed: &[u8]) -> Result<Vec<u8>, Error> {
    if sealed.len() < NONCE_BYTES {
        return Err(Error::Open);
    }
    let (nonce, body) = sealed.split_at(NONCE_BYTES);
    let nonce: [u8; NONCE_BYTES] = nonce.try_into().map_err(|_| Error::Open)?;
    let cipher = XChaCha20Poly1305::new(key.into());
    cipher
        .decrypt(&XNonce::from(nonce), body)
        .map_err(|_| Error::Open)
}

pub(crate) fn derive(secret: &[u8; 32], label: &[u8]) -> [u8; 32] {
    mac(secret, label)
}

pub(crate) fn mac(key: &[u8; 32], data: &[u8]) -> [u8; 32] {
    let mut m = <Hmac<Sha256> as hmac::KeyInit>::new_from_slice(key)
        .expect("HMAC takes keys of any length");
    m.update(data);
    m.finalize().into_bytes().into()
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> OutboxKey {
        OutboxKey::from_bytes(&[byte; 32])
    }

    #[test]
    fn content_opens_with_the_same_key_only_and_hides_its_words() {
        let k = key(1);
        let sealed = k
            .encrypt("Dear Minister, from anna@example.org".as_bytes())
            .expect("sealed");
        assert!(!String::from_utf8_lossy(&sealed).contains("anna"));
        assert_eq!(
            k.decrypt(&sealed).expect("opens"),
            b"Dear Minister, from anna@example.org"
        );
        assert!(matches!(key(2).decrypt(&sealed), Err(Error::Open)));
        let mut damaged = sealed.clone();
        if let Some(last) = damaged.last_mut() {
            *last ^= 1;
        }
        assert!(matches!(k.decrypt(&damaged), Err(Error::Open)));
        assert!(matches!(k.decrypt(b"short"), Err(Error::Open)));
        assert_ne!(k.encrypt(b"x").expect("a"), k.encrypt(b"x").expect("b"));
    }

    #[test]
    fn hashes_and_macs_are_keyed_and_apart() {
        let (a, b) = (key(1), key(2));
        assert_eq!(a.address_hash("anna@example.org").len(), 64);
        assert_eq!(
            a.address_hash("anna@example.org"),
            a.address_hash("anna@example.org")
        );
        assert_ne!(
            a.address_hash("anna@example.org"),
            b.address_hash("anna@example.org")
        );
        let mac = a.verp_mac(1234567890);
        assert_eq!(mac.len(), 16);
        assert!(a.verp_mac_matches(1234567890, &mac));
        assert!(a.verp_mac_matches(1234567890, &mac.to_ascii_uppercase()));
        assert!(!a.verp_mac_matches(1234567891, &mac));
        assert!(!b.verp_mac_matches(1234567890, &mac));
        assert!(!a.verp_mac_matches(1234567890, "0"));
    }

    #[test]
    fn a_key_file_is_private_and_never_overwritten() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("outbox.key");
        let made = OutboxKey::write_new(&path).expect("written");
        let read = OutboxKey::read(&path).expect("reads");
        assert_eq!(made.address_hash("x"), read.address_hash("x"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(matches!(
            OutboxKey::write_new(&path),
            Err(Error::Exists { .. })
        ));
        assert!(OutboxKey::from_text("abc").is_none());
        assert!(OutboxKey::from_text(&"g".repeat(64)).is_none());
        assert!(OutboxKey::from_text(&format!("# c\n\n{}\n", "ab".repeat(32))).is_some());
        assert_eq!(format!("{made:?}"), "OutboxKey(…)");
    }
}
