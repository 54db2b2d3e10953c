//! Choosing and opening the database from the command-line options.

use anyhow::Context;
use outcry_storage::Store;

use crate::cli::DatabaseArgs;

/// Opens the database (running migrations). Without a URL, that is SQLite in the data
/// directory, which is created on first use: nothing to install, nothing to configure.
pub async fn open(args: &DatabaseArgs) -> anyhow::Result<Store> {
    let url = url(args)?;
    Store::open(&url)
        .await
        .with_context(|| format!("opening the database {}", outcry_storage::redact_url(&url)))
}

/// Connects without running migrations, for `outcry migrate --status`.
pub async fn connect(args: &DatabaseArgs) -> anyhow::Result<Store> {
    let url = url(args)?;
    Store::connect(&url).await.with_context(|| {
        format!(
            "connecting to the database {}",
            outcry_storage::redact_url(&url)
        )
    })
}

/// The URL to open, checked for plain text to another machine (storage's `transport`).
fn url(args: &DatabaseArgs) -> anyhow::Result<String> {
    let url = match given_url(args) {
        Some(url) => url.to_string(),
        None => {
            create_private_dir(&args.data_dir).with_context(|| {
                format!("creating the data directory {}", args.data_dir.display())
            })?;
            format!("sqlite://{}?mode=rwc", default_sqlite(args).display())
        }
    };
    outcry_storage::check_transport(&url, args.database_allow_plaintext)?;
    Ok(url)
}

/// The database file, when the database is SQLite (`None` for PostgreSQL).
pub fn sqlite_path(args: &DatabaseArgs) -> Option<std::path::PathBuf> {
    match given_url(args) {
        None => Some(default_sqlite(args)),
        Some(url) => {
            let rest = url.strip_prefix("sqlite:")?;
            let rest = rest.strip_prefix("//").unwrap_or(rest);
            let path = rest.split('?').next().unwrap_or(rest);
            (!path.is_empty() && !path.contains(":memory:")).then(|| path.into())
        }
    }
}

/// An empty OUTCRY_DATABASE_URL means "not set", as it does for most tools.
fn given_url(args: &DatabaseArgs) -> Option<&str> {
    args.database_url
        .as_deref()
        .filter(|u| !u.trim().is_empty())
}

fn default_sqlite(args: &DatabaseArgs) -> std::path::PathBuf {
    args.data_dir.join("outcry.db")
}

/// Creates the data directory, if missing, readable by Outcry's user only (0700): it holds the
/// database, and SQLite makes its `-wal` and `-shm` files beside it. A directory that exists
/// is left as its admin made it (a systemd `StateDirectory=`, say).
pub fn create_private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            outcry_storage::redact_url("postgres://app:s3cret@db/outcry"),
            "postgres://app:***@db/outcry"
        );
        assert_eq!(
            outcry_storage::redact_url("sqlite://data/outcry.db"),
            "sqlite://data/outcry.db"
        );
    }
}
