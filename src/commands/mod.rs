//! One file per subcommand, each with a `run` function. They parse and print; the domain,
//! importer and storage crates do the work.

mod cases;
mod counts;
mod demo;
mod export;
mod import;
mod keys;
mod letters;
mod letters_print;
mod retention;
mod serve;

use crate::cli::{Cli, Command};

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Import(args) => import::run(&cli.database, args).await,
        Command::Export(args) => export::run(&cli.database, args).await,
        Command::Demo => demo::run(&cli.database).await,
        Command::Cases => cases::run(&cli.database).await,
        Command::Letters(command) => letters::run(&cli.database, command).await,
        Command::Counts(command) => counts::run(&cli.database, command).await,
        Command::Serve(args) => serve::run(&cli.database, args).await,
        Command::Keys(command) => keys::run(command),
        Command::Retention(args) => retention::run(&cli.database, args).await,
        Command::Migrate => {
            let store = crate::database::open(&cli.database).await?;
            store.migrate().await?;
            store.close().await;
            eprintln!("database is up to date");
            Ok(())
        }
    }
}

/// Today's date where Outcry runs, for checks such as "a birth year is not in the future".
fn today() -> jiff::civil::Date {
    jiff::Zoned::now().date()
}
