//! Outcry's storage: every SQL statement the platform runs lives in this crate.
//!
//! SQLite is the embedded default; PostgreSQL is how an installation scales out to several
//! Outcry processes. [`Store`] is the only way in: it takes and returns domain values
//! ([`outcry_domain::CaseBundle`] and friends), keeps its row types private, and runs each
//! operation that writes inside one transaction.
//!
//! # Table of contents
//! - [`Store`] (this file): opening a database, the pool, migrations, the public methods
//!   (but those of `relay`, which keeps its own).
//! - [`error`]: the one [`Error`] type, and how database errors become [`Error::Conflict`].
//! - `import`: [`Store::import_bundle`], the transaction that upserts a whole case file.
//! - `cases`: the `cases`, `case_timeline`, `case_addresses` and `case_targets` tables.
//! - `targets`: the shared directory (`targets`, `target_copies`) and the canonical order of
//!   targets in an exported bundle ([`canonical_target_order`]).
//! - `actions`: `actions`, `action_targets`, `action_letters`.
//! - `articles`: news articles and their authors (`articles`, `authors`), upserted by key,
//!   listed newest first through an [`ArticleFilter`] ([`Store::articles`]).
//! - `records`: what supporters did (`action_records`) and the counts pages show.
//! - `discounts`: hours an organizer took out of the counts (`discounted_hours`) and the
//!   per-hour counts to find them by ([`Store::discount_hour`], [`Store::hourly_counts`]).
//! - `forms`: one-time form ids (`form_claims`), so a form counts once
//!   ([`Store::claim_form`]).
//! - `relay`: letters the group prints and posts for their writers (`relay_letters`), stored
//!   sealed: submitting ([`Store::submit_relay_letter`]), moderating, claiming for a print run
//!   and printing each once, counts, and retention ([`Store::erase_expired_letters`]).
//! - `outbox`: mail on its way to the relay (`outbox`): one row per message under a unique
//!   key ([`Store::enqueue_message`]), leased in batches by workers on any instance
//!   ([`Store::lease_messages`], `FOR UPDATE SKIP LOCKED` on PostgreSQL), settled by the lease
//!   holder only ([`Store::settle_messages`]); content encrypted by the caller, dropped once final.
//! - `appeals`: appeals Outcry sends for a supporter: the request until it is confirmed
//!   (`appeal_requests`), and [`Store::confirm_appeal`], which deletes it, queues the
//!   messages and counts the action in one transaction.
//! - `bounces`: a sent message a delivery report names ([`Store::mark_message_bounced`]), and
//!   officials' addresses that bounce, flagged so no page offers them
//!   ([`Store::record_address_bounce`], `address_bounces`).
//! - `secrets`: the site's signing secrets when none is configured (`site_secrets`), shared
//!   by every instance on the database, and their rotation.
//! - `accounts`: organizers' accounts (`accounts`), their one-time set-password links
//!   (`account_tokens`), second factor and recovery codes (`recovery_codes`), each change
//!   written with its [`Actor`] to the audit log in its own transaction; the link, a TOTP step
//!   and a recovery code each work once however requests race ([`Store::set_password_with_token`],
//!   [`Store::consume_totp_step`], [`Store::consume_recovery_code`]).
//! - `sessions`: the admin's sessions (`admin_sessions`), kept by the hash of the cookie's id,
//!   idle and absolute expiry, rotation at each step of a login ([`Store::rotate_session`]).
//! - `login_failures`: failed logins per bucket for throttling (`login_failures`), one upsert,
//!   shared by every instance ([`Store::record_login_failure`]).
//! - `audit`: the append-only audit log (`audit_log`, triggers refuse UPDATE and DELETE):
//!   [`Store::audit`] for sensitive reads, [`Store::audit_log`] to read it.
//! - `admin_settings`: the admin's site-wide settings (`admin_settings`), such as requiring a
//!   second factor of everyone.
//! - `transport`: which PostgreSQL URLs would send supporters' data in plain text.
//! - `backup` (this file): [`Store::backup_to`], a consistent copy of a SQLite database.
//! - `stats`: how the writers and pools are doing, as plain numbers for the site's metrics
//!   ([`Store::record_writer`], [`Store::pools`]); [`Store::ready`] says whether the database
//!   answers with the schema this binary expects.
//! - `codec`: how values the portable driver cannot carry are written as text.
//! - `migrations/{sqlite,postgres}/`: the schema, numbered in lockstep, commented.
//!
//! # One binary, two databases: the `Any` driver and portable SQL
//! Outcry ships as one binary that picks its backend from the database URL at run time
//! (`sqlite:outcry.db` or `postgres://…`). So the crate uses sqlx's `Any` driver with
//! runtime-checked SQL (`sqlx::query("… $1 …")`), written in the subset both SQLite and
//! PostgreSQL accept (`$n` placeholders, `INSERT … RETURNING`, no `ILIKE`, no `::casts`).
//! The alternative, compile-time `query!` macros, checks against one database at build time
//! and would need a second set of per-backend query modules and a committed `.sqlx/` cache.
//! What the compiler does not check here, the test suite does: `tests/storage.rs` runs every
//! test against SQLite and, when `OUTCRY_TEST_POSTGRES_URL` is set (as in CI), against a fresh
//! PostgreSQL database too, so every statement is exercised on both.
//!
//! The price of `Any` is its small set of types (integers, floats, text, bytes, booleans). So
//! dates are ISO `TEXT` (`2026-07-15`), timestamps RFC 3339 UTC `TEXT`, enums `TEXT` with
//! named `CHECK`s, and localized texts and small lists (emails, phones, address lines,
//! salutations, preferred languages, address parts) are JSON `TEXT` written by serde from the
//! domain types. Nothing queries inside that JSON; anything that needs to be searched or
//! joined on gets its own column or table.
//!
//! # SQLite settings
//! Every SQLite connection runs in WAL mode (readers do not block the writer), with foreign
//! keys enforced, a 5-second busy timeout and `secure_delete` on; the file is created if missing. Transactions
//! that write start with `BEGIN IMMEDIATE`, so two writers queue on the busy timeout instead
//! of failing when a read lock cannot be upgraded. `sqlite::memory:` works, on a single
//! connection, because each connection to it would otherwise get its own empty database.

