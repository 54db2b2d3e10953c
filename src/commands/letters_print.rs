//! `outcry letters print`: every approved relayed letter of a case into one PDF, each followed
//! by its envelope, ready for the group to print and post; then the letters are marked printed
//! so that running it again prints nothing twice.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, bail};
use outcry_domain::{EnvelopeSize, Paper, Slug};
use outcry_i18n::Locale;
use outcry_pdf::Layout;
use outcry_storage::{QueuedLetter, Store};

pub async fn run(
    store: &Store,
    case: &Slug,
    out: &Path,
    paper: Paper,
    envelope: EnvelopeSize,
) -> anyhow::Result<()> {
    // Never overwrite: a batch file not yet printed on paper holds letters already marked.
    if out.exists() {
        bail!(
            "{} already exists; choose another file name (its letters may not be printed yet)",
            out.display()
        );
    }
    let bundle = store.export_case(case).await?;
    let Some(relay) = bundle.case.relay.clone() else {
        bail!("case {case} does not relay letters (no [case.relay] in its case file)");
    };
    let queued = store.approved_for_printing(case).await?;
    if queued.is_empty() {
        eprintln!("no approved letters waiting to be printed for {case}");
        return Ok(());
    }
    let address = bundle.case.current_address().cloned();
    if address.is_none() {
        eprintln!(
            "warning: {case} has no current address; the envelopes have lines to write it by hand"
        );
    }
    let today = jiff::Zoned::now().date();
    let letters: Vec<outcry_pdf::Letter> = queued
        .iter()
        .map(|q| {
            outcry_pdf::prisoner_letter(
                address.as_ref(),
                &q.letter.text,
                &q.letter.signature,
                return_lines(q, &relay),
                today,
                Locale::En,
            )
        })
        .collect();
    let count = letters.len();
    let bar = indicatif::ProgressBar::new(count as u64).with_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} letters ({eta})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message("laying out");
    let layout = Layout { paper, envelope };
    let progress = bar.clone();
    let pdf = tokio::task::spawn_blocking(move || {
        outcry_pdf::render_batch(&letters, layout, |done| progress.set_position(done as u64))
    })
    .await
    .context("the print task failed")??;
    bar.finish_and_clear();

    // Written to a temporary file first, so a full disk leaves no half batch behind.
    let tmp = out.with_extension("pdf.partial");
    std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(&pdf).and_then(|()| f.sync_all()))
        .with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, out).with_context(|| format!("writing {}", out.display()))?;

    let ids: Vec<i64> = queued.iter().map(|q| q.id).collect();
    let batch = out
        .file_name()
        .map_or_else(|| "batch".to_string(), |n| n.to_string_lossy().into_owned());
    let marked = store.mark_printed(&ids, &batch).await?;
    println!(
        "printed {count} letter(s) with envelopes to {} ({} KiB); {marked} marked as printed",
        out.display(),
        pdf.len() / 1024
    );
    if (marked as usize) < count {
        eprintln!(
            "warning: {} of these letters were marked printed by another run meanwhile: check before posting",
            count - marked as usize
        );
    }
    Ok(())
}

/// The return address on the envelope: the writer's own if they chose to give it, else the
/// group's.
fn return_lines(q: &QueuedLetter, relay: &outcry_domain::Relay) -> Vec<String> {
    if q.letter.return_address.is_empty() {
        std::iter::once(relay.group.clone())
            .chain(relay.return_address.iter().cloned())
            .collect()
    } else {
        let mut lines = Vec::new();
        if !q.letter.signature.trim().is_empty() {
            lines.push(q.letter.signature.clone());
        }
        lines.extend(q.letter.return_address.iter().cloned());
        lines
    }
}
