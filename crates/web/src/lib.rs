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
//! Around them: `security/` (headers, CSRF, signatures, the client's
//! address behind proxies, the POST limit and its human check), `acted` (the
//! signed cookie that stops a browser counting twice), `cache` (seconds-long page and data
//! cache), `mailto` (RFC 6068 links), `markdown` (safe HTML from organizers' Markdown),
//! `present` (domain values as the strings pages show), `print` (PDFs off the async runtime).

#![deny(missing_docs)]

mod acted;
mod cache;
mod clock;
mod config;
mod error;
mod extract;
mod form;
mod forms;
mod handlers;
mod locale;
mod mailto;
mod markdown;
mod pages;
mod paths;
mod present;
mod print;
mod queries;
mod routes;
mod security;
mod state;
mod trace;

pub use clock::Clock;
pub use config::WebConfig;
pub use routes::router;
pub use security::client::{Cidr, CidrError};
pub use security::human::{HumanCheckConfig, HumanQuestion};
pub use state::AppState;

/// Serves the site until `shutdown` resolves, then finishes the requests under way.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // Idle entries of the rate limiter are dropped every minute, so its memory stays bounded.
    let sweeper = {
        let state = state.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                tick.tick().await;
                state.limiter.forget_idle();
            }
        })
    };
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let result = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await;
    sweeper.abort();
    result
}
