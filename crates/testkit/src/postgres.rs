//! A scratch PostgreSQL database per test, dropped afterwards, on the server named by
//! `OUTCRY_TEST_POSTGRES_URL` (`scripts/test` sets it when one is reachable, and fails
//! without one under `OUTCRY_REQUIRE_POSTGRES=1`).

use std::sync::atomic::{AtomicU32, Ordering};

/// The server to make scratch databases on, or `None` (with a note on stderr) when none is
/// configured: the test then runs on SQLite only.
pub fn server() -> Option<String> {
    match std::env::var("OUTCRY_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("OUTCRY_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "OUTCRY_REQUIRE_POSTGRES=1 but OUTCRY_TEST_POSTGRES_URL is not set"
            );
            eprintln!("SKIPPED on PostgreSQL: OUTCRY_TEST_POSTGRES_URL is not set");
            None
        }
    }
}

/// A database of its own on the server, dropped with this value.
pub struct Scratch {
    server: String,
    name: String,
    /// Its URL.
    pub url: String,
}

impl Scratch {
    /// Creates a database with a name no other test of this process uses.
    pub fn create(server: &str) -> Scratch {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "outcry_test_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        run(server, &format!("CREATE DATABASE {name}"));
        let base = server.rsplit_once('/').map_or(server, |(base, _)| base);
        Scratch {
            server: server.to_string(),
            url: format!("{base}/{name}"),
            name,
        }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        run(
            &self.server,
            &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
        );
    }
}

/// Runs `sql` (one or more statements) on `url`, as its superuser would in psql.
pub fn execute(url: &str, sql: &str) {
    run(url, sql);
}

/// The first column of the first row `sql` returns, as text (`SHOW data_directory`).
pub fn query_text(url: &str, sql: &str) -> String {
    let sql = sql.to_string();
    connected(url, |mut conn| async move {
        use sqlx::Row;
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_one(&mut conn)
            .await
            .expect("the query runs");
        row.try_get::<String, _>(0).expect("a text column")
    })
}

/// Runs one statement on `url` from a runtime of its own (callers may be inside one or not).
fn run(url: &str, sql: &str) {
    let sql = sql.to_string();
    connected(url, |mut conn| async move {
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&mut conn)
            .await
            .expect("scratch database statement");
    });
}

/// `work` on a connection to `url`, on a thread and a runtime of its own, so that callers
/// inside a runtime and outside one alike can wait for it.
fn connected<T, F>(
    url: &str,
    work: impl FnOnce(sqlx::postgres::PgConnection) -> F + Send + 'static,
) -> T
where
    T: Send + 'static,
    F: std::future::Future<Output = T>,
{
    let url = url.to_string();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async {
            use sqlx::Connection;
            let conn = sqlx::postgres::PgConnection::connect(&url)
                .await
                .expect("connect to PostgreSQL");
            work(conn).await
        })
    })
    .join()
    .expect("the database work's thread")
}
