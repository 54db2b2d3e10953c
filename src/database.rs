//! Choosing and opening the database from the command-line options.

use anyhow::Context;
use outcry_storage::Store;

use crate::cli::DatabaseArgs;

/// Opens the database (running migrations). Without a URL, that is SQLite in the data
/// directory, which is created on first use: nothing to install, nothing to configure.
pub async fn open(args: &DatabaseArgs) -> anyhow::Result<Store> {
    // An empty OUTCRY_DATABASE_URL means "not set", as it does for most tools.
    let url = match args
        .database_url
        .as_deref()
        .filter(|u| !u.trim().is_empty())
    {
        Some(url) => url.to_string(),
        None => {
            create_private_dir(&args.data_dir).with_context(|| {
                format!("creating the data directory {}", args.data_dir.display())
            })?;
            format!(
                "sqlite://{}?mode=rwc",
                args.data_dir.join("outcry.db").display()
            )
        }
    };
    Store::open(&url)
        .await
        .with_context(|| format!("opening the database {}", outcry_storage::redact_url(&url)))
}

/// Creates the data directory, if missing, readable by Outcry's user only (0700): it holds the
/// database, and SQLite makes its `-wal` and `-shm` files beside it. A directory that exists
/// is left as its admin made it (a systemd `StateDirectory=`, say).
fn create_private_dir(dir: &std::path::Path) -> std::io::Result<()> {
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
