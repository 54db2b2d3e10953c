//! One-time form ids (`form_claims`): the server's memory of which forms have already done
//! what they do, so that a replayed or double-submitted form counts once, whatever the browser
//! keeps or drops. The migration says what is deliberately not kept.
//!
//! A claim is a single `INSERT … ON CONFLICT DO NOTHING`, outside any transaction, and the
//! primary key decides: of several posts of one form in flight at once, on one instance or on
//! several sharing the database, exactly one inserts the row. PostgreSQL makes the later
//! inserts wait for the first to commit and then skip; SQLite runs writers one at a time.
//!
//! Expired rows go as the site runs, with no timer: the first claim a process makes, and every
//! [`PURGE_EVERY`]th after it, deletes the rows whose expiry has passed. That is one indexed
//! `DELETE` now and then, more often on a busy site, which has more rows to drop. A row left
//! behind a little longer does no harm: its token has expired, so its form cannot be posted.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::{Error, Store, codec};

/// How many claims pass between two purges of expired rows.
const PURGE_EVERY: u64 = 100;

/// Claims made by this process, for [`PURGE_EVERY`]. Per process rather than per [`Store`]:
/// the purge is of the shared table, and every process that claims takes its turn.
static CLAIMS: AtomicU64 = AtomicU64::new(0);

impl Store {
    /// Claims the form `form` for `scope`; true the first time, false for every later claim of
    /// the same pair, on any instance sharing the database.
    ///
    /// `form` is the random id a form carried (the caller's; this crate does not read it),
    /// `scope` what it is being used for, so one form may count once in each of several scopes
    /// (an action page's channels). `expires_at` is when the form stops being accepted anyway:
    /// the row is kept until then, rounded up to the hour. `now` is the caller's clock, for
    /// the occasional purge of expired rows (see the module docs).
    pub async fn claim_form(
        &self,
        form: &str,
        scope: &str,
        expires_at: jiff::Timestamp,
        now: jiff::Timestamp,
    ) -> Result<bool, Error> {
        let expires_hour = codec::hour_up_text(expires_at)?;
        let inserted = sqlx::query(
            "INSERT INTO form_claims (form_id, scope, expires_hour) VALUES ($1, $2, $3) \
             ON CONFLICT (form_id, scope) DO NOTHING",
        )
        .bind(form)
        .bind(scope)
        .bind(expires_hour)
        .execute(&self.pool)
        .await?
        .rows_affected();
        if CLAIMS
            .fetch_add(1, Ordering::Relaxed)
            .is_multiple_of(PURGE_EVERY)
        {
            // The claim stands whatever happens to the purge; the next turn will try again.
            if let Err(e) = self.purge_form_claims(now).await {
                tracing::warn!(error = %e, "purging expired form claims failed");
            }
        }
        Ok(inserted == 1)
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

    /// Deletes the claims whose forms have expired by `now`; returns how many.
    ///
    /// Expiries are kept to the hour, rounded up, and compared with the hour `now` is in, so a
    /// row goes at most two hours after its form expires, and never before.
    pub async fn purge_form_claims(&self, now: jiff::Timestamp) -> Result<u64, Error> {
        let hour = codec::hour_text(now)?;
        let done = sqlx::query("DELETE FROM form_claims WHERE expires_hour < $1")
            .bind(hour)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }
}
