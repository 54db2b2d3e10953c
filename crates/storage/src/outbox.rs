//! The outbox (`outbox`): one row per message Outcry sends, from the transaction that causes
//! it to the relay's answer. The migration comments each column; docs/mail.md the guarantee.
//!
//! A message is written once ([`Store::enqueue_message`]) under a unique key, so asking twice
//! for the same message finds the first. Workers take due messages in batches under a lease
//! ([`Store::lease_messages`]): one `UPDATE … RETURNING` that marks them `leased` with a
//! random lease token and pushes `due_at` to when the lease runs out. On PostgreSQL the rows
//! are picked with `FOR UPDATE SKIP LOCKED`, so workers on several instances take disjoint
//! batches without waiting for each other; on SQLite the statement runs under the one write
//! lock, so two workers take turns. A worker that dies leaves its rows leased: when the lease
//! runs out they are due again and another worker takes them (the duplicate window docs/mail.md
//! describes). [`Store::settle_messages`] records each attempt's end, but only for rows the
//! caller still holds (its lease token), so a worker whose lease ran out cannot overwrite what
//! the next one did. A final state drops the content: only the key, state and Message-ID stay.

use jiff::Timestamp;
use outcry_domain::{Decision, MessageKind, MessageState};

use crate::relay::random_u64;
use crate::{Error, Store, codec};

/// A message as the caller hands it over: content already encrypted with the outbox key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    /// What it is for.
    pub kind: MessageKind,
    /// A keyed hash that is the same for the same message asked for twice (for an appeal:
    /// action, supporter, target). The second enqueue finds the first.
    pub dedupe_key: String,
    /// The Message-ID header (without angle brackets), unique, chosen by the caller.
    pub message_id: String,
    /// The encrypted content.
    pub payload: Vec<u8>,
    /// For mail under an hourly cap (appeals to an official): a keyed hash of the recipient,
    /// by which [`Store::booked_hours`] counts what is placed in each hour. `None` otherwise.
    pub pace_key: Option<String>,
}

/// What [`Store::enqueue_message`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enqueued {
    /// A new row, with its id.
    New(i64),
    /// A message with the same key was there already: nothing was written.
    Duplicate {
        /// The row that was there.
        id: i64,
        /// Where it is now.
        state: MessageState,
    },
}

impl Enqueued {
    /// The row's id, new or not.
    pub fn id(self) -> i64 {
        match self {
            Enqueued::New(id) | Enqueued::Duplicate { id, .. } => id,
        }
    }
}

/// A message a worker holds under a lease.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeasedMessage {
    /// The row's id.
    pub id: i64,
    /// What it is for.
    pub kind: MessageKind,
    /// Its Message-ID.
    pub message_id: String,
    /// The encrypted content.
    pub payload: Vec<u8>,
    /// Attempts so far, this one included.
    pub attempts: u32,
    /// When it was queued, from which its age counts.
    pub created: Timestamp,
}

/// A batch of messages taken by one call to [`Store::lease_messages`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    /// The token that settles them.
    pub token: String,
    /// The messages, earliest due first.
    pub messages: Vec<LeasedMessage>,
}

/// How one attempt ended, for [`Store::settle_messages`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settlement {
    /// The row.
    pub id: i64,
    /// Final state, or when to try again.
    pub decision: Decision,
    /// The relay's answer as code and enhanced status ("250 2.0.0", "451 4.7.1"), or what
    /// went wrong without an answer ("connection"): never the answer's text, which can
    /// quote the recipient's address.
    /// `None` on a retry keeps the answer recorded before (a message handed back untried).
    pub reply: Option<String>,
    /// A message the final state causes (a receipt the supporter asked for): queued in the
    /// same transaction, only if this settlement is recorded. Ignored on a retry.
    pub follow_up: Option<NewMessage>,
}

/// One message's row, as the command line and tests read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageStatus {
    /// The row's id.
    pub id: i64,
    /// What it is for.
    pub kind: MessageKind,
    /// Its Message-ID.
    pub message_id: String,
    /// Where it is.
    pub state: MessageState,
    /// Attempts so far.
    pub attempts: u32,
    /// The relay's last answer (code and enhanced status).
    pub last_reply: Option<String>,
    /// Whether the encrypted content is still stored.
    pub has_payload: bool,
    /// When it was queued.
    pub created: Timestamp,
    /// When it is due (queued, deferred) or its lease runs out (leased).
    pub due: Timestamp,
    /// When it reached a final state.
    pub finished: Option<Timestamp>,
}

