//! Enhanced status codes (RFC 3463): reading them from `Status:` fields and diagnostics, and
//! the hard-or-soft verdict, [`is_hard`], whose table and reasons the crate documentation's
//! *Hard and soft* section gives.

use std::fmt;

/// `class.subject.detail`, class 2, 4 or 5, subject and detail one to three digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Code {
    pub class: u8,
    pub subject: u16,
    pub detail: u16,
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.class, self.subject, self.detail)
    }
}

impl Code {
    /// Reads a code that is the whole of `token`, as in a `Status:` field.
    pub(crate) fn parse(token: &str) -> Option<Code> {
        let (code, used) = Code::at_start(token.as_bytes())?;
        (used == token.len()).then_some(code)
    }

    /// Reads a code at the start of `bytes`; returns it and how many bytes it took.
    fn at_start(bytes: &[u8]) -> Option<(Code, usize)> {
        let class = match bytes.first()? {
            b'2' => 2,
            b'4' => 4,
            b'5' => 5,
            _ => return None,
        };
        if bytes.get(1) != Some(&b'.') {
            return None;
        }
        let (subject, subject_len) = number(bytes.get(2..)?)?;
        let after_subject = 2 + subject_len;
        if bytes.get(after_subject) != Some(&b'.') {
            return None;
        }
        let (detail, detail_len) = number(bytes.get(after_subject + 1..)?)?;
        let code = Code {
            class,
            subject,
            detail,
        };
        Some((code, after_subject + 1 + detail_len))
    }

    fn is_unspecific(self) -> bool {
        self.subject == 0 && self.detail == 0
    }
}

/// One to three ASCII digits, not followed by a fourth.
fn number(bytes: &[u8]) -> Option<(u16, usize)> {
    let len = bytes
        .iter()
        .take(4)
        .take_while(|b| b.is_ascii_digit())
        .count();
    if !(1..=3).contains(&len) {
        return None;
    }
    let value = bytes
        .iter()
        .take(len)
        .fold(0u16, |n, b| n * 10 + u16::from(b - b'0'));
    Some((value, len))
}

/// The first enhanced code standing on its own in `text` (not part of an IP address or a
/// version number): `550-5.1.1 The email account...` gives 5.1.1.
pub(crate) fn find_enhanced(text: &str) -> Option<Code> {
    let bytes = text.as_bytes();
    for (start, _) in bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b, b'2' | b'4' | b'5'))
    {
        if start > 0
            && bytes
                .get(start - 1)
                .is_some_and(|b| b.is_ascii_digit() || *b == b'.')
        {
            continue;
        }
        let Some(rest) = bytes.get(start..) else {
            continue;
        };
        let Some((code, used)) = Code::at_start(rest) else {
            continue;
        };
        let next = rest.get(used);
        let after_next = rest.get(used + 1);
        let glued = next.is_some_and(|b| b.is_ascii_alphanumeric())
            || (next == Some(&b'.') && after_next.is_some_and(|b| b.is_ascii_digit()));
        if !glued {
            return Some(code);
        }
    }
    None
}

/// The first basic SMTP reply code (`550`, `451`) in `text`, as a number.
fn find_basic(text: &str) -> Option<u16> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ':' | '(' | '[' | '\'' | '"'))
        .filter_map(|word| word.split('-').next())
        .find(|word| {
            word.len() == 3
                && word.bytes().all(|b| b.is_ascii_digit())
                && matches!(word.as_bytes().first(), Some(b'4' | b'5'))
        })
        .and_then(|word| word.parse().ok())
}

/// Wording mail servers use for "no such mailbox", in English and Russian.
const NO_SUCH_USER: &[&str] = &[
    "user unknown",
    "unknown user",
    "no such user",
    "no such mailbox",
    "no such recipient",
    "unknown recipient",
    "recipient unknown",
    "recipient not found",
    "user not found",
    "mailbox not found",
    "invalid recipient",
    "invalid mailbox",
    "does not exist",
    "doesn't exist",
    "doesn't have a",
    "does not have an account",
    "address rejected: user unknown",
    "нет такого",
    "не существует",
    "не найден",
    "неизвестный пользователь",
    "несуществующ",
];

fn says_no_such_user(diagnostic: &str) -> bool {
    let lower = diagnostic.to_lowercase();
    NO_SUCH_USER.iter().any(|phrase| lower.contains(phrase))
}

/// What a diagnostic's text says the status is: its enhanced code if it has one; else its basic
/// code, where 550, 551, 553 and 554 with "no such user" wording (Yahoo's "554 delivery error:
/// dd This user doesn't have an account" included) count as 5.1.1.
pub(crate) fn from_diagnostic(diagnostic: &str) -> Option<Code> {
    if let Some(code) = find_enhanced(diagnostic) {
        return Some(code);
    }
    let basic = find_basic(diagnostic)?;
    let class = u8::try_from(basic / 100).ok()?;
    if matches!(basic, 550 | 551 | 553 | 554) && says_no_such_user(diagnostic) {
        return Some(Code {
            class: 5,
            subject: 1,
            detail: 1,
        });
    }
    Some(Code {
        class,
        subject: 0,
        detail: 0,
    })
}

/// The status a recipient is reported with: the `Status:` field when it is a valid code, refined
/// by the diagnostic when the field only says X.0.0 (Exim writes 5.0.0 for every failure, with
/// the real code in the diagnostic); derived from the diagnostic when the field is missing or
/// malformed.
pub(crate) fn resolve(field: Option<&str>, diagnostic: Option<&str>) -> Option<String> {
    let from_field = field.and_then(|f| {
        let token = f.split(|c: char| c.is_whitespace() || c == '(').next()?;
        Code::parse(token)
    });
    let from_text = diagnostic.and_then(from_diagnostic);
    let code = match (from_field, from_text) {
        (Some(field), Some(text))
            if field.is_unspecific() && text.class == field.class && !text.is_unspecific() =>
        {
            text
        }
        (Some(field), _) => field,
        (None, text) => text?,
    };
    Some(code.to_string())
}

