//! Relay letters (`relay_letters`): letters of support the group prints and posts for their
//! writers, from submission through moderation to the print run. The migration says what is
//! deliberately not kept about writers.
//!
//! Organizers move letters freely among pending, approved and rejected
//! ([`Store::set_relay_status`]); printing moves approved letters to printed
//! ([`Store::mark_printed`]), and nothing moves them back, so no letter is printed twice. Both
//! are single `UPDATE`s whose `WHERE` names the statuses they start from: two print runs at
//! once cannot both claim a letter, since the second finds it printed already (PostgreSQL
//! re-checks the condition on a row another transaction just changed; SQLite runs writers one
//! after the other) and the counts they return tell each run what it got.

use outcry_domain::{RelayLetter, RelayStatus, Slug};
use sqlx::AnyConnection;

use crate::codec::{self, from_json, to_json};
use crate::{Error, Store, cases};

/// At most this many ids in one statement: far below the parameter limits of SQLite (32,766)
/// and PostgreSQL (65,535), however many letters one command names.
const IDS_PER_STATEMENT: usize = 500;

/// A relay letter as the moderation queue and the print run see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedLetter {
    /// The letter's number, for organizers to approve, reject or print it by.
    pub id: i64,
    /// The letter as the writer submitted it, byte for byte.
    pub letter: RelayLetter,
    /// Where it is on its way to the post.
    pub status: RelayStatus,
    /// The hour it was submitted in: nothing finer is kept.
    pub submitted_hour: jiff::Timestamp,
}

/// How many of a case's relay letters are in each status, for the case's public page ("12
/// letters waiting to be posted") and for organizers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RelayCounts {
    /// Submitted, not read yet.
    pub pending: u64,
    /// Approved, waiting for the next print run.
    pub approved: u64,
    /// Rejected; kept, never printed.
    pub rejected: u64,
    /// Printed for posting.
    pub printed: u64,
}

#[derive(sqlx::FromRow)]
struct LetterRow {
    id: i64,
    lang: String,
    body: String,
    signature: String,
    return_address: String,
    status: String,
    submitted_hour: String,
}

