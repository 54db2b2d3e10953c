//! One file per subcommand, each with a `run` function. They parse and print; the domain,
//! importer and storage crates do the work.

mod backup;
mod bounces;
mod cases;
mod config;
mod counts;
mod demo;
mod export;
mod import;
mod keys;
mod letters;
mod letters_print;
pub(crate) mod mail;
mod news;
mod retention;
mod secret;
mod serve;
mod user;

use crate::cli::Command;

pub async fn run(loaded: crate::config::Loaded) -> anyhow::Result<()> {
    let cli = loaded.cli;
    match cli.command {
        Command::Import(args) => import::run(&cli.database, args).await,
        Command::Export(args) => export::run(&cli.database, args).await,
        Command::Demo => demo::run(&cli.database).await,
        Command::Cases => cases::run(&cli.database).await,
        Command::Article(command) => news::article(&cli.database, command).await,
        Command::Author(command) => news::author(&cli.database, command).await,
        Command::Letters(command) => letters::run(&cli.database, command).await,
        Command::Counts(command) => counts::run(&cli.database, command).await,
        Command::Serve(args) => serve::run(&cli.database, *args).await,
        Command::Keys(command) => keys::run(command),
        Command::Worker(args) => mail::worker(&cli.database, *args).await,
        Command::Mail(command) => mail::run(&cli.database, *command).await,
        Command::Bounces(args) => bounces::run(&cli.database, args).await,
        Command::Retention(args) => retention::run(&cli.database, args).await,
        Command::Migrate(args) => migrate(&cli.database, args.status).await,
        Command::Config(command) => config::run(command),
        Command::Secret(command) => secret::run(&cli.database, command).await,
        Command::Backup(args) => backup::backup(&cli.database, args).await,
        Command::Restore(args) => backup::restore(&cli.database, args).await,
        Command::User(args) => user::run(&cli.database, args).await,
    }
}

/// `outcry migrate`: applies what is pending, or with `--status` lists every migration.
async fn migrate(db: &crate::cli::DatabaseArgs, status_only: bool) -> anyhow::Result<()> {
    let store = crate::database::connect(db).await?;
    let result = async {
        if !status_only {
            store.migrate().await?;
        }
        let status = store.migration_status().await?;
        for m in &status {
            let state = if m.applied { "applied" } else { "pending" };
            println!("{:04}\t{state}\t{}", m.version, m.description);
        }
        let pending = status.iter().filter(|m| !m.applied).count();
        if pending == 0 {
            eprintln!("database is up to date");
        } else {
            eprintln!(
                "{pending} migration(s) pending: `outcry migrate` (or `outcry serve`) applies them"
            );
        }
        anyhow::Ok(())
    }
    .await;
    store.close().await;
    result
}

/// Today's date where Outcry runs, for checks such as "a birth year is not in the future".
fn today() -> jiff::civil::Date {
    jiff::Zoned::now().date()
}
