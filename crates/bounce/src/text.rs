//! Turning what a remote mail server wrote into strings that are safe to show and store.
//!
//! Everything a bounce says was written by a stranger: it may carry terminal escapes, bidi
//! overrides, megabytes of one field. Every string the crate outputs passes through [`clean`].

/// Folds every run of whitespace into one space, drops control and bidi-formatting characters,
/// trims, and keeps at most `max_chars` characters.
pub(crate) fn clean(value: &str, max_chars: usize) -> String {
    let mut out = String::new();
    let mut kept = 0;
    let mut pending_space = false;
    for c in value.chars() {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if c.is_control() || is_bidi_control(c) {
            continue;
        }
        let extra = usize::from(pending_space && !out.is_empty());
        if kept + extra + 1 > max_chars {
            break;
        }
        if extra == 1 {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
        kept += extra + 1;
    }
    out
}

/// Characters that reorder what a terminal or a browser shows: a "diagnostic" must not be able
/// to make an address look like another.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Removes the type a DSN field starts with: `rfc822; x@y`, `smtp; 550 ...`, `dns; mx.y`.
/// Only a short token without spaces counts as a type, so `550 5.1.1 x; y` stays whole.
pub(crate) fn strip_type(value: &str) -> &str {
    let value = value.trim();
    match value.split_once(';') {
        Some((kind, rest))
            if !kind.is_empty()
                && kind.len() <= 32
                && kind
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.') =>
        {
            rest.trim()
        }
        _ => value,
    }
}

/// Longest address kept: RFC 5321's 64 for the local part, 255 for the domain, with room.
pub(crate) const ADDRESS_MAX: usize = 320;

/// An address as a report shows it: type and angle brackets removed, domain lowercased,
/// cleaned and bounded. `None` when nothing is left.
pub(crate) fn address(value: &str) -> Option<String> {
    let mut value = strip_type(value);
    if let Some(start) = value.find('<') {
        let inner = value.get(start + 1..).unwrap_or("");
        value = match inner.find('>') {
            Some(end) => inner.get(..end).unwrap_or(inner),
            None => inner,
        };
    }
    let value = value.trim().trim_matches(['<', '>']);
    // Lowercase before cutting: a lowercase letter can be longer than its capital.
    let value = match value.rsplit_once('@') {
        Some((local, domain)) => clean(&format!("{local}@{}", domain.to_lowercase()), ADDRESS_MAX),
        None => clean(value, ADDRESS_MAX),
    };
    Some(value).filter(|v| !v.is_empty())
}

/// True for a bare token that can stand for a mailbox in prose: `x@y.z`, possibly in angle
/// brackets, with nothing that cannot be in an address.
pub(crate) fn looks_like_address(token: &str) -> bool {
    let token = token.trim_matches(['<', '>']);
    let Some((local, domain)) = token.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && token.len() <= ADDRESS_MAX
        && !token.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '(' | ')' | ',' | ';')
        })
}

/// The longest prefix of `text` that has at most `max_bytes` bytes and ends on a character.
pub(crate) fn prefix(text: &str, max_bytes: usize) -> &str {
    if text.len() <= max_bytes {
        return text;
    }
    let mut end = max_bytes;
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or("")
}

/// Undoes RFC 6533's escaping of non-ASCII in `utf-8` typed addresses: `\x{43F}` is `п`.
/// Escapes that do not name a character are kept as written.
pub(crate) fn unescape_xtext(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find("\\x{") {
        out.push_str(rest.get(..at).unwrap_or_default());
        let after = rest.get(at + 3..).unwrap_or_default();
        let decoded = after.find('}').and_then(|end| {
            let hex = after.get(..end)?;
            let valid = (1..=6).contains(&hex.len()) && hex.bytes().all(|b| b.is_ascii_hexdigit());
            let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?).filter(|_| valid)?;
            Some((c, end + 1))
        });
        match decoded {
            Some((c, used)) => {
                out.push(c);
                rest = after.get(used..).unwrap_or_default();
            }
            None => {
                out.push_str("\\x{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// At most the first `max_bytes` bytes.
pub(crate) fn prefix_bytes(bytes: &[u8], max_bytes: usize) -> &[u8] {
    bytes.get(..max_bytes).unwrap_or(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_folds_whitespace_and_drops_controls() {
        assert_eq!(
            clean("  550\r\n\t 5.1.1\x1b[31m  no\u{202E}pe ", 100),
            "550 5.1.1[31m nope"
        );
    }

    #[test]
    fn clean_truncates_by_characters() {
        assert_eq!(clean("абвгд", 3), "абв");
        assert_eq!(clean(&"x".repeat(10_000), 500).chars().count(), 500);
        assert_eq!(clean("ab cd", 3), "ab");
    }

    #[test]
    fn types_are_stripped_only_when_they_are_tokens() {
        assert_eq!(strip_type("rfc822; x@y.example"), "x@y.example");
        assert_eq!(strip_type("SMTP;550 no"), "550 no");
        assert_eq!(strip_type("550 5.1.1 a; b"), "550 5.1.1 a; b");
    }

    #[test]
    fn addresses_lose_brackets_and_domain_case() {
        assert_eq!(
            address("rfc822;<Ivan@MVD.Example>").as_deref(),
            Some("Ivan@mvd.example")
        );
        assert_eq!(
            address("utf-8; пётр@почта.example").as_deref(),
            Some("пётр@почта.example")
        );
        assert_eq!(address("rfc822; "), None);
        assert_eq!(
            address(&"a".repeat(5000)).map(|a| a.len()),
            Some(ADDRESS_MAX)
        );
    }

    #[test]
    fn address_tokens() {
        assert!(looks_like_address("<x@mvd.example>"));
        assert!(!looks_like_address("host"));
        assert!(!looks_like_address("x@localhost"));
        assert!(!looks_like_address("RCPT TO:<x@mvd.example>:"));
    }

    #[test]
    fn utf8_address_escapes() {
        assert_eq!(
            unescape_xtext("\\x{43F}\\x{451}\\x{442}\\x{440}@x.example"),
            "пётр@x.example"
        );
        assert_eq!(
            unescape_xtext("a\\x{zz}b\\x{110000}\\x{"),
            "a\\x{zz}b\\x{110000}\\x{"
        );
        assert_eq!(unescape_xtext("plain@x.example"), "plain@x.example");
    }

    #[test]
    fn prefix_stops_on_a_character() {
        assert_eq!(prefix("абв", 3), "а");
        assert_eq!(prefix("abc", 10), "abc");
    }
}