#![deny(missing_docs)]

mod accounts;
mod actions;
mod admin_settings;
mod appeals;
mod articles;
mod audit;
mod bounces;
mod cases;
mod codec;
mod discounts;
pub mod error;
mod forms;
mod import;
mod login_failures;
mod outbox;
mod records;
mod relay;
mod secrets;
mod sessions;
mod stats;
mod targets;
mod transport;

use std::time::Duration;

use std::collections::HashMap;

use outcry_domain::{CaseBundle, CaseStatus, Localized, Slug, UaNumber, UrgentAction};
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};

pub use accounts::{Account, Actor};
pub use admin_settings::AdminSettings;
pub use appeals::{AppealRequest, Confirmed, Counted, NewAppealRequest, PlacedMessage, Requested};
pub use articles::ArticleFilter;
pub use audit::{AuditEntry, AuditFilter};
pub use bounces::AddressBounce;
pub use discounts::{Discount, HourChange, HourCount};
pub use error::Error;
pub use outbox::{
    Enqueued, Lease, LeasedMessage, MessageStatus, NewMessage, OutboxCounts, Settlement,
};
pub use records::{ActionCounts, ActionRecord};
pub use relay::{ExpiredLetter, NewRelayLetter, PrintBatch, QueuedLetter, RelayCounts};
pub use secrets::SiteSecret;
pub use sessions::{LOGIN_FAILURES_KEPT, Session, SessionStage};
pub use stats::{BATCH_BUCKETS, PoolStats, PoolUse, WriterStats};
pub use transport::{Transport, check as check_transport, transport};
// `ActionListing` is defined below, next to `Store::list_actions`.
pub use targets::canonical_target_order;

