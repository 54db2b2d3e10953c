//! The admin's sessions (`admin_sessions`), shared by every instance through the database.
//!
//! The cookie carries a random id; the database keeps its SHA-256 only (the caller hashes), so
//! a copy of the database takes over no session. A session ends when idle too long, at its
//! absolute expiry, when its account is disabled, and whenever what the account may do changes
//! (role, password, reset: see `accounts`). Each step up of a login (password, then second
//! factor or enrolment) gets a new id ([`Store::rotate_session`]), so an id seen before the
//! step is worth nothing after it.

use jiff::{SignedDuration, Timestamp};
use sqlx::{AnyConnection, Row};

use crate::accounts::{self, Account, Actor};
use crate::audit::{self, Line};
use crate::{Error, Store, codec};

/// How far a login has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SessionStage {
    /// The password was right; a second factor's code is awaited.
    SecondFactor,
    /// The password was right, and the account must set up a second factor before anything else.
    Enrol,
    /// Logged in.
    Full,
}

impl SessionStage {
    /// Every stage.
    pub const ALL: [SessionStage; 3] = [
        SessionStage::SecondFactor,
        SessionStage::Enrol,
        SessionStage::Full,
    ];

    /// The name in the database.
    pub const fn as_str(self) -> &'static str {
        match self {
            SessionStage::SecondFactor => "second_factor",
            SessionStage::Enrol => "enrol",
            SessionStage::Full => "full",
        }
    }

    /// The stage named `s`.
    pub fn parse(s: &str) -> Option<SessionStage> {
        SessionStage::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// A live session with its account.
#[derive(Clone, PartialEq, Eq)]
pub struct Session {
    /// Whose it is.
    pub account: Account,
    /// How far the login has come.
    pub stage: SessionStage,
    /// When it began (or was last rotated).
    pub created_at: Timestamp,
    /// Its last request.
    pub last_seen_at: Timestamp,
    /// Its absolute end.
    pub expires_at: Timestamp,
    /// The organization's key, wrapped by the caller for this session; `None` when not unlocked.
    pub identity: Option<Vec<u8>>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The wrapped key stays out of logs, even wrapped.
        f.debug_struct("Session")
            .field("account", &self.account)
            .field("stage", &self.stage)
            .field("created_at", &self.created_at)
            .field("last_seen_at", &self.last_seen_at)
            .field("expires_at", &self.expires_at)
            .field("unlocked", &self.identity.is_some())
            .finish()
    }
}

/// Failed-login rows whose window began longer ago than this are erased by
/// [`Store::erase_expired_sessions`]: throttling windows are shorter.
pub const LOGIN_FAILURES_KEPT: SignedDuration = SignedDuration::from_hours(24);

impl Store {
    /// Starts a session for the account (`id_hash`: SHA-256 of the cookie's id).
    pub async fn create_session(
        &self,
        id_hash: &[u8],
        account: i64,
        stage: SessionStage,
        now: Timestamp,
        expires: Timestamp,
    ) -> Result<(), Error> {
        let mut conn = self.pool.acquire().await?;
        insert(&mut conn, id_hash, account, stage, now, expires).await
    }

