//! typst compile and PDF export.

use typst::diag::SourceDiagnostic;
use typst::ecow::EcoVec;
use typst::foundations::Smart;
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use crate::letter::{Layout, Letter, PrintJob};
use crate::world::PrintWorld;

/// A letter could not be printed. With the templates tested and the data cleaned this means a
/// bug, so the message is for logs, not for supporters.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// No letters were given.
    #[error("nothing to print")]
    Empty,
    /// typst could not lay out a letter; holds typst's messages.
    #[error("typst could not lay out the letter: {0}")]
    Compile(String),
    /// typst could not write the PDF; holds typst's messages.
    #[error("typst could not write the PDF: {0}")]
    Export(String),
    /// The letter could not be turned into the JSON the templates read.
    #[error("could not encode the letter for the template: {0}")]
    Data(#[from] serde_json::Error),
}

/// How many of typst's memoized results to keep between renders. Each distinct letter adds
/// about 1.3 MB to typst's process-wide caches; evicting after every render keeps memory flat
/// while the templates' own work, the same for every letter, stays cached.
const CACHE_MAX_AGE: usize = 5;

/// One letter (and its envelope) as a PDF.
pub fn render(letter: &Letter, layout: Layout) -> Result<Vec<u8>, RenderError> {
    render_batch(std::slice::from_ref(letter), layout, |_| {})
}

/// Many letters in one PDF, each followed by its envelope, in the order given. Each letter is
/// laid out on its own (so `progress` is called after each, with the number done so far) and
/// the pages are then written as one document.
pub fn render_batch(
    letters: &[Letter],
    layout: Layout,
    mut progress: impl FnMut(usize),
) -> Result<Vec<u8>, RenderError> {
    if letters.is_empty() {
        return Err(RenderError::Empty);
    }
    let mut pages = EcoVec::new();
    let mut info = None;
    for (done, letter) in letters.iter().enumerate() {
        let mut document = lay_out(letter, layout)?;
        if info.is_none() {
            info = Some(document.info_mut().clone());
        }
        pages.extend(document.pages().iter().cloned());
        progress(done + 1);
    }
    let document = match info {
        Some(info) if letters.len() == 1 => PagedDocument::new(pages, info),
        Some(mut info) => {
            // Per-letter titles would be wrong for the whole batch.
            info.title = None;
            PagedDocument::new(pages, info)
        }
        None => return Err(RenderError::Empty),
    };
    let options = PdfOptions {
        creator: Smart::Custom(Some("Outcry".into())),
        // No creation time: a seized PDF should not tell when a supporter wrote.
        timestamp: None,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|e| RenderError::Export(messages(&e)))
}

fn lay_out(letter: &Letter, layout: Layout) -> Result<PagedDocument, RenderError> {
    let json = serde_json::to_vec(&PrintJob::new(letter, layout))?;
    let world = PrintWorld::new(json);
    let compiled = typst::compile::<PagedDocument>(&world);
    // After failures too: a failed compile fills the caches as much as a good one.
    typst::comemo::evict(CACHE_MAX_AGE);
    compiled
        .output
        .map_err(|e| RenderError::Compile(messages(&e)))
}

fn messages(diagnostics: &[SourceDiagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| d.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}
