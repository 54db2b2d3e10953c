//! A message's content as the outbox keeps it (encrypted), and how it becomes the bytes the
//! relay receives.
//!
//! Everything that reaches a header comes from outside at some point (a supporter's name, an
//! action's headline), so [`compose`] never trusts it: control characters become spaces
//! before lettre sees the text, and lettre encodes what is not plain ASCII (RFC 2047), so no
//! value can end a header and start another. Addresses are parsed by lettre's address parser
//! (internationalised domains and local parts included).

use base64::Engine;
use lettre::Address;
use lettre::address::Envelope;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message, MultiPart, SinglePart};
use serde::{Deserialize, Serialize};

use crate::settings::MailSettings;

/// The longest subject kept; longer ones are cut (at a character boundary).
pub const MAX_SUBJECT_CHARS: usize = 200;
/// The longest display name kept.
pub const MAX_NAME_CHARS: usize = 100;

/// What one message says and to whom: the outbox stores it encrypted, as JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payload {
    /// The recipient's address.
    pub to: String,
    /// The recipient's name, if known (an official's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_name: Option<String>,
    /// The display name on `From` (the supporter's name on an appeal, the site's otherwise);
    /// the address is always the site's own.
    pub from_name: String,
    /// Where replies go (the supporter, on an appeal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<String>,
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub text: String,
    /// The language of the text (ISO 639-1).
    pub lang: String,
    /// A file sent with the text (the letter as a PDF, on a receipt for an appeal that did
    /// not arrive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment: Option<Attachment>,
    /// What to tell `reply_to` once this message is final, when they asked to be told (an
    /// appeal's receipt): written by the face at confirmation, in the supporter's language,
    /// so the worker needs no texts of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<ReceiptPlan>,
}

/// A file attached to a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// Its name, as the recipient's mail program shows it.
    pub filename: String,
    /// Its MIME type (`application/pdf`).
    pub content_type: String,
    /// Its bytes, base64 (standard alphabet): JSON has no bytes, and an array of numbers
    /// would be four times the size.
    pub base64: String,
}

/// The two receipts an appeal may end in; the worker queues one of them to the appeal's
/// `reply_to` in the transaction that makes the appeal final.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptPlan {
    /// When the official's side accepted it.
    pub accepted: Note,
    /// When it was refused, or could not be delivered in time: with the letter to print.
    pub refused: Note,
}

/// A short message to the supporter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// Its subject.
    pub subject: String,
    /// Its text.
    pub text: String,
    /// A file with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment: Option<Attachment>,
}

/// Why a payload cannot become a message: retrying will not help.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ComposeError {
    /// The recipient (or Reply-To) is not an address.
    #[error("the {0} address does not parse")]
    Address(&'static str),
    /// lettre refused the message.
    #[error("the message cannot be built: {0}")]
    Build(String),
}

/// A message ready for the relay: who the envelope names, and the signed bytes.
#[derive(Debug, Clone)]
pub struct Composed {
    /// MAIL FROM (the bounce address) and RCPT TO.
    pub envelope: Envelope,
    /// The whole message, DKIM-signed when a key is configured.
    pub bytes: Vec<u8>,
}

/// Builds the message for outbox row `row`, whose Message-ID is `message_id` and whose bounce
/// address is `bounce_to`.
pub fn compose(
    payload: &Payload,
    message_id: &str,
    bounce_to: &str,
    settings: &MailSettings,
) -> Result<Composed, ComposeError> {
    let to: Address = payload
        .to
        .trim()
        .parse()
        .map_err(|_| ComposeError::Address("recipient"))?;
    let return_path: Address = bounce_to
        .parse()
        .map_err(|_| ComposeError::Address("bounce"))?;
    let envelope = Envelope::new(Some(return_path), vec![to.clone()])
        .map_err(|e| ComposeError::Build(e.to_string()))?;
    let from = Mailbox::new(
        Some(header_text(&payload.from_name, MAX_NAME_CHARS)).filter(|n| !n.is_empty()),
        settings.from.clone(),
    );
    let to = Mailbox::new(
        payload
            .to_name
            .as_deref()
            .map(|n| header_text(n, MAX_NAME_CHARS))
            .filter(|n| !n.is_empty()),
        to,
    );
    let mut builder = Message::builder()
        .from(from)
        .to(to)
        .subject(header_text(&payload.subject, MAX_SUBJECT_CHARS))
        .message_id(Some(format!("<{message_id}>")))
        .envelope(envelope.clone());
    if let Some(reply_to) = &payload.reply_to {
        let reply_to: Address = reply_to
            .trim()
            .parse()
            .map_err(|_| ComposeError::Address("reply-to"))?;
        builder = builder.reply_to(Mailbox::new(
            Some(header_text(&payload.from_name, MAX_NAME_CHARS)).filter(|n| !n.is_empty()),
            reply_to,
        ));
    }
    let built = match &payload.attachment {
        None => builder
            .header(ContentType::TEXT_PLAIN)
            // lettre adds MIME-Version only to multipart bodies; RFC 2045 wants it beside any
            // Content-Type, and spam filters notice when it is missing.
            .header(lettre::message::header::MIME_VERSION_1_0)
            .body(body_text(&payload.text)),
        Some(file) => {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(&file.base64)
                .map_err(|e| ComposeError::Build(format!("the attachment: {e}")))?;
            let kind = ContentType::parse(&file.content_type)
                .map_err(|e| ComposeError::Build(format!("the attachment's type: {e}")))?;
            let name = header_text(&file.filename, MAX_NAME_CHARS);
            builder.multipart(
                MultiPart::mixed()
                    .singlepart(SinglePart::plain(body_text(&payload.text)))
                    .singlepart(lettre::message::Attachment::new(name).body(bytes, kind)),
            )
        }
    };
    let mut message = built.map_err(|e| ComposeError::Build(e.to_string()))?;
    if let Some(dkim) = &settings.dkim {
        dkim.sign(&mut message);
    }
    Ok(Composed {
        envelope,
        bytes: message.formatted(),
    })
}

