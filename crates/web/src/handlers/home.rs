//! The list of actions, and the redirect from `/` to the visitor's language.

use axum::extract::State;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use outcry_domain::ActionStatus;

use crate::error::WebError;
use crate::locale::PathLocale;
use crate::pages::{Chrome, HomePage, render};
use crate::present;
use crate::state::AppState;

pub async fn root(parts: Parts) -> Redirect {
    Redirect::to(&format!("/{}/", crate::locale::negotiated(&parts).code()))
}

pub async fn home(
    State(state): State<AppState>,
    PathLocale(locale): PathLocale,
) -> Result<Response, WebError> {
    let now = state.clock.now();
    let listings = state
        .list_actions()
        .await
        .map_err(|e| WebError::from_storage(locale, e))?;
    let (mut open, mut closed) = (Vec::new(), Vec::new());
    for l in listings
        .iter()
        .filter(|l| l.action.status != ActionStatus::Draft)
    {
        let card = present::action_card(locale, &l.case_name, &l.action, l.total, now);
        if card.open {
            open.push(card)
        } else {
            closed.push(card)
        }
    }
    let chrome = Chrome::new(
        locale,
        locale.t("home-title"),
        "/",
        state.config.demo_notice,
    );
    Ok(render(
        StatusCode::OK,
        &HomePage {
            chrome,
            open,
            closed,
        },
    )
    .into_response())
}
