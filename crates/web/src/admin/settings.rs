//! Site-wide admin settings: whether every account, whatever its role, must sign in with a
//! second factor (roles that handle personal data always must).

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::guard::Organizer;
use super::views::{AdminChrome, SettingsPage};
use crate::error::AppError;
use crate::extract::{CheckedForm, FormToken, Params, Visit};
use crate::pages::{Caching, render};
use crate::paths::AdminUrls;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct Saved {
    #[serde(default)]
    saved: Option<String>,
}

pub async fn show(
    visit: Visit,
    who: Organizer,
    Params(q): Params<Saved>,
    token: FormToken,
) -> Result<Response, AppError> {
    let urls = AdminUrls::new(visit.locale);
    let page = SettingsPage {
        chrome: AdminChrome::new(
            visit.locale,
            "admin-settings-title",
            &urls.settings(),
            Some(&who),
            token.token,
        ),
        require_second_factor: who.settings.require_second_factor,
        saved: q.saved.is_some(),
    };
    Ok((token.cookie, render(&page, Caching::NoStore)?).into_response())
}

pub async fn save(
    State(state): State<AppState>,
    visit: Visit,
    who: Organizer,
    CheckedForm(form, _): CheckedForm,
) -> Result<Response, AppError> {
    let on = match form.get("require_second_factor") {
        "" => false,
        "on" => true,
        _ => return Err(AppError::bad_request("error-bad-request-body")),
    };
    state
        .store
        .set_require_second_factor(on, &who.actor())
        .await?;
    Ok(Redirect::to(&format!(
        "{}?saved=1",
        AdminUrls::new(visit.locale).settings()
    ))
    .into_response())
}
