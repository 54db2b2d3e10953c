//! The body of a `message/delivery-status` (RFC 3464) or `message/global-delivery-status`
//! (RFC 6533) part: one per-message group, then one group per recipient.

use crate::fields::{self, Field};
use crate::{MAX_RECIPIENTS, Recipient, status, text};

/// What a delivery-status body says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeliveryStatus {
    /// `Reporting-MTA` of the per-message group, type stripped.
    pub reporting_mta: Option<String>,
    /// `Arrival-Date` of the per-message group, as written.
    pub arrival_date: Option<String>,
    /// The recipient groups that name a recipient, at most [`MAX_RECIPIENTS`].
    pub recipients: Vec<Recipient>,
}

/// Longest diagnostic kept, in characters.
pub(crate) const DIAGNOSTIC_MAX: usize = 500;
/// Longest host name, date or id kept, in characters.
const SHORT_MAX: usize = 255;

/// Reads a delivery-status body. A group counts as a recipient's when it has a
/// `Final-Recipient` or an `Original-Recipient`; the first group that does not is the
/// per-message one. A group with two `Final-Recipient` fields (some MTAs forget the blank line)
/// is read as two recipients.
pub fn parse(body: &str) -> DeliveryStatus {
    let mut report = DeliveryStatus::default();
    let mut per_message_seen = false;
    for group in fields::groups(body) {
        let names_recipient = group
            .iter()
            .any(|f| f.name == "final-recipient" || f.name == "original-recipient");
        if !names_recipient {
            if !per_message_seen {
                per_message_seen = true;
                report.reporting_mta = fields::get(&group, "reporting-mta")
                    .map(|v| text::clean(text::strip_type(v), SHORT_MAX));
                report.arrival_date =
                    fields::get(&group, "arrival-date").map(|v| text::clean(v, SHORT_MAX));
            }
            continue;
        }
        per_message_seen = true;
        for block in split_recipients(&group) {
            if report.recipients.len() >= MAX_RECIPIENTS {
                return report;
            }
            if let Some(recipient) = recipient(block) {
                report.recipients.push(recipient);
            }
        }
    }
    report
}

/// Splits a group where a second `Final-Recipient` starts a new recipient.
fn split_recipients(group: &[Field]) -> Vec<&[Field]> {
    let mut blocks = Vec::new();
    let mut start = 0;
    let mut has_final = false;
    for (i, field) in group.iter().enumerate() {
        if field.name == "final-recipient" {
            if has_final {
                blocks.push(group.get(start..i).unwrap_or_default());
                start = i;
            }
            has_final = true;
        }
    }
    blocks.push(group.get(start..).unwrap_or_default());
    blocks
}

/// The actions RFC 3464 defines.
const ACTIONS: &[&str] = &["failed", "delayed", "delivered", "relayed", "expanded"];

fn recipient(block: &[Field]) -> Option<Recipient> {
    let address = recipient_address(fields::get(block, "final-recipient"))
        .or_else(|| recipient_address(fields::get(block, "original-recipient")))?;
    let diagnostic = fields::get(block, "diagnostic-code")
        .map(|v| text::clean(text::strip_type(v), DIAGNOSTIC_MAX))
        .filter(|d| !d.is_empty());
    let status = status::resolve(fields::get(block, "status"), diagnostic.as_deref());
    let action = fields::get(block, "action")
        .and_then(|v| v.split(|c: char| c.is_whitespace() || c == '(').next())
        .map(str::to_ascii_lowercase)
        .filter(|a| ACTIONS.contains(&a.as_str()))
        .or_else(|| action_from_status(status.as_deref()))?;
    let remote_mta = fields::get(block, "remote-mta")
        .and_then(|v| text::strip_type(v).split_whitespace().next())
        .map(|host| text::clean(host.trim_end_matches('.'), SHORT_MAX))
        .filter(|h| !h.is_empty());
    let hard = status::is_hard(&action, status.as_deref(), diagnostic.as_deref());
    Some(Recipient {
        address,
        action,
        status,
        diagnostic,
        remote_mta,
        hard,
    })
}

