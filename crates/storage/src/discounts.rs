//! Hours taken out of an action's public count (`discounted_hours`), and the per-hour counts an
//! organizer reads to find a flood. The migration says why restoring keeps the row.
//!
//! Discounting changes what is counted, never what is stored: `action_records` keeps every
//! record, and the counts in `records` ([`Store::action_counts`], the totals of listings and
//! case pages) leave out the records of any hour with a discount in force. So a discount is
//! undone by restoring it, and the records of that hour count again.

use std::collections::BTreeMap;

use outcry_domain::Slug;
use sqlx::AnyConnection;

use crate::{Error, Store, codec};

/// One hour of an action's records, as [`Store::hourly_counts`] lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HourCount {
    /// The hour's start, UTC.
    pub hour: jiff::Timestamp,
    /// Records stored for the hour, counted or not.
    pub recorded: u64,
    /// The discount in force for the hour, when its records are not counted.
    pub discount: Option<Discount>,
}

/// An organizer's decision not to count an hour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discount {
    /// When it was made.
    pub at: jiff::Timestamp,
    /// The organizer's note; empty when none was given.
    pub reason: String,
}

/// What discounting or restoring an hour did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HourChange {
    /// False when there was nothing to do: the hour was already discounted (the first
    /// discount stands, with its time and reason), or it was not discounted to restore.
    pub changed: bool,
    /// The records stored for the hour, which the change takes out of the count or puts back.
    pub records: u64,
}

impl Store {
    /// Stops counting the records of `action` in the hour `hour` falls in, with a `reason` to
    /// keep beside the decision (may be empty) and `now` as its time. [`Error::NotFound`] for
    /// an unknown action. The records stay stored; [`Store::restore_hour`] counts them again.
    pub async fn discount_hour(
        &self,
        action: &Slug,
        hour: jiff::Timestamp,
        reason: &str,
        now: jiff::Timestamp,
    ) -> Result<HourChange, Error> {
        let hour = codec::hour_text(hour)?;
        let mut tx = self.begin_write().await?;
        let id = action_id(&mut tx, action).await?;
        // The partial unique index allows one discount in force per hour: a second is no change.
        let inserted = sqlx::query(
            "INSERT INTO discounted_hours (action_id, hour, reason, discounted_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(hour.as_str())
        .bind(reason)
        .bind(codec::timestamp_text(now))
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let records = records_in(&mut tx, id, &hour).await?;
        tx.commit().await?;
        Ok(HourChange {
            changed: inserted == 1,
            records,
        })
    }

    /// Counts the records of `action` in the hour `hour` falls in again, after
    /// [`Store::discount_hour`]. The discount stays on record, marked restored at `now`.
    /// [`Error::NotFound`] for an unknown action.
    pub async fn restore_hour(
        &self,
        action: &Slug,
        hour: jiff::Timestamp,
        now: jiff::Timestamp,
    ) -> Result<HourChange, Error> {
        let hour = codec::hour_text(hour)?;
        let mut tx = self.begin_write().await?;
        let id = action_id(&mut tx, action).await?;
        let restored = sqlx::query(
            "UPDATE discounted_hours SET restored_at = $3 \
             WHERE action_id = $1 AND hour = $2 AND restored_at IS NULL",
        )
        .bind(id)
        .bind(hour.as_str())
        .bind(codec::timestamp_text(now))
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let records = records_in(&mut tx, id, &hour).await?;
        tx.commit().await?;
        Ok(HourChange {
            changed: restored > 0,
            records,
        })
    }

    /// The hours of `action` from the one `since` falls in, oldest first: each hour with
    /// records or with a discount in force, and hours with neither left out.
    /// [`Error::NotFound`] for an unknown action.
    pub async fn hourly_counts(
        &self,
        action: &Slug,
        since: jiff::Timestamp,
    ) -> Result<Vec<HourCount>, Error> {
        let since = codec::hour_text(since)?;
        // One transaction, so the records and the discounts are read at the same moment.
        let mut tx = self.pool.begin().await?;
        let id = action_id(&mut tx, action).await?;
        let recorded: Vec<(String, i64)> = sqlx::query_as(
            "SELECT recorded_hour, COUNT(*) FROM action_records \
             WHERE action_id = $1 AND recorded_hour >= $2 GROUP BY recorded_hour",
        )
        .bind(id)
        .bind(since.as_str())
        .fetch_all(&mut *tx)
        .await?;
        let discounts: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT hour, reason, discounted_at FROM discounted_hours \
             WHERE action_id = $1 AND hour >= $2 AND restored_at IS NULL",
        )
        .bind(id)
        .bind(since.as_str())
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;

        // Hour texts are all of one width, so their order is the hours' order.
        let mut hours: BTreeMap<String, (u64, Option<Discount>)> = BTreeMap::new();
        for (hour, n) in recorded {
            hours.entry(hour).or_default().0 = u64::try_from(n).unwrap_or(0);
        }
        for (hour, reason, at) in discounts {
            let at = codec::parse(&at, || {
                format!("discounted_hours.discounted_at of {action}")
            })?;
            hours.entry(hour).or_default().1 = Some(Discount { at, reason });
        }
        hours
            .into_iter()
            .map(|(hour, (recorded, discount))| {
                Ok(HourCount {
                    hour: codec::parse(&hour, || format!("an hour of {action}'s records"))?,
                    recorded,
                    discount,
                })
            })
            .collect()
    }
}

/// An action's row id; [`Error::NotFound`] when there is no such action.
async fn action_id(conn: &mut AnyConnection, action: &Slug) -> Result<i64, Error> {
    sqlx::query_scalar("SELECT id FROM actions WHERE slug = $1")
        .bind(action.as_str())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| Error::NotFound {
            entity: "action",
            key: action.to_string(),
        })
}

/// How many records an action has in one hour (as stored text).
async fn records_in(conn: &mut AnyConnection, action_id: i64, hour: &str) -> Result<u64, Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM action_records WHERE action_id = $1 AND recorded_hour = $2",
    )
    .bind(action_id)
    .bind(hour)
    .fetch_one(&mut *conn)
    .await?;
    Ok(u64::try_from(n).unwrap_or(0))
}
