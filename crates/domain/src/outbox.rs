//! Mail Outcry sends: the kinds of message, the states a message goes through in the outbox,
//! and the rules for retrying. No I/O: storage keeps the rows, `crates/mail` talks SMTP, and
//! both ask these types what an answer means and when to try again.
//!
//! The guarantee the rules add up to (docs/mail.md says it in full): every message is handed
//! to the relay at least once unless it expires, and at most once per idempotency key in the
//! database. A temporary answer never drops a message: it waits and is tried again, with a
//! growing delay, until it is [`DeliveryPolicy::max_age`] old.

use jiff::{SignedDuration, Timestamp};

/// What a message in the outbox is for. The subscriber network and follow-ups will add kinds;
/// the outbox itself does not care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MessageKind {
    /// "Confirm that Outcry may send your appeal": to the supporter, with a link to a button.
    Confirmation,
    /// The appeal itself, to one official, on the supporter's behalf.
    Appeal,
    /// "Your appeal was accepted" or "it bounced": to the supporter who asked.
    Receipt,
    /// A message an administrator sent to check the mail settings (`outcry mail test`).
    Test,
}

impl MessageKind {
    /// Every kind, for tables and tests.
    pub const ALL: [MessageKind; 4] = [
        MessageKind::Confirmation,
        MessageKind::Appeal,
        MessageKind::Receipt,
        MessageKind::Test,
    ];

    /// The word stored and logged.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageKind::Confirmation => "confirmation",
            MessageKind::Appeal => "appeal",
            MessageKind::Receipt => "receipt",
            MessageKind::Test => "test",
        }
    }

    /// Reads [`MessageKind::as_str`] back.
    pub fn parse(word: &str) -> Option<MessageKind> {
        MessageKind::ALL.into_iter().find(|k| k.as_str() == word)
    }
}

/// Where a message is on its way to the relay.
///
/// ```text
/// queued ──lease──▶ leased ──accepted──▶ sent
///    ▲                │ ──5xx─────────▶ bounced
///    │                │ ──4xx, no answer▶ deferred ──lease──▶ leased …
///    │                │ ──too old───────▶ failed
///    └── a lease that ran out (its worker died) is taken again
/// cancelled: an organizer or a withdrawn action stopped it before it went
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MessageState {
    /// Waiting for its time to come.
    Queued,
    /// A worker holds it and is sending it now; the lease runs out if the worker dies.
    Leased,
    /// The relay accepted it (a 2xx after the message's data).
    Sent,
    /// The relay answered "not now" (4xx) or did not answer; tried again later.
    Deferred,
    /// The relay refused it for good (5xx), or a bounce came back for it.
    Bounced,
    /// It could not be sent before it was [`DeliveryPolicy::max_age`] old, or it could not be
    /// composed at all.
    Failed,
    /// Stopped before it was sent.
    Cancelled,
}

impl MessageState {
    /// Every state, for tables and tests.
    pub const ALL: [MessageState; 7] = [
        MessageState::Queued,
        MessageState::Leased,
        MessageState::Sent,
        MessageState::Deferred,
        MessageState::Bounced,
        MessageState::Failed,
        MessageState::Cancelled,
    ];

    /// The word stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageState::Queued => "queued",
            MessageState::Leased => "leased",
            MessageState::Sent => "sent",
            MessageState::Deferred => "deferred",
            MessageState::Bounced => "bounced",
            MessageState::Failed => "failed",
            MessageState::Cancelled => "cancelled",
        }
    }

    /// Reads [`MessageState::as_str`] back.
    pub fn parse(word: &str) -> Option<MessageState> {
        MessageState::ALL.into_iter().find(|s| s.as_str() == word)
    }

    /// Whether nothing more will happen to the message (its content can go).
    pub fn is_final(self) -> bool {
        matches!(
            self,
            MessageState::Sent
                | MessageState::Bounced
                | MessageState::Failed
                | MessageState::Cancelled
        )
    }
}

/// What one attempt to hand a message to the relay came to, from the relay's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    /// 2xx after the data: the relay has it.
    Accepted,
    /// 4xx, a dropped connection, a timeout, a TLS or DNS failure: try again later, and go
    /// slower meanwhile. `reply` is the code and enhanced status when the relay gave them.
    Temporary {
        /// "451 4.7.1", or "connection" / "timeout" when nothing was answered.
        reply: String,
    },
    /// 5xx: the relay refuses this message for good. For an appeal, the official's address
    /// is suspect; for a confirmation, the supporter's.
    Permanent {
        /// "550 5.1.1".
        reply: String,
    },
    /// The message could not be put together (its stored content does not open or does not
    /// parse): retrying cannot help.
    Broken {
        /// Why, without any of the content.
        reason: String,
    },
}

/// How long to wait between attempts, and how long to keep trying.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeliveryPolicy {
    /// A message not sent this long after it was queued fails (Postal's held mail expires
    /// after 7 days too).
    pub max_age: SignedDuration,
    /// The wait after the first temporary failure; each further one doubles it.
    pub first_retry: SignedDuration,
    /// The longest wait between two attempts.
    pub max_retry: SignedDuration,
    /// How long a worker holds a leased message before another may take it: longer than the
    /// slowest send (the SMTP timeout, a few times over), so a live worker never loses one.
    pub lease: SignedDuration,
}

