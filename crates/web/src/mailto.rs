//! `mailto:` links per RFC 6068, so a letter opens in the supporter's own email program with
//! To, Cc, subject and body filled in. Everything outside the unreserved set is percent-encoded
//! as UTF-8 (Cyrillic survives), and line breaks become `%0D%0A` as the RFC asks.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Characters left as they are: RFC 3986's unreserved set.
const ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');
/// In the address part, `@` may stay.
const ENCODE_ADDRESS: &AsciiSet = &ENCODE.remove(b'@');

/// Links longer than this fail in some mail programs and operating systems (Outlook on Windows
/// truncates around 2,000 characters; others manage far more). Above it the page offers the
/// copy-and-paste view instead of a link that would lose the end of the letter.
pub const MAX_LEN: usize = 8_000;

/// Builds the link. Addresses were validated when stored, so they hold no commas or spaces.
pub fn link(to: &[&str], cc: &[&str], subject: &str, body: &str) -> String {
    let encode_list = |list: &[&str]| {
        list.iter()
            .map(|a| utf8_percent_encode(a, ENCODE_ADDRESS).to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    let body = body
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\n', "\r\n");
    let mut url = format!("mailto:{}", encode_list(to));
    let mut sep = '?';
    if !cc.is_empty() {
        url.push_str(&format!("{sep}cc={}", encode_list(cc)));
        sep = '&';
    }
    url.push_str(&format!(
        "{sep}subject={}",
        utf8_percent_encode(subject, ENCODE)
    ));
    url.push_str(&format!("&body={}", utf8_percent_encode(&body, ENCODE)));
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cyrillic_line_breaks_and_reserved_characters_are_encoded() {
        let url = link(
            &["a@b.ru", "c@d.ru"],
            &["e@f.org"],
            "Привет & co",
            "Строка 1\nline 2?=#",
        );
        assert_eq!(
            url,
            "mailto:a@b.ru,c@d.ru?cc=e@f.org&subject=%D0%9F%D1%80%D0%B8%D0%B2%D0%B5%D1%82%20%26%20co&body=%D0%A1%D1%82%D1%80%D0%BE%D0%BA%D0%B0%201%0D%0Aline%202%3F%3D%23"
        );
    }

    #[test]
    fn injected_headers_stay_inside_the_body() {
        let url = link(&["a@b.ru"], &[], "s", "x\r\nBcc: everyone@example.org");
        assert!(!url.contains('\n') && !url.contains('\r'));
        assert!(url.contains("x%0D%0ABcc%3A%20everyone%40example.org"));
    }
}
