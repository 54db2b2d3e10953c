//! `outcry`: the one binary that serves the site and administers it.
//!
//! This file only wires things: it parses the command line, sets up logging, runs the chosen
//! command and turns its outcome into an exit code. The commands live in `commands/`, one file
//! each; the work they do lives in the library crates under `crates/`.
//!
//! Exit codes are a contract for scripts: 0 success; 2 anything refused or failed (bad input,
//! missing fields under `--strict`, database or I/O errors; clap's usage errors are 2 as well).
//! A closed stdout (`outcry export x | head`) ends the program quietly with 0.

mod cli;
mod commands;
mod config;
mod database;

use std::io::ErrorKind;
use std::process::ExitCode;

fn main() -> ExitCode {
    let loaded = match config::load(std::env::args_os().collect()) {
        Ok(loaded) => loaded,
        // Usage errors exit 2, `--help` and `--version` 0, as clap decides.
        Err(config::Failure::Usage(e)) => e.exit(),
        Err(config::Failure::File(message)) => {
            eprintln!("outcry: {message}");
            return ExitCode::from(2);
        }
    };
    init_logging(loaded.cli.verbose, loaded.cli.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("outcry: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(commands::run(loaded)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            // `{:#}` prints the whole chain: "importing ua.txt: ua.txt:3: …".
            eprintln!("outcry: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == ErrorKind::BrokenPipe)
    })
}

/// Logs go to stderr, so stdout stays clean for data (`outcry export`). `RUST_LOG` overrides.
fn init_logging(verbose: bool, format: cli::LogFormat) {
    let default = if verbose { "info,sqlx=warn" } else { "warn" };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        cli::LogFormat::Text => logs.init(),
        // One object per line, with the span's fields, for journald or a log collector.
        cli::LogFormat::Json => logs.json().init(),
    }
}
