//! What supporters did: one row per completed action (`action_records`), and the counts the
//! public pages show. See the migration for what is deliberately not kept.

use std::collections::{BTreeMap, HashMap};

use outcry_domain::{Channel, Country, Lang, Slug};
use std::time::Duration;

use sqlx::AnyConnection;

use tokio::sync::{mpsc, oneshot};

use crate::stats::{BatchCounters, WriterStats};
use crate::{Error, codec};

/// At most this many records share one transaction; enough to amortize a commit, small enough
/// that a batch never holds the write lock for long.
const BATCH: usize = 256;

/// How long a caller waits for room in the writer's queue before being told the database is
/// busy: the queue is full only when the database has stalled, and a supporter is better
/// served by "try again" than by a page that never loads.
const QUEUE_WAIT: Duration = Duration::from_secs(2);

type Job = (ActionRecord, oneshot::Sender<Result<(), Error>>);

/// The writer of supporters' records: a task that takes every record waiting, writes them in
/// one transaction, and then answers each caller. A caller is answered only after the commit,
/// so an acknowledged action is a stored one.
#[derive(Debug)]
pub(crate) struct Recorder {
    queue: mpsc::Sender<Job>,
    /// Bumped by the writer task per batch, read for metrics ([`Recorder::stats`]).
    counters: std::sync::Arc<BatchCounters>,
}

impl Recorder {
    /// Starts the writer task on the current tokio runtime, writing through `pool` (a
    /// connection of its own where the database allows, so that readers cannot starve it).
    /// It ends when every `Store` clone (and so the queue's sender) is gone.
    pub(crate) fn start(pool: sqlx::AnyPool, backend: crate::Backend) -> Recorder {
        let (queue, mut jobs) = mpsc::channel::<Job>(4 * BATCH);
        let counters = std::sync::Arc::new(BatchCounters::default());
        let counted = counters.clone();
        tokio::spawn(async move {
            let mut batch = Vec::with_capacity(BATCH);
            while jobs.recv_many(&mut batch, BATCH).await > 0 {
                counted.batch(batch.len());
                write_batch(&pool, backend, &mut batch).await;
            }
        });
        Recorder { queue, counters }
    }

    /// The batches written so far and the records waiting for the next.
    pub(crate) fn stats(&self) -> WriterStats {
        self.counters
            .read(self.queue.max_capacity() - self.queue.capacity())
    }

    pub(crate) async fn record(&self, record: ActionRecord) -> Result<(), Error> {
        let (reply, answer) = oneshot::channel();
        let stopped = || Error::Database(sqlx::Error::PoolClosed);
        match self.queue.send_timeout((record, reply), QUEUE_WAIT).await {
            Ok(()) => {}
            Err(mpsc::error::SendTimeoutError::Timeout(_)) => return Err(Error::Busy(None)),
            Err(mpsc::error::SendTimeoutError::Closed(_)) => return Err(stopped()),
        }
        answer.await.map_err(|_| stopped())?
    }
}

/// Writes a batch and answers every caller. A record for an unknown action fails alone. When
/// the whole batch fails (a locked database, a dropped connection), it is tried once more;
/// if that fails too, each record is written on its own, so one bad row cannot fail the
/// others and each caller learns its own record's fate.
async fn write_batch(pool: &sqlx::AnyPool, backend: crate::Backend, batch: &mut Vec<Job>) {
    let records: Vec<&ActionRecord> = batch.iter().map(|(r, _)| r).collect();
    let mut outcome = insert(pool, backend, &records).await;
    if outcome.is_err() {
        outcome = insert(pool, backend, &records).await;
    }
    let results: Vec<Result<(), Error>> = match outcome {
        Ok(results) => results,
        Err(e) => {
            tracing::warn!(error = %e, records = batch.len(), "a batch of supporters' records failed twice; writing them one by one");
            let mut results = Vec::with_capacity(records.len());
            for record in &records {
                results.push(match insert(pool, backend, &[record]).await {
                    Ok(mut one) => one.pop().unwrap_or(Ok(())),
                    Err(e) => {
                        tracing::error!(error = %e, "a supporter's record could not be written");
                        Err(e.busy_if_transient())
                    }
                });
            }
            results
        }
    };
    for ((_, reply), r) in batch.drain(..).zip(results) {
        let _ = reply.send(r);
    }
}

