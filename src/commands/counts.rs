//! `outcry counts …`: an action's public count, hour by hour, and the hours an organizer takes
//! out of it. `list` shows the records of the last days per hour, marking discounted hours;
//! `discount` and `restore` change what the site counts, never what is stored.
//!
//! Hours are UTC throughout and spelled as `--hour` takes them (`2026-06-01T14`), so an hour
//! copied from `list` can be pasted into `discount`. [`run`] opens the database once and hands
//! each subcommand the [`Store`].

use std::io::Write;

use anyhow::bail;
use outcry_domain::{Slug, is_direction_override};
use outcry_storage::{HourCount, Store};

use crate::cli::{CountsCommand, CountsHourArgs, CountsListArgs, DatabaseArgs};

/// A reason is a note, not a report.
const REASON_MAX: usize = 300;

pub async fn run(db: &DatabaseArgs, command: CountsCommand) -> anyhow::Result<()> {
    let store = crate::database::open(db).await?;
    // A block of its own, so an arm may use `?` and the store is closed all the same.
    let result = async {
        match command {
            CountsCommand::List(args) => list(&store, args).await,
            CountsCommand::Discount(args) => {
                discount(&store, &args.at, args.reason.as_deref().unwrap_or("")).await
            }
            CountsCommand::Restore(args) => restore(&store, &args).await,
        }
    }
    .await;
    store.close().await;
    result
}

/// An action's slug from the command line.
fn action_slug(text: &str) -> anyhow::Result<Slug> {
    text.parse().map_err(|e| anyhow::anyhow!("{e}"))
}

/// One hour per line, tab-separated: the hour, its records, and `counted` or `discounted on
/// <when>: <reason>`; then the action's count as the site shows it.
async fn list(store: &Store, args: CountsListArgs) -> anyhow::Result<()> {
    let action = action_slug(&args.action)?;
    let since = jiff::Timestamp::now()
        .saturating_sub(jiff::SignedDuration::from_hours(24 * i64::from(args.days)))?;
    let hours = store.hourly_counts(&action, since).await?;
    let counts = store.action_counts(&action).await?;
    if hours.is_empty() {
        eprintln!(
            "no records for action {action} in the last {} day(s)",
            args.days
        );
    }
    let mut out = std::io::stdout().lock();
    for hour in &hours {
        writeln!(out, "{}", line(hour))?;
    }
    writeln!(out, "counted in all: {}", counts.total)?;
    Ok(())
}

fn line(h: &HourCount) -> String {
    let status = match &h.discount {
        None => "counted".to_string(),
        Some(d) => {
            let when = d.at.strftime("%Y-%m-%d %H:%M UTC");
            match super::letters::one_line(&d.reason, usize::MAX) {
                reason if reason.is_empty() => format!("discounted on {when}"),
                reason => format!("discounted on {when}: {reason}"),
            }
        }
    };
    format!("{}\t{}\t{status}", hour_text(h.hour), h.recorded)
}

/// An hour as `--hour` takes it.
fn hour_text(hour: jiff::Timestamp) -> String {
    hour.strftime("%Y-%m-%dT%H").to_string()
}

async fn discount(store: &Store, at: &CountsHourArgs, reason: &str) -> anyhow::Result<()> {
    let action = action_slug(&at.action)?;
    let reason = reason.trim();
    if reason
        .chars()
        .any(|c| c.is_control() || is_direction_override(c))
    {
        bail!("the reason must be one line of plain text");
    }
    if reason.chars().count() > REASON_MAX {
        bail!("the reason is longer than {REASON_MAX} characters");
    }
    let now = jiff::Timestamp::now();
    if at.hour.0 > now {
        bail!("{} (UTC) has not begun yet", hour_text(at.hour.0));
    }
    let change = store.discount_hour(&action, at.hour.0, reason, now).await?;
    let hour = hour_text(at.hour.0);
    if change.changed {
        let total = store.action_counts(&action).await?.total;
        writeln!(
            std::io::stdout().lock(),
            "discounted {hour} of {action}: {} record(s) not counted; the action now counts {total}",
            change.records
        )?;
    } else {
        eprintln!("notice: {hour} of {action} was already discounted; nothing changed");
    }
    Ok(())
}

async fn restore(store: &Store, at: &CountsHourArgs) -> anyhow::Result<()> {
    let action = action_slug(&at.action)?;
    let change = store
        .restore_hour(&action, at.hour.0, jiff::Timestamp::now())
        .await?;
    let hour = hour_text(at.hour.0);
    if change.changed {
        let total = store.action_counts(&action).await?.total;
        writeln!(
            std::io::stdout().lock(),
            "restored {hour} of {action}: {} record(s) counted again; the action now counts {total}",
            change.records
        )?;
    } else {
        eprintln!("notice: {hour} of {action} was not discounted; nothing changed");
    }
    Ok(())
}
