//! What Outcry's tests share and production never needs. Only ever a dev-dependency, so
//! nothing here becomes part of a shipped crate's API.
//!
//! - [`poppler`]: reads printed letters back from their PDFs with poppler's tools, as a
//!   reader's PDF viewer would.

#![deny(missing_docs)]

pub mod poppler;