/// How many messages are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    /// Waiting for their time.
    pub queued: u64,
    /// Held by a worker now.
    pub leased: u64,
    /// Waiting to be tried again.
    pub deferred: u64,
    /// Accepted by the relay.
    pub sent: u64,
    /// Refused for good.
    pub bounced: u64,
    /// Given up.
    pub failed: u64,
    /// Stopped before they went.
    pub cancelled: u64,
}

impl OutboxCounts {
    /// Messages not final yet: what a worker still has to do.
    pub fn waiting(&self) -> u64 {
        self.queued + self.leased + self.deferred
    }

    fn add(&mut self, state: MessageState, n: u64) {
        let slot = match state {
            MessageState::Queued => &mut self.queued,
            MessageState::Leased => &mut self.leased,
            MessageState::Deferred => &mut self.deferred,
            MessageState::Sent => &mut self.sent,
            MessageState::Bounced => &mut self.bounced,
            MessageState::Failed => &mut self.failed,
            MessageState::Cancelled => &mut self.cancelled,
        };
        *slot += n;
    }
}

/// The columns [`StatusRow`] reads, in its order.
const STATUS_COLUMNS: &str = "id, kind, message_id, state, attempts, last_reply, \
     CASE WHEN payload IS NULL THEN 0 ELSE 1 END AS has_payload, created_at, due_at, finished_at";

#[derive(sqlx::FromRow)]
struct StatusRow {
    id: i64,
    kind: String,
    message_id: String,
    state: String,
    attempts: i64,
    last_reply: Option<String>,
    has_payload: i32,
    created_at: String,
    due_at: String,
    finished_at: Option<String>,
}

#[derive(sqlx::FromRow)]
struct LeasedRow {
    id: i64,
    kind: String,
    message_id: String,
    payload: Option<Vec<u8>>,
    attempts: i64,
    created_at: String,
}

impl Store {
    /// Writes a message, due at `due`, unless one with the same key exists: then nothing is
    /// written and [`Enqueued::Duplicate`] says where the first one is.
    pub async fn enqueue_message(
        &self,
        message: &NewMessage,
        due: Timestamp,
        now: Timestamp,
    ) -> Result<Enqueued, Error> {
        let mut tx = self.begin_write().await?;
        let done = insert_message(&mut tx, message, due, now).await?;
        tx.commit().await?;
        Ok(done)
    }

    /// Takes up to `limit` due messages under a new lease that runs out after `lease`, and
    /// returns them with the lease's token. Messages whose lease ran out are due again and
    /// taken like the rest; each taking counts as an attempt.
    pub async fn lease_messages(
        &self,
        limit: usize,
        now: Timestamp,
        lease: jiff::SignedDuration,
    ) -> Result<Lease, Error> {
        let token = format!("{:016x}", random_u64()?);
        let until = now.saturating_add(lease).map_err(|e| Error::Corrupt {
            what: format!("lease end: {e}"),
        })?;
        // PostgreSQL: rows another worker is taking are skipped, not waited for. SQLite has
        // one writer at a time, which is all the exclusion it needs.
        let lock = match self.backend {
            crate::Backend::Postgres => "FOR UPDATE SKIP LOCKED",
            crate::Backend::Sqlite => "",
        };
        let sql = format!(
            "UPDATE outbox SET state = 'leased', lease = $1, due_at = $2, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM outbox \
                 WHERE state IN ('queued', 'deferred', 'leased') AND due_at <= $3 \
                 ORDER BY due_at LIMIT $4 {lock}) \
             RETURNING id, kind, message_id, payload, attempts, created_at"
        );
        let mut tx = self.begin_write().await?;
        let mut rows: Vec<LeasedRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(token.as_str())
            .bind(codec::timestamp_text(until))
            .bind(codec::timestamp_text(now))
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .fetch_all(&mut *tx)
            .await?;
        tx.commit().await?;
        // RETURNING gives rows in no promised order: oldest first, as they were picked.
        rows.sort_by(|a, b| a.created_at.cmp(&b.created_at));
        let messages = rows
            .into_iter()
            .map(|r| {
                let what = || format!("outbox row {}", r.id);
                Ok(LeasedMessage {
                    id: r.id,
                    kind: kind(&r.kind, &what)?,
                    message_id: r.message_id,
                    payload: r.payload.ok_or_else(|| Error::Corrupt {
                        what: format!("{}: leased without content", what()),
                    })?,
                    attempts: u32::try_from(r.attempts).unwrap_or(u32::MAX),
                    created: time(&r.created_at, &what)?,
                })
            })
            .collect::<Result<_, Error>>()?;
        Ok(Lease { token, messages })
    }

