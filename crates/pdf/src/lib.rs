//! Print-ready PDF letters and envelopes, rendered in-process with [typst].
//!
//! The faces (web, CLI) describe each letter as a [`Letter`]: plain strings, already in the
//! reader's language. This crate turns letters into one PDF: each letter's pages, then its
//! envelope. The layout lives in `templates/*.typ`, compiled into the binary; a letter's data
//! reaches the templates only as JSON that they read with typst's `json()`, never as typst
//! source, so nothing a supporter types can become markup.
//!
//! - [`Letter`], [`Envelope`], [`Layout`] ([`letter`]): what is printed, and what is cleaned
//!   out of supporters' text on the way (control characters, direction overrides, runaway
//!   words).
//! - [`render`] ([`render`](mod@render)): typst compile and PDF export, one compile per letter.
//! - `world`: the typst `World` that serves the templates, the fonts and one letter's JSON.
//! - [`from_domain`]: a supporter's appeal and a letter to a person in prison as [`Letter`]s,
//!   for the site and the CLI alike.
//!
//! This crate sits apart from the rest because typst takes about 12 minutes to build from
//! clean on two cores: changes elsewhere in the workspace do not rebuild it.
//!
//! Rendering is CPU-bound (about 8 ms a letter in release builds): async callers must run it
//! on a blocking thread.

#![deny(missing_docs)]

pub mod from_domain;
mod letter;
pub mod render;
mod world;

pub use from_domain::{Edits, ReturnAddress, appeal_letter, country_line, prisoner_letter};
pub use letter::{Envelope, Layout, Letter};
pub use render::{RenderError, render, render_batch};
