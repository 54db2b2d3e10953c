//! Bounce addresses: `bounce+<row>.<mac>@<bounce domain>`, the return path (envelope sender)
//! of every message. A bounce is sent to it, so the address alone says which outbox row
//! bounced, even when the bouncing server quotes none of the original headers; the MAC
//! (keyed, [`OutboxKey::verp_mac`]) makes a forged bounce for some other row useless.

use outcry_seal::OutboxKey;

/// The local part's fixed start.
const PREFIX: &str = "bounce+";

/// The bounce address of an outbox row.
pub fn bounce_address(row: i64, key: &OutboxKey, domain: &str) -> String {
    format!("{PREFIX}{row}.{}@{domain}", key.verp_mac(row))
}

/// Whether `address` has the shape of one of our bounce addresses (`bounce+…@…`), whether or
/// not its MAC is right: one that does and fails [`row_of`] is a forgery.
pub fn looks_like_bounce_address(address: &str) -> bool {
    let address = address.trim().trim_start_matches('<');
    address
        .get(..PREFIX.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(PREFIX))
        && address.contains('@')
}

/// The outbox row a bounce address names, if it is one of ours and its MAC is right. The
/// domain is not checked (a relay may rewrite it); the prefix and the MAC are.
pub fn row_of(address: &str, key: &OutboxKey) -> Option<i64> {
    let address = address.trim().trim_start_matches('<').trim_end_matches('>');
    let (local, _domain) = address.rsplit_once('@')?;
    let token = local
        .get(..PREFIX.len())
        .filter(|p| p.eq_ignore_ascii_case(PREFIX))
        .and_then(|_| local.get(PREFIX.len()..))?;
    let (row, mac) = token.split_once('.')?;
    if row.is_empty() || row.len() > 19 || !row.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let row: i64 = row.parse().ok()?;
    key.verp_mac_matches(row, mac).then_some(row)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bounce_address_names_its_row_and_a_forged_one_nothing() {
        let key = OutboxKey::from_bytes(&[7; 32]);
        let addr = bounce_address(4_611_686_018_427_387_904, &key, "mail.example.org");
        assert!(addr.starts_with("bounce+4611686018427387904."));
        assert_eq!(row_of(&addr, &key), Some(4_611_686_018_427_387_904));
        assert_eq!(
            row_of(&format!("<{}>", addr.to_uppercase()), &key),
            Some(4_611_686_018_427_387_904)
        );
        let forged = addr.replace("4611686018427387904", "4611686018427387905");
        assert_eq!(row_of(&forged, &key), None);
        assert_eq!(row_of(&addr, &OutboxKey::from_bytes(&[8; 32])), None);
        for junk in [
            "",
            "@",
            "bounce+@x",
            "bounce+1@x",
            "bounce+.@x",
            "bounce+99999999999999999999.aa@x",
            "x@y",
            "bounce+1.zz",
        ] {
            assert_eq!(row_of(junk, &key), None, "{junk:?}");
        }
    }
}
