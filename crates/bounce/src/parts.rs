//! Finding the parts of a report in the message's own MIME tree. mail-parser keeps an attached
//! message (`message/rfc822`, `message/global`) as a message of its own with its own parts, so
//! walking only the top-level `parts` never reaches into a returned message — which is what
//! keeps an older bounce quoted inside a new one from speaking for it.

use mail_parser::{Message, MessageParser, MessagePart, MimeHeaders, PartType};

use crate::text;

/// Most bytes of a delivery-status body read: about a thousand recipient groups.
const MAX_STATUS_BYTES: usize = 512 * 1024;
/// Longest Message-ID kept, in characters.
const MESSAGE_ID_MAX: usize = 500;

fn is_type(part: &MessagePart<'_>, ctype: &str, subtypes: &[&str]) -> bool {
    part.content_type().is_some_and(|ct| {
        ct.ctype().eq_ignore_ascii_case(ctype)
            && ct
                .subtype()
                .is_some_and(|sub| subtypes.iter().any(|s| sub.eq_ignore_ascii_case(s)))
    })
}

/// The body of the first `message/delivery-status` or `message/global-delivery-status` part.
pub(crate) fn delivery_status(message: &Message<'_>) -> Option<String> {
    let part = message.parts.iter().find(|part| {
        is_type(
            part,
            "message",
            &["delivery-status", "global-delivery-status"],
        )
    })?;
    let body = text::prefix_bytes(part.contents(), MAX_STATUS_BYTES);
    Some(String::from_utf8_lossy(body).into_owned())
}

/// The Message-ID of the returned message: the first attached message, or the first
/// `text/rfc822-headers` part, of the top-level tree.
pub(crate) fn returned_message_id(message: &Message<'_>) -> Option<String> {
    for part in &message.parts {
        let id = match &part.body {
            PartType::Message(returned) => returned.message_id().map(str::to_owned),
            _ if is_type(part, "text", &["rfc822-headers"]) => {
                let headers = text::prefix_bytes(part.contents(), MAX_STATUS_BYTES);
                MessageParser::default()
                    .parse_headers(headers)
                    .and_then(|h| h.message_id().map(str::to_owned))
            }
            _ => continue,
        };
        return id.map(|id| message_id(&id)).filter(|id| !id.is_empty());
    }
    None
}

/// A Message-ID as a report shows it: no angle brackets, cleaned, bounded.
pub(crate) fn message_id(value: &str) -> String {
    text::clean(
        value.trim().trim_start_matches('<').trim_end_matches('>'),
        MESSAGE_ID_MAX,
    )
}

/// Drops a parsed message one nesting level at a time. mail-parser nests an attached message
/// inside its parent, and dropping a chain of a hundred thousand `message/rfc822` parts (a few
/// megabytes of hostile input) the ordinary way recurses once per level and overflows the
/// stack.
pub(crate) fn drop_flat(message: Message<'_>) {
    let mut pending = vec![message];
    while let Some(mut message) = pending.pop() {
        for part in &mut message.parts {
            if let PartType::Message(inner) = std::mem::take(&mut part.body) {
                pending.push(inner);
            }
        }
    }
}
