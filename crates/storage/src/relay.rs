//! Relay letters (`relay_letters`): letters of support the group prints and posts for their
//! writers, from submission through moderation to the print run. The migrations say what is
//! deliberately not kept about writers; `docs/privacy.md` lists every column.
//!
//! This crate never sees a letter's words. The web face seals the text, signature and return
//! address to the organization's public key before calling [`Store::submit_relay_letter`],
//! and the organizer opens them on their own machine; here they are bytes. In clear stay the
//! case, the language, the status, the hour, and the kinds of the censor checker's warnings.
//!
//! Organizers move letters freely among pending, approved and rejected
//! ([`Store::set_relay_status`]). A print run first claims a case's approved letters
//! ([`Store::claim_for_printing`], status `printing`, one `UPDATE … RETURNING`), renders only
//! what it claimed, and then marks its batch printed ([`Store::mark_printed`]) or gives it back
//! ([`Store::release_batch`]). Moderation cannot touch a claimed letter, so a letter rejected
//! before the claim is never printed and one claimed is printed as it was approved; two runs
//! at once cannot claim the same letter (PostgreSQL re-checks the `WHERE` on a row another
//! transaction just changed; SQLite runs writers one after the other).

use outcry_domain::{Lang, Relay, RelayLetter, RelayStatus, Retention, Slug};
use sqlx::AnyConnection;

use crate::accounts::Actor;
use crate::audit::{self, Line};
use crate::codec::{self, from_json, to_json};
use crate::{Backend, Error, Store, cases};

/// At most this many ids in one statement: far below the parameter limits of SQLite (32,766)
/// and PostgreSQL (65,535), however many letters one command names.
const IDS_PER_STATEMENT: usize = 500;

/// The columns every read of a letter takes, in [`LetterRow`]'s order.
const COLUMNS: &str = "id, lang, sealed, warnings, status, submitted_hour, closed_hour";

/// A relay letter as the web face hands it over: already sealed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRelayLetter {
    /// The writer's interface language.
    pub lang: Lang,
    /// The letter ([`RelayLetter`] as JSON) sealed to the organization's key.
    pub sealed: Vec<u8>,
    /// The kinds of the censor checker's warnings on the text (message keys such as
    /// `censor-war`), kept in clear so organizers see which letters need a careful read.
    pub warnings: Vec<String>,
}

/// A relay letter as the moderation queue and the print run see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedLetter {
    /// The letter's number (random, ten digits), for organizers to approve, reject or print
    /// it by.
    pub id: i64,
    /// The writer's interface language.
    pub lang: Lang,
    /// The sealed letter; `None` once retention erased it.
    pub sealed: Option<Vec<u8>>,
    /// The kinds of the checker's warnings at submission.
    pub warnings: Vec<String>,
    /// Where it is on its way to the post.
    pub status: RelayStatus,
    /// The hour it was submitted in: nothing finer is kept.
    pub submitted_hour: jiff::Timestamp,
    /// The hour it was printed or rejected, from which retention counts.
    pub closed_hour: Option<jiff::Timestamp>,
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
    /// Claimed by a print run under way.
    pub printing: u64,
    /// Printed for posting.
    pub printed: u64,
}

/// The letters one print run claimed, under the batch name that finishes or releases them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintBatch {
    /// The run's name: the name it was given and a random suffix, so two runs never share one.
    pub name: String,
    /// What it claimed, oldest first.
    pub letters: Vec<QueuedLetter>,
}

/// A letter whose sealed content retention erases (or would erase).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpiredLetter {
    /// The letter's number.
    pub id: i64,
    /// Its case.
    pub case: Slug,
    /// Printed or rejected.
    pub status: RelayStatus,
    /// When it was printed or rejected.
    pub closed_hour: jiff::Timestamp,
}

#[derive(sqlx::FromRow)]
struct LetterRow {
    id: i64,
    lang: String,
    sealed: Option<Vec<u8>>,
    warnings: String,
    status: String,
    submitted_hour: String,
    closed_hour: Option<String>,
}

