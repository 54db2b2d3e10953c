//! `outcry letters …`: the moderation queue of relay letters, the letters of support a group
//! prints and posts for their writers. The letters are stored sealed to the organization's
//! key, so everything that reads their words takes `--identity FILE` and opens them here, on
//! the organizer's machine. `queue` lists a case's letters; `show` shows letters in full with
//! the censor checker's warnings; `approve` shows them the same way and asks before it
//! approves, so no letter is approved unread; `reject` needs no key.
//!
//! [`run`] opens the database once and hands each subcommand the [`Store`]; `letters print`
//! (its own file, `letters_print.rs`) is one more arm there.

use std::collections::BTreeSet;
use std::io::{BufRead, Write};
use std::path::Path;

use anyhow::{Context, bail};
use outcry_domain::{EnvelopeSize, Paper, RelayLetter, RelayStatus, Slug, is_direction_override};
use outcry_seal::Identity;
use outcry_storage::{QueuedLetter, Store};

use crate::cli::{
    DatabaseArgs, EnvelopeArg, LetterStatus, LettersCommand, LettersQueueArgs, PaperArg,
};

/// How much of a letter's text the queue shows.
const EXCERPT: usize = 60;

pub async fn run(db: &DatabaseArgs, command: LettersCommand) -> anyhow::Result<()> {
    // The key is read before the database is opened: a wrong path fails at once.
    let identity = match &command {
        LettersCommand::Queue(args) => args.identity.as_deref().map(read_identity).transpose()?,
        LettersCommand::Show(args) => Some(read_identity(&args.identity.identity)?),
        LettersCommand::Approve(args) => Some(read_identity(&args.identity.identity)?),
        LettersCommand::Print(args) => Some(read_identity(&args.identity.identity)?),
        LettersCommand::Reject(_) => None,
    };
    let store = crate::database::open(db).await?;
    // A block of its own, so an arm may use `?` and the store is closed all the same.
    let result = async {
        match (command, identity.as_ref()) {
            (LettersCommand::Queue(args), key) => queue(&store, args, key).await,
            (LettersCommand::Show(args), Some(key)) => show(&store, &args.ids, key).await,
            (LettersCommand::Approve(args), Some(key)) => approve(&store, &args.ids, key).await,
            (LettersCommand::Reject(args), _) => {
                moderate(&store, &args.ids, RelayStatus::Rejected).await
            }
            (LettersCommand::Print(args), Some(key)) => {
                let paper = match args.paper {
                    PaperArg::A4 => Paper::A4,
                    PaperArg::UsLetter => Paper::UsLetter,
                };
                let envelope = match args.envelope {
                    EnvelopeArg::Dl => EnvelopeSize::Dl,
                    EnvelopeArg::C5 => EnvelopeSize::C5,
                };
                let case = case_slug(&args.case)?;
                super::letters_print::run(&store, &case, &args.out, paper, envelope, key).await
            }
            (_, None) => bail!("this command needs --identity"),
        }
    }
    .await;
    store.close().await;
    result
}

fn read_identity(path: &Path) -> anyhow::Result<Identity> {
    Identity::read(path).context("reading the organization's key (--identity)")
}

/// A case's slug from the command line.
fn case_slug(text: &str) -> anyhow::Result<Slug> {
    text.parse().map_err(|e| anyhow::anyhow!("{e}"))
}

/// Opens a stored letter with the organization's key; `None` once retention erased it.
pub(super) fn open(q: &QueuedLetter, key: &Identity) -> anyhow::Result<Option<RelayLetter>> {
    q.sealed
        .as_deref()
        .map(|sealed| outcry_seal::open(key, sealed))
        .transpose()
        .with_context(|| format!("opening letter {}", q.id))
}

