//! The storage crate's one error type.
//!
//! Policy: what a caller can act on has its own variant (a missing row, a name already taken,
//! a bundle that does not validate, stored data that no longer reads); everything else is the
//! database's own error, passed through for logs. The database enforces uniqueness with named
//! constraints, and [`Error::classify`] turns those violations into [`Error::Conflict`], so
//! there is no check-then-insert race to lose.

use outcry_domain::Violations;

/// Everything that can go wrong in storage.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The row asked for does not exist.
    #[error("no {entity} {key:?}")]
    NotFound {
        /// What was looked for: "case", "target", "action".
        entity: &'static str,
        /// The slug or number it was looked for by.
        key: String,
    },
    /// A unique name is already taken (an action slug owned by another case, a number used by
    /// another action).
    #[error("{message} ({constraint})")]
    Conflict {
        /// The constraint's name in the schema, such as `actions_slug_key`.
        constraint: String,
        /// What is taken, by whom.
        message: String,
    },
    /// The bundle (or relay letter) does not validate, or refers to something that does not
    /// exist.
    #[error("invalid: {0}")]
    Invalid(Violations),
    /// The case takes no letters for relay: it has no relay setting (`[case.relay]`).
    #[error("case {case:?} takes no letters for relay")]
    RelayClosed {
        /// The case's slug.
        case: String,
    },
    /// A relay letter was to be marked printed other than by printing it: only
    /// [`Store::mark_printed`](crate::Store::mark_printed) does that, with the batch it was
    /// printed in.
    #[error("relay letters become printed only when a batch is printed")]
    PrintedOnlyByPrinting,
    /// The case already holds as many pending relay letters as its cap: organizers have not
    /// caught up. Nothing was stored; the writer may try again later.
    #[error("case {case:?} has {cap} pending relay letters, its cap")]
    RelayQueueFull {
        /// The case's slug.
        case: String,
        /// The cap that was reached.
        cap: u64,
    },
    /// Relay letters stored in clear before sealing existed wait to be sealed, and no
    /// organization key was given to seal them with.
    #[error(
        "{count} relay letter(s) stored in clear before sealing wait to be sealed: give the \
         organization's public key (--seal-to age1…, or OUTCRY_SEAL_TO)"
    )]
    PlainLettersWaiting {
        /// How many.
        count: u64,
    },
    /// A stored value no longer reads as the domain type (hand-edited JSON, a removed enum
    /// value): the row is there, but cannot be shown.
    #[error("stored data does not read: {what}")]
    Corrupt {
        /// Which value, where, and why.
        what: String,
    },
    /// The URL names no database Outcry can use.
    #[error("unsupported database url {url:?}: use sqlite:<file> or postgres://…")]
    UnsupportedUrl {
        /// The URL, without its password.
        url: String,
    },
    /// A backup could not be made: the database is PostgreSQL (`pg_dump`'s job), or the file
    /// cannot be created.
    #[error("{0}")]
    Backup(String),
    /// The URL would carry the database's traffic, supporters' data with it, in plain text to
    /// another machine.
    #[error(
        "the connection to the database server {host:?} would not be encrypted: add          sslmode=verify-full (with sslrootcert=FILE for a private CA) or sslmode=require to the          URL, or allow plain text with --database-allow-plaintext (OUTCRY_DATABASE_ALLOW_PLAINTEXT)          if the network between is private"
    )]
    PlainTextToRemote {
        /// The server's host name or address.
        host: String,
    },
    /// The database could not take the write now, but may in a moment: it is locked by a long
    /// transaction, the pool has no free connection, the connection was reset, or the writer's
    /// queue is full. Nothing was written; the caller may try again (the web answers 503 and
    /// keeps what the supporter typed).
    #[error("the database is busy, try again")]
    Busy(#[source] Option<sqlx::Error>),
    /// Any other database error: connection, I/O, a constraint with no meaning here.
    #[error("database error")]
    Database(#[from] sqlx::Error),
    /// The database lacks a migration this binary embeds: it was not migrated yet (or is
    /// being migrated by another instance right now).
    #[error("the database lacks migration {version}: run `outcry migrate`")]
    NotMigrated {
        /// The first missing migration's number.
        version: i64,
    },
    /// The schema could not be brought up to date.
    #[error("migration failed")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// The unique constraints and what a violation means: (name, SQLite's column list, message).
/// SQLite reports the columns ("UNIQUE constraint failed: actions.slug"), PostgreSQL the name.
const UNIQUE: &[(&str, &str, &str)] = &[
    (
        "cases_slug_key",
        "cases.slug",
        "a case with this slug exists",
    ),
    (
        "actions_slug_key",
        "actions.slug",
        "an action with this slug exists",
    ),
    (
        "actions_number_key",
        "actions.number",
        "another action has this number",
    ),
    (
        "targets_slug_key",
        "targets.slug",
        "a target with this slug exists",
    ),
    (
        "action_targets_target_key",
        "action_targets.action_id, action_targets.target_id",
        "the action names this target twice",
    ),
    (
        "action_letters_pkey",
        "action_letters.action_id, action_letters.lang",
        "the action has two letters in this language",
    ),
    (
        "accounts_email_key",
        "accounts.email",
        "an account with this email exists",
    ),
    (
        "target_copies_copy_key",
        "target_copies.target_id, target_copies.copy_target_id",
        "the target sends copies to this target twice",
    ),
];

impl Error {
    /// Whether trying the same thing again a moment later may work: a locked SQLite database,
    /// a pool with no free connection, a dropped connection, a PostgreSQL server shutting down
    /// or out of connections, a serialization failure.
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Busy(_) => true,
            Error::Database(e) => transient(e),
            _ => false,
        }
    }

    /// [`Error::Busy`] for a transient database error ([`Error::is_transient`]); every other
    /// error as it is.
    pub fn busy_if_transient(self) -> Error {
        match self {
            Error::Database(e) if transient(&e) => Error::Busy(Some(e)),
            other => other,
        }
    }

    /// Turns a unique-constraint violation into [`Error::Conflict`], naming the constraint;
    /// leaves every other error as it is.
    pub fn classify(self) -> Error {
        let Error::Database(sqlx::Error::Database(db)) = &self else {
            return self;
        };
        if !db.is_unique_violation() {
            return self;
        }
        let known = match db.constraint() {
            Some(name) => UNIQUE.iter().find(|(n, _, _)| *n == name),
            None => {
                let columns = db
                    .message()
                    .strip_prefix("UNIQUE constraint failed: ")
                    .unwrap_or_default();
                UNIQUE.iter().find(|(_, c, _)| *c == columns)
            }
        };
        match known {
            Some((name, _, message)) => Error::Conflict {
                constraint: (*name).to_string(),
                message: (*message).to_string(),
            },
            None => Error::Conflict {
                constraint: db.constraint().unwrap_or("unknown").to_string(),
                message: db.message().to_lowercase(),
            },
        }
    }
}

/// sqlx errors that say "not now" rather than "never".
fn transient(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => {
            let code = db.code();
            // SQLite: 5 BUSY, 6 LOCKED (extended codes keep the primary code in the low byte).
            // PostgreSQL: 40001 serialization failure, 40P01 deadlock, 53300 too many
            // connections, 57P01..57P03 shutting down or not yet accepting connections.
            let sqlite_busy = code
                .as_deref()
                .and_then(|c| c.parse::<i64>().ok())
                .is_some_and(|c| matches!(c & 0xff, 5 | 6));
            let postgres_busy = matches!(
                code.as_deref(),
                Some("40001" | "40P01" | "53300" | "57P01" | "57P02" | "57P03")
            );
            sqlite_busy || postgres_busy || db.message().contains("database is locked")
        }
        _ => false,
    }
}