impl Store {
    /// Puts a sealed letter in the case's moderation queue, as pending; returns its random id.
    ///
    /// Refused with [`Error::NotFound`] for an unknown case, [`Error::RelayClosed`] for a case
    /// without a relay setting, and [`Error::RelayQueueFull`] when the case already has `cap`
    /// pending letters. Of the time, only the hour of `now` is stored.
    pub async fn submit_relay_letter(
        &self,
        case: &Slug,
        letter: &NewRelayLetter,
        now: jiff::Timestamp,
        cap: u64,
    ) -> Result<i64, Error> {
        let warnings = to_json(&letter.warnings, "relay letter warnings")?;
        let hour = codec::hour_text(now)?;
        // One transaction, so the case cannot leave relay mode, nor the queue fill up,
        // between the checks and the insert.
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
        let pending: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM relay_letters WHERE case_id = $1 AND status = 'pending'",
        )
        .bind(case_id)
        .fetch_one(&mut *tx)
        .await?;
        if u64::try_from(pending).unwrap_or(0) >= cap {
            return Err(Error::RelayQueueFull {
                case: case.to_string(),
                cap,
            });
        }
        // Ten random digits: short enough to type, and a taken one (rare) is drawn again.
        for _ in 0..8 {
            let id = letter_id()?;
            let inserted: Option<i64> = sqlx::query_scalar(
                "INSERT INTO relay_letters (id, case_id, lang, sealed, warnings, status, \
                 submitted_hour) VALUES ($1, $2, $3, $4, $5, 'pending', $6) \
                 ON CONFLICT (id) DO NOTHING RETURNING id",
            )
            .bind(id)
            .bind(case_id)
            .bind(letter.lang.as_str())
            .bind(letter.sealed.clone())
            .bind(warnings.as_str())
            .bind(hour.as_str())
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(id) = inserted {
                tx.commit().await?;
                return Ok(id);
            }
        }
        Err(Error::Corrupt {
            what: "no free relay letter id in 8 draws".into(),
        })
    }

    /// The case's relay letters in `status` (all of them for `None`), by hour and then id.
    /// [`Error::NotFound`] for an unknown case.
    pub async fn relay_queue(
        &self,
        case: &Slug,
        status: Option<RelayStatus>,
    ) -> Result<Vec<QueuedLetter>, Error> {
        let mut conn = self.pool.acquire().await?;
        let case_id = case_id(&mut conn, case).await?;
        // Within an hour the order is the random ids', which is no order at all: on purpose.
        let rows: Vec<LetterRow> = match status {
            None => {
                sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {COLUMNS} FROM relay_letters WHERE case_id = $1 \
                     ORDER BY submitted_hour, id"
                )))
                .bind(case_id)
                .fetch_all(&mut *conn)
                .await?
            }
            Some(status) => {
                sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {COLUMNS} FROM relay_letters WHERE case_id = $1 AND status = $2 \
                     ORDER BY submitted_hour, id"
                )))
                .bind(case_id)
                .bind(status.as_str())
                .fetch_all(&mut *conn)
                .await?
            }
        };
        rows.into_iter().map(read).collect()
    }

    /// The letters with these ids, in the order given; unknown ids are left out.
    pub async fn relay_letters(&self, ids: &[i64]) -> Result<Vec<QueuedLetter>, Error> {
        let mut conn = self.pool.acquire().await?;
        let mut found = Vec::new();
        for chunk in ids.chunks(IDS_PER_STATEMENT) {
            // Built from constant text and placeholder numbers only; every value is bound.
            let sql = format!(
                "SELECT {COLUMNS} FROM relay_letters WHERE id IN ({})",
                placeholders(1, chunk.len())
            );
            let mut query = sqlx::query_as::<_, LetterRow>(sqlx::AssertSqlSafe(sql));
            for id in chunk {
                query = query.bind(*id);
            }
            for row in query.fetch_all(&mut *conn).await? {
                found.push(read(row)?);
            }
        }
        let mut ordered = Vec::with_capacity(found.len());
        for id in ids {
            if let Some(at) = found.iter().position(|q| q.id == *id) {
                ordered.push(found.swap_remove(at));
            }
        }
        Ok(ordered)
    }

    /// Moves letters to pending, approved or rejected, in one transaction; returns how many
    /// changed. Letters already in `to`, letters claimed for printing or printed, letters
    /// whose content retention erased, and unknown ids are left alone (and not counted).
    /// [`Error::PrintedOnlyByPrinting`] for `to` = printing or printed, which only a print run
    /// does. A rejected letter's retention counts from the hour of `now`.
    pub async fn set_relay_status(
        &self,
        ids: &[i64],
        to: RelayStatus,
        now: jiff::Timestamp,
    ) -> Result<u64, Error> {
        if matches!(to, RelayStatus::Printed | RelayStatus::Printing) {
            return Err(Error::PrintedOnlyByPrinting);
        }
        if ids.is_empty() {
            return Ok(0);
        }
        let mut tx = self.begin_write().await?;
        let changed = change_status(&mut tx, ids, to, now).await?;
        tx.commit().await?;
        Ok(changed.len() as u64)
    }

    /// [`Store::set_relay_status`] by someone in the admin or at the command line: the same
    /// change, with one audit line per letter that changed (`letter.approve`, `letter.reject`
    /// or `letter.pending`, the letter's id as subject) in the same transaction.
    pub async fn moderate_letters(
        &self,
        ids: &[i64],
        to: RelayStatus,
        by: &Actor,
        now: jiff::Timestamp,
    ) -> Result<u64, Error> {
        let action = match to {
            RelayStatus::Approved => "letter.approve",
            RelayStatus::Rejected => "letter.reject",
            RelayStatus::Pending => "letter.pending",
            RelayStatus::Printing | RelayStatus::Printed => {
                return Err(Error::PrintedOnlyByPrinting);
            }
        };
        let mut tx = self.begin_write().await?;
        let changed = change_status(&mut tx, ids, to, now).await?;
        for id in &changed {
            let subject = id.to_string();
            let line = Line {
                after: Some(to.as_str()),
                ..Line::of(action, &subject)
            };
            audit::write_at(&mut tx, by, &line, now).await?;
        }
        tx.commit().await?;
        Ok(changed.len() as u64)
    }

    /// Claims every approved letter of the case for a print run named `name`: one statement
    /// moves them to printing and returns them, oldest first. What is not claimed here is not
    /// printed by this run. [`Error::NotFound`] for an unknown case.
    pub async fn claim_for_printing(&self, case: &Slug, name: &str) -> Result<PrintBatch, Error> {
        let name = format!("{name} #{:08x}", random_u64()? as u32);
        let mut tx = self.begin_write().await?;
        let case_id = case_id(&mut tx, case).await?;
        let rows: Vec<LetterRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "UPDATE relay_letters SET status = 'printing', printed_batch = $1 \
             WHERE case_id = $2 AND status = 'approved' RETURNING {COLUMNS}"
        )))
        .bind(name.as_str())
        .bind(case_id)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        let mut letters = rows.into_iter().map(read).collect::<Result<Vec<_>, _>>()?;
        letters.sort_by_key(|q| (q.submitted_hour, q.id));
        Ok(PrintBatch { name, letters })
    }

    /// Marks the batch's letters printed, their retention counting from the hour of `now`;
    /// returns how many.
    pub async fn mark_printed(&self, batch: &str, now: jiff::Timestamp) -> Result<u64, Error> {
        let hour = codec::hour_text(now)?;
        let mut tx = self.begin_write().await?;
        let marked = sqlx::query(
            "UPDATE relay_letters SET status = 'printed', closed_hour = $1 \
             WHERE status = 'printing' AND printed_batch = $2",
        )
        .bind(hour)
        .bind(batch)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(marked)
    }

    /// Gives a failed run's letters back to the approved queue; returns how many.
    pub async fn release_batch(&self, batch: &str) -> Result<u64, Error> {
        let mut tx = self.begin_write().await?;
        let released = sqlx::query(
            "UPDATE relay_letters SET status = 'approved', printed_batch = NULL \
             WHERE status = 'printing' AND printed_batch = $1",
        )
        .bind(batch)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(released)
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
                RelayStatus::Printing => counts.printing = n,
                RelayStatus::Printed => counts.printed = n,
            }
        }
        Ok(counts)
    }

    /// Letters printed or rejected long enough ago, by `retention` at `now`, whose sealed
    /// content is still stored: what [`Store::erase_expired_letters`] erases. Hours are whole,
    /// so a letter goes up to an hour early rather than late.
    pub async fn expired_letters(
        &self,
        now: jiff::Timestamp,
        retention: Retention,
    ) -> Result<Vec<ExpiredLetter>, Error> {
        let mut conn = self.pool.acquire().await?;
        let mut expired = Vec::new();
        for (case_id, cutoff) in retention_cutoffs(&mut conn, now, retention).await? {
            let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
                "SELECT r.id, c.slug, r.status, r.closed_hour FROM relay_letters r \
                 JOIN cases c ON c.id = r.case_id \
                 WHERE r.case_id = $1 AND r.status IN ('printed', 'rejected') \
                 AND r.sealed IS NOT NULL AND r.closed_hour <= $2",
            )
            .bind(case_id)
            .bind(&cutoff)
            .fetch_all(&mut *conn)
            .await?;
            for (id, case, status, closed) in rows {
                let at = |col: &str| format!("relay_letters.{col} of letter {id}");
                expired.push(ExpiredLetter {
                    id,
                    case: codec::parse(&case, || at("case"))?,
                    status: codec::parse_enum(&status, RelayStatus::parse, || at("status"))?,
                    closed_hour: codec::parse(&closed, || at("closed_hour"))?,
                });
            }
        }
        expired.sort_by_key(|e| (e.closed_hour, e.id));
        Ok(expired)
    }

    /// Erases the sealed content of letters printed or rejected long enough ago, by
    /// `retention` at `now` (each case's own days, or the site's); the rows stay (status,
    /// hour, warnings) so counts do not change. Returns how many were erased.
    ///
    /// On SQLite, `secure_delete` (on for every connection) overwrites the freed bytes, and
    /// the write-ahead log is then checkpointed and truncated, so the ciphertext is gone from
    /// the database file and its `-wal` too, not only from queries.
    pub async fn erase_expired_letters(
        &self,
        now: jiff::Timestamp,
        retention: Retention,
    ) -> Result<u64, Error> {
        let mut tx = self.begin_write().await?;
        let mut erased = 0;
        for (case_id, cutoff) in retention_cutoffs(&mut tx, now, retention).await? {
            erased += sqlx::query(
                "UPDATE relay_letters SET sealed = NULL \
                 WHERE case_id = $1 AND status IN ('printed', 'rejected') \
                 AND sealed IS NOT NULL AND closed_hour <= $2",
            )
            .bind(case_id)
            .bind(&cutoff)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        }
        tx.commit().await?;
        if erased > 0 {
            self.truncate_wal().await?;
        }
        Ok(erased)
    }

    /// How many cases take letters for relay (have a relay setting).
    pub async fn relay_case_count(&self) -> Result<u64, Error> {
        let mut conn = self.pool.acquire().await?;
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cases WHERE relay IS NOT NULL")
            .fetch_one(&mut *conn)
            .await?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// How many letters stored in clear before sealing existed wait to be sealed.
    pub async fn plain_letters_waiting(&self) -> Result<u64, Error> {
        let mut conn = self.pool.acquire().await?;
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM relay_letters_plain")
            .fetch_one(&mut *conn)
            .await?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Seals the letters stored in clear before sealing existed (`relay_letters_plain`) with
    /// `seal` (the letter → what [`NewRelayLetter`] holds), moves them into `relay_letters`
    /// with new random ids and their status and hour, and deletes the clear rows; all in one
    /// transaction. Returns how many it sealed.
    pub async fn seal_plain_letters<E: std::fmt::Display>(
        &self,
        seal: impl Fn(&RelayLetter) -> Result<(Vec<u8>, Vec<String>), E>,
    ) -> Result<u64, Error> {
        let mut tx = self.begin_write().await?;
        #[allow(clippy::type_complexity)]
        let rows: Vec<(
            i64,
            i64,
            String,
            String,
            String,
            String,
            String,
            String,
            Option<String>,
        )> = sqlx::query_as(
            "SELECT id, case_id, lang, body, signature, return_address, status, \
                 submitted_hour, printed_batch FROM relay_letters_plain",
        )
        .fetch_all(&mut *tx)
        .await?;
        let count = rows.len() as u64;
        for (old, case_id, lang, body, signature, address, status, hour, batch) in rows {
            let at = |col: &str| format!("relay_letters_plain.{col} of letter {old}");
            let letter = RelayLetter {
                lang: codec::parse(&lang, || at("lang"))?,
                text: body,
                signature,
                return_address: from_json(&address, || at("return_address"))?,
            };
            let (sealed, warnings) = seal(&letter).map_err(|e| Error::Corrupt {
                what: format!("{}: {e}", at("body")),
            })?;
            // Printed letters keep their batch and count as printed this hour for retention.
            let closed = matches!(status.as_str(), "printed" | "rejected")
                .then(|| codec::hour_text(jiff::Timestamp::now()))
                .transpose()?;
            sqlx::query(
                "INSERT INTO relay_letters (id, case_id, lang, sealed, warnings, status, \
                 submitted_hour, closed_hour, printed_batch) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(letter_id()?)
            .bind(case_id)
            .bind(lang.as_str())
            .bind(sealed)
            .bind(to_json(&warnings, "relay letter warnings")?)
            .bind(status.as_str())
            .bind(hour.as_str())
            .bind(closed)
            .bind(batch)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM relay_letters_plain WHERE id = $1")
                .bind(old)
                .execute(&mut *tx)
                .await?;
        }
        // PostgreSQL keeps deleted rows in the table's file until a vacuum; TRUNCATE gives the
        // table a new, empty file and removes the old one at commit. Nothing writes to this
        // table any more, so emptying it whole takes nothing from anyone.
        if count > 0 && self.backend == Backend::Postgres {
            sqlx::query("TRUNCATE relay_letters_plain")
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        if count > 0 {
            self.truncate_wal().await?;
        }
        Ok(count)
    }
}

/// Moves the letters to `to` (pending, approved or rejected), on the caller's transaction;
/// returns the ids that changed. See [`Store::set_relay_status`] for what is left alone.
async fn change_status(
    conn: &mut AnyConnection,
    ids: &[i64],
    to: RelayStatus,
    now: jiff::Timestamp,
) -> Result<Vec<i64>, Error> {
    if matches!(to, RelayStatus::Printed | RelayStatus::Printing) {
        return Err(Error::PrintedOnlyByPrinting);
    }
    let closed = (to == RelayStatus::Rejected)
        .then(|| codec::hour_text(now))
        .transpose()?;
    let mut changed = Vec::new();
    for chunk in ids.chunks(IDS_PER_STATEMENT) {
        // Built from constant text and placeholder numbers only; every value is bound.
        let sql = format!(
            "UPDATE relay_letters SET status = $1, closed_hour = $2 \
             WHERE status IN ('pending', 'approved', 'rejected') AND status <> $1 \
             AND sealed IS NOT NULL AND id IN ({}) RETURNING id",
            placeholders(3, chunk.len())
        );
        let mut query = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql))
            .bind(to.as_str())
            .bind(closed.clone());
        for id in chunk {
            query = query.bind(*id);
        }
        changed.extend(query.fetch_all(&mut *conn).await?);
    }
    Ok(changed)
}

/// A random relay letter id of ten digits.
fn letter_id() -> Result<i64, Error> {
    const LOW: u64 = 1_000_000_000;
    let id = LOW + random_u64()? % (9 * LOW);
    i64::try_from(id).map_err(|_| Error::Corrupt {
        what: "letter id out of range".into(),
    })
}

/// 64 bits from the operating system's generator.
pub(crate) fn random_u64() -> Result<u64, Error> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(|e| Error::Corrupt {
        what: format!("no random numbers from the system: {e}"),
    })?;
    Ok(u64::from_le_bytes(bytes))
}

