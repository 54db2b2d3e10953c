//! `outcry letters …`: the moderation queue of relay letters, the letters of support a group
//! prints and posts for their writers. `queue` lists a case's letters; `approve` and `reject`
//! move them by id and say how many changed.
//!
//! [`run`] opens the database once and hands each subcommand the [`Store`]; `letters print`
//! (its own file, `letters_print.rs`) is one more arm there.

use std::collections::BTreeSet;
use std::io::Write;

use outcry_domain::{EnvelopeSize, Paper, RelayStatus, Slug, is_direction_override};
use outcry_storage::{QueuedLetter, Store};

use crate::cli::{
    DatabaseArgs, EnvelopeArg, LetterStatus, LettersCommand, LettersQueueArgs, PaperArg,
};

/// How much of a letter's text the queue shows.
const EXCERPT: usize = 60;

pub async fn run(db: &DatabaseArgs, command: LettersCommand) -> anyhow::Result<()> {
    let store = crate::database::open(db).await?;
    // A block of its own, so an arm may use `?` and the store is closed all the same.
    let result = async {
        match command {
            LettersCommand::Queue(args) => queue(&store, args).await,
            LettersCommand::Approve(args) => {
                moderate(&store, &args.ids, RelayStatus::Approved).await
            }
            LettersCommand::Reject(args) => {
                moderate(&store, &args.ids, RelayStatus::Rejected).await
            }
            LettersCommand::Print(args) => {
                let paper = match args.paper {
                    PaperArg::A4 => Paper::A4,
                    PaperArg::UsLetter => Paper::UsLetter,
                };
                let envelope = match args.envelope {
                    EnvelopeArg::Dl => EnvelopeSize::Dl,
                    EnvelopeArg::C5 => EnvelopeSize::C5,
                };
                let case = case_slug(&args.case)?;
                super::letters_print::run(&store, &case, &args.out, paper, envelope).await
            }
        }
    }
    .await;
    store.close().await;
    result
}

/// A case's slug from the command line.
fn case_slug(text: &str) -> anyhow::Result<Slug> {
    text.parse().map_err(|e| anyhow::anyhow!("{e}"))
}

/// One letter per line, tab-separated: id, status, hour (UTC), language, the text's first
/// characters on one line, signature.
async fn queue(store: &Store, args: LettersQueueArgs) -> anyhow::Result<()> {
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
        writeln!(out, "{}", line(letter))?;
    }
    Ok(())
}

/// Approves or rejects, and prints how many letters changed.
async fn moderate(store: &Store, ids: &[i64], to: RelayStatus) -> anyhow::Result<()> {
    let changed = store.set_relay_status(ids, to).await?;
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
            "notice: {unchanged} letter(s) unchanged: already {}, printed, or no such id",
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
        LetterStatus::Printed => RelayStatus::Printed,
    }
}

fn line(q: &QueuedLetter) -> String {
    format!(
        "{}\t{}\t{}\t{}\t{}\t{}",
        q.id,
        q.status.as_str(),
        q.submitted_hour.strftime("%Y-%m-%d %H:%M UTC"),
        q.letter.lang,
        one_line(&q.letter.text, EXCERPT),
        one_line(&q.letter.signature, usize::MAX),
    )
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