/// Inserts `records` in one transaction: each distinct action looked up once, then every row
/// in a single multi-row INSERT, one round trip and one commit. Gives each record's result;
/// `Err` when the transaction as a whole failed and nothing was written.
async fn insert(
    pool: &sqlx::AnyPool,
    backend: crate::Backend,
    records: &[&ActionRecord],
) -> Result<Vec<Result<(), Error>>, Error> {
    let mut tx = match backend {
        crate::Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await?,
        crate::Backend::Postgres => pool.begin().await?,
    };
    let mut ids: HashMap<&Slug, Option<i64>> = HashMap::new();
    for record in records {
        if !ids.contains_key(&record.action) {
            let id: Option<i64> = sqlx::query_scalar("SELECT id FROM actions WHERE slug = $1")
                .bind(record.action.as_str())
                .fetch_optional(&mut *tx)
                .await?;
            ids.insert(&record.action, id);
        }
    }
    let mut results = Vec::with_capacity(records.len());
    let mut rows = Vec::with_capacity(records.len());
    for record in records {
        match ids.get(&record.action).copied().flatten() {
            Some(id) => {
                rows.push((id, *record));
                results.push(Ok(()));
            }
            None => results.push(Err(Error::NotFound {
                entity: "action",
                key: record.action.to_string(),
            })),
        }
    }
    if !rows.is_empty() {
        // The statement is built from constant text and placeholder numbers only; every
        // value is bound.
        let mut sql = String::from(
            "INSERT INTO action_records (id, action_id, channel, lang, country, recorded_hour) \
             VALUES ",
        );
        for i in 0..rows.len() {
            let n = i * 6;
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(&format!(
                "(${}, ${}, ${}, ${}, ${}, ${})",
                n + 1,
                n + 2,
                n + 3,
                n + 4,
                n + 5,
                n + 6
            ));
        }
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (id, record) in rows {
            // A random 63-bit id, not the next number: rows in id order are not in the order
            // supporters acted, so none can be matched against a request log line by line. A
            // collision (never, in practice) fails the batch, which is tried again with new ids.
            let row_id = crate::relay::random_row_id()?;
            query = query
                .bind(row_id)
                .bind(id)
                .bind(record.channel.as_str())
                .bind(record.lang.as_str())
                .bind(record.country.map(|c| c.as_str().to_string()))
                .bind(codec::hour_text(record.at)?);
        }
        query.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(results)
}

/// One completed action, as the web face reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionRecord {
    /// The action acted on.
    pub action: Slug,
    /// How.
    pub channel: Channel,
    /// The interface language the supporter used.
    pub lang: Lang,
    /// Where the supporter said they are, if they said.
    pub country: Option<Country>,
    /// When; stored to the hour only.
    pub at: jiff::Timestamp,
}

/// The counts for one action, as the site shows them: every record but those of hours an
/// organizer discounted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionCounts {
    /// Every counted action.
    pub total: u64,
    /// By channel; channels nobody used are absent.
    pub by_channel: BTreeMap<Channel, u64>,
}

/// Counts by channel for one action, without the hours an organizer discounted (see
/// `discounts`; the index on discounted hours in force serves the `NOT EXISTS`).
pub(crate) async fn counts(conn: &mut AnyConnection, action: &Slug) -> Result<ActionCounts, Error> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT r.channel, COUNT(*) FROM action_records r JOIN actions a ON a.id = r.action_id \
         WHERE a.slug = $1 AND NOT EXISTS (SELECT 1 FROM discounted_hours d \
         WHERE d.action_id = r.action_id AND d.hour = r.recorded_hour AND d.restored_at IS NULL) \
         GROUP BY r.channel",
    )
    .bind(action.as_str())
    .fetch_all(&mut *conn)
    .await?;
    let mut counts = ActionCounts::default();
    for (channel, n) in rows {
        let channel = codec::parse_enum(&channel, Channel::parse, || {
            format!("action_records.channel of {action}")
        })?;
        let n = u64::try_from(n).unwrap_or(0);
        counts.total += n;
        counts.by_channel.insert(channel, n);
    }
    Ok(counts)
}

/// Totals per action of one case, discounted hours left out.
pub(crate) async fn totals_for_case(
    conn: &mut AnyConnection,
    case: &Slug,
) -> Result<HashMap<Slug, u64>, Error> {
    let rows = sqlx::query_as(
        "SELECT a.slug, COUNT(r.id) FROM actions a JOIN cases c ON c.id = a.case_id \
         LEFT JOIN action_records r ON r.action_id = a.id AND NOT EXISTS (SELECT 1 \
         FROM discounted_hours d WHERE d.action_id = r.action_id \
         AND d.hour = r.recorded_hour AND d.restored_at IS NULL) \
         WHERE c.slug = $1 GROUP BY a.slug",
    )
    .bind(case.as_str())
    .fetch_all(&mut *conn)
    .await?;
    per_action(rows)
}

/// Totals per action, of every action, discounted hours left out.
pub(crate) async fn totals(conn: &mut AnyConnection) -> Result<HashMap<Slug, u64>, Error> {
    let rows = sqlx::query_as(
        "SELECT a.slug, COUNT(r.id) FROM actions a \
         LEFT JOIN action_records r ON r.action_id = a.id AND NOT EXISTS (SELECT 1 \
         FROM discounted_hours d WHERE d.action_id = r.action_id \
         AND d.hour = r.recorded_hour AND d.restored_at IS NULL) \
         GROUP BY a.slug",
    )
    .fetch_all(&mut *conn)
    .await?;
    per_action(rows)
}

/// (slug, count) rows as a map.
fn per_action(rows: Vec<(String, i64)>) -> Result<HashMap<Slug, u64>, Error> {
    rows.into_iter()
        .map(|(slug, n)| {
            Ok((
                codec::parse(&slug, || "actions.slug".to_string())?,
                u64::try_from(n).unwrap_or(0),
            ))
        })
        .collect()
}

/// The slug of the case an action belongs to.
pub(crate) async fn case_of(
    conn: &mut AnyConnection,
    action: &Slug,
) -> Result<Option<Slug>, Error> {
    let slug: Option<String> = sqlx::query_scalar(
        "SELECT c.slug FROM actions a JOIN cases c ON c.id = a.case_id WHERE a.slug = $1",
    )
    .bind(action.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    slug.map(|s| codec::parse(&s, || "cases.slug".to_string()))
        .transpose()
}
