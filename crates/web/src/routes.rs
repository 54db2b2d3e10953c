//! Every route of the site, in one place.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::request::Parts;
use axum::middleware;
use axum::response::IntoResponse;
use axum::routing::{get, post};

use crate::error::{ErrorKind, WebError};
use crate::handlers::{actions, assets, cases, home, post, write};
use crate::state::AppState;

/// Forms carry a letter of at most 20,000 characters (up to 4 bytes each, then percent-encoded);
/// anything far beyond that is refused before it is read.
const MAX_FORM_BYTES: usize = 256 * 1024;

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(home::root))
        .route("/healthz", get(assets::healthz))
        .route("/assets/outcry.css", get(assets::stylesheet))
        .route("/{lang}/", get(home::home))
        .route("/{lang}/c/{case}", get(cases::show))
        .route(
            "/{lang}/c/{case}/write",
            get(write::show).post(write::check),
        )
        .route("/{lang}/c/{case}/write/pdf", post(write::pdf))
        .route("/{lang}/c/{case}/write/relay", post(write::relay))
        .route("/{lang}/c/{case}/write/sent", get(write::sent))
        .route("/{lang}/a/{action}", get(actions::show))
        .route("/{lang}/a/{action}/email", post(actions::prepare_email))
        .route("/{lang}/a/{action}/post", post(post::letter_pdf))
        .route("/{lang}/a/{action}/done", post(actions::done))
        .route("/{lang}/a/{action}/thanks", get(actions::thanks))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_FORM_BYTES))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::security::limit_posts,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::security::headers,
        ))
        .with_state(state)
}

async fn not_found(parts: Parts) -> impl IntoResponse {
    WebError::new(crate::locale::of_request(&parts), ErrorKind::NotFound)
}

async fn method_not_allowed(parts: Parts) -> impl IntoResponse {
    WebError::new(
        crate::locale::of_request(&parts),
        ErrorKind::MethodNotAllowed,
    )
}
