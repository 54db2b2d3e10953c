//! Appeals Outcry sends for a supporter: the request waiting for its confirmation
//! (`appeal_requests`), and the confirmation that, in one transaction, deletes it, queues one
//! message per target in the outbox and counts the action.
//!
//! Everything that names the supporter is the caller's ciphertext (the outbox key) or keyed
//! hash; storage never sees an address.

use jiff::Timestamp;
use outcry_domain::{Channel, Country, Lang, Slug};

use crate::outbox::{Enqueued, NewMessage, insert_message};
use crate::{Error, Store, codec};

/// An appeal request as the action page's form makes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAppealRequest {
    /// The action it is for.
    pub action: Slug,
    /// Keyed hash of the confirmation token the link carries.
    pub token_hash: String,
    /// Keyed hash of the supporter's normalised address.
    pub supporter_key: String,
    /// What the supporter gave, encrypted by the caller.
    pub payload: Vec<u8>,
}

/// A request waiting for its confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppealRequest {
    /// Its row.
    pub id: i64,
    /// The action it is for.
    pub action: Slug,
    /// Keyed hash of the supporter's normalised address.
    pub supporter_key: String,
    /// What the supporter gave, encrypted.
    pub payload: Vec<u8>,
    /// When it stops being confirmable.
    pub expires: Timestamp,
}

/// One message a confirmation queues, due when the pacing placed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedMessage {
    /// The message.
    pub message: NewMessage,
    /// When it may go.
    pub due: Timestamp,
}

/// What confirming did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmed {
    /// The request is gone; `queued` messages were new (the others had been sent for this
    /// supporter before), and the action was counted if any was.
    Done {
        /// New outbox rows.
        queued: usize,
        /// Whether the action was counted (some message was new).
        counted: bool,
    },
    /// No such request: confirmed already, expired, or never made.
    Gone,
}

/// How a confirmation is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    /// The supporter's interface language.
    pub lang: Lang,
    /// Where they said they are.
    pub country: Option<Country>,
}

/// What [`Store::request_appeal`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requested {
    /// The request and its confirmation mail are stored.
    Stored,
    /// A confirmation for this action and address went out today already: nothing changed.
    AlreadyMailed,
}

impl Store {
    /// Stores a request with the mail that confirms it, in one transaction, unless that mail
    /// was queued already (its key is per action, address and day: one a day, so requests
    /// for someone else's address cannot fill their inbox). Then nothing changes, and the
    /// earlier request with its link stays as it was. Otherwise the request replaces the
    /// supporter's earlier unconfirmed one for this action (the newest letter wins; the old
    /// link stops working).
    pub async fn request_appeal(
        &self,
        request: &NewAppealRequest,
        expires: Timestamp,
        confirmation: &NewMessage,
        now: Timestamp,
    ) -> Result<Requested, Error> {
        let mut tx = self.begin_write().await?;
        let action: Option<i64> = sqlx::query_scalar("SELECT id FROM actions WHERE slug = $1")
            .bind(request.action.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        let action = action.ok_or_else(|| Error::NotFound {
            entity: "action",
            key: request.action.to_string(),
        })?;
        if let Enqueued::Duplicate { .. } = insert_message(&mut tx, confirmation, now, now).await? {
            return Ok(Requested::AlreadyMailed);
        }
        let id = i64::try_from(crate::relay::random_u64()? >> 1)
            .unwrap_or(1)
            .max(1);
        sqlx::query(
            "INSERT INTO appeal_requests \
             (id, token_hash, action_id, supporter_key, payload, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (action_id, supporter_key) DO UPDATE SET \
             token_hash = excluded.token_hash, payload = excluded.payload, \
             expires_at = excluded.expires_at",
        )
        .bind(id)
        .bind(request.token_hash.as_str())
        .bind(action)
        .bind(request.supporter_key.as_str())
        .bind(request.payload.clone())
        .bind(codec::timestamp_text(expires))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Requested::Stored)
    }

    /// The request a confirmation link names, if it is still confirmable at `now`. Reading it
    /// changes nothing: a mail scanner fetching the link confirms nothing.
    pub async fn pending_appeal(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<AppealRequest>, Error> {
        let row: Option<(i64, String, String, Vec<u8>, String)> = sqlx::query_as(
            "SELECT r.id, a.slug, r.supporter_key, r.payload, r.expires_at \
             FROM appeal_requests r JOIN actions a ON a.id = r.action_id \
             WHERE r.token_hash = $1 AND r.expires_at > $2",
        )
        .bind(token_hash)
        .bind(codec::timestamp_text(now))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(id, slug, supporter_key, payload, expires)| {
            let corrupt = |what: String| Error::Corrupt {
                what: format!("appeal request {id}: {what}"),
            };
            Ok(AppealRequest {
                id,
                action: slug
                    .parse()
                    .map_err(|_| corrupt(format!("slug {slug:?}")))?,
                supporter_key,
                payload,
                expires: expires
                    .parse()
                    .map_err(|e| corrupt(format!("expiry {expires:?}: {e}")))?,
            })
        })
        .transpose()
    }

    /// Confirms the request `token_hash` names, in one transaction: deletes it, queues
    /// `messages` (each under its dedupe key, so a target this supporter already appealed to
    /// for this action gets nothing new), and counts the action by email if any message was
    /// new. [`Confirmed::Gone`] when the request is not there (or expired) at `now`: two
    /// presses of the button confirm once.
    pub async fn confirm_appeal(
        &self,
        token_hash: &str,
        messages: &[PlacedMessage],
        how: Counted,
        now: Timestamp,
    ) -> Result<Confirmed, Error> {
        let mut tx = self.begin_write().await?;
        let taken: Option<i64> = sqlx::query_scalar(
            "DELETE FROM appeal_requests WHERE token_hash = $1 AND expires_at > $2 \
             RETURNING action_id",
        )
        .bind(token_hash)
        .bind(codec::timestamp_text(now))
        .fetch_optional(&mut *tx)
        .await?;
        let Some(action) = taken else {
            return Ok(Confirmed::Gone);
        };
        let mut queued = 0;
        for placed in messages {
            if let Enqueued::New(_) =
                insert_message(&mut tx, &placed.message, placed.due, now).await?
            {
                queued += 1;
            }
        }
        let counted = queued > 0;
        if counted {
            sqlx::query(
                "INSERT INTO action_records \
                 (id, action_id, channel, lang, country, recorded_hour) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(crate::relay::random_row_id()?)
            .bind(action)
            .bind(Channel::Email.as_str())
            .bind(how.lang.as_str())
            .bind(how.country.map(|c| c.as_str().to_string()))
            .bind(codec::hour_text(now)?)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(Confirmed::Done { queued, counted })
    }

    /// Deletes requests nobody confirmed in time; returns how many.
    pub async fn delete_expired_appeal_requests(&self, now: Timestamp) -> Result<u64, Error> {
        let done = sqlx::query("DELETE FROM appeal_requests WHERE expires_at <= $1")
            .bind(codec::timestamp_text(now))
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }
}
