//! Organizers' accounts (`accounts`), their one-time set-password links (`account_tokens`),
//! their second factor and recovery codes (`recovery_codes`).
//!
//! This crate hashes nothing and encrypts nothing: the caller hands over a password's Argon2id
//! string, a link's SHA-256, a recovery code's keyed hash and a TOTP secret already encrypted
//! with the server's key (outcry-seal does all of that). What this module guarantees is that
//! each thing that must happen once happens once, whatever races: a link sets a password once
//! (the `DELETE … RETURNING` of its row is the claim), a TOTP time step and a recovery code are
//! each accepted once (one conditional `UPDATE` each), and every change writes its audit line in
//! its own transaction. A change to what an account may do (role, password, disabling, reset)
//! ends the account's sessions in the same transaction.

use outcry_domain::access::Role;
use sqlx::{AnyConnection, Row};

use crate::audit::{self, Line};
use crate::{Error, Store, codec, sessions};

/// Who made a change, for the audit line the same transaction writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The account that acted; `None` for the command line.
    pub account: Option<i64>,
    /// The account's email, or `command line`.
    pub label: String,
}

impl Actor {
    /// Someone at the server's command line (`outcry user …`).
    pub fn command_line() -> Actor {
        Actor {
            account: None,
            label: "command line".into(),
        }
    }

    /// An organizer logged in to the admin.
    pub fn account(a: &Account) -> Actor {
        Actor {
            account: Some(a.id),
            label: a.email.clone(),
        }
    }
}

/// An organizer's account as the database keeps it.
#[derive(Clone, PartialEq, Eq)]
pub struct Account {
    /// Its number.
    pub id: i64,
    /// Lowercased and trimmed: the login name, and where links go.
    pub email: String,
    /// What it may do.
    pub role: Role,
    /// Argon2id PHC string; `None` until the account sets a password through a link.
    pub password_hash: Option<String>,
    /// The TOTP secret, encrypted by the caller; `None` without a second factor.
    pub totp_secret: Option<Vec<u8>>,
    /// A TOTP secret being enrolled, encrypted by the caller.
    pub totp_pending: Option<Vec<u8>>,
    /// The last RFC 6238 time step accepted.
    pub totp_last_step: Option<i64>,
    /// When it was made.
    pub created_at: jiff::Timestamp,
    /// Its last complete login.
    pub last_login_at: Option<jiff::Timestamp>,
    /// When it was disabled; `None` while it may log in.
    pub disabled_at: Option<jiff::Timestamp>,
}

impl Account {
    /// Whether a second factor is enrolled.
    pub fn has_second_factor(&self) -> bool {
        self.totp_secret.is_some()
    }

    /// Whether the account is disabled.
    pub fn is_disabled(&self) -> bool {
        self.disabled_at.is_some()
    }
}

impl std::fmt::Debug for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the password's hash nor the secrets, not even in a debug log.
        f.debug_struct("Account")
            .field("id", &self.id)
            .field("email", &self.email)
            .field("role", &self.role)
            .field("has_password", &self.password_hash.is_some())
            .field("has_second_factor", &self.has_second_factor())
            .field("enrolling", &self.totp_pending.is_some())
            .field("created_at", &self.created_at)
            .field("last_login_at", &self.last_login_at)
            .field("disabled_at", &self.disabled_at)
            .finish_non_exhaustive()
    }
}

/// The columns every read of an account takes, each prefixed with `table` (`"a."` or `""`).
pub(crate) fn columns(table: &str) -> String {
    [
        "id",
        "email",
        "role",
        "password_hash",
        "totp_secret",
        "totp_pending",
        "totp_last_step",
        "created_at",
        "last_login_at",
        "disabled_at",
    ]
    .iter()
    .map(|c| format!("{table}{c}"))
    .collect::<Vec<_>>()
    .join(", ")
}

