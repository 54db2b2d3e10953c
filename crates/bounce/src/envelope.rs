//! The addresses a bounce was delivered to. The VERP return path Outcry sends with
//! (`bounce+<row>.<mac>@domain`) comes back as one of these, which is how the CLI finds the
//! outbox row without trusting anything the remote server wrote in the body.

use mail_parser::Message;

use crate::text;

/// Envelope headers, in the order they are read; `To` comes after them.
const ENVELOPE_HEADERS: &[&str] = &[
    "delivered-to",
    "x-original-to",
    "envelope-to",
    "x-envelope-to",
];
/// Most addresses kept.
const MAX_ADDRESSES: usize = 20;

pub(crate) fn delivered_to(message: &Message<'_>) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for wanted in ENVELOPE_HEADERS {
        for (name, value) in message.headers_raw() {
            if name.trim().eq_ignore_ascii_case(wanted) {
                // Exim's Envelope-to may list several addresses.
                for piece in value.split(',').take(MAX_ADDRESSES) {
                    add(piece, &mut found);
                }
            }
        }
    }
    if let Some(to) = message.to() {
        for address in to.iter().filter_map(|a| a.address()).take(MAX_ADDRESSES) {
            add(address, &mut found);
        }
    }
    found
}

/// Adds one address unless it is already there, the list is full, or it is not an address.
fn add(candidate: &str, found: &mut Vec<String>) {
    if found.len() >= MAX_ADDRESSES {
        return;
    }
    let Some(address) = text::address(candidate) else {
        return;
    };
    if address.contains('@') && !found.iter().any(|a| a.eq_ignore_ascii_case(&address)) {
        found.push(address);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_headers_first_then_to_without_duplicates() {
        let raw = "To: Outcry <bounce+1.00aa@outcry.example>, other@outcry.example\r\n\
X-Envelope-To: <bounce+1.00aa@OUTCRY.example>\r\n\
Delivered-To: bounce+1.00aa@outcry.example\r\n\
Envelope-to: a@outcry.example, <b@outcry.example>\r\n\
X-Original-To: rfc822; c@outcry.example\r\n\
Delivered-To: not an address\r\n\r\nbody";
        let message = mail_parser::MessageParser::default().parse(raw.as_bytes());
        let found = message.as_ref().map(delivered_to).unwrap_or_default();
        assert_eq!(
            found,
            [
                "bounce+1.00aa@outcry.example",
                "c@outcry.example",
                "a@outcry.example",
                "b@outcry.example",
                "other@outcry.example",
            ]
        );
    }
}
