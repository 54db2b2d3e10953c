//! The admin's secrets at rest, under a key derived from the outbox key (a file outside the
//! database): a database or a backup alone holds ciphertext and keyed hashes only.
//!
//! - Two-factor secrets ([`AdminKey::seal_secret`]): the server must read them back to check
//!   a code, so they are encrypted, not hashed (as Gitea does with its instance key).
//! - Recovery codes ([`AdminKey::code_hash`]): checked, never read back, so a keyed hash.
//! - The organization's key an organizer unlocked for one session
//!   ([`AdminKey::wrap_identity`]): encrypted under a key made from both this key and the
//!   session's id, which only the organizer's browser holds (the database keeps its hash). So
//!   any instance behind a load balancer can open the organizer's letters while the session
//!   lives, and nothing at rest can: not the database with this key, not a stolen cookie
//!   without the database. Ending the session deletes the ciphertext.

use std::fmt;

use crate::Error;
use crate::outbox_key::{aead_open, aead_seal, derive, mac};

/// See the module's documentation; made by [`crate::OutboxKey::admin`].
#[derive(Clone)]
pub struct AdminKey {
    secrets: [u8; 32],
    codes: [u8; 32],
    sessions: [u8; 32],
    throttle: [u8; 32],
}

impl fmt::Debug for AdminKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AdminKey(…)")
    }
}

impl AdminKey {
    pub(crate) fn from_derived(key: [u8; 32]) -> AdminKey {
        AdminKey {
            secrets: derive(&key, b"two-factor secrets"),
            codes: derive(&key, b"recovery codes"),
            sessions: derive(&key, b"session identities"),
            throttle: derive(&key, b"login throttle"),
        }
    }

    /// Encrypts a two-factor secret for the database.
    pub fn seal_secret(&self, secret: &[u8]) -> Result<Vec<u8>, Error> {
        aead_seal(&self.secrets, secret)
    }

    /// Opens what [`AdminKey::seal_secret`] wrote.
    pub fn open_secret(&self, sealed: &[u8]) -> Result<Vec<u8>, Error> {
        aead_open(&self.secrets, sealed)
    }

    /// The keyed hash a recovery code is stored as, from the code as typed: case, spaces and
    /// dashes do not matter.
    pub fn code_hash(&self, code: &str) -> Vec<u8> {
        let normal: String = code
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        mac(&self.codes, normal.as_bytes()).to_vec()
    }

    /// What failed logins are counted under for `what` (an account's address, a client's
    /// network): a keyed hash, so the table of failures names neither.
    pub fn throttle_bucket(&self, what: &str) -> String {
        crate::outbox_key::hex(&mac(&self.throttle, what.as_bytes()))
    }

    /// The organization's identity, encrypted for the session whose id is `session_id`.
    pub fn wrap_identity(
        &self,
        session_id: &[u8],
        identity: &crate::Identity,
    ) -> Result<Vec<u8>, Error> {
        aead_seal(
            &self.session_key(session_id),
            identity.secret_line().as_bytes(),
        )
    }

    /// The identity [`AdminKey::wrap_identity`] wrapped for this session.
    pub fn unwrap_identity(
        &self,
        session_id: &[u8],
        wrapped: &[u8],
    ) -> Result<crate::Identity, Error> {
        let plain = aead_open(&self.session_key(session_id), wrapped)?;
        let text = String::from_utf8(plain).map_err(|_| Error::Open)?;
        crate::Identity::from_text(&text).ok_or(Error::Open)
    }

    fn session_key(&self, session_id: &[u8]) -> [u8; 32] {
        mac(&self.sessions, session_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::OutboxKey;

    fn key(byte: u8) -> AdminKey {
        OutboxKey::from_bytes(&[byte; 32]).admin()
    }

    #[test]
    fn a_secret_opens_with_its_key_only() {
        let sealed = key(1).seal_secret(b"12345678901234567890").expect("seal");
        assert_eq!(
            key(1).open_secret(&sealed).expect("open"),
            b"12345678901234567890"
        );
        assert!(key(2).open_secret(&sealed).is_err());
        assert!(!sealed.windows(20).any(|w| w == b"12345678901234567890"));
    }

    #[test]
    fn a_recovery_code_hash_ignores_how_it_was_typed_but_not_the_key() {
        assert_eq!(
            key(1).code_hash("abcde-fghij"),
            key(1).code_hash(" ABCDE FGHIJ")
        );
        assert_ne!(
            key(1).code_hash("abcde-fghij"),
            key(1).code_hash("abcde-fghik")
        );
        assert_ne!(
            key(1).code_hash("abcde-fghij"),
            key(2).code_hash("abcde-fghij")
        );
    }

    #[test]
    fn an_unlocked_identity_needs_both_the_session_id_and_the_server_key() {
        let identity = crate::Identity::generate();
        let wrapped = key(1).wrap_identity(b"session-a", &identity).expect("wrap");
        let back = key(1)
            .unwrap_identity(b"session-a", &wrapped)
            .expect("unwrap");
        assert_eq!(
            back.recipient().to_string(),
            identity.recipient().to_string()
        );
        assert!(key(1).unwrap_identity(b"session-b", &wrapped).is_err());
        assert!(key(2).unwrap_identity(b"session-a", &wrapped).is_err());
        let line = identity.secret_line();
        assert!(!wrapped.windows(line.len()).any(|w| w == line.as_bytes()));
    }
}
