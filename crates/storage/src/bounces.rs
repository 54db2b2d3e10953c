//! Bounces: an outbox row a delivery report names, and officials' addresses that bounce
//! (`address_bounces`), flagged so no action page offers them any more.
//!
//! Only an address in the targets directory is ever written to `address_bounces`: a bounce
//! about a supporter's address (a confirmation that could not be delivered) marks its row and
//! nothing else, so no supporter's address is stored in clear.

use jiff::Timestamp;

use crate::{Error, Store, codec};

/// What is known about one official's address that bounced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressBounce {
    /// The address, lowercased.
    pub address: String,
    /// Soft bounces counted so far.
    pub soft_count: u32,
    /// The last bounce's status code ("5.1.1").
    pub last_status: Option<String>,
    /// When the last bounce was read.
    pub last_at: Timestamp,
    /// When it was flagged (and stopped being offered), and why: `hard` or `soft`.
    pub flagged: Option<(Timestamp, String)>,
}

#[derive(sqlx::FromRow)]
struct BounceRow {
    address: String,
    soft_count: i64,
    last_status: Option<String>,
    last_at: String,
    flagged_at: Option<String>,
    flag_reason: Option<String>,
}

const COLUMNS: &str = "address, soft_count, last_status, last_at, flagged_at, flag_reason";

impl Store {
    /// Marks a message the relay had accepted as bounced after all (a delivery report came
    /// back for it); `reply` is what to record ("dsn 5.1.1"). False when the row is not one
    /// that was sent (already bounced, never sent, or no such row).
    pub async fn mark_message_bounced(
        &self,
        id: i64,
        reply: &str,
        now: Timestamp,
    ) -> Result<bool, Error> {
        let hour = codec::timestamp_text(codec::start_of_hour(now));
        let done = sqlx::query(
            "UPDATE outbox SET state = 'bounced', payload = NULL, last_reply = $1, \
             finished_at = $2, due_at = $2, \
             created_at = substr(created_at, 1, 13) || ':00:00.000000Z' \
             WHERE id = $3 AND state IN ('sent', 'deferred')",
        )
        .bind(reply)
        .bind(hour.as_str())
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Counts a bounce of `address` if it is an official's (in some target's emails): a hard
    /// one flags it at once, soft ones from the `soft_threshold`th on. `None` when no target
    /// has that address: nothing is written.
    pub async fn record_address_bounce(
        &self,
        address: &str,
        hard: bool,
        status: Option<&str>,
        now: Timestamp,
        soft_threshold: u32,
    ) -> Result<Option<AddressBounce>, Error> {
        let address = address.trim().to_lowercase();
        let mut tx = self.begin_write().await?;
        let lists: Vec<(String,)> = sqlx::query_as("SELECT emails FROM targets")
            .fetch_all(&mut *tx)
            .await?;
        let official = lists.iter().any(|(json,)| {
            serde_json::from_str::<Vec<String>>(json)
                .is_ok_and(|emails| emails.iter().any(|e| e.trim().to_lowercase() == address))
        });
        if !official {
            return Ok(None);
        }
        let now = codec::timestamp_text(now);
        let threshold = i64::from(soft_threshold.max(1));
        let (soft, flagged_at, reason) = if hard {
            (0_i64, Some(now.as_str()), Some("hard"))
        } else if threshold <= 1 {
            (1, Some(now.as_str()), Some("soft"))
        } else {
            (1, None, None)
        };
        // One statement, so two bounce readers counting at once both count.
        sqlx::query(
            "INSERT INTO address_bounces \
             (address, soft_count, last_status, last_at, flagged_at, flag_reason) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (address) DO UPDATE SET \
             soft_count = address_bounces.soft_count + excluded.soft_count, \
             last_status = excluded.last_status, last_at = excluded.last_at, \
             flagged_at = COALESCE(address_bounces.flagged_at, excluded.flagged_at, \
                 CASE WHEN address_bounces.soft_count + excluded.soft_count >= $7 \
                 THEN excluded.last_at END), \
             flag_reason = COALESCE(address_bounces.flag_reason, excluded.flag_reason, \
                 CASE WHEN address_bounces.soft_count + excluded.soft_count >= $7 \
                 THEN 'soft' END)",
        )
        .bind(address.as_str())
        .bind(soft)
        .bind(status)
        .bind(now.as_str())
        .bind(flagged_at)
        .bind(reason)
        .bind(threshold)
        .execute(&mut *tx)
        .await?;
        let row: BounceRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM address_bounces WHERE address = $1"
        )))
        .bind(address.as_str())
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(bounce(row)?))
    }

    /// Every official's address that has bounced, flagged or not, by address.
    pub async fn address_bounces(&self) -> Result<Vec<AddressBounce>, Error> {
        let rows: Vec<BounceRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM address_bounces ORDER BY address"
        )))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(bounce).collect()
    }

    /// The flagged addresses only: what action pages no longer offer.
    pub async fn flagged_addresses(&self) -> Result<Vec<String>, Error> {
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT address FROM address_bounces WHERE flagged_at IS NOT NULL ORDER BY address",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(a,)| a).collect())
    }

    /// Forgets an address's bounces (an organizer checked it works again); false when there
    /// were none.
    pub async fn clear_address_bounces(&self, address: &str) -> Result<bool, Error> {
        let done = sqlx::query("DELETE FROM address_bounces WHERE address = $1")
            .bind(address.trim().to_lowercase())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }
}

fn bounce(r: BounceRow) -> Result<AddressBounce, Error> {
    let time = |text: &str| {
        text.parse::<Timestamp>().map_err(|e| Error::Corrupt {
            what: format!("address_bounces {}: time {text:?}: {e}", r.address),
        })
    };
    let flagged = match (&r.flagged_at, &r.flag_reason) {
        (Some(at), Some(reason)) => Some((time(at)?, reason.clone())),
        _ => None,
    };
    Ok(AddressBounce {
        last_at: time(&r.last_at)?,
        soft_count: u32::try_from(r.soft_count).unwrap_or(u32::MAX),
        address: r.address,
        last_status: r.last_status,
        flagged,
    })
}
