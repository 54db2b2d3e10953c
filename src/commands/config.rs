//! `outcry config check` and `outcry config example`.
//!
//! `check` reads the settings exactly as `outcry serve` would (the same flags before
//! `config`, the same environment, the same file) and then checks what clap alone cannot: the
//! secret, the organization's key, the human-check questions, the database URL's transport.
//! It prints every setting with where it came from; secrets show as `(set)`.

use std::ffi::OsString;
use std::io::Write;

use anyhow::bail;

use crate::cli::{Command, ConfigCommand};
use crate::config::{Failure, Loaded, Source};

/// Settings whose value is never printed.
const SECRET_KEYS: [&str; 2] = ["secret", "previous_secrets"];

pub fn run(command: ConfigCommand) -> anyhow::Result<()> {
    match command {
        ConfigCommand::Example => {
            print!("{}", crate::config::example());
            Ok(())
        }
        ConfigCommand::Check => check(as_serve(std::env::args_os().collect())),
    }
}

/// The command line with `config check` in place of `serve`: the global flags stay.
fn as_serve(mut argv: Vec<OsString>) -> Vec<OsString> {
    if let Some(at) = argv
        .windows(2)
        .rposition(|w| w[0] == "config" && w[1] == "check")
    {
        argv.splice(at..at + 2, [OsString::from("serve")]);
    }
    argv
}

fn check(argv: Vec<OsString>) -> anyhow::Result<()> {
    let loaded = match crate::config::load(argv) {
        Ok(loaded) => loaded,
        Err(Failure::File(message)) => bail!("{message}"),
        Err(Failure::Usage(e)) => bail!("{}", e.to_string().trim()),
    };
    let Command::Serve(args) = &loaded.cli.command else {
        bail!("`outcry config check` takes no arguments of its own");
    };
    let mut problems = Vec::new();
    if let Err(e) = super::serve::check_settings(&loaded.cli.database, args) {
        problems.push(format!("{e:#}"));
    }
    print_settings(&loaded)?;
    if let Some(path) = &loaded.file {
        warn_if_readable_by_others(path);
    }
    match problems.as_slice() {
        [] => {
            eprintln!("outcry: the settings are valid");
            Ok(())
        }
        _ => bail!("{}", problems.join("\n")),
    }
}

fn print_settings(loaded: &Loaded) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match &loaded.file {
        Some(path) => writeln!(out, "# config file: {}", path.display())?,
        None => writeln!(
            out,
            "# no config file (none given, no outcry.toml in the data directory)"
        )?,
    }
    for (key, (source, values)) in &loaded.sources {
        let shown = if values.is_empty() {
            "(not set)".to_string()
        } else if SECRET_KEYS.contains(&key.as_str()) {
            "(set, not shown)".to_string()
        } else if key == "database_url" || key == "smtp_url" {
            values
                .iter()
                .map(|v| format!("{:?}", outcry_storage::redact_url(v)))
                .collect::<Vec<_>>()
                .join(", ")
        } else {
            values
                .iter()
                .map(|v| format!("{v:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let from = match source {
            Source::Flag => "flag".to_string(),
            Source::Environment(name) => format!("environment {name}"),
            Source::File { path, line } => format!("{}:{line}", path.display()),
            Source::Default => "default".to_string(),
            Source::Unset => "unset".to_string(),
        };
        writeln!(out, "{key} = {shown}\t# {from}")?;
    }
    Ok(())
}

/// A config file can hold the secret and the database password: say so when every user can
/// read it (the service's own group reading it is the layout `deploy/README.md` sets up).
fn warn_if_readable_by_others(path: &std::path::Path) {
    #[cfg(unix)]
    if let Ok(meta) = std::fs::metadata(path) {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o004 != 0 {
            eprintln!(
                "outcry: warning: {} can be read by every user on this machine; if it holds a \
                 secret or a password, `chmod o-r` it",
                path.display()
            );
        }
    }
}