/// Phrases by which a 5.4.1 says it was about the recipient (Office 365 answers unknown
/// mailboxes of its tenants with "550 5.4.1 Recipient address rejected: Access denied").
const RECIPIENT_REJECTED: &[&str] = &[
    "recipient address rejected",
    "recipient rejected",
    "recipientnotfound",
    "recipient not found",
];

/// Whether a recipient's address itself is bad: the one place the crate decides it (the table
/// and why it is this narrow are in the crate documentation, *Hard and soft*). Only a failed
/// action can be hard; the match below is the whole table.
pub fn is_hard(action: &str, status: Option<&str>, diagnostic: Option<&str>) -> bool {
    if action != "failed" {
        return false;
    }
    let Some(code) = status.and_then(Code::parse) else {
        return false;
    };
    match (code.class, code.subject, code.detail) {
        (5, 1, 0..=6 | 9 | 10) | (5, 2, 1) => true,
        (5, 4, 1) => diagnostic.is_some_and(|d| {
            let lower = d.to_lowercase();
            RECIPIENT_REJECTED
                .iter()
                .any(|phrase| lower.contains(phrase))
        }),
        _ => false,
    }
}

/// Whether `status` has the shape `class.subject.detail` with class 2, 4 or 5.
pub fn is_valid(status: &str) -> bool {
    Code::parse(status).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_shapes() {
        assert!(is_valid("5.1.1"));
        assert!(is_valid("4.4.7"));
        assert!(is_valid("5.1.10"));
        assert!(is_valid("2.0.0"));
        assert!(!is_valid("3.1.1"));
        assert!(!is_valid("5.1"));
        assert!(!is_valid("5.1.1000"));
        assert!(!is_valid("5..1"));
        assert!(!is_valid(""));
    }

    #[test]
    fn hard_and_soft_table() {
        let rejected = Some("550 5.4.1 Recipient address rejected: Access denied");
        let cases: &[(&str, &str, Option<&str>, bool)] = &[
            ("failed", "5.1.0", None, true),
            ("failed", "5.1.1", None, true),
            ("failed", "5.1.2", None, true),
            ("failed", "5.1.3", None, true),
            ("failed", "5.1.6", None, true),
            ("failed", "5.1.9", None, true),
            ("failed", "5.1.10", None, true),
            ("failed", "5.2.1", None, true),
            ("failed", "5.4.1", rejected, true),
            ("failed", "5.4.1", Some("550 5.4.1 No route"), false),
            ("failed", "5.4.1", None, false),
            ("failed", "5.1.7", None, false),
            ("failed", "5.1.8", None, false),
            ("failed", "5.2.2", None, false),
            ("failed", "5.3.4", None, false),
            ("failed", "5.7.1", Some("550 5.7.1 No such user!"), false),
            ("failed", "5.0.0", None, false),
            ("failed", "4.1.1", None, false),
            ("delayed", "5.1.1", None, false),
            ("delivered", "2.0.0", None, false),
        ];
        for (action, status, diagnostic, hard) in cases {
            assert_eq!(
                is_hard(action, Some(status), *diagnostic),
                *hard,
                "{action} {status}"
            );
        }
        assert!(!is_hard("failed", None, Some("550 5.1.1 user unknown")));
    }

    #[test]
    fn codes_in_diagnostics() {
        let gmail = "550-5.1.1 The email account that you tried to reach does not exist.";
        assert_eq!(
            from_diagnostic(gmail).map(|c| c.to_string()).as_deref(),
            Some("5.1.1")
        );
        assert_eq!(find_enhanced("host 192.5.1.1 said hi"), None);
        assert_eq!(find_enhanced("version 5.1.1.2"), None);
        assert_eq!(
            find_enhanced("code 5.1.1."),
            Some(Code {
                class: 5,
                subject: 1,
                detail: 1
            })
        );
        let unknown = from_diagnostic("550 <x@y>: user unknown").map(|c| c.to_string());
        assert_eq!(unknown.as_deref(), Some("5.1.1"));
        let russian = from_diagnostic("553 нет такого пользователя").map(|c| c.to_string());
        assert_eq!(russian.as_deref(), Some("5.1.1"));
        let generic = from_diagnostic("552 message too big").map(|c| c.to_string());
        assert_eq!(generic.as_deref(), Some("5.0.0"));
        let later = from_diagnostic("451-Try again later").map(|c| c.to_string());
        assert_eq!(later.as_deref(), Some("4.0.0"));
        assert_eq!(from_diagnostic("no code here"), None);
    }

    #[test]
    fn resolve_prefers_the_field_and_refines_x_0_0() {
        let diag = Some("550 5.1.1 <x@y>: Recipient address rejected: User unknown");
        assert_eq!(resolve(Some("5.2.2"), diag).as_deref(), Some("5.2.2"));
        assert_eq!(resolve(Some("5.0.0"), diag).as_deref(), Some("5.1.1"));
        assert_eq!(resolve(Some("4.0.0"), diag).as_deref(), Some("4.0.0"));
        assert_eq!(resolve(None, diag).as_deref(), Some("5.1.1"));
        assert_eq!(
            resolve(Some("5.1.1 (bad mailbox)"), None).as_deref(),
            Some("5.1.1")
        );
        assert_eq!(resolve(Some("nonsense"), None), None);
    }
}
