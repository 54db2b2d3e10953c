//! The site's signing secrets (`site_secrets`), when the admin configured none: made once by
//! the first instance, shared by every instance through the database, rotated by a new row.
//! The migration says why each column is there.

use sqlx::Row;

use crate::{Error, Store, codec};

/// One secret as the database keeps it.
#[derive(Clone, PartialEq, Eq)]
pub struct SiteSecret {
    /// 1 for the first, then one more for each rotation.
    pub id: i64,
    /// The secret's bytes.
    pub secret: Vec<u8>,
    /// When it starts signing.
    pub signs_from: jiff::Timestamp,
    /// When it stops being accepted; `None` while it is the newest.
    pub accepted_until: Option<jiff::Timestamp>,
}

impl std::fmt::Debug for SiteSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the bytes, not even in a debug log.
        f.debug_struct("SiteSecret")
            .field("id", &self.id)
            .field("signs_from", &self.signs_from)
            .field("accepted_until", &self.accepted_until)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// The secrets still accepted at `now`, oldest first; when there are none yet, `fresh`
    /// (32 random bytes from the caller) becomes the first, signing at once. Two instances
    /// starting together agree: only one first row can be written, and both read it back.
    pub async fn site_secrets(
        &self,
        fresh: &[u8],
        now: jiff::Timestamp,
    ) -> Result<Vec<SiteSecret>, Error> {
        sqlx::query(
            "INSERT INTO site_secrets (id, secret, signs_from, accepted_until) \
             SELECT 1, $1, $2, NULL WHERE NOT EXISTS (SELECT 1 FROM site_secrets) \
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(fresh.to_vec())
        .bind(codec::timestamp_text(now))
        .execute(&self.pool)
        .await?;
        let rows = sqlx::query(
            "SELECT id, secret, signs_from, accepted_until FROM site_secrets \
             WHERE accepted_until IS NULL OR accepted_until > $1 ORDER BY id",
        )
        .bind(codec::timestamp_text(now))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(read).collect()
    }

    /// Every secret kept, accepted or not, oldest first, for `outcry secret status`.
    pub async fn all_site_secrets(&self) -> Result<Vec<SiteSecret>, Error> {
        let rows = sqlx::query(
            "SELECT id, secret, signs_from, accepted_until FROM site_secrets ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(read).collect()
    }

    /// Adds `fresh` as the next secret, signing from `signs_from`; the secret it replaces is
    /// accepted until `old_until`. Secrets already past their end are deleted. Returns the new
    /// secret's id.
    pub async fn rotate_site_secret(
        &self,
        fresh: &[u8],
        now: jiff::Timestamp,
        signs_from: jiff::Timestamp,
        old_until: jiff::Timestamp,
    ) -> Result<i64, Error> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "DELETE FROM site_secrets WHERE accepted_until IS NOT NULL AND accepted_until <= $1",
        )
        .bind(codec::timestamp_text(now))
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE site_secrets SET accepted_until = $1 WHERE accepted_until IS NULL")
            .bind(codec::timestamp_text(old_until))
            .execute(&mut *tx)
            .await?;
        let id: i64 = sqlx::query(
            "INSERT INTO site_secrets (id, secret, signs_from, accepted_until) \
             SELECT COALESCE(MAX(id), 0) + 1, $1, $2, NULL FROM site_secrets RETURNING id",
        )
        .bind(fresh.to_vec())
        .bind(codec::timestamp_text(signs_from))
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
        tx.commit().await?;
        Ok(id)
    }
}

fn read(row: &sqlx::any::AnyRow) -> Result<SiteSecret, Error> {
    let when = |text: String| codec::parse(&text, || format!("site secret time {text:?}"));
    Ok(SiteSecret {
        id: row.try_get("id")?,
        secret: row.try_get("secret")?,
        signs_from: when(row.try_get("signs_from")?)?,
        accepted_until: row
            .try_get::<Option<String>, _>("accepted_until")?
            .map(when)
            .transpose()?,
    })
}