    /// Records how attempts ended, in one transaction, for the rows `lease` still holds;
    /// returns how many it recorded. A row whose lease ran out and was taken again is left
    /// to its new holder (and not counted).
    pub async fn settle_messages(
        &self,
        lease: &str,
        settled: &[Settlement],
        now: Timestamp,
    ) -> Result<usize, Error> {
        let hour = codec::timestamp_text(codec::start_of_hour(now));
        let mut tx = self.begin_write().await?;
        let mut recorded = 0;
        for s in settled {
            let done = match &s.decision {
                Decision::Finish(state) => {
                    let done = sqlx::query(
                        "UPDATE outbox SET state = $1, payload = NULL, lease = NULL, \
                         last_reply = $2, finished_at = $3, due_at = $3, \
                         created_at = substr(created_at, 1, 13) || ':00:00.000000Z' \
                         WHERE id = $4 AND lease = $5 AND state = 'leased'",
                    )
                    .bind(state.as_str())
                    .bind(s.reply.as_deref())
                    .bind(hour.as_str())
                    .bind(s.id)
                    .bind(lease)
                    .execute(&mut *tx)
                    .await?;
                    if done.rows_affected() == 1
                        && let Some(follow_up) = &s.follow_up
                    {
                        insert_message(&mut tx, follow_up, now, now).await?;
                    }
                    done
                }
                Decision::RetryAt(at) => {
                    sqlx::query(
                        "UPDATE outbox SET state = 'deferred', lease = NULL, due_at = $1, \
                         last_reply = COALESCE($2, last_reply) \
                         WHERE id = $3 AND lease = $4 AND state = 'leased'",
                    )
                    .bind(codec::timestamp_text(*at))
                    .bind(s.reply.as_deref())
                    .bind(s.id)
                    .bind(lease)
                    .execute(&mut *tx)
                    .await?
                }
            };
            recorded += usize::try_from(done.rows_affected()).unwrap_or(0);
        }
        tx.commit().await?;
        Ok(recorded)
    }

    /// How many messages to the paced recipient `pace_key` are placed in each hour from
    /// `from` (inclusive) to `until` (exclusive), by hour start: what
    /// [`outcry_domain::pacing::Pacing::next_slot`] needs. Every state counts, so a message
    /// already sent still used its hour.
    pub async fn booked_hours(
        &self,
        pace_key: &str,
        from: Timestamp,
        until: Timestamp,
    ) -> Result<std::collections::BTreeMap<Timestamp, u32>, Error> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT substr(due_at, 1, 13), COUNT(*) FROM outbox \
             WHERE pace_key = $1 AND due_at >= $2 AND due_at < $3 \
             GROUP BY substr(due_at, 1, 13)",
        )
        .bind(pace_key)
        .bind(codec::timestamp_text(codec::start_of_hour(from)))
        .bind(codec::timestamp_text(until))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(hour, count)| {
                let at =
                    format!("{hour}:00:00Z")
                        .parse::<Timestamp>()
                        .map_err(|e| Error::Corrupt {
                            what: format!("outbox due hour {hour:?}: {e}"),
                        })?;
                Ok((at, u32::try_from(count).unwrap_or(u32::MAX)))
            })
            .collect()
    }

    /// Cancels a message that has not gone yet (queued or deferred), dropping its content;
    /// false when it had gone, was being sent, or does not exist.
    pub async fn cancel_message(&self, id: i64, now: Timestamp) -> Result<bool, Error> {
        let done = sqlx::query(
            "UPDATE outbox SET state = 'cancelled', payload = NULL, finished_at = $1, due_at = $1, \
             created_at = substr(created_at, 1, 13) || ':00:00.000000Z' \
             WHERE id = $2 AND state IN ('queued', 'deferred')",
        )
        .bind(codec::timestamp_text(codec::start_of_hour(now)))
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// One message's row, by id.
    pub async fn message_status(&self, id: i64) -> Result<Option<MessageStatus>, Error> {
        let row: Option<StatusRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {STATUS_COLUMNS} FROM outbox WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(status).transpose()
    }

    /// One message's row, by its Message-ID (as a bounce quotes it), without angle brackets.
    pub async fn message_by_message_id(
        &self,
        message_id: &str,
    ) -> Result<Option<MessageStatus>, Error> {
        let row: Option<StatusRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {STATUS_COLUMNS} FROM outbox WHERE message_id = $1"
        )))
        .bind(message_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(status).transpose()
    }

    /// How many messages are in each state.
    pub async fn outbox_counts(&self) -> Result<OutboxCounts, Error> {
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT state, COUNT(*) FROM outbox GROUP BY state")
                .fetch_all(&self.pool)
                .await?;
        let mut counts = OutboxCounts::default();
        for (state, n) in rows {
            let state = MessageState::parse(&state).ok_or_else(|| Error::Corrupt {
                what: format!("outbox state {state:?}"),
            })?;
            counts.add(state, u64::try_from(n).unwrap_or(0));
        }
        Ok(counts)
    }
}

