//! Failed logins per bucket (`login_failures`), for throttling: shared by every instance through
//! the database, so running several does not multiply the guesses an attacker gets.
//!
//! A bucket is what the caller counts by, as a keyed hash: an account's email (guessing one
//! account's password from many addresses) or a client's address (guessing many accounts from
//! one). Counting is one upsert, so concurrent failures are all counted.

use jiff::{SignedDuration, Timestamp};

use crate::{Error, Store, codec};

impl Store {
    /// Counts a failure in `bucket` and returns the failures of its current window: a fresh
    /// window (1) when there was none, or it began `window` or longer before `now`.
    pub async fn record_login_failure(
        &self,
        bucket: &str,
        now: Timestamp,
        window: SignedDuration,
    ) -> Result<u32, Error> {
        let failures: i64 = sqlx::query_scalar(
            "INSERT INTO login_failures (bucket, window_start, failures) VALUES ($1, $2, 1) \
             ON CONFLICT (bucket) DO UPDATE SET \
             failures = CASE WHEN login_failures.window_start <= $3 THEN 1 \
                        ELSE login_failures.failures + 1 END, \
             window_start = CASE WHEN login_failures.window_start <= $3 THEN $2 \
                            ELSE login_failures.window_start END \
             RETURNING failures",
        )
        .bind(bucket)
        .bind(codec::timestamp_text(now))
        .bind(codec::timestamp_text(now - window))
        .fetch_one(&self.pool)
        .await?;
        Ok(u32::try_from(failures).unwrap_or(u32::MAX))
    }

    /// The failures in `bucket`'s current window; 0 when there is none or it is over.
    pub async fn login_failures(
        &self,
        bucket: &str,
        now: Timestamp,
        window: SignedDuration,
    ) -> Result<u32, Error> {
        let failures: Option<i64> = sqlx::query_scalar(
            "SELECT failures FROM login_failures WHERE bucket = $1 AND window_start > $2",
        )
        .bind(bucket)
        .bind(codec::timestamp_text(now - window))
        .fetch_optional(&self.pool)
        .await?;
        Ok(failures.map_or(0, |n| u32::try_from(n).unwrap_or(u32::MAX)))
    }

    /// Forgets `bucket`'s failures (after a successful login).
    pub async fn clear_login_failures(&self, bucket: &str) -> Result<(), Error> {
        sqlx::query("DELETE FROM login_failures WHERE bucket = $1")
            .bind(bucket)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
