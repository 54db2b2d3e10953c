//! Bounces without a delivery-status part: the notices qmail, old Exim, Sendmail, Exchange,
//! Yahoo, Yandex and Mail.ru write for people. Their wording is fixed by each program, so a few
//! phrases recognise them and a line scan finds the addresses.
//!
//! Only the notice is read, never the copy of the returned message that follows it: the copy is
//! our own appeal, and it may itself quote anything.

use mail_parser::Message;

use crate::dsn::DIAGNOSTIC_MAX;
use crate::parts::message_id;
use crate::{Kind, MAX_RECIPIENTS, Recipient, status, text};

/// Most bytes of a notice read; real notices are a few kilobytes.
const MAX_NOTICE_BYTES: usize = 256 * 1024;
/// Most bytes of the returned copy read when looking for its headers.
const MAX_COPY_BYTES: usize = 64 * 1024;
/// Most bytes of reason text gathered for one recipient before it is cut to a diagnostic.
const MAX_REASON_BYTES: usize = 2048;

/// Local parts mail systems send bounces from.
const DAEMON_LOCAL_PARTS: &[&str] = &[
    "mailer-daemon",
    "mailer_daemon",
    "mailerdaemon",
    "mail-daemon",
    "maildaemon",
    "postmaster",
];

/// Subjects of bounces, lowercase.
const BOUNCE_SUBJECTS: &[&str] = &[
    "undelivered mail returned to sender",
    "mail delivery failed",
    "mail delivery failure",
    "delivery status notification",
    "failure notice",
    "returned mail:",
    "undeliverable:",
    "undeliverable mail",
    "undelivered mail",
    "delivery failure",
    "delivery has failed",
    "mail failure",
    "delayed mail",
    "warning: message",
    "warning: could not send message",
    "недоставленное сообщение",
    "не удалось доставить",
    "сообщение не доставлено",
    "письмо не доставлено",
];

/// Whether the envelope and headers say a mail system, not a person, sent `message` about a
/// delivery.
pub(crate) fn looks_like_bounce(message: &Message<'_>) -> bool {
    let from_daemon = message.from().is_some_and(|from| {
        from.iter().any(|addr| {
            let local = addr
                .address()
                .and_then(|a| a.rsplit_once('@').map(|(local, _)| local))
                .unwrap_or_default()
                .to_ascii_lowercase();
            let name = addr.name().unwrap_or_default().to_ascii_lowercase();
            DAEMON_LOCAL_PARTS.iter().any(|d| local.starts_with(d))
                || name.contains("mail delivery")
        })
    });
    let null_return_path = message.headers_raw().any(|(name, value)| {
        name.trim().eq_ignore_ascii_case("return-path")
            && matches!(
                value.split_whitespace().collect::<String>().as_str(),
                "" | "<>"
            )
    });
    let bounce_subject = message.subject().is_some_and(|subject| {
        let subject = text::prefix(subject, 1000).to_lowercase();
        BOUNCE_SUBJECTS.iter().any(|s| subject.contains(s))
    });
    from_daemon || null_return_path || bounce_subject
}

