//! The worker: takes due messages from the outbox under a lease, sends them, records each
//! answer, and goes slower while the relay pushes back.
//!
//! One worker runs inside `outcry serve` when mail is configured, or alone as `outcry worker`;
//! any number may run against one database (storage's leases keep them apart). A batch is
//! sent over up to `connections` pooled SMTP connections at once and settled in one
//! transaction, so the window in which a crash can send a message twice is one batch: the
//! messages handed to the relay whose answers were not recorded yet (docs/mail.md).
//!
//! Pushing back: a batch with a temporary answer (4xx, no answer) doubles the pause before
//! the next one, from 1 s up to a minute; a clean batch halves it. The message itself is
//! deferred with its own growing delay ([`DeliveryPolicy::decide`]); nothing is dropped.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use outcry_domain::{Attempt, Decision, DeliveryPolicy, MessageKind, MessageState};
use outcry_seal::OutboxKey;
use outcry_storage::{LeasedMessage, NewMessage, Settlement, Store};
use tokio::sync::{Notify, Semaphore};
use tokio::task::JoinSet;

use crate::message::{Payload, compose};
use crate::outbox::{dedupe_key, new_message_id};
use crate::relay::SmtpRelay;
use crate::settings::MailSettings;
use crate::verp;

/// How a worker works.
#[derive(Debug, Clone, Copy)]
pub struct WorkerConfig {
    /// Messages leased at once.
    pub batch: usize,
    /// Messages sent at once (SMTP connections in the pool).
    pub connections: u32,
    /// How long to wait between two looks at an empty outbox.
    pub idle: Duration,
    /// Retries and lease length.
    pub policy: DeliveryPolicy,
}

impl Default for WorkerConfig {
    fn default() -> WorkerConfig {
        WorkerConfig {
            batch: 100,
            connections: 4,
            idle: Duration::from_secs(1),
            policy: DeliveryPolicy::default(),
        }
    }
}

/// What one batch came to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchReport {
    /// Messages leased.
    pub taken: usize,
    /// Accepted by the relay.
    pub sent: usize,
    /// To be tried again.
    pub deferred: usize,
    /// Refused for good.
    pub bounced: usize,
    /// Given up (too old, or unreadable).
    pub failed: usize,
    /// Settled by nobody: this worker's lease ran out before it could record them.
    pub lost: usize,
    /// Not tried: half the lease had gone before their turn came (a slow relay), so they
    /// were handed back to the queue rather than risk the lease running out mid-send.
    pub released: usize,
}

/// A worker on one store and one relay.
pub struct Worker {
    store: Store,
    relay: SmtpRelay,
    settings: Arc<MailSettings>,
    key: OutboxKey,
    config: WorkerConfig,
    wake: Arc<Notify>,
}

/// The longest pause between batches while the relay pushes back.
const MAX_PAUSE: Duration = Duration::from_secs(60);

impl Worker {
    /// A worker sending `store`'s outbox through `relay`; `wake` is the outbox's (see
    /// [`crate::Outbox::wake`]).
    pub fn new(
        store: Store,
        relay: SmtpRelay,
        settings: Arc<MailSettings>,
        key: OutboxKey,
        config: WorkerConfig,
        wake: Arc<Notify>,
    ) -> Worker {
        Worker {
            store,
            relay,
            settings,
            key,
            config,
            wake,
        }
    }

    /// Runs until `shutdown` completes; a batch under way is finished and recorded first.
    pub async fn run(self, shutdown: impl Future<Output = ()>) {
        tokio::pin!(shutdown);
        let mut pause = Duration::ZERO;
        loop {
            let report = match self.run_once().await {
                Ok(report) => report,
                Err(e) => {
                    // The database is away: look again later, the messages are safe in it.
                    tracing::warn!(error = %e, "outbox: cannot take or record messages");
                    pause = (pause * 2).clamp(Duration::from_secs(1), MAX_PAUSE);
                    BatchReport::default()
                }
            };
            if report.deferred > 0 {
                pause = (pause * 2).clamp(Duration::from_secs(1), MAX_PAUSE);
            } else if report.taken > 0 {
                pause /= 2;
                if pause < Duration::from_millis(250) {
                    pause = Duration::ZERO;
                }
            }
            let wait = if report.taken == 0 {
                self.config.idle.max(pause)
            } else {
                pause
            };
            if wait.is_zero() {
                continue;
            }
            tokio::select! {
                () = &mut shutdown => break,
                () = tokio::time::sleep(wait) => {}
                () = self.wake.notified(), if pause.is_zero() => {}
            }
        }
    }

