//! Load shedding: at most so many requests are answered at once and none for too long. The
//! one beyond the limit, and the one that runs over time, get 503 with `Retry-After` and a
//! page in their language (with their form, to send again) at once, so that a flood makes
//! some visitors wait a few seconds instead of making the process run out of memory.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::metrics::Shed;
use crate::state::AppState;

/// Sheds the request when every permit is taken; ends it with 503 when it runs over time.
pub async fn shed(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Ok(_permit) = state.in_flight.try_acquire() else {
        tracing::warn!("shedding load: too many requests at once");
        state.metrics.shed(Shed::Busy);
        return AppError::busy().into_response();
    };
    match tokio::time::timeout(state.config.limits.request_timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!("a request ran over its time");
            state.metrics.shed(Shed::Timeout);
            AppError::busy().into_response()
        }
    }
}
