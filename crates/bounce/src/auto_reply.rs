//! Automatic replies (RFC 3834 and the headers and subjects mail clients really use). They are
//! not bounces: the official's mailbox exists and received the appeal.

use mail_parser::Message;

/// Subjects that start an automatic reply, lowercase.
const SUBJECT_PREFIXES: &[&str] = &[
    "automatic reply:",
    "auto:",
    "autoreply",
    "auto-reply",
    "auto reply",
    "автоответ",
    "автоматический ответ",
];
/// Subjects that contain one wherever the phrase stands (`Re: Out of Office`, `Вне офиса: ...`).
const SUBJECT_PHRASES: &[&str] = &["out of office", "out of the office", "вне офиса"];

/// Whether `message` is an automatic reply. Call it only after the delivery-report checks:
/// Postfix and Exim mark their bounces `Auto-Submitted: auto-replied` too.
pub(crate) fn is_auto_reply(message: &Message<'_>) -> bool {
    let mut by_header = false;
    for (name, value) in message.headers_raw() {
        let name = name.trim();
        let value = value.trim().to_ascii_lowercase();
        if (name.eq_ignore_ascii_case("auto-submitted") && value.starts_with("auto-replied"))
            || name.eq_ignore_ascii_case("x-autoreply")
            || name.eq_ignore_ascii_case("x-autorespond")
            || (name.eq_ignore_ascii_case("precedence") && value == "auto_reply")
        {
            by_header = true;
            break;
        }
    }
    by_header || message.subject().is_some_and(subject_says_auto_reply)
}

fn subject_says_auto_reply(subject: &str) -> bool {
    let subject = crate::text::prefix(subject.trim(), 1000).to_lowercase();
    SUBJECT_PREFIXES.iter().any(|p| subject.starts_with(p))
        || SUBJECT_PHRASES.iter().any(|p| subject.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auto_reply(raw: &str) -> bool {
        mail_parser::MessageParser::default()
            .parse(raw.as_bytes())
            .is_some_and(|m| is_auto_reply(&m))
    }

    #[test]
    fn headers() {
        assert!(auto_reply(
            "Auto-Submitted: Auto-Replied\r\nSubject: hi\r\n\r\nx"
        ));
        assert!(auto_reply("X-Autoreply: yes\r\nSubject: hi\r\n\r\nx"));
        assert!(auto_reply("X-Autorespond: on\r\nSubject: hi\r\n\r\nx"));
        assert!(auto_reply("Precedence: auto_reply\r\nSubject: hi\r\n\r\nx"));
        assert!(!auto_reply("Precedence: bulk\r\nSubject: hi\r\n\r\nx"));
        assert!(!auto_reply("Auto-Submitted: no\r\nSubject: hi\r\n\r\nx"));
    }

    #[test]
    fn subjects() {
        assert!(subject_says_auto_reply("Automatic reply: Appeal for Ivan"));
        assert!(subject_says_auto_reply("Out of Office: back on Monday"));
        assert!(subject_says_auto_reply("АВТООТВЕТ: обращение"));
        assert!(subject_says_auto_reply("Re: Вне офиса"));
        assert!(!subject_says_auto_reply("Re: Appeal for Ivan"));
        assert!(!subject_says_auto_reply("Autumn update"));
    }
}