    /// The live session with this id hash: `None` when there is none, it is past its expiry,
    /// idle longer than `idle`, or its account is disabled.
    pub async fn session(
        &self,
        id_hash: &[u8],
        now: Timestamp,
        idle: SignedDuration,
    ) -> Result<Option<Session>, Error> {
        let mut conn = self.pool.acquire().await?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {}, s.stage, s.created_at AS s_created_at, s.last_seen_at, s.expires_at, \
             s.identity FROM admin_sessions s JOIN accounts a ON a.id = s.account_id \
             WHERE s.id_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3 \
             AND a.disabled_at IS NULL",
            accounts::columns("a.")
        )))
        .bind(id_hash.to_vec())
        .bind(codec::timestamp_text(now))
        .bind(codec::timestamp_text(now - idle))
        .fetch_optional(&mut *conn)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let account = accounts::read(&row)?;
        let at = |col: &str| format!("admin_sessions.{col} of account {}", account.id);
        let stage: String = row.try_get("stage")?;
        let when = |col: &str, name: &str| -> Result<Timestamp, Error> {
            let text: String = row.try_get(col)?;
            codec::parse(&text, || at(name))
        };
        Ok(Some(Session {
            stage: codec::parse_enum(&stage, SessionStage::parse, || at("stage"))?,
            created_at: when("s_created_at", "created_at")?,
            last_seen_at: when("last_seen_at", "last_seen_at")?,
            expires_at: when("expires_at", "expires_at")?,
            identity: row.try_get("identity")?,
            account,
        }))
    }

    /// Notes a request on the session, which keeps it from going idle.
    pub async fn touch_session(&self, id_hash: &[u8], now: Timestamp) -> Result<(), Error> {
        sqlx::query("UPDATE admin_sessions SET last_seen_at = $1 WHERE id_hash = $2")
            .bind(codec::timestamp_text(now))
            .bind(id_hash.to_vec())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Replaces a session by a new one (new id, `stage`, expiry), for the same account, with
    /// nothing unlocked: one transaction. False when the old one was gone (ended, or rotated
    /// by a racing request).
    pub async fn rotate_session(
        &self,
        old_hash: &[u8],
        new_hash: &[u8],
        stage: SessionStage,
        now: Timestamp,
        expires: Timestamp,
    ) -> Result<bool, Error> {
        let mut tx = self.begin_write().await?;
        let account: Option<i64> = sqlx::query_scalar(
            "DELETE FROM admin_sessions WHERE id_hash = $1 RETURNING account_id",
        )
        .bind(old_hash.to_vec())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(account) = account else {
            return Ok(false);
        };
        insert(&mut tx, new_hash, account, stage, now, expires).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Keeps (or, with `None`, forgets) the organization's key for this session, wrapped by
    /// the caller.
    pub async fn set_session_identity(
        &self,
        id_hash: &[u8],
        wrapped: Option<&[u8]>,
    ) -> Result<(), Error> {
        sqlx::query("UPDATE admin_sessions SET identity = $1 WHERE id_hash = $2")
            .bind(wrapped.map(<[u8]>::to_vec))
            .bind(id_hash.to_vec())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Ends one session (logging out).
    pub async fn end_session(&self, id_hash: &[u8]) -> Result<(), Error> {
        sqlx::query("DELETE FROM admin_sessions WHERE id_hash = $1")
            .bind(id_hash.to_vec())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Ends every session of the account ("log out everywhere"); returns how many.
    /// [`Error::NotFound`] for an unknown account.
    pub async fn end_sessions(&self, account: i64, by: &Actor) -> Result<u64, Error> {
        let mut tx = self.begin_write().await?;
        let email = accounts::email_of(&mut tx, account)
            .await?
            .ok_or_else(|| Error::NotFound {
                entity: "account",
                key: account.to_string(),
            })?;
        let ended = end_all(&mut tx, account).await?;
        let count = ended.to_string();
        let line = Line {
            after: Some(&count),
            ..Line::of("session.end_all", &email)
        };
        audit::write(&mut tx, by, &line).await?;
        tx.commit().await?;
        Ok(ended)
    }

    /// Erases what is over at `now`: sessions past their expiry or idle longer than `idle`,
    /// set-password links past theirs, and failed-login windows older than
    /// [`LOGIN_FAILURES_KEPT`]. Returns how many sessions it erased.
    pub async fn erase_expired_sessions(
        &self,
        now: Timestamp,
        idle: SignedDuration,
    ) -> Result<u64, Error> {
        let mut tx = self.begin_write().await?;
        let now_text = codec::timestamp_text(now);
        let sessions =
            sqlx::query("DELETE FROM admin_sessions WHERE expires_at <= $1 OR last_seen_at <= $2")
                .bind(now_text.as_str())
                .bind(codec::timestamp_text(now - idle))
                .execute(&mut *tx)
                .await?
                .rows_affected();
        sqlx::query("DELETE FROM account_tokens WHERE expires_at <= $1")
            .bind(now_text.as_str())
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM login_failures WHERE window_start <= $1")
            .bind(codec::timestamp_text(now - LOGIN_FAILURES_KEPT))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(sessions)
    }
}

async fn insert(
    conn: &mut AnyConnection,
    id_hash: &[u8],
    account: i64,
    stage: SessionStage,
    now: Timestamp,
    expires: Timestamp,
) -> Result<(), Error> {
    let now = codec::timestamp_text(now);
    sqlx::query(
        "INSERT INTO admin_sessions (id_hash, account_id, stage, created_at, last_seen_at, \
         expires_at, identity) VALUES ($1, $2, $3, $4, $4, $5, NULL)",
    )
    .bind(id_hash.to_vec())
    .bind(account)
    .bind(stage.as_str())
    .bind(now.as_str())
    .bind(codec::timestamp_text(expires))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Ends every session of the account, in the caller's transaction; returns how many.
pub(crate) async fn end_all(conn: &mut AnyConnection, account: i64) -> Result<u64, Error> {
    Ok(
        sqlx::query("DELETE FROM admin_sessions WHERE account_id = $1")
            .bind(account)
            .execute(&mut *conn)
            .await?
            .rows_affected(),
    )
}
