//! Letters on paper for the site: rendering PDFs off the async runtime, a few at a time, and
//! sending them as downloads. What goes on the paper is laid out by
//! [`outcry_pdf::from_domain`], which the CLI's batch printing shares.

use std::sync::Arc;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use outcry_pdf::{Layout, Letter, RenderError};
use tokio::sync::Semaphore;

use crate::metrics::{Metrics, Render};

/// Renders PDFs on blocking threads, a few at a time: a render takes a core for a few
/// milliseconds (more in debug builds), and a burst of downloads must not starve page requests.
/// At most a bounded number of downloads wait their turn; past that the supporter is asked to
/// try again in a moment (503) rather than left waiting while memory grows.
pub struct Printer {
    /// One per render that may run at once.
    running: Arc<Semaphore>,
    /// One per render that may be running or waiting.
    admitted: Arc<Semaphore>,
    /// Renders counted by how they ended.
    metrics: Metrics,
}

/// Why a PDF could not be made; every one is a bug or an outage, never the visitor's input.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    /// The printer was shut down.
    #[error("the printer is closed")]
    Closed(#[from] tokio::sync::AcquireError),
    /// Too many letters are being printed or waiting already.
    #[error("the print queue is full")]
    Busy,
    /// The blocking task panicked or was cancelled.
    #[error("the render task failed")]
    Task(#[from] tokio::task::JoinError),
    /// typst refused the letter.
    #[error("rendering the letter failed")]
    Render(#[from] RenderError),
}

impl Printer {
    /// A printer that renders at most `at_once` PDFs at the same time and lets at most
    /// `waiting` more wait for their turn.
    pub fn new(at_once: usize, waiting: usize, metrics: Metrics) -> Printer {
        let at_once = at_once.max(1);
        Printer {
            running: Arc::new(Semaphore::new(at_once)),
            admitted: Arc::new(Semaphore::new(at_once + waiting)),
            metrics,
        }
    }

    /// The letters, each with its envelope, as one PDF.
    pub async fn render(
        &self,
        letters: Vec<Letter>,
        layout: Layout,
    ) -> Result<Vec<u8>, PrintError> {
        let started = std::time::Instant::now();
        let rendered = self.render_now(letters, layout).await;
        let outcome = match &rendered {
            Ok(_) => Render::Done,
            Err(PrintError::Busy) => Render::QueueFull,
            Err(_) => Render::Failed,
        };
        self.metrics.rendered(outcome, started);
        rendered
    }

    async fn render_now(
        &self,
        letters: Vec<Letter>,
        layout: Layout,
    ) -> Result<Vec<u8>, PrintError> {
        let _admitted = self.admitted.try_acquire().map_err(|_| PrintError::Busy)?;
        let _running = self.running.acquire().await?;
        let pdf =
            tokio::task::spawn_blocking(move || outcry_pdf::render_batch(&letters, layout, |_| {}))
                .await??;
        Ok(pdf)
    }
}

/// A PDF as a download. `no-store`: a supporter's letter is nobody's cache entry.
pub fn pdf_response(pdf: Vec<u8>, file_name: &str) -> Response {
    let disposition = format!("attachment; filename=\"{file_name}\"");
    let mut response = (StatusCode::OK, pdf).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}