    /// Leases one batch, sends it, records the answers. An empty outbox is a report of zeros.
    pub async fn run_once(&self) -> Result<BatchReport, outcry_storage::Error> {
        let lease = self
            .store
            .lease_messages(
                self.config.batch,
                jiff::Timestamp::now(),
                self.config.policy.lease,
            )
            .await?;
        let mut report = BatchReport {
            taken: lease.messages.len(),
            ..BatchReport::default()
        };
        if lease.messages.is_empty() {
            return Ok(report);
        }
        // No send starts after half the lease: the rest of it is for the sends under way (each
        // bounded by the SMTP timeout) and for recording, so a live worker's batch is never
        // taken by another worker while it is still sending.
        let half_lease = self.config.policy.lease.unsigned_abs() / 2;
        let deadline = tokio::time::Instant::now() + half_lease;
        let gate = Arc::new(Semaphore::new(self.config.connections.max(1) as usize));
        let mut sending = JoinSet::new();
        for message in lease.messages {
            let (relay, settings, key, gate) = (
                self.relay.clone(),
                self.settings.clone(),
                self.key.clone(),
                gate.clone(),
            );
            sending.spawn(async move {
                let _permit = gate.acquire_owned().await;
                if tokio::time::Instant::now() >= deadline {
                    return (message, None);
                }
                let (attempt, payload) = attempt(&message, &relay, &settings, &key).await;
                (message, Some((attempt, payload)))
            });
        }
        let mut settled = Vec::with_capacity(report.taken);
        // Recipients the relay refused for good: the same path as a bounce that comes back by
        // mail, so an official's dead address is flagged however the refusal arrives.
        let mut refused: Vec<(String, String)> = Vec::new();
        while let Some(done) = sending.join_next().await {
            let Ok((message, attempt)) = done else {
                // A send task panicked: its message stays leased and is retried when the
                // lease runs out.
                continue;
            };
            let now = jiff::Timestamp::now();
            let Some((attempt, payload)) = attempt else {
                report.released += 1;
                settled.push(Settlement {
                    id: message.id,
                    decision: Decision::RetryAt(now),
                    reply: None,
                    follow_up: None,
                });
                continue;
            };
            let decision = self.config.policy.decide(
                &attempt,
                message.attempts,
                message.created,
                now,
                jitter(),
            );
            match &decision {
                Decision::Finish(MessageState::Sent) => report.sent += 1,
                Decision::Finish(MessageState::Bounced) => report.bounced += 1,
                Decision::Finish(_) => report.failed += 1,
                Decision::RetryAt(_) => report.deferred += 1,
            }
            let reply = match &attempt {
                Attempt::Accepted => None,
                Attempt::Temporary { reply } | Attempt::Permanent { reply } => Some(reply.clone()),
                Attempt::Broken { reason } => Some(reason.clone()),
            };
            tracing::info!(
                outbox_id = message.id,
                kind = message.kind.as_str(),
                attempt = message.attempts,
                outcome = outcome(&decision),
                reply = reply.as_deref().unwrap_or(""),
                "outbox: message attempted"
            );
            if let (Attempt::Permanent { reply }, Some(p)) = (&attempt, &payload) {
                refused.push((p.to.clone(), reply.clone()));
            }
            let follow_up = match (&decision, &payload) {
                (Decision::Finish(state), Some(p)) => self.receipt(&message, *state, p),
                _ => None,
            };
            settled.push(Settlement {
                id: message.id,
                decision,
                reply,
                follow_up,
            });
        }
        let recorded = self
            .store
            .settle_messages(&lease.token, &settled, jiff::Timestamp::now())
            .await?;
        report.lost = settled.len() - recorded.min(settled.len());
        for (to, reply) in refused {
            let status = reply.split_whitespace().nth(1);
            let hard = outcry_bounce::status::is_hard("failed", status, None);
            self.store
                .record_address_bounce(
                    &to,
                    hard,
                    status,
                    jiff::Timestamp::now(),
                    outcry_domain::outbox::SOFT_BOUNCES_BEFORE_FLAG,
                )
                .await?;
        }
        if report.lost > 0 {
            tracing::warn!(
                lost = report.lost,
                "outbox: a lease ran out before its batch was recorded; those messages may go twice"
            );
        }
        Ok(report)
    }
}

