//! What supporters did: one row per completed action (`action_records`), and the counts the
//! public pages show. See the migration for what is deliberately not kept.

use std::collections::{BTreeMap, HashMap};

use outcry_domain::{Channel, Country, Lang, Slug};
use sqlx::AnyConnection;

use tokio::sync::{mpsc, oneshot};

use crate::{Error, Store, codec};

/// At most this many records share one transaction; enough to amortize a commit, small enough
/// that a batch never holds the write lock for long.
const BATCH: usize = 256;

type Job = (ActionRecord, oneshot::Sender<Result<(), Error>>);

/// The writer of supporters' records: a task that takes every record waiting, writes them in
/// one transaction, and then answers each caller. A caller is answered only after the commit,
/// so an acknowledged action is a stored one.
#[derive(Debug)]
pub(crate) struct Recorder {
    queue: mpsc::Sender<Job>,
}

impl Recorder {
    /// Starts the writer task on the current tokio runtime. It ends when every `Store` clone
    /// (and so the queue's sender) is gone.
    pub(crate) fn start(store: Store) -> Recorder {
        let (queue, mut jobs) = mpsc::channel::<Job>(4 * BATCH);
        // The task holds the pool, not the `Store`: a `Store` would keep the queue alive forever.
        let pool = store.pool.clone();
        let backend = store.backend;
        tokio::spawn(async move {
            let mut batch = Vec::with_capacity(BATCH);
            while jobs.recv_many(&mut batch, BATCH).await > 0 {
                write_batch(&pool, backend, &mut batch).await;
            }
        });
        Recorder { queue }
    }

    pub(crate) async fn record(&self, record: ActionRecord) -> Result<(), Error> {
        let (reply, answer) = oneshot::channel();
        let stopped = || Error::Database(sqlx::Error::PoolClosed);
        self.queue
            .send((record, reply))
            .await
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

/// Writes a batch in one transaction and answers every caller. A record for an unknown action
/// fails alone; a database error fails the whole batch (nothing of it is committed).
async fn write_batch(pool: &sqlx::AnyPool, backend: crate::Backend, batch: &mut Vec<Job>) {
    let result: Result<Vec<Result<(), Error>>, Error> = async {
        let mut tx = match backend {
            crate::Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await?,
            crate::Backend::Postgres => pool.begin().await?,
        };
        // Each distinct action once (a flood is nearly always about one action), then every
        // record of the batch in a single multi-row INSERT: one round trip, one commit.
        let mut ids: HashMap<Slug, Option<i64>> = HashMap::new();
        for (record, _) in batch.iter() {
            if !ids.contains_key(&record.action) {
                let id: Option<i64> = sqlx::query_scalar("SELECT id FROM actions WHERE slug = $1")
                    .bind(record.action.as_str())
                    .fetch_optional(&mut *tx)
                    .await?;
                ids.insert(record.action.clone(), id);
            }
        }
        let mut results = Vec::with_capacity(batch.len());
        let mut rows = Vec::with_capacity(batch.len());
        for (record, _) in batch.iter() {
            match ids.get(&record.action).copied().flatten() {
                Some(id) => {
                    rows.push((id, record));
                    results.push(Ok(()));
                }
                None => results.push(Err(Error::NotFound { entity: "action", key: record.action.to_string() })),
            }
        }
        if !rows.is_empty() {
            // The statement is built from constant text and placeholder numbers only; every
            // value is bound.
            let mut sql = String::from("INSERT INTO action_records (action_id, channel, lang, country, recorded_hour) VALUES ");
            for i in 0..rows.len() {
                let n = i * 5;
                if i > 0 {
                    sql.push(',');
                }
                sql.push_str(&format!("(${}, ${}, ${}, ${}, ${})", n + 1, n + 2, n + 3, n + 4, n + 5));
            }
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (id, record) in rows {
                query = query
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
    .await;
    match result {
        Ok(results) => {
            for ((_, reply), r) in batch.drain(..).zip(results) {
                let _ = reply.send(r);
            }
        }
        Err(e) => {
            tracing::error!(error = %e, records = batch.len(), "writing supporters' records failed");
            let message = e.to_string();
            for (_, reply) in batch.drain(..) {
                let _ = reply.send(Err(Error::Corrupt {
                    what: format!("batch not written: {message}"),
                }));
            }
        }
    }
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

/// Counted records per action of one case, without discounted hours (as in [`counts`]).
pub(crate) async fn totals_for_case(
    conn: &mut AnyConnection,
    case: &Slug,
) -> Result<HashMap<Slug, u64>, Error> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT a.slug, COUNT(r.id) FROM actions a JOIN cases c ON c.id = a.case_id \
         LEFT JOIN action_records r ON r.action_id = a.id AND NOT EXISTS (SELECT 1 \
         FROM discounted_hours d WHERE d.action_id = r.action_id \
         AND d.hour = r.recorded_hour AND d.restored_at IS NULL) \
         WHERE c.slug = $1 GROUP BY a.slug",
    )
    .bind(case.as_str())
    .fetch_all(&mut *conn)
    .await?;
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