/// A recipient field's address; RFC 6533 `utf-8` addresses may write non-ASCII as `\x{...}`.
fn recipient_address(field: Option<&str>) -> Option<String> {
    let field = field?;
    if field.contains("\\x{") {
        text::address(&text::unescape_xtext(field))
    } else {
        text::address(field)
    }
}

/// A recipient group without a usable `Action` still says what happened through its status
/// class.
fn action_from_status(status: Option<&str>) -> Option<String> {
    let action = match status?.as_bytes().first()? {
        b'5' => "failed",
        b'4' => "delayed",
        _ => "delivered",
    };
    Some(action.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const POSTFIX: &str = "Reporting-MTA: dns; mail.outcry.example\n\
X-Postfix-Queue-ID: 4Q1\n\
Arrival-Date: Tue,  1 Dec 2026 10:00:00 +0300 (MSK)\n\
\n\
Final-Recipient: rfc822; Ivan@MVD.example\n\
Original-Recipient: rfc822;ivan@mvd.example\n\
Action: Failed\n\
Status: 5.1.1\n\
Remote-MTA: dns; mx.mvd.example\n\
Diagnostic-Code: smtp; 550 5.1.1 <ivan@mvd.example>: Recipient address\n    rejected: User unknown\n";

    #[test]
    fn reads_the_per_message_and_recipient_groups() {
        let report = parse(POSTFIX);
        assert_eq!(report.reporting_mta.as_deref(), Some("mail.outcry.example"));
        assert_eq!(
            report.arrival_date.as_deref(),
            Some("Tue, 1 Dec 2026 10:00:00 +0300 (MSK)")
        );
        assert_eq!(
            report.recipients,
            vec![Recipient {
                address: "Ivan@mvd.example".into(),
                action: "failed".into(),
                status: Some("5.1.1".into()),
                diagnostic: Some(
                    "550 5.1.1 <ivan@mvd.example>: Recipient address rejected: User unknown".into()
                ),
                remote_mta: Some("mx.mvd.example".into()),
                hard: true,
            }]
        );
    }

    #[test]
    fn original_recipient_stands_in_and_action_follows_status() {
        let report = parse("Original-Recipient: rfc822; a@b.example\nStatus: 4.4.1\n");
        assert_eq!(report.recipients[0].address, "a@b.example");
        assert_eq!(report.recipients[0].action, "delayed");
    }

    #[test]
    fn groups_without_a_recipient_or_an_action_are_skipped() {
        let report = parse("Final-Recipient: rfc822; a@b.example\n\nAction: failed\n");
        assert!(report.recipients.is_empty());
    }

    #[test]
    fn two_recipients_in_one_group() {
        let report = parse(
            "Final-Recipient: rfc822; a@b.example\nAction: failed\nStatus: 5.2.2\nFinal-Recipient: rfc822; c@b.example\nAction: delayed\nStatus: 4.2.2\n",
        );
        let actions: Vec<_> = report
            .recipients
            .iter()
            .map(|r| r.action.as_str())
            .collect();
        assert_eq!(actions, ["failed", "delayed"]);
    }

    #[test]
    fn at_most_a_hundred_recipients() {
        let body: String = (0..200)
            .map(|i| {
                format!(
                    "Final-Recipient: rfc822; r{i}@mvd.example\nAction: failed\nStatus: 5.1.1\n\n"
                )
            })
            .collect();
        let report = parse(&format!("Reporting-MTA: dns; a.example\n\n{body}"));
        assert_eq!(report.recipients.len(), MAX_RECIPIENTS);
        assert_eq!(report.recipients[99].address, "r99@mvd.example");
    }

    #[test]
    fn long_diagnostics_are_cut() {
        let body = format!(
            "Final-Recipient: rfc822; a@b.example\nAction: failed\nDiagnostic-Code: smtp; 550 {}\n",
            "very long ".repeat(300)
        );
        let report = parse(&body);
        let diagnostic = report.recipients[0]
            .diagnostic
            .as_deref()
            .unwrap_or_default();
        assert_eq!(diagnostic.chars().count(), DIAGNOSTIC_MAX);
        assert_eq!(report.recipients[0].status.as_deref(), Some("5.0.0"));
    }
}