impl Worker {
    /// The receipt a final message calls for: to its `Reply-To`, when the supporter asked
    /// for one (its payload carries the plan), saying how it ended. Written in the settling
    /// transaction, so it exists exactly when the final state does; one per message at most.
    fn receipt(
        &self,
        message: &LeasedMessage,
        state: MessageState,
        sent: &Payload,
    ) -> Option<NewMessage> {
        let (plan, to) = (sent.receipt.as_ref()?, sent.reply_to.as_ref()?);
        let note = match state {
            MessageState::Sent => &plan.accepted,
            MessageState::Bounced | MessageState::Failed => &plan.refused,
            _ => return None,
        };
        let payload = Payload {
            to: to.clone(),
            subject: note.subject.clone(),
            text: note.text.clone(),
            lang: sent.lang.clone(),
            attachment: note.attachment.clone(),
            ..Payload::default()
        };
        let made = serde_json::to_vec(&payload)
            .map_err(|e| e.to_string())
            .and_then(|json| self.key.encrypt(&json).map_err(|e| e.to_string()))
            .and_then(|sealed| {
                new_message_id(self.settings.from.domain())
                    .map(|id| (sealed, id))
                    .map_err(|e| e.to_string())
            });
        match made {
            Ok((sealed, message_id)) => Some(NewMessage {
                kind: MessageKind::Receipt,
                dedupe_key: dedupe_key(&self.key, MessageKind::Receipt, &[&message.message_id]),
                message_id,
                payload: sealed,
                pace_key: None,
            }),
            Err(reason) => {
                tracing::warn!(outbox_id = message.id, %reason, "outbox: a receipt could not be made");
                None
            }
        }
    }
}

/// Opens, composes and sends one message; the answer, and the content when it opened.
async fn attempt(
    message: &LeasedMessage,
    relay: &SmtpRelay,
    settings: &MailSettings,
    key: &OutboxKey,
) -> (Attempt, Option<Payload>) {
    let payload: Payload = match key
        .decrypt(&message.payload)
        .map_err(|e| e.to_string())
        .and_then(|json| serde_json::from_slice(&json).map_err(|e| e.to_string()))
    {
        Ok(p) => p,
        Err(reason) => {
            let broken = Attempt::Broken {
                reason: format!("content does not open: {reason}"),
            };
            return (broken, None);
        }
    };
    let bounce_to = verp::bounce_address(message.id, key, &settings.bounce_domain);
    let attempt = match compose(&payload, &message.message_id, &bounce_to, settings) {
        Ok(composed) => relay.send(&composed).await,
        Err(e) => Attempt::Broken {
            reason: e.to_string(),
        },
    };
    (attempt, Some(payload))
}

fn outcome(decision: &Decision) -> &'static str {
    match decision {
        Decision::Finish(state) => state.as_str(),
        Decision::RetryAt(_) => "deferred",
    }
}

/// A number in 0..1 to spread retries.
fn jitter() -> f64 {
    let mut bytes = [0u8; 4];
    match getrandom::fill(&mut bytes) {
        Ok(()) => f64::from(u32::from_le_bytes(bytes)) / f64::from(u32::MAX),
        Err(_) => 0.5,
    }
}