/// Writes a message inside the caller's transaction, so a message is stored exactly when the
/// change that causes it is (a confirmed appeal and its messages, say).
pub(crate) async fn insert_message(
    conn: &mut sqlx::AnyConnection,
    message: &NewMessage,
    due: Timestamp,
    now: Timestamp,
) -> Result<Enqueued, Error> {
    let (due, now) = (codec::timestamp_text(due), codec::timestamp_text(now));
    // A random id that is taken already (1 in 2^63 per row) is drawn again.
    for _ in 0..4 {
        let id = crate::relay::random_row_id()?;
        let inserted: Option<i64> = sqlx::query_scalar(
            "INSERT INTO outbox (id, dedupe_key, kind, message_id, payload, state, created_at, \
             due_at, pace_key) VALUES ($1, $2, $3, $4, $5, 'queued', $6, $7, $8) \
             ON CONFLICT DO NOTHING RETURNING id",
        )
        .bind(id)
        .bind(message.dedupe_key.as_str())
        .bind(message.kind.as_str())
        .bind(message.message_id.as_str())
        .bind(message.payload.clone())
        .bind(now.as_str())
        .bind(due.as_str())
        .bind(message.pace_key.as_deref())
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(id) = inserted {
            return Ok(Enqueued::New(id));
        }
        let existing: Option<(i64, String)> =
            sqlx::query_as("SELECT id, state FROM outbox WHERE dedupe_key = $1")
                .bind(message.dedupe_key.as_str())
                .fetch_optional(&mut *conn)
                .await?;
        if let Some((id, state)) = existing {
            let state = MessageState::parse(&state).ok_or_else(|| Error::Corrupt {
                what: format!("outbox row {id}: state {state:?}"),
            })?;
            return Ok(Enqueued::Duplicate { id, state });
        }
        // Not the key: the id or the Message-ID was taken. A reused Message-ID is the
        // caller's bug, and drawing ids again would not fix it.
        let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM outbox WHERE message_id = $1")
            .bind(message.message_id.as_str())
            .fetch_optional(&mut *conn)
            .await?;
        if taken.is_some() {
            return Err(Error::Conflict {
                constraint: "outbox_message_id_key".into(),
                message: format!("Message-ID {} is taken", message.message_id),
            });
        }
    }
    Err(Error::Corrupt {
        what: "no free outbox id in 4 draws".into(),
    })
}

fn kind(word: &str, what: &impl Fn() -> String) -> Result<MessageKind, Error> {
    MessageKind::parse(word).ok_or_else(|| Error::Corrupt {
        what: format!("{}: kind {word:?}", what()),
    })
}

fn time(text: &str, what: &impl Fn() -> String) -> Result<Timestamp, Error> {
    text.parse().map_err(|e| Error::Corrupt {
        what: format!("{}: time {text:?}: {e}", what()),
    })
}

fn status(r: StatusRow) -> Result<MessageStatus, Error> {
    let what = || format!("outbox row {}", r.id);
    Ok(MessageStatus {
        id: r.id,
        kind: kind(&r.kind, &what)?,
        message_id: r.message_id.clone(),
        state: MessageState::parse(&r.state).ok_or_else(|| Error::Corrupt {
            what: format!("{}: state {:?}", what(), r.state),
        })?,
        attempts: u32::try_from(r.attempts).unwrap_or(u32::MAX),
        last_reply: r.last_reply.clone(),
        has_payload: r.has_payload != 0,
        created: time(&r.created_at, &what)?,
        due: time(&r.due_at, &what)?,
        finished: r
            .finished_at
            .as_deref()
            .map(|t| time(t, &what))
            .transpose()?,
    })
}