impl Store {
    /// Puts a writer's letter in the case's moderation queue, as pending; returns its id.
    ///
    /// The letter is checked first ([`Error::Invalid`]). Refused with [`Error::NotFound`] for an
    /// unknown case and [`Error::RelayClosed`] for a case without a relay setting. Of the time,
    /// only the hour of `now` is stored.
    pub async fn submit_relay_letter(
        &self,
        case: &Slug,
        letter: &RelayLetter,
        now: jiff::Timestamp,
    ) -> Result<i64, Error> {
        letter.check().map_err(Error::Invalid)?;
        let return_address = to_json(&letter.return_address, "relay letter return address")?;
        let hour = codec::hour_text(now)?;
        // One transaction, so the case cannot leave relay mode between the check and the insert.
        let mut tx = self.begin_write().await?;
        let found: Option<(i64, Option<String>)> =
            sqlx::query_as("SELECT id, relay FROM cases WHERE slug = $1")
                .bind(case.as_str())
                .fetch_optional(&mut *tx)
                .await?;
        let case_id = match found {
            None => return Err(case_not_found(case)),
            Some((_, None)) => {
                return Err(Error::RelayClosed {
                    case: case.to_string(),
                });
            }
            Some((id, Some(_))) => id,
        };
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO relay_letters (case_id, lang, body, signature, return_address, status, \
             submitted_hour) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(case_id)
        .bind(letter.lang.as_str())
        .bind(letter.text.as_str())
        .bind(letter.signature.as_str())
        .bind(return_address)
        .bind(RelayStatus::Pending.as_str())
        .bind(hour)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The case's relay letters in `status` (all of them for `None`), oldest first.
    /// [`Error::NotFound`] for an unknown case.
    pub async fn relay_queue(
        &self,
        case: &Slug,
        status: Option<RelayStatus>,
    ) -> Result<Vec<QueuedLetter>, Error> {
        let mut conn = self.pool.acquire().await?;
        let case_id = case_id(&mut conn, case).await?;
        // Within an hour, ids keep the order of submission.
        let rows: Vec<LetterRow> = match status {
            None => {
                sqlx::query_as(
                    "SELECT id, lang, body, signature, return_address, status, submitted_hour \
                     FROM relay_letters WHERE case_id = $1 ORDER BY submitted_hour, id",
                )
                .bind(case_id)
                .fetch_all(&mut *conn)
                .await?
            }
            Some(status) => {
                sqlx::query_as(
                    "SELECT id, lang, body, signature, return_address, status, submitted_hour \
                     FROM relay_letters WHERE case_id = $1 AND status = $2 \
                     ORDER BY submitted_hour, id",
                )
                .bind(case_id)
                .bind(status.as_str())
                .fetch_all(&mut *conn)
                .await?
            }
        };
        rows.into_iter().map(read).collect()
    }

    /// Moves letters to pending, approved or rejected, in one transaction; returns how many
    /// changed. Letters already in `to`, printed letters and unknown ids are left alone (and not
    /// counted): a printed letter stays printed. [`Error::PrintedOnlyByPrinting`] for `to` =
    /// printed, which only [`Store::mark_printed`] does.
    pub async fn set_relay_status(&self, ids: &[i64], to: RelayStatus) -> Result<u64, Error> {
        if to == RelayStatus::Printed {
            return Err(Error::PrintedOnlyByPrinting);
        }
        if ids.is_empty() {
            return Ok(0);
        }
        let mut tx = self.begin_write().await?;
        let mut changed = 0;
        for chunk in ids.chunks(IDS_PER_STATEMENT) {
            // Built from constant text and placeholder numbers only; every value is bound.
            let sql = format!(
                "UPDATE relay_letters SET status = $1 \
                 WHERE status IN ('pending', 'approved', 'rejected') AND status <> $1 \
                 AND id IN ({})",
                placeholders(2, chunk.len())
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(to.as_str());
            for id in chunk {
                query = query.bind(*id);
            }
            changed += query.execute(&mut *tx).await?.rows_affected();
        }
        tx.commit().await?;
        Ok(changed)
    }

    /// The case's approved letters, oldest first: what the next print run prints.
    /// [`Error::NotFound`] for an unknown case.
    pub async fn approved_for_printing(&self, case: &Slug) -> Result<Vec<QueuedLetter>, Error> {
        self.relay_queue(case, Some(RelayStatus::Approved)).await
    }

    /// Marks letters printed in `batch` (a name for the print run, such as the file it went to),
    /// in one transaction; returns how many it marked. Only letters still approved are marked:
    /// when two print runs race for the same letters, each letter counts for one of them only,
    /// and a run that gets fewer than it printed must not post the others.
    pub async fn mark_printed(&self, ids: &[i64], batch: &str) -> Result<u64, Error> {
        if ids.is_empty() {
            return Ok(0);
        }
        let mut tx = self.begin_write().await?;
        let mut marked = 0;
        for chunk in ids.chunks(IDS_PER_STATEMENT) {
            // Built from constant text and placeholder numbers only; every value is bound.
            let sql = format!(
                "UPDATE relay_letters SET status = 'printed', printed_batch = $1 \
                 WHERE status = 'approved' AND id IN ({})",
                placeholders(2, chunk.len())
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(batch);
            for id in chunk {
                query = query.bind(*id);
            }
            marked += query.execute(&mut *tx).await?.rows_affected();
        }
        tx.commit().await?;
        Ok(marked)
    }

    /// How many of the case's relay letters are in each status. [`Error::NotFound`] for an
    /// unknown case.
    pub async fn relay_counts(&self, case: &Slug) -> Result<RelayCounts, Error> {
        let mut conn = self.pool.acquire().await?;
        let case_id = case_id(&mut conn, case).await?;
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT status, COUNT(*) FROM relay_letters WHERE case_id = $1 GROUP BY status",
        )
        .bind(case_id)
        .fetch_all(&mut *conn)
        .await?;
        let mut counts = RelayCounts::default();
        for (status, n) in rows {
            let status = codec::parse_enum(&status, RelayStatus::parse, || {
                format!("relay_letters.status of case {case}")
            })?;
            let n = u64::try_from(n).unwrap_or(0);
            match status {
                RelayStatus::Pending => counts.pending = n,
                RelayStatus::Approved => counts.approved = n,
                RelayStatus::Rejected => counts.rejected = n,
                RelayStatus::Printed => counts.printed = n,
            }
        }
        Ok(counts)
    }
}

/// The id of the case, or [`Error::NotFound`].
async fn case_id(conn: &mut AnyConnection, case: &Slug) -> Result<i64, Error> {
    cases::find_id(conn, case)
        .await?
        .ok_or_else(|| case_not_found(case))
}

fn case_not_found(case: &Slug) -> Error {
    Error::NotFound {
        entity: "case",
        key: case.to_string(),
    }
}

/// `$first, $first+1, …`: `count` placeholders.
fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A row back into a queued letter.
fn read(row: LetterRow) -> Result<QueuedLetter, Error> {
    let at = |col: &str| format!("relay_letters.{col} of letter {}", row.id);
    Ok(QueuedLetter {
        id: row.id,
        letter: RelayLetter {
            lang: codec::parse(&row.lang, || at("lang"))?,
            text: row.body,
            signature: row.signature,
            return_address: from_json(&row.return_address, || at("return_address"))?,
        },
        status: codec::parse_enum(&row.status, RelayStatus::parse, || at("status"))?,
        submitted_hour: codec::parse(&row.submitted_hour, || at("submitted_hour"))?,
    })
}