/// The schema for SQLite, embedded in the binary.
static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
/// The schema for PostgreSQL, embedded in the binary; same numbers as SQLite's.
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// Which database a [`Store`] talks to, from the URL's scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// `sqlite:path/to/file.db`, `sqlite://path`, `sqlite::memory:`.
    Sqlite,
    /// `postgres://…` or `postgresql://…`.
    Postgres,
}

impl Backend {
    /// Reads the backend from a database URL's scheme.
    pub fn from_url(url: &str) -> Option<Backend> {
        let scheme = url.split_once(':')?.0;
        match scheme {
            "sqlite" => Some(Backend::Sqlite),
            "postgres" | "postgresql" => Some(Backend::Postgres),
            _ => None,
        }
    }

    fn migrator(self) -> &'static Migrator {
        match self {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        }
    }
}

/// A handle on the database. Cheap to clone: clones share one connection pool.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    /// Where supporters' records are written: a pool of one connection of its own on a file
    /// or a server, so that a flood of page reads cannot keep the writer waiting for a
    /// connection; the same pool as `pool` for an in-memory database, which has only one.
    writer: AnyPool,
    backend: Backend,
    /// The group-commit writer for supporters' records, started on first use (see `records`).
    recorder: std::sync::Arc<std::sync::OnceLock<records::Recorder>>,
    /// The group-commit writer for one-time form ids, started on first use (see `forms`).
    claimer: std::sync::Arc<std::sync::OnceLock<forms::Claimer>>,
}

/// What [`Store::import_bundle`] did, for the CLI and the admin to report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// The case was new (otherwise it was updated in place).
    pub case_created: bool,
    /// Actions new to the database.
    pub actions_created: usize,
    /// Actions that existed and were updated in place.
    pub actions_updated: usize,
    /// Actions stored before but missing from the file: kept (supporters' records point at
    /// them), not deleted. To take one back, withdraw it.
    pub actions_kept: usize,
    /// Targets new to the shared directory.
    pub targets_created: usize,
    /// Targets that existed in the directory and were overwritten with the file's version.
    pub targets_updated: usize,
}

/// An action with what a list of actions shows about its case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionListing {
    /// The case's slug.
    pub case_slug: Slug,
    /// The person's name per language.
    pub case_name: Localized,
    /// The action itself.
    pub action: UrgentAction,
    /// How many supporters have acted on it, discounted hours left out.
    pub total: u64,
}

/// One migration, as `outcry migrate --status` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationState {
    /// Its number (`0007`).
    pub version: i64,
    /// What it does, from its file name.
    pub description: String,
    /// Whether the database has it.
    pub applied: bool,
}

/// One line in a list of cases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseSummary {
    /// The case's slug.
    pub slug: Slug,
    /// The person's name per language.
    pub name: Localized,
    /// Detained, sentenced, released, …
    pub status: CaseStatus,
    /// How many urgent actions the case has, in any status.
    pub actions: usize,
}

impl Store {
    /// Connects to the database at `url` and brings its schema up to date (when it is current,
    /// without running the migrator at all).
    ///
    /// SQLite files are created if missing. Fails with [`Error::Database`] for a URL whose
    /// scheme is neither `sqlite:` nor `postgres:`, or a database that cannot be reached.
    /// Installs sqlx's default `Any` drivers (idempotent); a program must not install a
    /// different set itself, or this panics.
    pub async fn open(url: &str) -> Result<Store, Error> {
        let store = Store::connect(url).await?;
        // A current schema is left alone without even trying: the web processes may connect
        // as a role that can create nothing (deploy/postgres-roles.sql), and the migrator
        // would try to create its table.
        if store.ready().await.is_err() {
            store.migrate().await?;
        }
        Ok(store)
    }

    /// Connects like [`Store::open`] but leaves the schema as it is: for
    /// [`Store::migration_status`], which must see what is pending.
    pub async fn connect(url: &str) -> Result<Store, Error> {
        install_default_drivers();
        let backend = Backend::from_url(url).ok_or_else(|| Error::UnsupportedUrl {
            url: redact_url(url),
        })?;
        let (pool, writer) = match backend {
            Backend::Sqlite => open_sqlite(url).await?,
            Backend::Postgres => (
                postgres_options(10).connect(url).await?,
                postgres_options(1).connect(url).await?,
            ),
        };
        let store = Store {
            pool,
            writer,
            backend,
            recorder: Default::default(),
            claimer: Default::default(),
        };
        Ok(store)
    }

