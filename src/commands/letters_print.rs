//! `outcry letters print`: every approved relayed letter of a case into one PDF, each followed
//! by its envelope, ready for the group to print and post. The letters are claimed first
//! (status printing, in one statement), so what an organizer rejects before that is never in
//! the PDF and nothing can be rejected while it renders; they are opened with the
//! organization's key here, rendered, and marked printed once the file is written, so running
//! it again prints nothing twice. A run that fails gives its letters back to the queue.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, bail};
use outcry_domain::{EnvelopeSize, Paper, Slug};
use outcry_i18n::Locale;
use outcry_pdf::Layout;
use outcry_seal::Identity;
use outcry_storage::Store;

pub async fn run(
    store: &Store,
    case: &Slug,
    out: &Path,
    paper: Paper,
    envelope: EnvelopeSize,
    key: &Identity,
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
    let name = out
        .file_name()
        .map_or_else(|| "batch".to_string(), |n| n.to_string_lossy().into_owned());
    let batch = store.claim_for_printing(case, &name).await?;
    if batch.letters.is_empty() {
        eprintln!("no approved letters waiting to be printed for {case}");
        return Ok(());
    }
    match render_and_write(&batch.letters, &bundle, &relay, out, paper, envelope, key).await {
        Ok(bytes) => {
            let marked = store
                .mark_printed(&batch.name, jiff::Timestamp::now())
                .await?;
            println!(
                "printed {marked} letter(s) with envelopes to {} ({} KiB); marked as printed",
                out.display(),
                bytes / 1024
            );
            Ok(())
        }
        Err(e) => {
            // Nothing was printed: the letters go back to the approved queue.
            let released = store.release_batch(&batch.name).await?;
            eprintln!("{released} letter(s) returned to the approved queue");
            Err(e)
        }
    }
}

/// Opens, lays out and renders the claimed letters and writes the PDF; its size in bytes.
async fn render_and_write(
    claimed: &[outcry_storage::QueuedLetter],
    bundle: &outcry_domain::CaseBundle,
    relay: &outcry_domain::Relay,
    out: &Path,
    paper: Paper,
    envelope: EnvelopeSize,
    key: &Identity,
) -> anyhow::Result<usize> {
    let case = &bundle.case.slug;
    let mut opened = Vec::with_capacity(claimed.len());
    for q in claimed {
        match super::letters::open(q, key)? {
            Some(letter) => opened.push(letter),
            None => bail!("letter {} was erased and cannot be printed", q.id),
        }
    }
    let address = bundle.case.current_address().cloned();
    if address.is_none() {
        eprintln!(
            "warning: {case} has no current address; the envelopes have lines to write it by hand"
        );
    }
    let today = jiff::Zoned::now().date();
    let letters: Vec<outcry_pdf::Letter> = opened
        .iter()
        .map(|letter| {
            outcry_pdf::prisoner_letter(
                address.as_ref(),
                &letter.text,
                &letter.signature,
                letter.return_lines(relay),
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

    // Written to a temporary file first, so a full disk leaves no half batch behind; readable
    // by its owner only, as the letters in it are in clear.
    let tmp = out.with_extension("pdf.partial");
    // A leftover of a crash keeps its old mode when opened; made anew, it gets 0600.
    let _ = std::fs::remove_file(&tmp);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
        .open(&tmp)
        .and_then(|mut f| f.write_all(&pdf).and_then(|()| f.sync_all()))
        .with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, out).with_context(|| format!("writing {}", out.display()))?;
    Ok(pdf.len())
}
