//! Outcry's public site, rendered on the server. Every page and form works without JavaScript
//! and loads nothing from another origin.
//!
//! A request goes: [`routes`](router) (every route; patterns in `paths`) → `extract` (language,
//! slug, CSRF-checked form) → a thin function in `handlers/` (one file per resource) that
//! loads through `queries`, decides with the domain and `forms`, and renders a view from
//! `pages/` (askama structs, their builders, `templates/`). Any `AppError` on the way becomes a
//! localized page in `error` (the edge), which also logs server errors with their route and
//! causes; `trace` gives each request a span without personal data.
//!
//! News, columns and authors are `handlers/news.rs` and `pages/news.rs`; an article about a
//! case shows the case's current address from the case itself, never a copy. The organizers'
//! admin is `admin/` (its own map at the top of `admin/mod.rs`).
//!
//! Around them: `security/` (headers, CSRF, signatures, the client's
//! address behind proxies, the POST limit and its human check), `acted` (the
//! signed cookie of opaque entries that stops a browser counting twice), `cache` (seconds-long
//! page and data cache, and the one rule that publishes counts in coarse steps), `mailto` (RFC 6068 links), `appeal_mail` (the confirmation, appeals and receipts the site mails for a supporter, written in their language), `markdown` (organizers' Markdown made safe by
//! `outcry-markdown`, remembered per text),
//! `present` (domain values as the strings pages show), `print` (PDFs off the async runtime),
//! `compress` (brotli or gzip for clients that ask; static files compressed once at startup,
//! the action page gzipped ahead of time around its slots by `spliced`; why BREACH finds no
//! secret to guess), `asset` (the stylesheet under a URL holding a hash of its bytes, kept by browsers for a
//! year), `feeds` (Atom feeds of news, authors, cases and actions, built with atom_syndication), `health` (`/healthz` while the process runs, `/readyz` while the database answers with the
//! expected schema; neither shed nor limited), `metrics` (`/metrics` for Prometheus on an address
//! of its own: requests by route pattern, shedding, PDF renders, the store's writers and pools).

#![deny(missing_docs)]

mod acted;
mod admin;
mod appeal_mail;
mod asset;
mod cache;
mod clock;
mod compress;
mod config;
mod error;
mod extract;
mod feeds;
mod form;
mod forms;
mod handlers;
mod health;
mod locale;
mod mailto;
mod markdown;
mod metrics;
mod pages;
mod paths;
mod present;
mod print;
mod queries;
mod routes;
mod security;
mod serve;
mod shed;
mod spliced;
mod state;
mod trace;

pub use clock::Clock;
pub use config::{DEFAULT_COUNT_REFRESH, Limits, WebConfig};
pub use metrics::{METRICS_PATH, metrics_router, serve_metrics};
pub use routes::{admin_router, router};
pub use security::client::{Cidr, CidrError};
pub use security::human::{HumanCheckConfig, HumanQuestion};
pub use security::sign::Keyring;
pub use serve::{OnionCircuit, serve, serve_admin, serve_with_onion};
pub use state::AppState;

/// The admin's table of routes and what each needs, for tests that walk every route.
pub mod admin_rules {
    pub use crate::admin::rules::{Access, RULES, Rule};
}