    /// Applies the migrations the database has not seen yet; does nothing when it is current.
    /// [`Store::open`] already calls it; `outcry migrate` calls it on its own. On PostgreSQL,
    /// sqlx holds an advisory lock meanwhile, so instances starting together apply each
    /// migration once (the others wait, then find nothing to do).
    pub async fn migrate(&self) -> Result<(), Error> {
        self.backend.migrator().run(&self.pool).await?;
        Ok(())
    }

    /// Every migration this program knows, in order, and whether the database has it.
    pub async fn migration_status(&self) -> Result<Vec<MigrationState>, Error> {
        use sqlx::Row;
        // No table yet means nothing applied (a new database).
        let applied: std::collections::HashSet<i64> =
            match sqlx::query("SELECT version FROM _sqlx_migrations WHERE success = TRUE")
                .fetch_all(&self.pool)
                .await
            {
                Ok(rows) => rows
                    .iter()
                    .map(|r| r.try_get::<i64, _>(0))
                    .collect::<Result<_, _>>()?,
                Err(sqlx::Error::Database(_)) => Default::default(),
                Err(e) => return Err(e.into()),
            };
        Ok(self
            .backend
            .migrator()
            .iter()
            .filter(|m| !m.migration_type.is_down_migration())
            .map(|m| MigrationState {
                version: m.version,
                description: m.description.to_string(),
                applied: applied.contains(&m.version),
            })
            .collect())
    }

