//! Reads outside text into Outcry's model, and writes the model back out as text.
//!
//! - [`article_file`]: news articles (Markdown with TOML front matter) and their authors (TOML).
//! - [`case_file`]: the portable TOML case file (`docs/case-file.md`), both ways, lossless.
//! - [`ua_text`]: the plain text of an urgent action as human-rights groups publish it, in
//!   current and older layouts, with line-numbered findings for what could not be read.
//! - [`form_body`]: posted HTML form bodies, strictly (invalid UTF-8 refuses the form).
//! - [`human_questions`]: the human check's questions, as an admin writes them in TOML.
//! - [`source`]: reading a file safely (size limit, UTF-8 check) before either parser sees it.
//!
//! Text in, domain values and findings out: nothing here stores, and nothing reads the clock
//! but the urgent-action reader when it is given no publication date (the current year then
//! bounds plausible years of birth). Storing is the caller's job.

#![deny(missing_docs)]

pub mod article_file;
pub mod case_file;
pub mod form_body;
pub mod human_questions;
pub mod source;
pub mod ua_text;
