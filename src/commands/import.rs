//! `outcry import FILE`: a case file or an urgent action's text into the database.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, bail};
use outcry_domain::CaseBundle;
use outcry_importer::ua_text::{self, Severity};
use outcry_importer::{case_file, source};
use outcry_storage::Store;

use crate::cli::{DatabaseArgs, Format, ImportArgs};

pub async fn run(db: &DatabaseArgs, args: ImportArgs) -> anyhow::Result<()> {
    let name = args.file.display().to_string();
    let text = source::read_text(&args.file)?;
    let format = args.format.unwrap_or_else(|| guess_format(&args.file));

    let mut bundle = match format {
        Format::CaseFile => {
            case_file::load(&text, super::today()).map_err(|e| anyhow::anyhow!(e.render(&name)))?
        }
        Format::UaText => read_urgent_action(&name, &text, &args)?,
    };

    if args.dry_run {
        let toml = case_file::to_toml(&bundle).context("writing the case file")?;
        std::io::stdout().lock().write_all(toml.as_bytes())?;
        return Ok(());
    }

    let store = crate::database::open(db).await?;
    link_follow_ups(&store, &mut bundle).await?;
    let report = store
        .import_bundle(&bundle)
        .await
        .with_context(|| format!("importing {name}"))?;
    store.close().await;
    if report.actions_kept > 0 {
        eprintln!(
            "notice: {} stored action(s) of this case are not in {name}; they were kept (withdraw an action to take it back)",
            report.actions_kept
        );
    }
    eprintln!(
        "{} case {}: {} action(s) created, {} updated; {} target(s) created, {} updated",
        if report.case_created {
            "created"
        } else {
            "updated"
        },
        bundle.case.slug,
        report.actions_created,
        report.actions_updated,
        report.targets_created,
        report.targets_updated,
    );
    Ok(())
}

fn guess_format(path: &Path) -> Format {
    match path.extension().and_then(|e| e.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("toml") => Format::CaseFile,
        _ => Format::UaText,
    }
}

/// Parses an urgent action's text, printing what could not be read. Under `--strict` a missing
/// required field refuses the whole file.
fn read_urgent_action(name: &str, text: &str, args: &ImportArgs) -> anyhow::Result<CaseBundle> {
    let parsed = ua_text::parse(
        text,
        &ua_text::Options {
            published: args.published,
        },
    );
    let mut missing = 0;
    for finding in &parsed.findings {
        eprintln!("{name}: {finding}");
        if finding.severity == Severity::Missing {
            missing += 1;
        }
    }
    if args.strict && missing > 0 {
        bail!("{name}: {missing} required field(s) not found; nothing was imported (--strict)");
    }
    Ok(parsed.bundle)
}

/// A follow-up names the action it continues by slug. When that action is not in the file
/// and not stored either, the follow-up is still imported, unlinked, with a notice: the
/// original may simply have been published before Outcry was used.
async fn link_follow_ups(store: &Store, bundle: &mut CaseBundle) -> anyhow::Result<()> {
    let in_file: Vec<_> = bundle.actions.iter().map(|a| a.slug.clone()).collect();
    for action in &mut bundle.actions {
        let Some(original) = action.continues.clone() else {
            continue;
        };
        if in_file.contains(&original) || store.action_exists(&original).await? {
            continue;
        }
        eprintln!(
            "notice: {} continues {original}, which is not stored; importing it unlinked",
            action.slug
        );
        action.continues = None;
    }
    Ok(())
}
