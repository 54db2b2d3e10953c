//! `outcry backup` and `outcry restore`: a consistent copy of the SQLite database made while
//! the site runs, and putting one back. PostgreSQL has its own tools; for it, both print the
//! commands to use. What is sealed in the database (relay letters) stays sealed in the copy:
//! the server never had the key to open it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use outcry_storage::{Backend, Store};

use crate::cli::{BackupArgs, DatabaseArgs, RestoreArgs};

pub async fn backup(db: &DatabaseArgs, args: BackupArgs) -> anyhow::Result<()> {
    let store = crate::database::open(db).await?;
    let result = async {
        if store.backend() == Backend::Postgres {
            print_postgres_commands(db);
            return Ok(());
        }
        if args.out.exists() {
            bail!(
                "{} exists already: a backup never overwrites",
                args.out.display()
            );
        }
        let total = store.database_bytes().await?;
        let bar = indicatif::ProgressBar::new(total);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} backing up {bytes}/{total_bytes} {wide_bar} {elapsed}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        // VACUUM INTO is one statement: the bar follows the size of the file it writes.
        let watched = args.out.clone();
        let ticking = bar.clone();
        let watcher = tokio::spawn(async move {
            loop {
                if let Ok(meta) = std::fs::metadata(&watched) {
                    ticking.set_position(meta.len());
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        });
        let done = store.backup_to(&args.out).await;
        watcher.abort();
        done.with_context(|| format!("backing up to {}", args.out.display()))?;
        let size = std::fs::metadata(&args.out).map(|m| m.len()).unwrap_or(0);
        bar.set_length(size);
        bar.finish_and_clear();
        println!(
            "backup written to {} ({size} bytes, readable by you only); restore it with \
             `outcry restore {}`",
            args.out.display(),
            args.out.display()
        );
        Ok(())
    }
    .await;
    store.close().await;
    result
}

pub async fn restore(db: &DatabaseArgs, args: RestoreArgs) -> anyhow::Result<()> {
    let target = match crate::database::sqlite_path(db) {
        Some(path) => path,
        None => {
            print_postgres_commands(db);
            return Ok(());
        }
    };
    if !args.file.is_file() {
        bail!("{}: no such backup file", args.file.display());
    }
    if target.exists() && !args.force {
        bail!(
            "{} exists: stop `outcry serve`, then run again with --force to replace it (keep a \
             backup of it first if in doubt)",
            target.display()
        );
    }
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir)?;
    }
    // Copy beside the target and check the copy, then rename it over the target: a bad file
    // or a crash midway leaves the old database as it was, never half of the new one.
    let staging = target.with_extension("db.restoring");
    std::fs::copy(&args.file, &staging)
        .with_context(|| format!("copying {} to {}", args.file.display(), staging.display()))?;
    #[cfg(unix)]
    std::fs::set_permissions(
        &staging,
        std::os::unix::fs::PermissionsExt::from_mode(0o600),
    )?;
    if let Err(e) = check_backup(&staging).await {
        remove_with_sidecars(&staging)?;
        return Err(e.context(format!("{} was not restored", args.file.display())));
    }
    // The old database's -wal and -shm files must go with it, or SQLite would apply the old
    // database's last writes to the restored one.
    remove_sidecars(&target)?;
    remove_sidecars(&staging)?;
    std::fs::rename(&staging, &target)
        .with_context(|| format!("moving the restored database to {}", target.display()))?;
    // Opening it runs the migrations a newer Outcry has, so an old backup comes up to date.
    let store = crate::database::open(db).await?;
    let cases = store.list_cases().await?.len();
    store.close().await;
    println!(
        "restored {} into {} ({cases} case(s)); start `outcry serve` again",
        args.file.display(),
        target.display()
    );
    Ok(())
}

/// Refuses a file that is not a whole Outcry SQLite database.
async fn check_backup(file: &Path) -> anyhow::Result<()> {
    let url = format!("sqlite://{}", file.display());
    let store = Store::connect(&url)
        .await
        .with_context(|| format!("{}: not a SQLite database", file.display()))?;
    let status = store.migration_status().await;
    let intact = store.integrity_check().await;
    store.close().await;
    let status = status.with_context(|| format!("{}: not a readable database", file.display()))?;
    if !status.iter().any(|m| m.applied) {
        bail!(
            "{}: not an Outcry database (no migrations applied)",
            file.display()
        );
    }
    intact.with_context(|| format!("{}: damaged", file.display()))?;
    Ok(())
}

fn remove_with_sidecars(db: &Path) -> anyhow::Result<()> {
    remove_sidecars(db)?;
    remove_if_there(db)
}

fn remove_sidecars(db: &Path) -> anyhow::Result<()> {
    for suffix in ["-wal", "-shm"] {
        remove_if_there(&PathBuf::from(format!("{}{suffix}", db.display())))?;
    }
    Ok(())
}

fn remove_if_there(path: &Path) -> anyhow::Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e).with_context(|| format!("removing {}", path.display())),
    }
}

fn print_postgres_commands(db: &DatabaseArgs) {
    let url = db.database_url.as_deref().unwrap_or("postgres://…");
    let url = outcry_storage::redact_url(url);
    println!(
        "This database is PostgreSQL: back it up and restore it with PostgreSQL's own tools, \
         which copy it consistently while Outcry runs:\n\n  \
         pg_dump --format=custom --file=outcry.dump '{url}'\n  \
         pg_restore --clean --if-exists --no-owner --dbname='{url}' outcry.dump\n\n\
         Keep the dump readable by you only (it holds what the database holds; relay letters \
         stay sealed in it). docs/operations.md has the whole procedure."
    );
}