/// Phrases that say delivery failed, lowercase.
const FAILURE_MARKERS: &[&str] = &[
    "address(es) failed",
    "permanent fatal error",
    "permanent error",
    "could not be delivered",
    "couldn't be delivered",
    "could not deliver",
    "unable to deliver",
    "wasn't able to deliver",
    "was not able to deliver",
    "delivery has failed",
    "delivery to the following recipient",
    "undeliverable",
    "failed permanently",
    "user unknown",
    "no such user",
    "не может быть доставлено",
    "не удалось доставить",
    "не был доставлен",
    "не было доставлено",
    "не доставлено",
];
/// Phrases that say delivery is late but still being tried, lowercase.
const DELAY_MARKERS: &[&str] = &[
    "will keep trying",
    "still trying",
    "will be retried",
    "will continue to try",
    "delivery attempts will continue",
    "has not yet been delivered",
    "have not yet been delivered",
    "transient non-fatal",
    "temporary",
    "this is a warning only",
    "delayed",
    "попытки доставки будут продолжены",
    "продолжаем попытки",
    "временная ошибка",
];
/// Phrases that settle it as final even when delay wording appears too.
const FINAL_MARKERS: &[&str] = &[
    "permanent",
    "given up",
    "giving up",
    "fatal error",
    "address(es) failed",
    "not going to try again",
    "не может быть доставлено",
];
/// Lines after which a notice lists the recipients it is about, lowercase.
const LIST_HEADINGS: &[&str] = &[
    "address(es) failed",
    "following addresses had",
    "following recipients",
    "following recipient",
    "following list of recipients",
    "following address",
    "these recipients or groups",
    "нескольким получателям",
    "получателям:",
    "следующим получателям",
    "следующих получателей",
];
/// Lines that start the copy of the returned message, lowercase.
const COPY_SEPARATORS: &[&str] = &[
    "this is a copy of the message",
    "below this line is a copy of the message",
    "message follows -----",
    "original message headers:",
    "below is a copy of the original message",
    "----- original message -----",
    "копия исходного сообщения",
    "копия сообщения",
];

/// A plain-text bounce as read from its notice.
#[derive(Debug)]
pub(crate) struct PlainBounce {
    pub kind: Kind,
    pub recipients: Vec<Recipient>,
    pub original_message_id: Option<String>,
}

/// Reads a notice; `None` when it says nothing about a failed or delayed delivery.
pub(crate) fn parse(body: &str) -> Option<PlainBounce> {
    let body = text::prefix(body, MAX_NOTICE_BYTES);
    let (notice, copy) = split_copy(body);
    let lower = notice.to_lowercase();
    let failed = FAILURE_MARKERS.iter().any(|m| lower.contains(m));
    let delayed = DELAY_MARKERS.iter().any(|m| lower.contains(m));
    if !failed && !delayed {
        return None;
    }
    let final_words = FINAL_MARKERS.iter().any(|m| lower.contains(m));
    let (kind, action) = if delayed && !final_words {
        (Kind::Delayed, "delayed")
    } else {
        (Kind::Failed, "failed")
    };
    let recipients = recipients(notice, action);
    let original_message_id = copy.and_then(copied_message_id);
    Some(PlainBounce {
        kind,
        recipients,
        original_message_id,
    })
}

/// The notice, and the copy of the returned message when a separator line introduces one.
fn split_copy(body: &str) -> (&str, Option<&str>) {
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let lower = line.to_lowercase();
        if COPY_SEPARATORS.iter().any(|s| lower.contains(s)) {
            let notice = body.get(..offset).unwrap_or(body);
            let copy = body.get(offset + line.len()..);
            return (notice, copy);
        }
        offset += line.len();
    }
    (body, None)
}

/// The Message-ID among the inline headers that start the copy.
fn copied_message_id(copy: &str) -> Option<String> {
    let groups = crate::fields::groups(text::prefix(copy, MAX_COPY_BYTES));
    let headers = groups.first()?;
    let value = crate::fields::get(headers, "message-id")?;
    let inner = match (value.find('<'), value.find('>')) {
        (Some(start), Some(end)) if start < end => value.get(start + 1..end).unwrap_or(value),
        _ => value,
    };
    Some(message_id(inner)).filter(|id| !id.is_empty())
}

/// A recipient being gathered: its address and the reason lines under it.
struct Pending {
    address: String,
    reason: String,
}

impl Pending {
    fn add_reason(&mut self, piece: &str) {
        let piece = piece.trim();
        // A notice that says everything twice (Mail.ru: in Russian, then in English) repeats
        // the server's answer word for word; once is enough.
        if piece.is_empty() || self.reason.len() >= MAX_REASON_BYTES || self.reason.contains(piece)
        {
            return;
        }
        if !self.reason.is_empty() {
            self.reason.push(' ');
        }
        let room = MAX_REASON_BYTES.saturating_sub(self.reason.len());
        self.reason.push_str(text::prefix(piece, room));
    }
}

