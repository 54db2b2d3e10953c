//! Reading returned mail.
//!
//! Outcry sends appeals with a VERP return path, `bounce+<row>.<mac>@<domain>`; whatever comes
//! back there is handed to [`read`], which turns one raw RFC 5322 message into a [`Report`]:
//! what kind of message it is, which recipients it is about, and the Message-ID of our message
//! it returns. The crate does no I/O and knows nothing of the outbox; the CLI matches the
//! report's [`Report::delivered_to`] against the VERP address and decides what to do.
//!
//! # How a message is read
//!
//! 1. **A delivery report (RFC 3464, RFC 6533)**: a `message/delivery-status` or
//!    `message/global-delivery-status` part in the message's own MIME tree is parsed field by
//!    field (see [`dsn`]). This comes first because MTAs mark their reports
//!    `Auto-Submitted: auto-replied` like any automatic reply.
//! 2. **A plain-text bounce**: when the message looks like it comes from a mail system
//!    (a mailer-daemon or postmaster sender, an empty return path, or a bounce subject) and its
//!    first text part says delivery failed or is late, its notice is scanned for addresses and
//!    the server's answers (qmail, Exim, Sendmail, Exchange, Yahoo, Yandex, Mail.ru wording).
//! 3. **An automatic reply** (RFC 3834 headers, `X-Autoreply`, out-of-office subjects in
//!    English and Russian): [`Kind::AutoReply`].
//! 4. Anything else, a person's reply included: [`Kind::NotAReport`].
//!
//! The returned message's Message-ID is taken only from the top-level report's own attached
//! message or `text/rfc822-headers` part: a returned message that quotes an older bounce never
//! speaks for the new one.
//!
//! # Hard and soft
//!
//! [`Recipient::hard`] is an address-level verdict and nothing else: it is true only when the
//! action is `failed` and the status says the address itself is bad —
//! 5.1.0–5.1.6, 5.1.9 and 5.1.10 (no such mailbox, bad address; 5.1.7 and 5.1.8 are about the
//! sender, not the recipient), 5.2.1 (mailbox disabled), and 5.4.1 when the diagnostic says the
//! recipient was rejected (Office 365's answer for unknown mailboxes). Everything else is soft:
//! a full mailbox (5.2.2), a message too big (5.3.4), policy and spam refusals (5.7.x), every
//! 4.x.x, and no status at all. An appeal must not stop reaching an official because a spam
//! filter had a bad day; only a mailbox that is not there is a reason to stop. The table lives in
//! one function, [`status::is_hard`]. (Yandex answers unknown mailboxes with "550 5.7.1 No such
//! user!": soft by this table, on purpose, since 5.7.1 is also its answer to mail it takes for
//! spam; the diagnostic is in the report for a person to judge.)
//!
//! When a recipient has no valid `Status` the status is derived from its diagnostic: an
//! enhanced code in it wins; otherwise a basic 550, 551, 553 or 554 reply with "user unknown",
//! "no such user", "does not exist", "нет такого" or similar wording counts as 5.1.1, and any
//! other 4xx or 5xx as 4.0.0 or 5.0.0. A `Status` of X.0.0 (Exim writes 5.0.0 for every
//! failure) is refined by an enhanced code of the same class in the diagnostic.
//!
//! # Hostile input
//!
//! [`read`] never panics. It reads at most the first [`MAX_INPUT_BYTES`] of a message (a
//! returned message cut short still shows its headers), keeps at most [`MAX_RECIPIENTS`]
//! recipients, cuts addresses to 320 characters and diagnostics to 500, bounds every part it
//! reads, and removes control and bidi-formatting characters from every string a report holds.
//! A deeply nested message is taken apart level by level, so hostile nesting cannot exhaust the
//! stack.

mod auto_reply;
pub mod dsn;
mod envelope;
mod fields;
mod parts;
mod plain;
pub mod status;
mod text;

use mail_parser::{Message, MessageParser};
use serde::ser::{Serialize, SerializeStruct, Serializer};

/// Most recipients a report keeps.
pub const MAX_RECIPIENTS: usize = 100;

