//! Fresh databases for each test, on each backend, and a few raw-SQL helpers for checks the
//! public API does not expose (row ids, row counts).

use std::future::Future;
use std::io::Write;
use std::sync::Once;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use outcry_domain::Slug;
use outcry_storage::{Backend, Store};
use sqlx::{AnyConnection, AssertSqlSafe, Connection, Executor};

/// Set to a PostgreSQL server URL (a superuser, or a role that may create databases) to run
/// the suite on PostgreSQL as well.
pub const POSTGRES_URL_VAR: &str = "OUTCRY_TEST_POSTGRES_URL";

/// Every table of the schema.
pub const TABLES: [&str; 25] = [
    "cases",
    "case_timeline",
    "case_addresses",
    "case_targets",
    "targets",
    "target_copies",
    "actions",
    "action_targets",
    "action_letters",
    "relay_letters",
    "action_records",
    "form_claims",
    "discounted_hours",
    "outbox",
    "address_bounces",
    "appeal_requests",
    "accounts",
    "account_tokens",
    "recovery_codes",
    "admin_sessions",
    "login_failures",
    "audit_log",
    "admin_settings",
    "authors",
    "articles",
];

/// One test's database.
pub struct TestDb {
    pub store: Store,
    pub url: String,
    pub backend: Backend,
}

/// Everything a failed import must leave untouched: the export and the row counts.
#[derive(Debug, PartialEq)]
pub struct Snapshot {
    export: outcry_domain::CaseBundle,
    counts: Vec<(&'static str, i64)>,
    targets: Vec<(i64, String)>,
}

impl TestDb {
    /// A connection of its own, outside the store's pools.
    pub async fn raw(&self) -> AnyConnection {
        let mut conn = AnyConnection::connect(&self.url).await.unwrap();
        if self.backend == Backend::Sqlite {
            conn.execute("PRAGMA foreign_keys = ON").await.unwrap();
        }
        conn
    }

    /// Runs a statement on a connection of its own.
    pub async fn execute(&self, sql: &'static str) -> Result<u64, sqlx::Error> {
        let mut conn = self.raw().await;
        let done = conn.execute(sql).await.map(|r| r.rows_affected());
        conn.close().await.unwrap();
        done
    }

    /// (id, slug) pairs from a query.
    pub async fn ids(&self, sql: &'static str) -> Vec<(i64, String)> {
        let mut conn = self.raw().await;
        let rows = sqlx::query_as(sql).fetch_all(&mut conn).await.unwrap();
        conn.close().await.unwrap();
        rows
    }

    pub async fn action_ids(&self) -> Vec<(i64, String)> {
        self.ids("SELECT id, slug FROM actions ORDER BY slug").await
    }

    /// Every row of `form_claims`, in key order: (form id, scope, expiry hour), all there is.
    pub async fn form_claims(&self) -> Vec<(String, String, String)> {
        let mut conn = self.raw().await;
        let rows = sqlx::query_as(
            "SELECT form_id, scope, expires_hour FROM form_claims ORDER BY form_id, scope",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap();
        conn.close().await.unwrap();
        rows
    }

    /// The number of rows in one of [`TABLES`].
    pub async fn count(&self, table: &str) -> i64 {
        assert!(TABLES.contains(&table), "not a table: {table}");
        let mut conn = self.raw().await;
        // Audited: `table` is one of the constant names above.
        let sql = format!("SELECT COUNT(*) FROM {table}");
        let n = sqlx::query_scalar(AssertSqlSafe(sql))
            .fetch_one(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();
        n
    }

    pub async fn snapshot(&self, case: &Slug) -> Snapshot {
        let mut counts = Vec::new();
        for table in TABLES {
            counts.push((table, self.count(table).await));
        }
        Snapshot {
            export: self.store.export_case(case).await.unwrap(),
            counts,
            targets: self
                .ids("SELECT id, name || updated_at FROM targets ORDER BY id")
                .await,
        }
    }
}

/// Runs `body` on a fresh SQLite file, then on a fresh PostgreSQL database when configured.
/// A panic in the body still closes and drops the database, then fails the test.
pub async fn run<F, Fut>(name: &str, body: F)
where
    F: Fn(TestDb) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/outcry.db", dir.path().display());
    run_one(name, &url, Backend::Sqlite, &body).await;

    match std::env::var(POSTGRES_URL_VAR) {
        Ok(server) if !server.is_empty() => {
            let db_name = unique_name();
            let admin = admin_connection(&server).await;
            drop(
                admin
                    .execute_owned(format!("CREATE DATABASE {db_name}"))
                    .await,
            );
            let url = database_url(&server, &db_name);
            let outcome = tokio::spawn(run_one_owned(name.to_string(), url, body)).await;
            let admin = admin_connection(&server).await;
            admin
                .execute_owned(format!("DROP DATABASE IF EXISTS {db_name} WITH (FORCE)"))
                .await
                .close()
                .await;
            if let Err(e) = outcome {
                std::panic::resume_unwind(e.into_panic());
            }
        }
        _ => warn_postgres_skipped(),
    }
}

async fn run_one_owned<F, Fut>(name: String, url: String, body: F)
where
    F: Fn(TestDb) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    run_one(&name, &url, Backend::Postgres, &body).await;
}

async fn run_one<F, Fut>(name: &str, url: &str, backend: Backend, body: &F)
where
    F: Fn(TestDb) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let store = Store::open(url)
        .await
        .unwrap_or_else(|e| panic!("{name}: cannot open {backend:?} test database: {e}"));
    assert_eq!(store.backend(), backend);
    let db = TestDb {
        store: store.clone(),
        url: url.to_string(),
        backend,
    };
    // In a task of its own, so a panic comes back here and the store is still closed.
    let outcome = tokio::spawn(body(db)).await;
    store.close().await;
    if let Err(e) = outcome {
        eprintln!("{name}: failed on {backend:?}");
        std::panic::resume_unwind(e.into_panic());
    }
}

struct Admin(AnyConnection);

async fn admin_connection(server: &str) -> Admin {
    sqlx::any::install_default_drivers();
    Admin(
        AnyConnection::connect(server)
            .await
            .unwrap_or_else(|e| panic!("{POSTGRES_URL_VAR}: cannot connect: {e}")),
    )
}

impl Admin {
    /// Runs a statement built from constant text and [`unique_name`] only.
    async fn execute_owned(mut self, sql: String) -> Self {
        self.0
            .execute(AssertSqlSafe(sql))
            .await
            .unwrap_or_else(|e| panic!("on the PostgreSQL server: {e}"));
        self
    }

    async fn close(self) {
        drop(self.0.close().await);
    }
}

/// `outcry_test_<pid>_<nanos>_<n>`: unique across concurrent tests and test processes, and
/// only `[a-z0-9_]`, so it is safe to splice into SQL.
fn unique_name() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("outcry_test_{}_{nanos}_{n}", std::process::id())
}

/// The server URL with its database replaced by `db`.
fn database_url(server: &str, db: &str) -> String {
    let (base, query) = match server.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (server, String::new()),
    };
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[after_scheme..]
        .find('/')
        .map_or(base.len(), |i| after_scheme + i);
    format!("{}/{db}{query}", &base[..host_end])
}

fn warn_postgres_skipped() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Straight to the process's stderr: `eprintln!` in a test is captured, and this line
        // must be seen in a passing run.
        let line = format!(
            "\n!!! {POSTGRES_URL_VAR} is not set: storage tests ran on SQLite only, PostgreSQL was SKIPPED !!!\n\n"
        );
        drop(std::io::stderr().write_all(line.as_bytes()));
    });
}
