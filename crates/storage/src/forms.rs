//! One-time form ids (`form_claims`): the server's memory of which forms have already done
//! what they do, so that a replayed or double-submitted form counts once, whatever the browser
//! keeps or drops. The migration says what is deliberately not kept.
//!
//! # Claims are written together
//! Every "I called" claims its form before it is recorded, so claims come as fast as records
//! do, and one commit per claim would undo the records' group commit: measured on SQLite, 64
//! supporters at once were counted 3 to 5 times slower. So claims have a writer of their own,
//! like the records' (`records::Recorder`): a task that takes every claim waiting and writes
//! them with one multi-row `INSERT … ON CONFLICT DO NOTHING RETURNING`, one statement and one
//! commit, then answers each caller with whether its row is among those inserted.
//!
//! The primary key decides who wins, so it holds across instances sharing the database and
//! for posts in flight at once: PostgreSQL makes a conflicting insert wait for the first to
//! commit and then skip it; SQLite runs writers one at a time. Within one batch, the first
//! claim of a (form, scope) is the one written, and any later one in the same batch is a
//! second post of that form and loses.
//!
//! # Expired rows
//! They go as the site runs, with no timer: the writer deletes the rows whose expiry has
//! passed after its first batch, and after each batch that takes it past another
//! [`PURGE_EVERY`] claims. That is one indexed `DELETE` now and then, more often on a busy
//! site, which has more rows to drop. A row left behind longer (a quiet site) does no harm: its
//! token has expired, so its form can no longer be posted at all.

use std::collections::HashSet;

use sqlx::AnyPool;
use tokio::sync::{mpsc, oneshot};

use crate::stats::{BatchCounters, WriterStats};
use crate::{Error, Store, codec};

/// At most this many claims share one statement: 768 parameters, far below either database's
/// limit, and a statement short enough never to hold the write lock for long.
const BATCH: usize = 256;

/// How many claims pass between two purges of expired rows.
const PURGE_EVERY: u64 = 100;

/// One claim as the writer takes it.
struct Claim {
    form: String,
    scope: String,
    expires_hour: String,
    /// The caller's clock, for the purge.
    now: jiff::Timestamp,
}

type Job = (Claim, oneshot::Sender<Result<bool, Error>>);

/// The writer of form claims: see the module docs.
#[derive(Debug)]
pub(crate) struct Claimer {
    queue: mpsc::Sender<Job>,
    /// Bumped by the writer task per batch, read for metrics ([`Claimer::stats`]).
    counters: std::sync::Arc<BatchCounters>,
}

impl Claimer {
    /// Starts the writer task on the current tokio runtime. It holds the pool, not the
    /// [`Store`] (which would keep the queue open forever), and ends when every `Store` clone
    /// is gone.
    pub(crate) fn start(pool: AnyPool) -> Claimer {
        let (queue, mut jobs) = mpsc::channel::<Job>(4 * BATCH);
        let counters = std::sync::Arc::new(BatchCounters::default());
        let counted = counters.clone();
        tokio::spawn(async move {
            let mut batch = Vec::with_capacity(BATCH);
            let mut claimed: u64 = 0;
            while jobs.recv_many(&mut batch, BATCH).await > 0 {
                counted.batch(batch.len());
                let now = batch.iter().map(|(c, _)| c.now).max();
                let before = claimed;
                claimed = claimed.saturating_add(u64::try_from(batch.len()).unwrap_or(u64::MAX));
                write_batch(&pool, &mut batch).await;
                let turn = before == 0 || claimed / PURGE_EVERY > before / PURGE_EVERY;
                if let (true, Some(now)) = (turn, now) {
                    // The claims stand whatever happens to the purge; a later turn tries again.
                    if let Err(e) = purge(&pool, now).await {
                        tracing::warn!(error = %e, "purging expired form claims failed");
                    }
                }
            }
        });
        Claimer { queue, counters }
    }

    /// The batches written so far and the claims waiting for the next.
    pub(crate) fn stats(&self) -> WriterStats {
        self.counters
            .read(self.queue.max_capacity() - self.queue.capacity())
    }