/// What one returned message says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub kind: Kind,
    /// The recipients the report is about, at most [`MAX_RECIPIENTS`].
    pub recipients: Vec<Recipient>,
    /// The Message-ID of the returned message, without angle brackets.
    pub original_message_id: Option<String>,
    /// Addresses the bounce was delivered to (`Delivered-To`, `X-Original-To`, `Envelope-To`,
    /// `X-Envelope-To`, then `To`), angle brackets removed, duplicates dropped.
    pub delivered_to: Vec<String>,
}

impl Report {
    /// True when the message reports a failed or a delayed delivery.
    pub fn is_bounce(&self) -> bool {
        matches!(self.kind, Kind::Failed | Kind::Delayed)
    }
}

/// Serialised with `is_bounce` after `kind`, so a reader of the JSON need not know the kinds.
impl Serialize for Report {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut state = serializer.serialize_struct("Report", 5)?;
        state.serialize_field("kind", &self.kind)?;
        state.serialize_field("is_bounce", &self.is_bounce())?;
        state.serialize_field("recipients", &self.recipients)?;
        state.serialize_field("original_message_id", &self.original_message_id)?;
        state.serialize_field("delivered_to", &self.delivered_to)?;
        state.end()
    }
}

/// What kind of message was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Delivery to at least one recipient failed for good.
    Failed,
    /// Delivery to at least one recipient is late and still being tried; none failed.
    Delayed,
    /// A success report: delivered, relayed or expanded.
    Delivered,
    /// An automatic reply (out of office and the like), not a bounce.
    AutoReply,
    /// Not a report at all, for instance a person's reply.
    NotAReport,
}

/// One recipient a report is about.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Recipient {
    /// `Final-Recipient`, else `Original-Recipient`, type (`rfc822;`) stripped, domain
    /// lowercased.
    pub address: String,
    /// `failed`, `delayed`, `delivered`, `relayed` or `expanded`.
    pub action: String,
    /// An enhanced status code, `class.subject.detail` with class 2, 4 or 5.
    pub status: Option<String>,
    /// The remote server's answer, type (`smtp;`) stripped, white space folded, at most 500
    /// characters.
    pub diagnostic: Option<String>,
    /// The remote server that answered, type (`dns;`) stripped.
    pub remote_mta: Option<String>,
    /// The address itself is bad (see the crate documentation for the table).
    pub hard: bool,
}

/// Most bytes of a message read. A report's notice, its delivery-status part and the headers of
/// the returned message all come long before this; what follows is the body of our own appeal.
/// The bound also caps the parser's work: MIME parsing of hostile nesting grows faster than the
/// input.
pub const MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;

/// Reads one raw RFC 5322 message. Never panics, whatever the bytes; reads at most
/// [`MAX_INPUT_BYTES`] of them.
pub fn read(raw: &[u8]) -> Report {
    let raw = text::prefix_bytes(raw, MAX_INPUT_BYTES);
    let Some(message) = parse(raw) else {
        return not_a_report(Kind::NotAReport, Vec::new());
    };
    let report = read_message(&message);
    parts::drop_flat(message);
    report
}

/// Parses with mail-parser. Its release builds never panic on broken MIME (fuzzing agrees), but
/// a few of its `debug_assert!`s fire on inputs it then handles fine, so in a debug build (the
/// tests, `cargo run`) a panic there is caught and the message read as unparseable: `read` keeps
/// its promise in every build.
fn parse(raw: &[u8]) -> Option<Message<'_>> {
    std::panic::catch_unwind(|| MessageParser::default().parse(raw))
        .ok()
        .flatten()
}

