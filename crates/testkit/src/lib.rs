//! What Outcry's tests share and production never needs. Only ever a dev-dependency, so
//! nothing here becomes part of a shipped crate's API.
//!
//! - [`poppler`]: reads printed letters back from their PDFs with poppler's tools, as a
//!   reader's PDF viewer would.
//! - [`seed`]: the seed urgent action from `shared/seeds/`, skipped loudly when absent and
//!   required under `OUTCRY_REQUIRE_SEED=1`.
//! - [`postgres`]: a scratch PostgreSQL database per test.
//! - [`smtp`]: a real SMTP server on 127.0.0.1 (aiosmtpd) and a DKIM verifier (dkimpy).

#![deny(missing_docs)]

pub mod poppler;
pub mod postgres;
pub mod seed;
pub mod smtp;