fn recipients(notice: &str, action: &str) -> Vec<Recipient> {
    let mut found: Vec<Pending> = Vec::new();
    let mut current: Option<usize> = None;
    let mut in_list = false;
    for line in notice.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            current = None;
            continue;
        }
        let lower = trimmed.to_lowercase();
        if LIST_HEADINGS.iter().any(|h| lower.contains(h)) {
            current = None;
            in_list = true;
            continue;
        }
        if let Some((address, rest)) = recipient_start(trimmed, in_list) {
            // A notice may name one address twice (Exchange repeats it above the server's
            // answer); the second mention adds to the first.
            let index = match found.iter().position(|p| p.address == address) {
                Some(index) => index,
                None if found.len() < MAX_RECIPIENTS => {
                    found.push(Pending {
                        address,
                        reason: String::new(),
                    });
                    found.len() - 1
                }
                None => {
                    current = None;
                    continue;
                }
            };
            if let Some(pending) = found.get_mut(index) {
                pending.add_reason(rest);
            }
            current = Some(index);
            continue;
        }
        if let Some(pending) = current.and_then(|i| found.get_mut(i)) {
            pending.add_reason(trimmed);
        }
    }
    if found.is_empty() {
        found = from_rcpt_commands(notice);
    }
    let lone_code_line = (found.len() == 1)
        .then(|| notice.lines().find(|l| status::find_enhanced(l).is_some()))
        .flatten();
    found
        .into_iter()
        .map(|pending| finish(pending, action, lone_code_line))
        .collect()
}

/// Where a line starts a recipient: `<x@y>:` (qmail, Yahoo, Postfix), `<x@y>...` and `<x@y>`
/// (Sendmail), an address first in a line of a list (Exim, Mail.ru, Exchange), or Office 365's
/// "Your message to x@y couldn't be delivered". Returns the address and the rest of the line.
fn recipient_start(line: &str, in_list: bool) -> Option<(String, &str)> {
    if let Some(inner) = line.strip_prefix('<') {
        let end = inner.find('>')?;
        let candidate = inner.get(..end)?;
        let rest = inner.get(end + 1..).unwrap_or("").trim();
        if text::looks_like_address(candidate)
            && (rest.is_empty() || rest.starts_with(':') || rest.starts_with("..."))
        {
            let rest = rest.trim_start_matches([':', '.']);
            return Some((text::address(candidate)?, rest));
        }
        return None;
    }
    if in_list {
        let token = line.split_whitespace().next()?;
        let candidate = token
            .split('<')
            .next()
            .unwrap_or(token)
            .trim_end_matches(':');
        if text::looks_like_address(candidate) {
            let rest = line.get(token.len()..).unwrap_or("").trim();
            let only_repeats_address =
                rest.starts_with('(') && rest.ends_with(')') && rest.contains('@');
            let rest = if only_repeats_address { "" } else { rest };
            return Some((text::address(candidate)?, rest));
        }
    }
    ADDRESS_AFTER.iter().find_map(|phrase| {
        let end = find_ignoring_case(line, phrase)?;
        let after = line.get(end..)?;
        let candidate = after
            .split_whitespace()
            .next()?
            .trim_end_matches(['.', ',', ':']);
        let candidate = candidate.trim_matches(['<', '>']);
        text::looks_like_address(candidate)
            .then(|| text::address(candidate))
            .flatten()
            .map(|address| (address, ""))
    })
}

/// Phrases a notice writes right before the address it is about (Office 365, Gmail, Yandex).
const ADDRESS_AFTER: &[&str] = &[
    "your message to ",
    "wasn't delivered to ",
    "could not be delivered to ",
    "не удалось доставить по адресу ",
    "не доставлено по адресу ",
    "не может быть доставлено по адресу ",
];