/// Whether `text` is one email address, as lettre's parser reads them (internationalised
/// domains and local parts included; no display name, no spaces, no line breaks).
pub fn is_address(text: &str) -> bool {
    text.parse::<Address>().is_ok()
}

/// Text for a header: every control character (CR and LF above all) becomes a space, runs of
/// white space one space, and the result is cut to `max` characters.
pub fn header_text(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max * 4));
    let mut space = false;
    for c in text.chars() {
        if c.is_control() || c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
        if out.chars().count() >= max {
            break;
        }
    }
    out
}

/// A body with line ends as the text had them, and no other control characters but tabs.
fn body_text(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> MailSettings {
        MailSettings::new("appeals@act.example.org", None, None).expect("settings")
    }

    fn payload() -> Payload {
        Payload {
            to: "prosecutor@example.net".into(),
            to_name: Some("Prosecutor".into()),
            from_name: "Анна К.".into(),
            reply_to: Some("anna@example.org".into()),
            subject: "Azat Miftakhov".into(),
            text: "Dear Prosecutor,\n\nRelease him.\n".into(),
            lang: "en".into(),
            ..Payload::default()
        }
    }

    #[test]
    fn an_attachment_makes_a_mixed_message_with_the_text_first() {
        let mut p = payload();
        p.attachment = Some(Attachment {
            filename: "letter.pdf".into(),
            content_type: "application/pdf".into(),
            base64: "JVBERi0xLjcKJeLjz9MKMSAwIG9iago=".into(),
        });
        let m =
            compose(&p, "a@act.example.org", "b@act.example.org", &settings()).expect("composed");
        let text = String::from_utf8(m.bytes).expect("utf-8");
        assert!(text.contains("Content-Type: multipart/mixed"), "{text}");
        assert_eq!(text.matches("\r\nContent-Type: ").count(), 3, "{text}");
        assert!(text.contains("filename=\"letter.pdf\""), "{text}");
        assert!(text.contains("Content-Transfer-Encoding: base64"), "{text}");
        assert!(text.contains("JVBERi0xLjcKJeLjz9MKMSAwIG9iago="), "{text}");
        assert!(text.find("Release him.") < text.find("JVBERi0xLjcKJeLjz9MKMSAwIG9iago="));
        p.attachment = p.attachment.map(|a| Attachment {
            base64: "not base64!".into(),
            ..a
        });
        assert!(matches!(
            compose(&p, "a@act.example.org", "b@act.example.org", &settings()),
            Err(ComposeError::Build(_))
        ));
    }

    #[test]
    fn a_message_has_the_sites_from_the_supporters_reply_to_and_its_fixed_message_id() {
        let m = compose(
            &payload(),
            "abc.1@act.example.org",
            "bounce+1.00@act.example.org",
            &settings(),
        )
        .expect("composed");
        let text = String::from_utf8(m.bytes).expect("utf-8");
        assert!(
            text.contains("Message-ID: <abc.1@act.example.org>\r\n"),
            "{text}"
        );
        assert!(text.contains("@act.example.org>\r\n"));
        assert!(text.contains("Reply-To: "), "{text}");
        assert!(text.contains("anna@example.org"));
        assert!(text.contains("Release him."));
        assert_eq!(
            m.envelope.from().map(ToString::to_string).as_deref(),
            Some("bounce+1.00@act.example.org")
        );
        assert_eq!(m.envelope.to().len(), 1);
    }

    #[test]
    fn no_field_can_add_a_header() {
        let mut p = payload();
        p.from_name = "Anna\r\nBcc: victim@example.com".into();
        p.subject = "Hi\nX-Injected: yes".into();
        p.to_name = Some("A\r\n\r\nbody".into());
        let m = compose(
            &p,
            "abc.2@act.example.org",
            "bounce+2.00@act.example.org",
            &settings(),
        )
        .expect("composed");
        let text = String::from_utf8(m.bytes).expect("utf-8");
        let headers = text.split("\r\n\r\n").next().unwrap_or("");
        assert!(!headers.lines().any(|l| l.starts_with("Bcc:")), "{headers}");
        assert!(
            !headers.lines().any(|l| l.starts_with("X-Injected")),
            "{headers}"
        );
        assert_eq!(m.envelope.to().len(), 1);
    }

    #[test]
    fn bad_addresses_are_refused_and_long_text_cut() {
        let mut p = payload();
        p.to = "not an address".into();
        assert_eq!(
            compose(&p, "a@b", "bounce+3.00@act.example.org", &settings()).err(),
            Some(ComposeError::Address("recipient"))
        );
        let mut p = payload();
        p.to = "a@b.example\r\nRCPT TO:<x@y>".into();
        assert!(compose(&p, "a@b", "bounce+3.00@act.example.org", &settings()).is_err());
        assert_eq!(header_text(&"я".repeat(500), 200).chars().count(), 200);
        assert_eq!(header_text("  a \t\r\n b  ", 10), "a b");
    }
}
