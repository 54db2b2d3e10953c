//! The command line, as clap definitions only. Each subcommand's behaviour is in
//! `commands/<name>.rs`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Outcry runs urgent actions for people at risk: cases, appeals to officials, letters.
#[derive(Debug, Parser)]
#[command(name = "outcry", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub database: DatabaseArgs,

    /// Log what is happening (to stderr).
    #[arg(long, short, global = true)]
    pub verbose: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// Where the data lives. SQLite in the data directory unless a URL says otherwise.
#[derive(Debug, Args)]
pub struct DatabaseArgs {
    /// Database URL: `sqlite://PATH` or `postgres://USER@HOST/DB`. Default: SQLite in --data-dir.
    #[arg(long, env = "OUTCRY_DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    /// Directory for the SQLite database and other local files; created if missing.
    #[arg(long, env = "OUTCRY_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import a case file (TOML) or the plain text of an urgent action.
    Import(ImportArgs),
    /// Print a case with its actions and targets as a case file (TOML) on stdout.
    Export(ExportArgs),
    /// Load the demo case (Azat Miftakhov, from the seed documents) into the database.
    Demo,
    /// List the cases in the database.
    Cases,
    /// Apply database migrations (they also run whenever the database is opened).
    Migrate,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file to read: `*.toml` is a case file; anything else is read as urgent-action text.
    pub file: PathBuf,

    /// How to read the file, if its name does not tell.
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// Print the result as a case file on stdout instead of storing it.
    #[arg(long)]
    pub dry_run: bool,

    /// Publication date (YYYY-MM-DD) of an urgent action, to resolve a deadline without a year.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub published: Option<jiff::civil::Date>,

    /// Refuse an urgent action when a required field (headline, person, target, letter,
    /// deadline) was not found, instead of importing it as a draft.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The portable TOML case file (docs/case-file.md).
    CaseFile,
    /// Plain text of an urgent action as human-rights groups publish it.
    UaText,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The case's slug, as `outcry cases` lists it.
    pub case: String,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