/// Where the first match of `phrase` (lowercase) in `line` ends, ignoring case, as a byte
/// offset into `line` (an uppercase letter need not be as long as its lowercase).
fn find_ignoring_case(line: &str, phrase: &str) -> Option<usize> {
    let same = |c: char, p: char| c.to_lowercase().eq(std::iter::once(p));
    let first = phrase.chars().next()?;
    line.char_indices()
        .filter(|&(_, c)| same(c, first))
        .find_map(|(at, _)| {
            let mut rest = line.get(at..)?.char_indices();
            let mut end = at;
            for p in phrase.chars() {
                let (offset, c) = rest.next()?;
                if !same(c, p) {
                    return None;
                }
                end = at + offset + c.len_utf8();
            }
            Some(end)
        })
}

/// Last resort: every paragraph that shows an `RCPT TO:<x@y>` command is about x@y.
fn from_rcpt_commands(notice: &str) -> Vec<Pending> {
    let mut found: Vec<Pending> = Vec::new();
    for paragraph in paragraphs(notice) {
        let ascii_lower = paragraph.to_ascii_lowercase();
        let Some(at) = ascii_lower.find("rcpt to:<") else {
            continue;
        };
        let Some(after) = paragraph.get(at + "rcpt to:<".len()..) else {
            continue;
        };
        let candidate = after.split('>').next().unwrap_or_default();
        let Some(address) = text::looks_like_address(candidate)
            .then(|| text::address(candidate))
            .flatten()
        else {
            continue;
        };
        if found.len() >= MAX_RECIPIENTS {
            break;
        }
        if !found.iter().any(|p| p.address == address) {
            let mut pending = Pending {
                address,
                reason: String::new(),
            };
            pending.add_reason(paragraph);
            found.push(pending);
        }
    }
    found
}

/// Blank-line separated paragraphs of `text`.
fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.split("\n\n")
        .flat_map(|p| p.split("\r\n\r\n"))
        .filter(|p| !p.trim().is_empty())
}