/// A random positive 63-bit row id: rows in id order are in no telling order.
pub(crate) fn random_row_id() -> Result<i64, Error> {
    Ok(i64::try_from(random_u64()? >> 1).unwrap_or(1).max(1))
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
        lang: codec::parse(&row.lang, || at("lang"))?,
        sealed: row.sealed,
        warnings: from_json(&row.warnings, || at("warnings"))?,
        status: codec::parse_enum(&row.status, RelayStatus::parse, || at("status"))?,
        submitted_hour: codec::parse(&row.submitted_hour, || at("submitted_hour"))?,
        closed_hour: row
            .closed_hour
            .map(|h| codec::parse(&h, || at("closed_hour")))
            .transpose()?,
    })
}

/// For each case with letters whose content is still stored, the hour (as stored) at or
/// before which its printed and rejected letters are past their retention at `now`: the
/// case's own days, or the site's for a case without (or no longer with) a relay setting.
async fn retention_cutoffs(
    conn: &mut AnyConnection,
    now: jiff::Timestamp,
    retention: Retention,
) -> Result<Vec<(i64, String)>, Error> {
    let cases: Vec<(i64, Option<String>)> = sqlx::query_as(
        "SELECT id, relay FROM cases WHERE id IN \
         (SELECT case_id FROM relay_letters WHERE sealed IS NOT NULL)",
    )
    .fetch_all(&mut *conn)
    .await?;
    cases
        .into_iter()
        .map(|(id, relay)| {
            let relay = relay
                .as_deref()
                .map(|r| from_json::<Relay>(r, || format!("cases.relay of case {id}")))
                .transpose()?;
            Ok((id, codec::hour_text(retention.cutoff(relay.as_ref(), now))?))
        })
        .collect()
}
