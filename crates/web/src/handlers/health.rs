//! `/healthz` and `/readyz`, answered in plain text (see `health.rs` for what each means).

use axum::extract::State;
use axum::http::StatusCode;

use crate::state::AppState;

/// 200 while the process runs.
pub async fn live() -> &'static str {
    "ok\n"
}

/// 200 while the database answers with the expected schema, 503 otherwise.
pub async fn ready(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if state.readiness.check(&state.store).await {
        (StatusCode::OK, "ok\n")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "not ready\n")
    }
}
