//! The audit log (`audit_log`): who did what in the admin, and what the command line did.
//!
//! Every method of the store that changes an account, a session set, a setting or a letter's
//! status writes its line with [`write`], inside the transaction that makes the change, so a
//! change without its line (or a line without its change) cannot be committed. Sensitive reads
//! (a sealed letter opened, an export) are written by the caller with [`Store::audit`].
//!
//! The log is append-only, and the database enforces it (triggers on both backends, and no
//! UPDATE, DELETE or TRUNCATE right through PUBLIC on PostgreSQL): this module only inserts and
//! reads, and no statement in this crate updates or deletes a line.

use sqlx::{AnyConnection, Row};

use crate::accounts::Actor;
use crate::{Error, Store, codec};

/// One line of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Its number: lines are numbered in the order they were written.
    pub id: i64,
    /// When.
    pub at: jiff::Timestamp,
    /// The account that acted; `None` for the command line.
    pub account: Option<i64>,
    /// The account's email at the time, or `command line`.
    pub actor: String,
    /// A dotted verb: `account.create`, `letter.approve`, `letter.read`, `session.login`.
    pub action: String,
    /// What it acted on: an email, a letter id, a case slug.
    pub subject: String,
    /// The value before a change, when there is one.
    pub before: Option<String>,
    /// The value after.
    pub after: Option<String>,
}

/// Which lines [`Store::audit_log`] returns, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only lines by this actor (an account's email, or `command line`), exactly.
    pub actor: Option<String>,
    /// Only actions starting with this, such as `letter.` or `account.create`.
    pub action: Option<String>,
    /// Only lines older than this one (the last id of the previous page).
    pub before_id: Option<i64>,
    /// At most this many lines.
    pub limit: u32,
}

impl Default for AuditFilter {
    /// The newest 100 lines, of anyone.
    fn default() -> AuditFilter {
        AuditFilter {
            actor: None,
            action: None,
            before_id: None,
            limit: 100,
        }
    }
}

impl Store {
    /// Writes one line: for sensitive reads (a sealed letter shown, an export) and anything
    /// the store's own methods do not already log.
    pub async fn audit(
        &self,
        by: &Actor,
        action: &str,
        subject: &str,
        before: Option<&str>,
        after: Option<&str>,
        now: jiff::Timestamp,
    ) -> Result<(), Error> {
        let mut conn = self.pool.acquire().await?;
        let line = Line {
            action,
            subject,
            before,
            after,
        };
        write_at(&mut conn, by, &line, now).await
    }

    /// The lines `filter` asks for, newest first.
    pub async fn audit_log(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, Error> {
        let mut conn = self.pool.acquire().await?;
        // The prefix is compared with substr rather than LIKE, so `_` and `%` in it mean
        // themselves on both backends.
        let rows = sqlx::query(
            "SELECT id, at, account_id, actor, action, subject, before, after FROM audit_log \
             WHERE ($1 IS NULL OR actor = $1) \
             AND ($2 IS NULL OR substr(action, 1, length($2)) = $2) \
             AND ($3 IS NULL OR id < $3) \
             ORDER BY id DESC LIMIT $4",
        )
        .bind(filter.actor.clone())
        .bind(filter.action.clone())
        .bind(filter.before_id)
        .bind(i64::from(filter.limit))
        .fetch_all(&mut *conn)
        .await?;
        rows.iter().map(read).collect()
    }
}

/// What one line says, besides who and when.
pub(crate) struct Line<'a> {
    pub action: &'a str,
    pub subject: &'a str,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
}

impl<'a> Line<'a> {
    /// A line with neither a before nor an after.
    pub fn of(action: &'a str, subject: &'a str) -> Line<'a> {
        Line {
            action,
            subject,
            before: None,
            after: None,
        }
    }
}

/// Writes a line now, on `conn`: the transaction of the change it records.
pub(crate) async fn write(
    conn: &mut AnyConnection,
    by: &Actor,
    line: &Line<'_>,
) -> Result<(), Error> {
    write_at(conn, by, line, jiff::Timestamp::now()).await
}

/// Writes a line dated `at`, on `conn`.
pub(crate) async fn write_at(
    conn: &mut AnyConnection,
    by: &Actor,
    line: &Line<'_>,
    at: jiff::Timestamp,
) -> Result<(), Error> {
    sqlx::query(
        "INSERT INTO audit_log (at, account_id, actor, action, subject, before, after) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(codec::timestamp_text(at))
    .bind(by.account)
    .bind(by.label.as_str())
    .bind(line.action)
    .bind(line.subject)
    .bind(line.before)
    .bind(line.after)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

fn read(row: &sqlx::any::AnyRow) -> Result<AuditEntry, Error> {
    let id: i64 = row.try_get("id")?;
    let at: String = row.try_get("at")?;
    Ok(AuditEntry {
        id,
        at: codec::parse(&at, || format!("audit_log.at of line {id}"))?,
        account: row.try_get("account_id")?,
        actor: row.try_get("actor")?,
        action: row.try_get("action")?,
        subject: row.try_get("subject")?,
        before: row.try_get("before")?,
        after: row.try_get("after")?,
    })
}
