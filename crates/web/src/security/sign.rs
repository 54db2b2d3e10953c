//! Short MACs over what the server hands the browser to keep (CSRF tokens, the acted cookie),
//! so that the server can trust it when it comes back.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// 128 bits: plenty against forgery online, and short in a cookie.
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

/// Signs `data` for `purpose`; the result is URL- and cookie-safe.
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
