//! Random tokens the admin hands out: links that set a password, session ids, recovery codes.
//! Only hashes of them are stored, so a copy of the database lets nobody in.

use sha2::{Digest, Sha256};

use crate::Error;
use crate::outbox_key::hex;

/// How many recovery codes an organizer gets at enrolment.
pub const RECOVERY_CODES: usize = 10;

/// 256 random bits, as 64 hex digits in a link or a cookie; the database keeps
/// [`AccessToken::hash_of`] it. SHA-256 suffices: the token has far too much entropy for a slow
/// hash to matter.
pub struct AccessToken(String);

impl std::fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AccessToken(…)")
    }
}

impl AccessToken {
    /// A fresh token.
    pub fn generate() -> Result<AccessToken, Error> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| Error::Seal(e.to_string()))?;
        Ok(AccessToken(hex(&bytes)))
    }

    /// The token as it travels.
    pub fn text(&self) -> &str {
        &self.0
    }

    /// What the database keeps for this token.
    pub fn hash(&self) -> Vec<u8> {
        AccessToken::hash_of(&self.0)
    }

    /// What the database keeps for a token that arrived as `text`; `None` when it cannot be a
    /// token (so a lookup is not even tried).
    pub fn hash_if_well_formed(text: &str) -> Option<Vec<u8>> {
        (text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
            .then(|| AccessToken::hash_of(text))
    }

    fn hash_of(text: &str) -> Vec<u8> {
        Sha256::digest(text.as_bytes()).to_vec()
    }
}

/// Ten new recovery codes, each ten characters from a 32-letter alphabet without i, l and o (which look like 1 and 0)
/// (50 bits), shown as `xxxxx-xxxxx`.
pub fn recovery_codes() -> Result<Vec<String>, Error> {
    const ALPHABET: &[u8; 32] = b"abcdefghjkmnpqrstuvwxyz023456789";
    let mut bytes = [0u8; RECOVERY_CODES * 10];
    getrandom::fill(&mut bytes).map_err(|e| Error::Seal(e.to_string()))?;
    Ok(bytes
        .chunks(10)
        .map(|chunk| {
            let letters: String = chunk
                .iter()
                .map(|b| char::from(ALPHABET[usize::from(b & 31)]))
                .collect();
            format!("{}-{}", &letters[..5], &letters[5..])
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_fresh_and_only_their_shape_is_looked_up() {
        let a = AccessToken::generate().expect("token");
        let b = AccessToken::generate().expect("token");
        assert_ne!(a.text(), b.text());
        assert_eq!(AccessToken::hash_if_well_formed(a.text()), Some(a.hash()));
        assert_eq!(
            AccessToken::hash_if_well_formed(&a.text().to_uppercase()),
            None
        );
        assert_eq!(AccessToken::hash_if_well_formed("abc"), None);
        assert_ne!(a.hash(), a.text().as_bytes());
    }

    #[test]
    fn recovery_codes_are_ten_distinct_codes_of_ten_letters() {
        let codes = recovery_codes().expect("codes");
        assert_eq!(codes.len(), RECOVERY_CODES);
        let distinct: std::collections::BTreeSet<_> = codes.iter().collect();
        assert_eq!(distinct.len(), RECOVERY_CODES);
        for c in &codes {
            assert_eq!(c.len(), 11, "{c}");
            assert_eq!(c.as_bytes()[5], b'-');
        }
    }
}
