//! `outcry bounces`: returned mail in, one JSON line out per message.
//!
//! Reading is `outcry-bounce`'s, what a report changes is `outcry_mail::returned`'s; this file
//! finds the messages (a file, a maildir, standard input), caps their size, and prints. As a
//! Postfix `pipe` transport it must not make the mail server bounce the bounce: a message it
//! cannot use is reported and skipped (exit 0); only a database it cannot reach exits 75
//! (EX_TEMPFAIL), so Postfix keeps the message and tries again.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Context;
use outcry_mail::returned::{self, Match};
use serde_json::{Value, json};

use crate::cli::{BouncesArgs, DatabaseArgs};

/// A delivery report is small; anything larger is not one worth reading.
const MAX_MESSAGE_BYTES: u64 = 10 * 1024 * 1024;

/// sysexits.h: a temporary failure, which makes Postfix keep the message and retry.
const EX_TEMPFAIL: i32 = 75;

pub async fn run(db: &DatabaseArgs, args: BouncesArgs) -> anyhow::Result<()> {
    if let Some(address) = &args.clear {
        let store = crate::database::open(db).await?;
        let cleared = store.clear_address_bounces(address).await?;
        store.close().await;
        if !cleared {
            anyhow::bail!("{address} has no bounces recorded");
        }
        println!("{address}: bounces forgotten; pages offer it again");
        return Ok(());
    }
    let key = super::mail::existing_outbox_key(db, args.outbox_key_file.as_deref())?;
    let store = crate::database::open(db).await?;
    for input in messages(&args.inputs)? {
        let line = match read(&input) {
            Err(problem) => json!({ "file": input.shown(), "error": problem }),
            Ok(raw) => {
                let report = outcry_bounce::read(&raw);
                let outcome = async {
                    let found =
                        returned::find(&store, &key, &report, args.recipient.as_deref()).await?;
                    let applied = if args.dry_run {
                        None
                    } else {
                        Some(returned::apply(&store, &report, found, jiff::Timestamp::now()).await?)
                    };
                    Ok::<_, outcry_storage::Error>((found, applied))
                };
                match outcome.await {
                    Ok((found, applied)) => describe(&input, &report, found, applied.as_ref()),
                    Err(e) => {
                        eprintln!("outcry bounces: the database: {e}");
                        store.close().await;
                        std::process::exit(EX_TEMPFAIL);
                    }
                }
            }
        };
        println!("{line}");
    }
    store.close().await;
    Ok(())
}

/// One message to read.
enum Input {
    File(PathBuf),
    Stdin,
}

impl Input {
    fn shown(&self) -> String {
        match self {
            Input::File(path) => path.display().to_string(),
            Input::Stdin => "-".into(),
        }
    }
}

/// The messages the arguments name: files as given, a maildir's new/ and cur/ (or a plain
/// directory's files), in name order.
fn messages(inputs: &[PathBuf]) -> anyhow::Result<Vec<Input>> {
    let mut found = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" {
            found.push(Input::Stdin);
        } else if input.is_dir() {
            let maildir = ["new", "cur"].map(|d| input.join(d));
            let dirs: Vec<&Path> = if maildir.iter().any(|d| d.is_dir()) {
                maildir
                    .iter()
                    .map(PathBuf::as_path)
                    .filter(|d| d.is_dir())
                    .collect()
            } else {
                vec![input.as_path()]
            };
            for dir in dirs {
                let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
                    .with_context(|| format!("reading {}", dir.display()))?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.is_file())
                    .collect();
                files.sort();
                found.extend(files.into_iter().map(Input::File));
            }
        } else {
            found.push(Input::File(input.clone()));
        }
    }
    Ok(found)
}

fn read(input: &Input) -> Result<Vec<u8>, String> {
    let mut raw = Vec::new();
    let limit = MAX_MESSAGE_BYTES + 1;
    let read = match input {
        Input::Stdin => std::io::stdin().lock().take(limit).read_to_end(&mut raw),
        Input::File(path) => {
            std::fs::File::open(path).and_then(|f| f.take(limit).read_to_end(&mut raw))
        }
    };
    read.map_err(|e| format!("cannot read it: {e}"))?;
    if raw.len() as u64 > MAX_MESSAGE_BYTES {
        return Err("larger than 10 MiB: not read".into());
    }
    Ok(raw)
}

/// The line printed for one message: the report as read, which sent message it is about,
/// and (unless --dry-run) what changed.
fn describe(
    input: &Input,
    report: &outcry_bounce::Report,
    found: Match,
    applied: Option<&returned::Applied>,
) -> Value {
    let mut line = json!({ "file": input.shown() });
    if let (Value::Object(line), Ok(Value::Object(report))) =
        (&mut line, serde_json::to_value(report))
    {
        line.extend(report);
        line.insert("outbox_row".into(), json!(found.row()));
        line.insert("matched_by".into(), json!(found.as_str()));
        if let Some(applied) = applied {
            line.insert(
                "applied".into(),
                json!({
                    "row_bounced": applied.row_bounced,
                    "address": applied.address.as_ref().map(|a| json!({
                        "address": a.address,
                        "soft_count": a.soft_count,
                        "flagged": a.flagged.as_ref().map(|(at, why)| json!({
                            "at": at.to_string(), "reason": why,
                        })),
                    })),
                }),
            );
        }
    }
    line
}