/// One letter per line, tab-separated: id, status, hour (UTC), language, the kinds of the
/// checker's warnings ("-" for none); with the key, the text's first characters on one line
/// and the signature.
async fn queue(
    store: &Store,
    args: LettersQueueArgs,
    key: Option<&Identity>,
) -> anyhow::Result<()> {
    let case = case_slug(&args.case)?;
    let status = args.status.map(status);
    let letters = store.relay_queue(&case, status).await?;
    if letters.is_empty() {
        match status {
            Some(s) => eprintln!("no {} letters for case {case}", s.as_str()),
            None => eprintln!("no letters for case {case}"),
        }
    }
    let mut out = std::io::stdout().lock();
    for letter in &letters {
        let mut line = line(letter);
        if let Some(key) = key {
            match open(letter, key)? {
                Some(l) => line.push_str(&format!(
                    "\t{}\t{}",
                    one_line(&l.text, EXCERPT),
                    one_line(&l.signature, usize::MAX)
                )),
                None => line.push_str("\t(erased)\t"),
            }
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// Every letter in full, with the checker's warnings; returns the ids of those shown (an
/// erased letter is not).
fn print_letters(
    out: &mut impl Write,
    letters: &[QueuedLetter],
    key: &Identity,
) -> anyhow::Result<Vec<i64>> {
    let mut shown = Vec::new();
    for q in letters {
        writeln!(
            out,
            "== letter {} · {} · {} · {}",
            q.id,
            q.status.as_str(),
            q.submitted_hour.strftime("%Y-%m-%d %H:%M UTC"),
            q.lang
        )?;
        let Some(letter) = open(q, key)? else {
            writeln!(out, "(erased by retention)\n")?;
            continue;
        };
        let signature = if letter.signature.is_empty() {
            "(none)".to_string()
        } else {
            one_line(&letter.signature, usize::MAX)
        };
        writeln!(out, "signature: {signature}")?;
        if letter.return_address.is_empty() {
            writeln!(out, "return address: the group's")?;
        } else {
            let lines: Vec<String> = letter
                .return_address
                .iter()
                .map(|l| one_line(l, usize::MAX))
                .collect();
            writeln!(out, "return address: {}", lines.join(" / "))?;
        }
        writeln!(out, "--")?;
        for text_line in letter.text.lines() {
            writeln!(out, "{}", safe(text_line))?;
        }
        writeln!(out, "--")?;
        let warnings = outcry_letters::check(&letter.text);
        if warnings.is_empty() {
            writeln!(out, "checker: no warnings")?;
        }
        for w in &warnings {
            writeln!(
                out,
                "checker: {}: {}",
                w.kind.key(),
                one_line(&w.excerpt, EXCERPT)
            )?;
        }
        writeln!(out)?;
        shown.push(q.id);
    }
    Ok(shown)
}

/// `letters show`: changes nothing.
async fn show(store: &Store, ids: &[i64], key: &Identity) -> anyhow::Result<()> {
    let letters = store.relay_letters(ids).await?;
    print_letters(&mut std::io::stdout().lock(), &letters, key)?;
    report_missing(ids, &letters);
    Ok(())
}

/// `letters approve`: shows every letter named, asks once, approves those shown.
async fn approve(store: &Store, ids: &[i64], key: &Identity) -> anyhow::Result<()> {
    let letters = store.relay_letters(ids).await?;
    let shown = print_letters(&mut std::io::stdout().lock(), &letters, key)?;
    report_missing(ids, &letters);
    if shown.is_empty() {
        bail!("no letter to approve");
    }
    eprint!("approve the {} letter(s) shown above? [y/N] ", shown.len());
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .context("reading the answer")?;
    if !matches!(answer.trim(), "y" | "Y" | "yes") {
        bail!("nothing approved");
    }
    moderate(store, &shown, RelayStatus::Approved).await
}

fn report_missing(ids: &[i64], found: &[QueuedLetter]) {
    for id in ids {
        if !found.iter().any(|q| q.id == *id) {
            eprintln!("notice: no letter {id}");
        }
    }
}

/// Approves or rejects, and prints how many letters changed; each change is in the audit
/// log as made from the command line, as one made in the admin is.
async fn moderate(store: &Store, ids: &[i64], to: RelayStatus) -> anyhow::Result<()> {
    let changed = store
        .moderate_letters(
            ids,
            to,
            &outcry_storage::Actor::command_line(),
            jiff::Timestamp::now(),
        )
        .await?;
    writeln!(
        std::io::stdout().lock(),
        "{changed} letter(s) {}",
        to.as_str()
    )?;
    let named = ids.iter().collect::<BTreeSet<_>>().len();
    let unchanged = u64::try_from(named)
        .unwrap_or(u64::MAX)
        .saturating_sub(changed);
    if unchanged > 0 {
        eprintln!(
            "notice: {unchanged} letter(s) unchanged: already {}, being printed, printed, \
             erased, or no such id",
            to.as_str()
        );
    }
    Ok(())
}

fn status(s: LetterStatus) -> RelayStatus {
    match s {
        LetterStatus::Pending => RelayStatus::Pending,
        LetterStatus::Approved => RelayStatus::Approved,
        LetterStatus::Rejected => RelayStatus::Rejected,
        LetterStatus::Printing => RelayStatus::Printing,
        LetterStatus::Printed => RelayStatus::Printed,
    }
}

fn line(q: &QueuedLetter) -> String {
    let warnings = if q.warnings.is_empty() {
        "-".to_string()
    } else {
        q.warnings.join(",")
    };
    format!(
        "{}\t{}\t{}\t{}\t{}",
        q.id,
        q.status.as_str(),
        q.submitted_hour.strftime("%Y-%m-%d %H:%M UTC"),
        q.lang,
        warnings,
    )
}

/// A line of a letter as the terminal shows it: characters that could garble a terminal or
/// reorder the line show as `�`, as in [`one_line`].
fn safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c == '\t' {
                c
            } else if c.is_control() || is_direction_override(c) {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// At most `max` characters of a text, on one line: line breaks and tabs become spaces and
/// runs of them one space. Characters that could garble a terminal or reorder the line
/// (control characters, direction overrides) show as `�`: submission refuses them, but a
/// database can be edited by hand. A cut text ends in `…`.
pub(super) fn one_line(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    let mut after_space = false;
    for c in text.trim().chars() {
        let c = if c.is_whitespace() {
            ' '
        } else if c.is_control() || is_direction_override(c) {
            '\u{FFFD}'
        } else {
            c
        };
        if c == ' ' && after_space {
            continue;
        }
        after_space = c == ' ';
        if count == max {
            out.truncate(out.trim_end().len());
            out.push('…');
            return out;
        }
        out.push(c);
        count += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn a_letter_shows_as_the_start_of_one_line() {
        assert_eq!(
            one_line("  Дорогой Азат!\r\n\n\tДержись.  ", 60),
            "Дорогой Азат! Держись."
        );
        assert_eq!(one_line("abc def ghi", 7), "abc def…");
        assert_eq!(one_line("abc def ghi", 4), "abc…");
        assert_eq!(one_line("abcdef", 6), "abcdef");
        assert_eq!(
            one_line("a\u{1b}[31mred\u{202E}x", 60),
            "a\u{FFFD}[31mred\u{FFFD}x"
        );
    }
}