    async fn claim(&self, claim: Claim) -> Result<bool, Error> {
        let (reply, answer) = oneshot::channel();
        let stopped = || Error::Database(sqlx::Error::PoolClosed);
        self.queue
            .send((claim, reply))
            .await
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

/// Writes a batch of claims in one statement and answers every caller. A database error fails
/// the whole batch: nothing of it is written, and every caller hears so.
async fn write_batch(pool: &AnyPool, batch: &mut Vec<Job>) {
    // The first claim of each (form, scope) is the one written; the others in the batch lose.
    let mut seen = HashSet::new();
    let written: Vec<bool> = batch
        .iter()
        .map(|(c, _)| seen.insert((c.form.as_str(), c.scope.as_str())))
        .collect();
    let claims: Vec<&Claim> = batch
        .iter()
        .zip(&written)
        .filter_map(|((claim, _), first)| first.then_some(claim))
        .collect();
    // A locked database or a dropped connection: once more before giving up, as the record
    // writer does.
    let mut result = insert(pool, &claims).await;
    if result.is_err() {
        result = insert(pool, &claims).await;
    }
    match result {
        Ok(inserted) => {
            for ((claim, reply), first) in batch.drain(..).zip(written) {
                let won = first && inserted.contains(&(claim.form, claim.scope));
                let _ = reply.send(Ok(won));
            }
        }
        Err(e) => {
            tracing::error!(error = %e, claims = batch.len(), "writing form claims failed twice");
            let e = e.busy_if_transient();
            let transient = e.is_transient();
            let message = e.to_string();
            for (_, reply) in batch.drain(..) {
                let _ = reply.send(Err(if transient {
                    Error::Busy(None)
                } else {
                    Error::Database(sqlx::Error::Io(std::io::Error::other(format!(
                        "form claims not written: {message}"
                    ))))
                }));
            }
        }
    }
}

/// Inserts the first claim of each (form, scope) in one statement; the ones the database
/// already had come back missing from the result.
async fn insert(pool: &AnyPool, claims: &[&Claim]) -> Result<HashSet<(String, String)>, Error> {
    // Built from constant text and placeholder numbers only; every value is bound.
    let mut sql = String::from("INSERT INTO form_claims (form_id, scope, expires_hour) VALUES ");
    for i in 0..claims.len() {
        let n = i * 3;
        if i > 0 {
            sql.push(',');
        }
        sql.push_str(&format!("(${}, ${}, ${})", n + 1, n + 2, n + 3));
    }
    sql.push_str(" ON CONFLICT (form_id, scope) DO NOTHING RETURNING form_id, scope");
    let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
    for claim in claims {
        query = query
            .bind(claim.form.as_str())
            .bind(claim.scope.as_str())
            .bind(claim.expires_hour.as_str());
    }
    let inserted: Vec<(String, String)> = query.fetch_all(pool).await?;
    Ok(inserted.into_iter().collect())
}

/// Deletes the claims whose forms have expired by `now`; see [`Store::purge_form_claims`].
async fn purge(pool: &AnyPool, now: jiff::Timestamp) -> Result<u64, Error> {
    let hour = codec::hour_text(now)?;
    let done = sqlx::query("DELETE FROM form_claims WHERE expires_hour < $1")
        .bind(hour)
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

impl Store {
    /// Claims the form `form` for `scope`; true the first time, false for every later claim of
    /// the same pair, on any instance sharing the database.
    ///
    /// `form` is the random id a form carried (the caller's; this crate does not read it),
    /// `scope` what it is being used for, so one form may count once in each of several scopes
    /// (an action page's channels). `expires_at` is when the form stops being accepted anyway:
    /// the row is kept until then, rounded up to the hour. `now` is the caller's clock, for
    /// the occasional purge of expired rows. Claims arriving together are written together
    /// (see the module docs); this returns once the claim is committed.
    pub async fn claim_form(
        &self,
        form: &str,
        scope: &str,
        expires_at: jiff::Timestamp,
        now: jiff::Timestamp,
    ) -> Result<bool, Error> {
        let claim = Claim {
            form: form.to_string(),
            scope: scope.to_string(),
            expires_hour: codec::hour_up_text(expires_at)?,
            now,
        };
        let claimer = self
            .claimer
            .get_or_init(|| Claimer::start(self.pool.clone()));
        claimer.claim(claim).await
    }

    /// Gives back a claim that did not lead to anything (the count it was for failed), so the
    /// same form may be posted again. Nothing happens when there is no such claim.
    pub async fn release_form(&self, form: &str, scope: &str) -> Result<(), Error> {
        sqlx::query("DELETE FROM form_claims WHERE form_id = $1 AND scope = $2")
            .bind(form)
            .bind(scope)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Deletes the claims whose forms have expired by `now`; returns how many. The claims'
    /// writer calls it as it goes (see the module docs).
    ///
    /// Expiries are kept to the hour, rounded up, and compared with the hour `now` is in, so a
    /// row goes at most two hours after its form expires, and never before.
    pub async fn purge_form_claims(&self, now: jiff::Timestamp) -> Result<u64, Error> {
        purge(&self.pool, now).await
    }
}