impl Store {
    /// Makes an account with no password yet, and its first set-password link (`token_hash`,
    /// valid until `expires`). [`Error::Conflict`] when the email has an account.
    pub async fn create_account(
        &self,
        email: &str,
        role: Role,
        token_hash: &[u8],
        expires: jiff::Timestamp,
        now: jiff::Timestamp,
        by: &Actor,
    ) -> Result<i64, Error> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO accounts (email, role, created_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(email)
        .bind(role.as_str())
        .bind(codec::timestamp_text(now))
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| Error::from(e).classify())?;
        insert_token(&mut tx, id, token_hash, expires, now).await?;
        let line = Line {
            after: Some(role.as_str()),
            ..Line::of("account.create", email)
        };
        audit::write_at(&mut tx, by, &line, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The account with this id.
    pub async fn account(&self, id: i64) -> Result<Option<Account>, Error> {
        let mut conn = self.pool.acquire().await?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM accounts WHERE id = $1",
            columns("")
        )))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
        row.as_ref().map(read).transpose()
    }

    /// The account with this email (lowercased and trimmed by the caller).
    pub async fn account_by_email(&self, email: &str) -> Result<Option<Account>, Error> {
        let mut conn = self.pool.acquire().await?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM accounts WHERE email = $1",
            columns("")
        )))
        .bind(email)
        .fetch_optional(&mut *conn)
        .await?;
        row.as_ref().map(read).transpose()
    }

    /// Every account, by email.
    pub async fn accounts(&self) -> Result<Vec<Account>, Error> {
        let mut conn = self.pool.acquire().await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM accounts ORDER BY email",
            columns("")
        )))
        .fetch_all(&mut *conn)
        .await?;
        rows.iter().map(read).collect()
    }

    /// Gives the account a new set-password link, valid until `expires`; the older links stop
    /// working. [`Error::NotFound`] for an unknown account.
    pub async fn issue_password_token(
        &self,
        account: i64,
        token_hash: &[u8],
        expires: jiff::Timestamp,
        now: jiff::Timestamp,
        by: &Actor,
    ) -> Result<(), Error> {
        let mut tx = self.begin_write().await?;
        let email = email_of(&mut tx, account)
            .await?
            .ok_or_else(|| not_found(account))?;
        insert_token(&mut tx, account, token_hash, expires, now).await?;
        audit::write_at(&mut tx, by, &Line::of("account.reset_link", &email), now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The account a set-password link opens, without using the link up: `None` when the link
    /// is unknown, expired, or its account disabled.
    pub async fn account_for_token(
        &self,
        token_hash: &[u8],
        now: jiff::Timestamp,
    ) -> Result<Option<Account>, Error> {
        let mut conn = self.pool.acquire().await?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM account_tokens t JOIN accounts a ON a.id = t.account_id \
             WHERE t.token_hash = $1 AND t.expires_at > $2 AND a.disabled_at IS NULL",
            columns("a.")
        )))
        .bind(token_hash.to_vec())
        .bind(codec::timestamp_text(now))
        .fetch_optional(&mut *conn)
        .await?;
        row.as_ref().map(read).transpose()
    }

    /// Uses a set-password link: in one transaction, deletes the link (only if it has not
    /// expired: the delete is the claim, so of two requests racing with one link exactly one
    /// gets a row back), sets the password, and ends every session of the account. `None`
    /// when the link is unknown, expired, used, or its account disabled; nothing changes then.
    pub async fn set_password_with_token(
        &self,
        token_hash: &[u8],
        password_hash: &str,
        now: jiff::Timestamp,
    ) -> Result<Option<Account>, Error> {
        let mut tx = self.begin_write().await?;
        let claimed: Option<i64> = sqlx::query_scalar(
            "DELETE FROM account_tokens WHERE token_hash = $1 AND expires_at > $2 \
             RETURNING account_id",
        )
        .bind(token_hash.to_vec())
        .bind(codec::timestamp_text(now))
        .fetch_optional(&mut *tx)
        .await?;
        let Some(id) = claimed else {
            return Ok(None);
        };
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE accounts SET password_hash = $1 WHERE id = $2 AND disabled_at IS NULL \
             RETURNING {}",
            columns("")
        )))
        .bind(password_hash)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(account) = row.as_ref().map(read).transpose()? else {
            // A disabled account's link: rolled back, the link stays as it was.
            return Ok(None);
        };
        sessions::end_all(&mut tx, id).await?;
        let line = Line::of("account.set_password", &account.email);
        audit::write_at(&mut tx, &Actor::account(&account), &line, now).await?;
        tx.commit().await?;
        Ok(Some(account))
    }

    /// Gives the account another role and ends its sessions, so the new rights (or the loss of
    /// the old ones) apply from the next login. False for an unknown account; true and nothing
    /// written when it has the role already.
    pub async fn set_role(&self, account: i64, role: Role, by: &Actor) -> Result<bool, Error> {
        let mut tx = self.begin_write().await?;
        let found: Option<(String, String)> =
            sqlx::query_as("SELECT email, role FROM accounts WHERE id = $1")
                .bind(account)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((email, old)) = found else {
            return Ok(false);
        };
        if old == role.as_str() {
            return Ok(true);
        }
        sqlx::query("UPDATE accounts SET role = $1 WHERE id = $2")
            .bind(role.as_str())
            .bind(account)
            .execute(&mut *tx)
            .await?;
        sessions::end_all(&mut tx, account).await?;
        let line = Line {
            before: Some(&old),
            after: Some(role.as_str()),
            ..Line::of("account.role", &email)
        };
        audit::write(&mut tx, by, &line).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Disables the account: it logs in nowhere, its sessions end and its links stop working.
    /// False for an unknown account or one already disabled.
    pub async fn disable_account(
        &self,
        account: i64,
        now: jiff::Timestamp,
        by: &Actor,
    ) -> Result<bool, Error> {
        let mut tx = self.begin_write().await?;
        let email: Option<String> = sqlx::query_scalar(
            "UPDATE accounts SET disabled_at = $1 WHERE id = $2 AND disabled_at IS NULL \
             RETURNING email",
        )
        .bind(codec::timestamp_text(now))
        .bind(account)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(email) = email else {
            return Ok(false);
        };
        sessions::end_all(&mut tx, account).await?;
        delete_tokens(&mut tx, account).await?;
        audit::write_at(&mut tx, by, &Line::of("account.disable", &email), now).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Lets a disabled account log in again (with the password and second factor it had).
    /// False for an unknown account or one not disabled.
    pub async fn enable_account(&self, account: i64, by: &Actor) -> Result<bool, Error> {
        let mut tx = self.begin_write().await?;
        let email: Option<String> = sqlx::query_scalar(
            "UPDATE accounts SET disabled_at = NULL WHERE id = $1 AND disabled_at IS NOT NULL \
             RETURNING email",
        )
        .bind(account)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(email) = email else {
            return Ok(false);
        };
        audit::write(&mut tx, by, &Line::of("account.enable", &email)).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// For a lost password or phone: clears the password, the second factor and the recovery
    /// codes, ends the sessions, and issues a new set-password link (`token_hash`, valid until
    /// `expires`) in place of any older one. False for an unknown account.
    pub async fn reset_account(
        &self,
        account: i64,
        token_hash: &[u8],
        expires: jiff::Timestamp,
        now: jiff::Timestamp,
        by: &Actor,
    ) -> Result<bool, Error> {
        let mut tx = self.begin_write().await?;
        let email: Option<String> = sqlx::query_scalar(
            "UPDATE accounts SET password_hash = NULL, totp_secret = NULL, totp_pending = NULL, \
             totp_last_step = NULL WHERE id = $1 RETURNING email",
        )
        .bind(account)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(email) = email else {
            return Ok(false);
        };
        delete_recovery_codes(&mut tx, account).await?;
        sessions::end_all(&mut tx, account).await?;
        insert_token(&mut tx, account, token_hash, expires, now).await?;
        audit::write_at(&mut tx, by, &Line::of("account.reset", &email), now).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Notes a complete login (password and, when enrolled, second factor), by the account
    /// itself. [`Error::NotFound`] for an unknown account.
    pub async fn record_login(&self, account: i64, now: jiff::Timestamp) -> Result<(), Error> {
        let mut tx = self.begin_write().await?;
        let email: Option<String> = sqlx::query_scalar(
            "UPDATE accounts SET last_login_at = $1 WHERE id = $2 RETURNING email",
        )
        .bind(codec::timestamp_text(now))
        .bind(account)
        .fetch_optional(&mut *tx)
        .await?;
        let email = email.ok_or_else(|| not_found(account))?;
        let by = Actor {
            account: Some(account),
            label: email.clone(),
        };
        audit::write_at(&mut tx, &by, &Line::of("session.login", &email), now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Keeps (or, with `None`, drops) a TOTP secret being enrolled, encrypted by the caller.
    /// Not logged: nothing changes for the account until [`Store::confirm_totp`].
    pub async fn set_pending_totp(&self, account: i64, sealed: Option<&[u8]>) -> Result<(), Error> {
        sqlx::query("UPDATE accounts SET totp_pending = $1 WHERE id = $2")
            .bind(sealed.map(<[u8]>::to_vec))
            .bind(account)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Makes the pending secret the account's second factor, the code that confirmed it
    /// (`step`) already used, and `recovery_hashes` its recovery codes in place of any older
    /// ones; one transaction. False when nothing is pending.
    pub async fn confirm_totp(
        &self,
        account: i64,
        step: i64,
        recovery_hashes: &[Vec<u8>],
        by: &Actor,
    ) -> Result<bool, Error> {
        let mut tx = self.begin_write().await?;
        let email: Option<String> = sqlx::query_scalar(
            "UPDATE accounts SET totp_secret = totp_pending, totp_pending = NULL, \
             totp_last_step = $1 WHERE id = $2 AND totp_pending IS NOT NULL RETURNING email",
        )
        .bind(step)
        .bind(account)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(email) = email else {
            return Ok(false);
        };
        delete_recovery_codes(&mut tx, account).await?;
        for hash in recovery_hashes {
            sqlx::query("INSERT INTO recovery_codes (account_id, code_hash) VALUES ($1, $2)")
                .bind(account)
                .bind(hash.clone())
                .execute(&mut *tx)
                .await?;
        }
        audit::write(&mut tx, by, &Line::of("account.totp_enrol", &email)).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The replay guard: accepts TOTP time step `step` for the account only if it is newer than
    /// the last accepted one, in one conditional statement, so of two requests with the same
    /// code exactly one gets true. False too without a second factor.
    pub async fn consume_totp_step(&self, account: i64, step: i64) -> Result<bool, Error> {
        let changed = sqlx::query(
            "UPDATE accounts SET totp_last_step = $2 WHERE id = $1 AND totp_secret IS NOT NULL \
             AND (totp_last_step IS NULL OR totp_last_step < $2)",
        )
        .bind(account)
        .bind(step)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(changed == 1)
    }

    /// Uses one recovery code (its keyed hash), once: one conditional statement, so of two
    /// requests with the same code exactly one gets true. A use is logged, by the account.
    pub async fn consume_recovery_code(
        &self,
        account: i64,
        code_hash: &[u8],
        now: jiff::Timestamp,
    ) -> Result<bool, Error> {
        let mut tx = self.begin_write().await?;
        let changed = sqlx::query(
            "UPDATE recovery_codes SET used_at = $3 \
             WHERE account_id = $1 AND code_hash = $2 AND used_at IS NULL",
        )
        .bind(account)
        .bind(code_hash.to_vec())
        .bind(codec::timestamp_text(now))
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed != 1 {
            return Ok(false);
        }
        if let Some(email) = email_of(&mut tx, account).await? {
            let by = Actor {
                account: Some(account),
                label: email.clone(),
            };
            let line = Line::of("account.recovery_code", &email);
            audit::write_at(&mut tx, &by, &line, now).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// How many of the account's recovery codes are unused.
    pub async fn recovery_codes_left(&self, account: i64) -> Result<usize, Error> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM recovery_codes WHERE account_id = $1 AND used_at IS NULL",
        )
        .bind(account)
        .fetch_one(&self.pool)
        .await?;
        Ok(codec::count(n))
    }

    /// Removes the account's second factor (and one being enrolled) with its recovery codes.
    /// False when it had neither.
    pub async fn remove_totp(&self, account: i64, by: &Actor) -> Result<bool, Error> {
        let mut tx = self.begin_write().await?;
        let email: Option<String> = sqlx::query_scalar(
            "UPDATE accounts SET totp_secret = NULL, totp_pending = NULL, totp_last_step = NULL \
             WHERE id = $1 AND (totp_secret IS NOT NULL OR totp_pending IS NOT NULL) \
             RETURNING email",
        )
        .bind(account)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(email) = email else {
            return Ok(false);
        };
        delete_recovery_codes(&mut tx, account).await?;
        audit::write(&mut tx, by, &Line::of("account.totp_remove", &email)).await?;
        tx.commit().await?;
        Ok(true)
    }
}

/// The account's email, or `None` when there is no such account.
pub(crate) async fn email_of(
    conn: &mut AnyConnection,
    account: i64,
) -> Result<Option<String>, Error> {
    Ok(
        sqlx::query_scalar("SELECT email FROM accounts WHERE id = $1")
            .bind(account)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

/// Stores a set-password link in place of the account's older ones.
async fn insert_token(
    conn: &mut AnyConnection,
    account: i64,
    token_hash: &[u8],
    expires: jiff::Timestamp,
    now: jiff::Timestamp,
) -> Result<(), Error> {
    delete_tokens(conn, account).await?;
    sqlx::query(
        "INSERT INTO account_tokens (token_hash, account_id, expires_at, created_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash.to_vec())
    .bind(account)
    .bind(codec::timestamp_text(expires))
    .bind(codec::timestamp_text(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// An account's recovery codes go together: replaced at enrolment, gone with a reset or with
/// the second factor.
async fn delete_recovery_codes(conn: &mut AnyConnection, account: i64) -> Result<(), Error> {
    sqlx::query("DELETE FROM recovery_codes WHERE account_id = $1")
        .bind(account)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn delete_tokens(conn: &mut AnyConnection, account: i64) -> Result<(), Error> {
    sqlx::query("DELETE FROM account_tokens WHERE account_id = $1")
        .bind(account)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

fn not_found(account: i64) -> Error {
    Error::NotFound {
        entity: "account",
        key: account.to_string(),
    }
}

/// A row with [`columns`] back into an account.
pub(crate) fn read(row: &sqlx::any::AnyRow) -> Result<Account, Error> {
    let id: i64 = row.try_get("id")?;
    let at = |col: &str| format!("accounts.{col} of account {id}");
    let when =
        |text: Option<String>, col: &str| text.map(|t| codec::parse(&t, || at(col))).transpose();
    let role: String = row.try_get("role")?;
    let created: String = row.try_get("created_at")?;
    Ok(Account {
        id,
        email: row.try_get("email")?,
        role: codec::parse_enum(&role, Role::parse, || at("role"))?,
        password_hash: row.try_get("password_hash")?,
        totp_secret: row.try_get("totp_secret")?,
        totp_pending: row.try_get("totp_pending")?,
        totp_last_step: row.try_get("totp_last_step")?,
        created_at: codec::parse(&created, || at("created_at"))?,
        last_login_at: when(row.try_get("last_login_at")?, "last_login_at")?,
        disabled_at: when(row.try_get("disabled_at")?, "disabled_at")?,
    })
}