impl Default for DeliveryPolicy {
    fn default() -> DeliveryPolicy {
        DeliveryPolicy {
            max_age: SignedDuration::from_hours(7 * 24),
            first_retry: SignedDuration::from_mins(1),
            max_retry: SignedDuration::from_hours(4),
            lease: SignedDuration::from_mins(10),
        }
    }
}

/// Soft bounces (a full mailbox, a policy refusal, a delay that ended in failure) an
/// official's address may have before it is flagged like a hard one: one full mailbox says
/// little, five in a row say the office no longer reads it.
pub const SOFT_BOUNCES_BEFORE_FLAG: u32 = 5;

/// What the outbox does with a message after an attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Record the final state; the content goes.
    Finish(MessageState),
    /// Try again at this moment.
    RetryAt(Timestamp),
}

impl DeliveryPolicy {
    /// The wait before attempt `attempts + 1`, after `attempts` temporary failures:
    /// `first_retry × 2^(attempts−1)`, at most `max_retry`, then spread by `jitter` (0..1) over
    /// its upper half, so messages deferred together do not all come back in the same second.
    pub fn retry_delay(&self, attempts: u32, jitter: f64) -> SignedDuration {
        let doublings = attempts.saturating_sub(1).min(30);
        let base = self.first_retry.as_secs_f64() * f64::from(1u32 << doublings);
        let capped = base.min(self.max_retry.as_secs_f64());
        let spread = capped * (0.5 + 0.5 * jitter.clamp(0.0, 1.0));
        SignedDuration::from_secs_f64(spread.max(1.0))
    }

    /// What to do with a message queued at `created` whose attempt number `attempts` (1 for
    /// the first) just ended as `attempt`, at `now`.
    pub fn decide(
        &self,
        attempt: &Attempt,
        attempts: u32,
        created: Timestamp,
        now: Timestamp,
        jitter: f64,
    ) -> Decision {
        match attempt {
            Attempt::Accepted => Decision::Finish(MessageState::Sent),
            Attempt::Permanent { .. } => Decision::Finish(MessageState::Bounced),
            Attempt::Broken { .. } => Decision::Finish(MessageState::Failed),
            Attempt::Temporary { .. } => {
                let next = now.saturating_add(self.retry_delay(attempts, jitter));
                match next {
                    Ok(next) if next.duration_since(created) <= self.max_age => {
                        Decision::RetryAt(next)
                    }
                    _ => Decision::Finish(MessageState::Failed),
                }
            }
        }
    }
}

/// Reads an SMTP reply's code into what it means for the message: 2xx accepted, 4xx temporary,
/// 5xx permanent. Anything else (a 3xx where a final answer was due, a code out of range) is
/// treated as temporary: the relay misbehaved, and nothing is dropped for that.
pub fn classify_reply(code: u16, reply: String) -> Attempt {
    match code {
        200..=299 => Attempt::Accepted,
        500..=599 => Attempt::Permanent { reply },
        _ => Attempt::Temporary { reply },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().expect("test time")
    }

    #[test]
    fn kinds_and_states_read_back() {
        for k in MessageKind::ALL {
            assert_eq!(MessageKind::parse(k.as_str()), Some(k));
        }
        for s in MessageState::ALL {
            assert_eq!(MessageState::parse(s.as_str()), Some(s));
        }
        assert_eq!(MessageState::parse("Sent"), None);
    }

    #[test]
    fn waits_double_up_to_the_cap_and_jitter_stays_in_the_upper_half() {
        let p = DeliveryPolicy::default();
        assert_eq!(p.retry_delay(1, 1.0), SignedDuration::from_mins(1));
        assert_eq!(p.retry_delay(2, 1.0), SignedDuration::from_mins(2));
        assert_eq!(p.retry_delay(4, 1.0), SignedDuration::from_mins(8));
        assert_eq!(p.retry_delay(40, 1.0), SignedDuration::from_hours(4));
        assert_eq!(p.retry_delay(1, 0.0), SignedDuration::from_secs(30));
        assert_eq!(p.retry_delay(40, 0.0), SignedDuration::from_hours(2));
    }

    #[test]
    fn a_temporary_answer_is_retried_until_the_message_is_too_old() {
        let p = DeliveryPolicy::default();
        let created = at("2026-12-01T10:00:00Z");
        let soon = at("2026-12-01T10:05:00Z");
        let t = Attempt::Temporary {
            reply: "451 4.7.1".into(),
        };
        assert_eq!(
            p.decide(&t, 1, created, soon, 1.0),
            Decision::RetryAt(at("2026-12-01T10:06:00Z"))
        );
        let late = at("2026-12-08T09:00:00Z");
        assert_eq!(
            p.decide(&t, 30, created, late, 1.0),
            Decision::Finish(MessageState::Failed)
        );
    }

    #[test]
    fn replies_are_read_by_their_first_digit() {
        assert_eq!(classify_reply(250, "250".into()), Attempt::Accepted);
        assert!(matches!(
            classify_reply(421, "421".into()),
            Attempt::Temporary { .. }
        ));
        assert!(matches!(
            classify_reply(554, "554".into()),
            Attempt::Permanent { .. }
        ));
        assert!(matches!(
            classify_reply(354, "354".into()),
            Attempt::Temporary { .. }
        ));
    }
}
