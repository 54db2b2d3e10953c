//! The list of actions, and the redirect from `/` to the visitor's language.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{Redirect, Response};

use crate::error::AppError;
use crate::extract::Visit;
use crate::pages::{Caching, HomePage, render};
use crate::state::AppState;

pub async fn root(headers: HeaderMap) -> Redirect {
    Redirect::to(&crate::paths::home(crate::locale::negotiated(&headers)))
}

pub async fn home(State(state): State<AppState>, visit: Visit) -> Result<Response, AppError> {
    let listings = state.list_actions().await?;
    render(
        &HomePage::build(&visit, &listings, state.clock.now()),
        Caching::Public,
    )
}
