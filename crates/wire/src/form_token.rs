//! The CSRF token a form carries, as text: `issued.id.mac`.
//!
//! `issued` is the second the token was made (Unix time), `id` the form's one-time random id
//! (16 bytes, base64url: 22 characters) and `mac` a [`signed`](crate::signed) MAC over the
//! browser's nonce (from its cookie), the time and the id. The site decides what a token is
//! worth (how old it may be, whether its id was used); this module only says whether a text
//! is such a token and whether its MAC holds for a nonce.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::signed;

/// What the MAC is for. Not the earlier format's `csrf`, so no MAC of one reads as the other's.
const PURPOSE: &[u8] = b"csrf+form";

/// A token's parts, read from its text; not yet verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormToken<'a> {
    /// When it was issued, in seconds since 1970.
    pub issued: i64,
    /// The form's id: 22 base64url characters.
    pub id: &'a str,
    signature: &'a str,
}

impl<'a> FormToken<'a> {
    /// The parts of `text`, when it has the token's shape (three parts, a number, a
    /// well-formed id); `None` for anything else.
    pub fn parse(text: &'a str) -> Option<FormToken<'a>> {
        let mut parts = text.split('.');
        let (Some(issued), Some(id), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        // Digits only, no leading zero: `parse::<i64>` would also take a sign or "017", other
        // spellings of one time under the same MAC (the fuzz target found the zero).
        let canonical = issued == "0" || !issued.starts_with('0');
        if issued.is_empty() || !canonical || !issued.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let issued = issued.parse().ok()?;
        id_well_formed(id).then_some(FormToken {
            issued,
            id,
            signature,
        })
    }

    /// Whether the MAC was made by `secret` for this browser's `nonce`.
    pub fn signed_for(&self, secret: &[u8], nonce: &str) -> bool {
        signed::verify(
            secret,
            PURPOSE,
            &mac_data(nonce, self.issued, self.id),
            self.signature,
        )
    }
}

/// The token for a form with `id`, issued at `issued`, for the browser holding `nonce`.
pub fn make(secret: &[u8], nonce: &str, issued: i64, id: &str) -> String {
    let mac = signed::sign(secret, PURPOSE, &mac_data(nonce, issued, id));
    format!("{issued}.{id}.{mac}")
}

fn mac_data(nonce: &str, issued: i64, id: &str) -> Vec<u8> {
    format!("{nonce}.{issued}.{id}").into_bytes()
}

/// 16 random bytes in base64url, as form ids and nonces are: 22 characters, nothing else.
pub fn id_well_formed(text: &str) -> bool {
    text.len() == 22
        && URL_SAFE_NO_PAD
            .decode(text)
            .is_ok_and(|bytes| bytes.len() == 16)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";
    const NONCE: &str = "AAAAAAAAAAAAAAAAAAAAAA";
    const ID: &str = "AAECAwQFBgcICQoLDA0ODw";

    #[test]
    fn a_token_reads_back_and_holds_only_for_its_nonce() {
        let text = make(SECRET, NONCE, 1_700_000_000, ID);
        let token = FormToken::parse(&text).expect("a token");
        assert_eq!((token.issued, token.id), (1_700_000_000, ID));
        assert!(token.signed_for(SECRET, NONCE));
        assert!(!token.signed_for(SECRET, "CCCCCCCCCCCCCCCCCCCCCC"));
        assert!(!token.signed_for(b"another secret", NONCE));
    }

    #[test]
    fn what_is_not_a_token_is_refused() {
        let good = make(SECRET, NONCE, 1_700_000_000, ID);
        let mac = good.rsplit('.').next().expect("a mac");
        for bad in [
            String::new(),
            "1700000000.".to_string(),
            format!("1700000000.{ID}"),
            format!("1700000000.{ID}.{mac}.extra"),
            format!("+1700000000.{ID}.{mac}"),
            format!("-1.{ID}.{mac}"),
            format!("01700000000.{ID}.{mac}"),
            format!("99999999999999999999.{ID}.{mac}"),
            format!("1700000000.short.{mac}"),
            format!("1700000000.{ID}=.{mac}"),
            format!("1700000000.{}.{mac}", "!".repeat(22)),
        ] {
            assert_eq!(FormToken::parse(&bad), None, "{bad:?}");
        }
    }
}