    /// Copies a SQLite database into the new file `out`, consistent as of the moment it
    /// starts (one read transaction: every write committed before is in it, none after),
    /// while the site goes on serving. The file is made readable by its owner only before
    /// anything is written to it, since it holds what the database holds. PostgreSQL has
    /// `pg_dump` for this ([`Error::Invalid`] here).
    pub async fn backup_to(&self, out: &std::path::Path) -> Result<(), Error> {
        if self.backend != Backend::Sqlite {
            return Err(Error::Backup(
                "a PostgreSQL database is backed up with pg_dump".into(),
            ));
        }
        let mut file = std::fs::OpenOptions::new();
        file.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut file, 0o600);
        file.open(out)
            .map_err(|e| Error::Backup(format!("cannot create {}: {e}", out.display())))?;
        let path = out.to_string_lossy().into_owned();
        // VACUUM INTO takes an empty file and writes a compact, checkpointed copy: no -wal
        // file to forget beside it.
        let done = sqlx::query("VACUUM INTO $1")
            .bind(&path)
            .execute(&self.pool)
            .await;
        if let Err(e) = done {
            let _ = std::fs::remove_file(out);
            return Err(e.into());
        }
        Ok(())
    }

    /// Whether the site can serve from this database now: it answers, and its schema is the
    /// one this binary embeds, every migration applied with the same checksum, none failed
    /// half-way and none unknown to this binary. The same test [`Store::open`] makes before it
    /// migrates, without migrating: a readiness probe must not change the schema. Two reads
    /// of the migrations table on one connection.
    pub async fn ready(&self) -> Result<(), Error> {
        use sqlx::migrate::{Migrate, MigrateError};
        let migrator = self.backend.migrator();
        let mut conn = self.pool.acquire().await?;
        if let Some(version) = conn.dirty_version(&migrator.table_name).await? {
            return Err(MigrateError::Dirty(version).into());
        }
        let applied: HashMap<i64, Vec<u8>> = conn
            .list_applied_migrations(&migrator.table_name)
            .await?
            .into_iter()
            .map(|m| (m.version, m.checksum.into_owned()))
            .collect();
        for version in applied.keys() {
            if !migrator.version_exists(*version) {
                return Err(MigrateError::VersionMissing(*version).into());
            }
        }
        for migration in migrator.iter() {
            match applied.get(&migration.version) {
                Some(checksum) if checksum[..] == migration.checksum[..] => {}
                Some(_) => return Err(MigrateError::VersionMismatch(migration.version).into()),
                None => {
                    return Err(Error::NotMigrated {
                        version: migration.version,
                    });
                }
            }
        }
        Ok(())
    }

    /// SQLite's own check of the whole file (`PRAGMA integrity_check`): [`Error::Backup`] with
    /// its first findings when the file is damaged. Does nothing on PostgreSQL.
    pub async fn integrity_check(&self) -> Result<(), Error> {
        use sqlx::Row;
        if self.backend != Backend::Sqlite {
            return Ok(());
        }
        let rows = sqlx::query("PRAGMA integrity_check(5)")
            .fetch_all(&self.pool)
            .await?;
        let findings: Vec<String> = rows
            .iter()
            .filter_map(|r| r.try_get::<String, _>(0).ok())
            .filter(|f| f != "ok")
            .collect();
        if findings.is_empty() {
            Ok(())
        } else {
            Err(Error::Backup(findings.join("; ")))
        }
    }

    /// The size of a SQLite database in bytes (pages × page size), for a backup's progress.
    pub async fn database_bytes(&self) -> Result<u64, Error> {
        use sqlx::Row;
        if self.backend != Backend::Sqlite {
            return Ok(0);
        }
        let row = sqlx::query(
            "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(u64::try_from(row.try_get::<i64, _>(0)?).unwrap_or(0))
    }

    /// How the writer of supporters' records is doing ([`Store::record_action`]).
    pub fn record_writer(&self) -> WriterStats {
        self.recorder
            .get()
            .map_or_else(WriterStats::default, records::Recorder::stats)
    }

    /// How the writer of one-time form ids is doing ([`Store::claim_form`]).
    pub fn claim_writer(&self) -> WriterStats {
        self.claimer
            .get()
            .map_or_else(WriterStats::default, forms::Claimer::stats)
    }

    /// How many connections each pool holds, and how many of them are idle.
    pub fn pools(&self) -> PoolStats {
        PoolStats {
            main: PoolUse::of(&self.pool),
            writer: PoolUse::of(&self.writer),
        }
    }

    /// The database this store talks to.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Stores a case with its actions and targets, in one transaction: all or nothing.
    ///
    /// The bundle is validated first ([`Error::Invalid`]). Then the case (by slug), the targets
    /// (by slug, in the shared directory) and the actions (by slug, within the case) are
    /// updated in place or created, so their ids stay stable for the rows that point at them.
    /// Child rows that nothing points at (timeline, addresses, letters, an action's targets,
    /// a target's copies) are replaced by the file's. Nothing is deleted otherwise: an action
    /// stored before but missing from the file stays, after the file's actions; to take it
    /// back, withdraw it. Fails with [`Error::Conflict`] when an action's slug (or number)
    /// belongs to another case, and with [`Error::Invalid`] when `continues` names an action
    /// neither in the bundle nor stored.
    pub async fn import_bundle(&self, bundle: &CaseBundle) -> Result<ImportReport, Error> {
        import::import_bundle(self, bundle)
            .await
            .map_err(Error::classify)
    }

    /// The case with its actions and the targets they need, as [`import_bundle`] took it.
    ///
    /// Round trip: `export_case` of an imported bundle equals that bundle, except that targets
    /// come back in the order of [`canonical_target_order`]: first as the actions name them,
    /// then those they send copies to, then the rest by slug. Since targets are shared, a
    /// target shows its current directory entry, which another case's import may have changed.
    ///
    /// [`import_bundle`]: Store::import_bundle
    pub async fn export_case(&self, slug: &Slug) -> Result<CaseBundle, Error> {
        // One transaction for a consistent snapshot across the several reads.
        let mut tx = self.pool.begin().await?;
        let bundle = import::export_case(&mut tx, slug).await?;
        tx.commit().await?;
        Ok(bundle)
    }

    /// Every case, by slug, with its number of actions.
    pub async fn list_cases(&self) -> Result<Vec<CaseSummary>, Error> {
        let mut conn = self.pool.acquire().await?;
        cases::list(&mut conn).await
    }

    /// The (case, action) pairs whose actions name `target`, by case and then in the case's
    /// order; what an organizer editing the target needs to know. [`Error::NotFound`] when
    /// there is no such target.
    pub async fn target_usage(&self, target: &Slug) -> Result<Vec<(Slug, Slug)>, Error> {
        let mut tx = self.pool.begin().await?;
        let usage = targets::usage(&mut tx, target).await?;
        tx.commit().await?;
        Ok(usage)
    }

    /// The (case, action) with this publisher's number, such as `UA 45/26`.
    pub async fn find_action_by_number(
        &self,
        number: &UaNumber,
    ) -> Result<Option<(Slug, Slug)>, Error> {
        let mut conn = self.pool.acquire().await?;
        actions::find_by_number(&mut conn, number).await
    }

    /// True when an action with this slug is stored, in any case.
    pub async fn action_exists(&self, action: &Slug) -> Result<bool, Error> {
        let mut conn = self.pool.acquire().await?;
        Ok(records::case_of(&mut conn, action).await?.is_some())
    }

    /// An action with its whole case (targets included), as a page about the action needs it.
    /// [`Error::NotFound`] when there is no such action.
    pub async fn action_with_case(
        &self,
        action: &Slug,
    ) -> Result<(CaseBundle, UrgentAction), Error> {
        let not_found = || Error::NotFound {
            entity: "action",
            key: action.to_string(),
        };
        let case = {
            let mut conn = self.pool.acquire().await?;
            records::case_of(&mut conn, action)
                .await?
                .ok_or_else(not_found)?
        };
        let bundle = self.export_case(&case).await?;
        let found = bundle
            .actions
            .iter()
            .find(|a| &a.slug == action)
            .cloned()
            .ok_or_else(not_found)?;
        Ok((bundle, found))
    }

    /// Every action of every case, cases in slug order and actions in their case's order,
    /// with their totals. Drafts included: the caller decides what to show. Five queries in
    /// one snapshot, however many cases and actions there are.
    pub async fn list_actions(&self) -> Result<Vec<ActionListing>, Error> {
        let mut tx = self.pool.begin().await?;
        let cases = cases::names(&mut tx).await?;
        let actions = actions::load(&mut tx, actions::Scope::All).await?;
        let totals = records::totals(&mut tx).await?;
        tx.commit().await?;
        let mut by_case: HashMap<i64, Vec<UrgentAction>> = HashMap::new();
        for (case_id, action) in actions {
            by_case.entry(case_id).or_default().push(action);
        }
        let mut listings = Vec::new();
        for (case_id, case_slug, case_name) in cases {
            for action in by_case.remove(&case_id).unwrap_or_default() {
                listings.push(ActionListing {
                    total: totals.get(&action.slug).copied().unwrap_or(0),
                    case_slug: case_slug.clone(),
                    case_name: case_name.clone(),
                    action,
                });
            }
        }
        Ok(listings)
    }

    /// Records that a supporter acted. [`Error::NotFound`] for an unknown action.
    ///
    /// Returns once the record is committed. Records arriving together are committed together
    /// (group commit): under a flood of "I sent it", one transaction carries many of them, so the
    /// database's commit rate does not cap how many supporters can be counted.
    pub async fn record_action(&self, record: &ActionRecord) -> Result<(), Error> {
        let recorder = self
            .recorder
            .get_or_init(|| records::Recorder::start(self.writer.clone(), self.backend));
        recorder.record(record.clone()).await
    }

    /// How many supporters acted on an action, in all and by channel; records in hours an
    /// organizer discounted ([`Store::discount_hour`]) are left out.
    pub async fn action_counts(&self, action: &Slug) -> Result<ActionCounts, Error> {
        let mut conn = self.pool.acquire().await?;
        records::counts(&mut conn, action).await
    }

    /// Totals per action of a case, discounted hours left out.
    pub async fn action_totals_for_case(&self, case: &Slug) -> Result<HashMap<Slug, u64>, Error> {
        let mut conn = self.pool.acquire().await?;
        records::totals_for_case(&mut conn, case).await
    }

    /// Closes every connection; waits for those in use to come back first.
    pub async fn close(&self) {
        self.pool.close().await;
        self.writer.close().await;
    }

    /// On SQLite, copies the write-ahead log into the database file and truncates it to
    /// nothing, so old page images (content since erased) do not linger in `-wal`. Best
    /// effort: with readers active the log is kept and truncated on a later checkpoint.
    pub(crate) async fn truncate_wal(&self) -> Result<(), Error> {
        if self.backend == Backend::Sqlite {
            let mut conn = self.writer.acquire().await?;
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&mut *conn)
                .await?;
        }
        Ok(())
    }

    /// Starts a transaction that will write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`): a deferred transaction that reads first and writes later can fail
    /// with "database is locked" however long the busy timeout, when another writer committed
    /// in between.
    pub(crate) async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, Error> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }
}

