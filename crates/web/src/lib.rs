//! Outcry's public site, rendered on the server. Every page and form works without JavaScript
//! and loads nothing from another origin.
//!
//! - [`router`]: every route, in one place (`routes.rs`).
//! - `handlers/`: thin functions, one file per resource: extract, call storage or the domain,
//!   return a page. `pages/` holds the askama page structs; `templates/` their HTML.
//! - `security.rs` (headers, CSRF, rate limits), `acted.rs` (the signed cookie that stops a
//!   browser counting twice), `mailto.rs` (RFC 6068 links), `markdown.rs` (safe HTML from
//!   organizers' Markdown), `error.rs` (every error is a localized page with the right status).
//! - [`print`]: letters on paper (PDF via `outcry-pdf`), rendered off the async runtime; the
//!   CLI's batch printing shares its layout of a letter to prison.

mod acted;
mod cache;
mod clock;
mod config;
mod error;
mod form;
mod handlers;
mod locale;
mod mailto;
mod markdown;
mod pages;
mod present;
pub mod print;
mod routes;
mod security;
mod state;

pub use clock::Clock;
pub use config::WebConfig;
pub use routes::router;
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
