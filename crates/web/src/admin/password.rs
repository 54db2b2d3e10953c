//! Choosing a password from a one-time link (an invitation or a reset, 72 hours, single use).
//! The link's token is looked up by its hash; setting the password spends it in the same
//! transaction, so two tabs racing with one link set one password.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use outcry_domain::access::{PasswordProblem, check_password};
use outcry_seal::AccessToken;
use serde::Deserialize;

use super::views::{AdminChrome, SetPasswordPage};
use crate::error::AppError;
use crate::extract::{CheckedForm, FormToken, Params, Visit};
use crate::pages::{Caching, render};
use crate::paths::AdminUrls;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct LinkQuery {
    #[serde(default)]
    t: String,
}

/// `/admin/password?t=…`, the link the command line prints: to the page in the browser's
/// language.
pub async fn link(headers: axum::http::HeaderMap, Params(q): Params<LinkQuery>) -> Response {
    let locale = crate::locale::negotiated(&headers);
    let token: String =
        q.t.chars()
            .filter(char::is_ascii_hexdigit)
            .take(64)
            .collect();
    Redirect::to(&AdminUrls::new(locale).set_password_link(&token)).into_response()
}

/// The form, for a live link; a used or expired one is gone (410).
pub async fn show(
    State(state): State<AppState>,
    visit: Visit,
    Params(q): Params<LinkQuery>,
    token: FormToken,
) -> Result<Response, AppError> {
    let hash = AccessToken::hash_if_well_formed(&q.t).ok_or(AppError::LinkGone)?;
    let account = state
        .store
        .account_for_token(&hash, state.clock.wall())
        .await?
        .ok_or(AppError::LinkGone)?;
    let page = page(visit, q.t, account.email, Vec::new(), token.token);
    Ok((token.cookie, render(&page, Caching::NoStore)?).into_response())
}

/// Sets the password; problems come back on the form, the link still good.
pub async fn submit(
    State(state): State<AppState>,
    visit: Visit,
    token: FormToken,
    CheckedForm(form, _): CheckedForm,
) -> Result<Response, AppError> {
    let link = form.get("t").to_string();
    let hash = AccessToken::hash_if_well_formed(&link).ok_or(AppError::LinkGone)?;
    let now = state.clock.wall();
    let account = state
        .store
        .account_for_token(&hash, now)
        .await?
        .ok_or(AppError::LinkGone)?;
    let password = form.get("password");
    let problem = if password != form.get("again") {
        Some("admin-password-mismatch")
    } else {
        check_password(password, &account.email)
            .err()
            .map(|p| match p {
                PasswordProblem::TooShort => "admin-password-too-short",
                PasswordProblem::TooLong => "admin-password-too-long",
                PasswordProblem::TooCommon => "admin-password-too-common",
            })
    };
    if let Some(key) = problem {
        let message = visit.locale.t_args(
            key,
            &[(
                "min",
                outcry_i18n::Arg::Num(outcry_domain::access::MIN_PASSWORD as i64),
            )],
        );
        let page = page(visit, link, account.email, vec![message], token.token);
        return Ok((StatusCode::BAD_REQUEST, render(&page, Caching::NoStore)?).into_response());
    }
    let phc = super::passwords::hash(&state, password.to_string()).await?;
    state
        .store
        .set_password_with_token(&hash, &phc, now)
        .await?
        .ok_or(AppError::LinkGone)?;
    Ok(Redirect::to(&format!(
        "{}?done=password",
        AdminUrls::new(visit.locale).login()
    ))
    .into_response())
}

fn page(
    visit: Visit,
    token: String,
    email: String,
    errors: Vec<String>,
    csrf: String,
) -> SetPasswordPage {
    let urls = AdminUrls::new(visit.locale);
    SetPasswordPage {
        chrome: AdminChrome::new(
            visit.locale,
            "admin-password-title",
            &urls.set_password_link(&token),
            None,
            csrf,
        ),
        token,
        email,
        errors,
    }
}