fn finish(pending: Pending, action: &str, lone_code_line: Option<&str>) -> Recipient {
    let reason = pending.reason.trim();
    let reason = match reason.strip_prefix("(reason:") {
        Some(inner) => inner.trim().trim_end_matches(')'),
        None => reason,
    };
    let mut diagnostic = Some(text::clean(reason, DIAGNOSTIC_MAX)).filter(|d| !d.is_empty());
    let mut status = status::resolve(None, diagnostic.as_deref());
    if status.is_none()
        && let Some(line) = lone_code_line
    {
        diagnostic = Some(text::clean(line, DIAGNOSTIC_MAX));
        status = status::resolve(None, diagnostic.as_deref());
    }
    let hard = status::is_hard(action, status.as_deref(), diagnostic.as_deref());
    Recipient {
        address: pending.address,
        action: action.to_owned(),
        status,
        diagnostic,
        remote_mta: None,
        hard,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qmail_notice() {
        let body = "Hi. This is the qmail-send program at mail.fsin.example.\nI'm afraid I wasn't able to deliver your message to the following addresses.\nThis is a permanent error; I've given up. Sorry it didn't work out.\n\n<petrov@fsin.example>:\n203.0.113.7 does not like recipient.\nRemote host said: 550 5.1.1 <petrov@fsin.example>: no such user\nGiving up on 203.0.113.7.\n\n--- Below this line is a copy of the message.\n\nReturn-Path: <bounce+1.00@outcry.example>\nMessage-ID: <q1@outcry.example>\nSubject: x\n\nbody\n";
        let bounce = parse(body).expect("a bounce");
        assert_eq!(bounce.kind, Kind::Failed);
        assert_eq!(bounce.recipients.len(), 1);
        assert_eq!(bounce.recipients[0].address, "petrov@fsin.example");
        assert_eq!(bounce.recipients[0].status.as_deref(), Some("5.1.1"));
        assert!(bounce.recipients[0].hard);
        assert_eq!(
            bounce.original_message_id.as_deref(),
            Some("q1@outcry.example")
        );
    }

    #[test]
    fn delay_wording_makes_it_delayed() {
        let body = "This message has not yet been delivered. Delivery attempts will continue.\n\n<a@b.example>: 451 4.4.1 timeout\n";
        let bounce = parse(body).expect("a bounce");
        assert_eq!(bounce.kind, Kind::Delayed);
        assert_eq!(bounce.recipients[0].action, "delayed");
        assert_eq!(bounce.recipients[0].status.as_deref(), Some("4.4.1"));
        assert!(!bounce.recipients[0].hard);
    }

    #[test]
    fn exim_delay_warning_is_delayed() {
        let body = "This message was created automatically by mail delivery software.\n\nA message that you sent has not yet been delivered to one or more of its\nrecipients after more than 24 hours on the queue on relay.outcry.example.\n\nThe address(es) that have not yet been delivered are listed below. The following address(es) are delayed:\n\n  kantselyariya@fsin.example\n    host mx.fsin.example [203.0.113.40]: Connection timed out\n\nNo action is required on your part. Delivery attempts will continue for\nsome time, and this warning may be repeated at intervals if the message\nremains undelivered. Eventually the mail delivery software will give up,\nand when that happens, the message will be returned to you.\n";
        let bounce = parse(body).expect("a bounce");
        assert_eq!(bounce.kind, Kind::Delayed);
        assert_eq!(bounce.recipients.len(), 1);
        assert_eq!(bounce.recipients[0].address, "kantselyariya@fsin.example");
        assert_eq!(bounce.recipients[0].action, "delayed");
        assert_eq!(bounce.recipients[0].status, None);
    }

    #[test]
    fn prose_without_markers_is_not_a_bounce() {
        assert!(parse("Thank you for your letter, we will look into it.").is_none());
    }

    #[test]
    fn rcpt_command_is_the_last_resort() {
        let body = "Delivery has failed.\n\nSMTP error from remote mail server after RCPT TO:<Z@MVD.example>:\n550 5.1.1 unknown\n";
        let bounce = parse(body).expect("a bounce");
        assert_eq!(bounce.recipients[0].address, "Z@mvd.example");
        assert_eq!(bounce.recipients[0].status.as_deref(), Some("5.1.1"));
    }

    #[test]
    fn russian_notices() {
        let list = "Сообщение не доставлено следующим получателям:\n\n  Ivanov@MVD.example\n    550 5.1.1 нет такого пользователя\n";
        let bounce = parse(list).expect("a bounce");
        assert_eq!(bounce.recipients[0].address, "Ivanov@mvd.example");
        assert!(bounce.recipients[0].hard);
        let phrase = "Ваше сообщение не удалось доставить по адресу <petrov@fsin.example>.\n\nОтвет сервера: 550 5.2.2 ящик переполнен\n";
        let bounce = parse(phrase).expect("a bounce");
        assert_eq!(bounce.recipients[0].address, "petrov@fsin.example");
        assert_eq!(bounce.recipients[0].status.as_deref(), Some("5.2.2"));
        assert!(!bounce.recipients[0].hard);
    }

    #[test]
    fn phrases_match_without_case() {
        assert_eq!(
            find_ignoring_case("Hi. YOUR Message To x", "your message to "),
            Some(20)
        );
        assert_eq!(find_ignoring_case("\u{212A}ey x", "key "), Some(6));
        assert_eq!(
            find_ignoring_case(
                "НЕ УДАЛОСЬ ДОСТАВИТЬ ПО АДРЕСУ x",
                "не удалось доставить по адресу "
            ),
            Some("НЕ УДАЛОСЬ ДОСТАВИТЬ ПО АДРЕСУ ".len())
        );
        assert_eq!(find_ignoring_case("nothing", "your message to "), None);
    }

    #[test]
    fn at_most_a_hundred_recipients() {
        let list: String = (0..200)
            .map(|i| format!("  r{i}@mvd.example\n    550 5.1.1 unknown\n\n"))
            .collect();
        let body =
            format!("This is a permanent error. The following address(es) failed:\n\n{list}");
        let bounce = parse(&body).expect("a bounce");
        assert_eq!(bounce.recipients.len(), MAX_RECIPIENTS);
    }
}