/// Every statement on PostgreSQL ends within this time: a stalled query must not hold a
/// connection (and a supporter's request) forever.
const STATEMENT_TIMEOUT: &str = "15s";

/// A PostgreSQL pool of at most `size` connections, each with Outcry's session settings.
fn postgres_options(size: u32) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(size)
        .acquire_timeout(Duration::from_secs(5))
        .after_connect(|conn, _meta| {
            Box::pin(async move {
                conn.execute(sqlx::AssertSqlSafe(format!(
                    "SET statement_timeout = '{STATEMENT_TIMEOUT}'"
                )))
                .await?;
                // A transaction left open by a crashed instance would hold its locks.
                conn.execute("SET idle_in_transaction_session_timeout = '60s'")
                    .await?;
                // The server probes the connection when it is quiet, so one to a vanished
                // instance is dropped in about a minute instead of the kernel's two hours. On
                // this side, sqlx pings a connection before handing it out.
                conn.execute("SET tcp_keepalives_idle = 30").await?;
                conn.execute("SET tcp_keepalives_interval = 10").await?;
                conn.execute("SET tcp_keepalives_count = 3").await?;
                Ok(())
            })
        })
}

/// Opens the pools on a SQLite URL with Outcry's settings on every connection: one for
/// everything, and one of a single connection for supporters' records (the same pool for an
/// in-memory database, which exists only on its one connection).
async fn open_sqlite(url: &str) -> Result<(AnyPool, AnyPool), Error> {
    let in_memory = url.contains(":memory:") || url.contains("mode=memory");
    let url = if in_memory || url.contains("mode=") {
        url.to_string()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    };
    let options = || {
        AnyPoolOptions::new().after_connect(|conn, _meta| {
            Box::pin(async move {
                // WAL: readers never block the writer nor the writer them. In memory it stays
                // "memory", which is fine. Foreign keys are off by default in SQLite.
                conn.execute("PRAGMA journal_mode = WAL").await?;
                conn.execute("PRAGMA foreign_keys = ON").await?;
                conn.execute("PRAGMA busy_timeout = 5000").await?;
                // FULL: a commit is on disk before it returns, so an acknowledged action or
                // letter survives a power cut too, not only a crash of Outcry. Group commit
                // (records.rs) amortizes the fsync over many supporters; docs/benchmarks.md
                // has what it costs.
                conn.execute("PRAGMA synchronous = FULL").await?;
                // Deleted and overwritten content is zeroed in the file at once, so what
                // retention erases is gone from the file, not only from queries. Chosen over
                // VACUUM, which rewrites the whole file under an exclusive lock and needs
                // twice its space; secure_delete costs a little I/O on each delete instead.
                conn.execute("PRAGMA secure_delete = ON").await?;
                Ok(())
            })
        })
    };
    let file = (!in_memory).then(|| sqlite_file(&url)).flatten();
    if let Some(file) = &file {
        private_files::create(file).map_err(sqlx::Error::Io)?;
    }
    if in_memory {
        // Each connection to `:memory:` is a database of its own; one connection, kept for
        // the life of the pool, is the only way all callers see the same data.
        let pool = options()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect(&url)
            .await?;
        return Ok((pool.clone(), pool));
    }
    let pool = options()
        .acquire_timeout(Duration::from_secs(10))
        .connect(&url)
        .await?;
    let writer = options()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(10))
        .connect(&url)
        .await?;
    if let Some(file) = &file {
        // WAL mode has made `-wal` and `-shm` by now; SQLite gives them the database's mode,
        // and this makes sure of it for a file made by an older Outcry.
        private_files::restrict(file).map_err(sqlx::Error::Io)?;
    }
    Ok((pool, writer))
}