fn read_message(message: &Message<'_>) -> Report {
    let delivered_to = envelope::delivered_to(message);
    let returned_id = parts::returned_message_id(message);

    let status_body = parts::delivery_status(message);
    if let Some(body) = &status_body {
        let recipients = dsn::parse(body).recipients;
        if !recipients.is_empty() {
            return Report {
                kind: kind_of(&recipients),
                recipients,
                original_message_id: returned_id,
                delivered_to,
            };
        }
    }
    // A report whose delivery-status part names nobody is read like a plain bounce.
    if (status_body.is_some() || plain::looks_like_bounce(message))
        && let Some(notice) = message.body_text(0)
        && let Some(bounce) = plain::parse(&notice)
    {
        return Report {
            kind: bounce.kind,
            recipients: bounce.recipients,
            original_message_id: returned_id.or(bounce.original_message_id),
            delivered_to,
        };
    }
    if auto_reply::is_auto_reply(message) {
        return not_a_report(Kind::AutoReply, delivered_to);
    }
    not_a_report(Kind::NotAReport, delivered_to)
}

fn not_a_report(kind: Kind, delivered_to: Vec<String>) -> Report {
    Report {
        kind,
        recipients: Vec::new(),
        original_message_id: None,
        delivered_to,
    }
}

/// Failed if any recipient failed, else delayed if any is delayed, else a success report.
fn kind_of(recipients: &[Recipient]) -> Kind {
    if recipients.iter().any(|r| r.action == "failed") {
        Kind::Failed
    } else if recipients.iter().any(|r| r.action == "delayed") {
        Kind::Delayed
    } else {
        Kind::Delivered
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_shape() {
        let report = Report {
            kind: Kind::Failed,
            recipients: vec![Recipient {
                address: "x@y".into(),
                action: "failed".into(),
                status: Some("5.1.1".into()),
                diagnostic: Some("550 5.1.1 ...".into()),
                remote_mta: Some("mx.y".into()),
                hard: true,
            }],
            original_message_id: Some("abc@outcry.example".into()),
            delivered_to: vec!["bounce+12.ab34@outcry.example".into()],
        };
        let expected = serde_json::json!({
            "kind": "failed",
            "is_bounce": true,
            "recipients": [{
                "address": "x@y",
                "action": "failed",
                "status": "5.1.1",
                "diagnostic": "550 5.1.1 ...",
                "remote_mta": "mx.y",
                "hard": true
            }],
            "original_message_id": "abc@outcry.example",
            "delivered_to": ["bounce+12.ab34@outcry.example"]
        });
        assert_eq!(serde_json::to_value(&report).ok(), Some(expected));
        let text = serde_json::to_string(&report).unwrap_or_default();
        assert!(text.starts_with(r#"{"kind":"failed","is_bounce":true,"recipients":[{"address""#));
    }

    #[test]
    fn kinds_serialise_in_snake_case() {
        let names: Vec<_> = [
            Kind::Delayed,
            Kind::Delivered,
            Kind::AutoReply,
            Kind::NotAReport,
        ]
        .iter()
        .map(|k| serde_json::to_value(k).ok())
        .collect();
        let expected = ["delayed", "delivered", "auto_reply", "not_a_report"]
            .map(|s| Some(serde_json::Value::from(s)));
        assert_eq!(names, expected);
    }

    #[test]
    fn is_bounce_only_for_failed_and_delayed() {
        for (kind, bounce) in [
            (Kind::Failed, true),
            (Kind::Delayed, true),
            (Kind::Delivered, false),
            (Kind::AutoReply, false),
            (Kind::NotAReport, false),
        ] {
            assert_eq!(not_a_report(kind, Vec::new()).is_bounce(), bounce);
        }
    }

    /// A small deterministic generator, so the garbage is the same on every run.
    fn garbage(len: usize) -> Vec<u8> {
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state.to_le_bytes()[0]
            })
            .collect()
    }

    #[test]
    fn five_megabytes_of_garbage_is_not_a_report() {
        let report = read(&garbage(5 * 1024 * 1024));
        assert_eq!(report.kind, Kind::NotAReport);
        assert!(report.recipients.is_empty());
    }

    #[test]
    fn deep_nesting_does_not_exhaust_the_stack() {
        let level = "Content-Type: message/rfc822\r\n\r\n";
        let raw = level.repeat(MAX_INPUT_BYTES / level.len() + 10);
        assert_eq!(read(raw.as_bytes()).kind, Kind::NotAReport);
        let mut multipart = String::new();
        for i in 0..100_000 {
            multipart.push_str(&format!(
                "Content-Type: multipart/mixed; boundary=b{i}\r\n\r\n--b{i}\r\n"
            ));
        }
        assert_eq!(read(multipart.as_bytes()).kind, Kind::NotAReport);
    }

    #[test]
    fn a_long_returned_message_is_cut_but_the_report_is_read() {
        let raw = format!(
            "From: MAILER-DAEMON@mail.outcry.example\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\nFinal-Recipient: rfc822; a@mvd.example\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n--b\r\nContent-Type: message/rfc822\r\n\r\nMessage-ID: <big@outcry.example>\r\n\r\n{}",
            "x".repeat(2 * MAX_INPUT_BYTES)
        );
        let report = read(raw.as_bytes());
        assert_eq!(report.kind, Kind::Failed);
        assert_eq!(
            report.original_message_id.as_deref(),
            Some("big@outcry.example")
        );
    }

    /// Found by fuzzing with debug assertions on: mail-parser's `debug_assert!` "Invalid part
    /// ID" fires on these bytes (a boundary line glued to a header, nested message/global).
    #[test]
    fn an_assertion_inside_the_parser_is_not_a_panic_of_read() {
        let raw = "Content-Type:multipart/\n\tboundary=\"b\"\n\n--bContent-Type:message/global\nt\n\nR\nContent-Type:message/global\n\n\n--b--";
        assert!(!read(raw.as_bytes()).is_bounce());
    }

    #[test]
    fn empty_and_tiny_inputs() {
        for input in [
            &b""[..],
            b"\n",
            b":",
            b"From:",
            b"\r\n\r\n",
            b"Content-Type: multipart/report",
        ] {
            assert!(!read(input).is_bounce());
        }
    }

    #[test]
    fn two_hundred_recipients_are_capped() {
        let groups: String = (0..200)
            .map(|i| format!("Final-Recipient: rfc822; r{i}@mvd.example\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n"))
            .collect();
        let raw = format!(
            "From: MAILER-DAEMON@mail.outcry.example\r\nTo: bounce+1.0011223344556677@outcry.example\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nfailed\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mail.outcry.example\r\n\r\n{groups}--b--\r\n"
        );
        let report = read(raw.as_bytes());
        assert_eq!(report.kind, Kind::Failed);
        assert_eq!(report.recipients.len(), MAX_RECIPIENTS);
    }

    #[test]
    fn control_characters_never_reach_the_report() {
        let raw = "From: MAILER-DAEMON@mail.outcry.example\r\nTo: <bounce+1.0011223344556677@outcry.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\nFinal-Recipient: rfc822; ev\u{1b}[2Jil@mvd.example\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550\u{7} \u{202E}gone\r\n\r\n--b--\r\n";
        let report = read(raw.as_bytes());
        let recipient = &report.recipients[0];
        assert_eq!(recipient.address, "ev[2Jil@mvd.example");
        assert_eq!(recipient.diagnostic.as_deref(), Some("550 gone"));
    }

    /// Cuts and flips bytes of a real report and checks nothing panics and the bounds hold.
    #[test]
    fn mangled_reports_keep_the_invariants() {
        let raw = b"From: MAILER-DAEMON@mail.outcry.example\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n<a@b.example>: 550 5.1.1 no such user\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\nFinal-Recipient: rfc822; a@b.example\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n--b\r\nContent-Type: message/rfc822\r\n\r\nMessage-ID: <m@outcry.example>\r\n\r\nhi\r\n--b--\r\n";
        let noise = garbage(raw.len() * 64);
        for round in 0..raw.len() {
            let mut mangled = raw.to_vec();
            let at = round % mangled.len();
            if let Some(byte) = mangled.get_mut(at) {
                *byte = noise.get(round).copied().unwrap_or(0);
            }
            for cut in [mangled.len(), at] {
                let report = read(mangled.get(..cut).unwrap_or_default());
                assert!(report.recipients.len() <= MAX_RECIPIENTS);
                for r in &report.recipients {
                    assert!(r.status.as_deref().is_none_or(status::is_valid));
                    assert!(!r.address.chars().any(char::is_control));
                }
            }
        }
    }
}
