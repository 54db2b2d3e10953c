//! Returned mail: what a delivery report read by `outcry-bounce` changes.
//!
//! A report changes something only when it can be tied to a message Outcry sent: by its
//! bounce address with a valid MAC (the address it was delivered to, [`crate::verp`]), or,
//! when no bounce address is there at all, by the returned message's Message-ID (random, so
//! unguessable). A report to a bounce address whose MAC is wrong is a forgery and changes
//! nothing; so does a report tied to nothing. Otherwise anyone could mail a fake report and
//! have a prosecutor's address withdrawn from every action.
//!
//! A matched report that says the message failed marks its row bounced, once, and counts a
//! bounce of the recipient's address, which storage keeps only if it is an official's. One
//! message has one recipient, so only the report's first failed recipient counts: a report
//! listing ten addresses under one valid row cannot withdraw ten officials. Delay warnings,
//! success reports and auto-replies change nothing.

use jiff::Timestamp;
use outcry_bounce::{Kind, Report};
use outcry_domain::outbox::SOFT_BOUNCES_BEFORE_FLAG;
use outcry_seal::OutboxKey;
use outcry_storage::{AddressBounce, Store};

use crate::verp;

/// How a report was tied to an outbox row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// A bounce address with a valid MAC.
    BounceAddress(i64),
    /// The returned message's Message-ID.
    MessageId(i64),
    /// A bounce address whose MAC is wrong: refused.
    Forged,
    /// Nothing ties it to a message Outcry sent.
    Unmatched,
}

impl Match {
    /// The row, when there is one.
    pub fn row(self) -> Option<i64> {
        match self {
            Match::BounceAddress(row) | Match::MessageId(row) => Some(row),
            Match::Forged | Match::Unmatched => None,
        }
    }

    /// A word for reports: `bounce_address`, `message_id`, `forged`, `unmatched`.
    pub fn as_str(self) -> &'static str {
        match self {
            Match::BounceAddress(_) => "bounce_address",
            Match::MessageId(_) => "message_id",
            Match::Forged => "forged",
            Match::Unmatched => "unmatched",
        }
    }
}

/// What applying a report did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Applied {
    /// Whether its row became bounced now (false when it already was, or nothing matched).
    pub row_bounced: bool,
    /// The official's address counted, with what is now known about it.
    pub address: Option<AddressBounce>,
}

/// Ties `report` to an outbox row. `delivered_to` is what the MTA says the report was
/// delivered to (Postfix's `${recipient}`), tried before the report's own headers.
pub async fn find(
    store: &Store,
    key: &OutboxKey,
    report: &Report,
    delivered_to: Option<&str>,
) -> Result<Match, outcry_storage::Error> {
    let candidates: Vec<&str> = delivered_to
        .into_iter()
        .chain(report.delivered_to.iter().map(String::as_str))
        .filter(|a| verp::looks_like_bounce_address(a))
        .collect();
    if !candidates.is_empty() {
        return Ok(candidates
            .iter()
            .find_map(|a| verp::row_of(a, key))
            .map_or(Match::Forged, Match::BounceAddress));
    }
    let Some(message_id) = &report.original_message_id else {
        return Ok(Match::Unmatched);
    };
    Ok(store
        .message_by_message_id(message_id)
        .await?
        .map_or(Match::Unmatched, |status| Match::MessageId(status.id)))
}

/// Applies a report already tied to `found` (see the module's rules).
pub async fn apply(
    store: &Store,
    report: &Report,
    found: Match,
    now: Timestamp,
) -> Result<Applied, outcry_storage::Error> {
    let (Some(row), Kind::Failed) = (found.row(), report.kind) else {
        return Ok(Applied::default());
    };
    let Some(failed) = report.recipients.iter().find(|r| r.action == "failed") else {
        return Ok(Applied::default());
    };
    let reply = format!("dsn {}", failed.status.as_deref().unwrap_or("5.0.0"));
    if !store.mark_message_bounced(row, &reply, now).await? {
        // Read before (the same report twice, or one for a row already bounced at SMTP time):
        // counting it again would let one failure count as many.
        return Ok(Applied::default());
    }
    let address = store
        .record_address_bounce(
            &failed.address,
            failed.hard,
            failed.status.as_deref(),
            now,
            SOFT_BOUNCES_BEFORE_FLAG,
        )
        .await?;
    Ok(Applied {
        row_bounced: true,
        address,
    })
}