/// The file a SQLite URL names (`sqlite://data/outcry.db?mode=rwc`, `sqlite:outcry.db`).
fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let path = rest.split('?').next().unwrap_or("");
    (!path.is_empty()).then(|| std::path::PathBuf::from(path))
}

/// The database file and its `-wal` and `-shm` neighbours hold everything Outcry keeps, so only
/// the user Outcry runs as may read them (0600), whatever the umask: a backup tool or another
/// account on the server should not find supporters' records readable.
mod private_files {
    use std::path::{Path, PathBuf};

    fn neighbours(db: &Path) -> [PathBuf; 3] {
        let with = |suffix: &str| {
            let mut name = db.as_os_str().to_owned();
            name.push(suffix);
            PathBuf::from(name)
        };
        [db.to_path_buf(), with("-wal"), with("-shm")]
    }

    /// Creates the database file empty with mode 0600 if it does not exist, so SQLite opens a
    /// file that was never readable by others, not one it made with the umask's mode.
    #[cfg(unix)]
    pub fn create(db: &Path) -> std::io::Result<()> {
        use std::os::unix::fs::OpenOptionsExt;
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(db)
        {
            Ok(_) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Sets 0600 on the database and whichever neighbours exist.
    #[cfg(unix)]
    pub fn restrict(db: &Path) -> std::io::Result<()> {
        use std::os::unix::fs::PermissionsExt;
        for file in neighbours(db) {
            match std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
        Ok(())
    }

    /// Elsewhere, the file system's own permissions apply.
    #[cfg(not(unix))]
    pub fn create(_db: &Path) -> std::io::Result<()> {
        Ok(())
    }

    #[cfg(not(unix))]
    pub fn restrict(db: &Path) -> std::io::Result<()> {
        let _ = neighbours(db);
        Ok(())
    }
}

/// A database URL without its password, for messages and logs: `postgres://app:***@db/outcry`.
/// The one redaction rule; the CLI uses it too.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(start), Some(at)) if at > start => {
            let userinfo = &url[start + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}://{user}:***{}", &url[..start], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_of_a_sqlite_url() {
        let file = |u: &str| sqlite_file(u).map(|p| p.display().to_string());
        assert_eq!(
            file("sqlite://data/outcry.db?mode=rwc").as_deref(),
            Some("data/outcry.db")
        );
        assert_eq!(file("sqlite:outcry.db").as_deref(), Some("outcry.db"));
        assert_eq!(
            file("sqlite:///var/lib/o.db").as_deref(),
            Some("/var/lib/o.db")
        );
        assert_eq!(file("sqlite:").as_deref(), None);
    }

    /// While the site runs, its WAL and shared-memory files hold the newest writes: they are
    /// as private as the database.
    #[cfg(unix)]
    #[tokio::test]
    async fn the_database_and_its_wal_and_shm_are_readable_by_their_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("site.db");
        let store = Store::open(&format!("sqlite://{}", db.display()))
            .await
            .expect("opens");
        for suffix in ["", "-wal", "-shm"] {
            let file = format!("{}{suffix}", db.display());
            let mode = std::fs::metadata(&file)
                .unwrap_or_else(|e| panic!("{file}: {e}"))
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "{file}: {mode:o}");
        }
        store.close().await;
    }
}
