//! Signing in and out: email and password, then (for an account that has one) the code from
//! the authenticator app or a recovery code; a session made anew at each step.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use outcry_seal::TotpSecret;
use outcry_storage::SessionStage;

use super::guard::{MaybeOrganizer, Organizer};
use super::session;
use super::throttle::{Buckets, ClientNetwork};
use super::views::{CodePage, LoginPage};
use crate::error::AppError;
use crate::extract::{CheckedForm, FormToken, Visit};
use crate::pages::{Caching, render};
use crate::paths::AdminUrls;
use crate::state::AppState;

/// The longest password the form reads: far beyond any real one, short enough that hashing
/// it costs nothing extra.
const MAX_PASSWORD: usize = outcry_domain::access::MAX_PASSWORD;

/// The login form; an organizer already signed in goes home.
#[derive(serde::Deserialize)]
pub struct Done {
    #[serde(default)]
    done: String,
}

pub async fn show(
    visit: Visit,
    MaybeOrganizer(who): MaybeOrganizer,
    crate::extract::Params(q): crate::extract::Params<Done>,
    token: FormToken,
) -> Result<Response, AppError> {
    let urls = AdminUrls::new(visit.locale);
    if who.is_some_and(|o| o.stage == SessionStage::Full) {
        return Ok(Redirect::to(&urls.home()).into_response());
    }
    let notice = (q.done == "password").then_some("admin-login-password-set");
    let page = LoginPage::new(visit.locale, token.token, "", None, notice);
    Ok((token.cookie, render(&page, Caching::NoStore)?).into_response())
}

/// Email and password. Wrong, unknown, disabled and throttled all answer alike but for the
/// throttle's "wait a minute", so the page never tells whether an account exists.
pub async fn submit(
    state: axum::extract::State<AppState>,
    visit: Visit,
    network: ClientNetwork,
    MaybeOrganizer(before): MaybeOrganizer,
    token: FormToken,
    CheckedForm(form, _): CheckedForm,
) -> Result<Response, AppError> {
    let state = state.0;
    let email = normalize_email(form.get("email"));
    let password = form.get("password");
    let buckets = Buckets::new(&state, &email, &network)?;
    let again = |status: StatusCode, key: &str| -> Result<Response, AppError> {
        let page = LoginPage::new(visit.locale, token.token.clone(), &email, Some(key), None);
        Ok((status, render(&page, Caching::NoStore)?).into_response())
    };
    if buckets.exhausted(&state).await? {
        return again(StatusCode::TOO_MANY_REQUESTS, "admin-login-throttled");
    }
    let account = if email.is_empty() || password.chars().count() > MAX_PASSWORD {
        None
    } else {
        state.store.account_by_email(&email).await?
    };
    let stored = account
        .as_ref()
        .filter(|a| a.disabled_at.is_none())
        .and_then(|a| a.password_hash.clone());
    let right = super::passwords::verify(&state, password.to_string(), stored).await?;
    let Some(account) = account.filter(|_| right) else {
        buckets.failed(&state).await?;
        return again(StatusCode::BAD_REQUEST, "admin-login-wrong");
    };
    buckets.succeeded(&state).await?;
    let settings = state.store.admin_settings().await?;
    let stage = if account.has_second_factor() {
        SessionStage::SecondFactor
    } else if account
        .role
        .needs_second_factor(settings.require_second_factor)
    {
        SessionStage::Enrol
    } else {
        SessionStage::Full
    };
    // A session the browser had before is over: the new one gets an id of its own.
    if let Some(old) = before {
        state.store.end_session(&old.session_hash).await?;
    }
    let now = state.clock.wall();
    let id = session::fresh()?;
    let expires = now
        .checked_add(session::ABSOLUTE)
        .map_err(AppError::internal)?;
    state
        .store
        .create_session(&id.hash(), account.id, stage, now, expires)
        .await?;
    if stage == SessionStage::Full {
        state.store.record_login(account.id, now).await?;
    }
    let urls = AdminUrls::new(visit.locale);
    let next = match stage {
        SessionStage::SecondFactor => urls.login_code(),
        SessionStage::Enrol => urls.two_factor(),
        SessionStage::Full => urls.home(),
    };
    Ok((
        [(header::SET_COOKIE, session::set_cookie(&state, id.text())?)],
        Redirect::to(&next),
    )
        .into_response())
}

/// The second step's form.
pub async fn code_form(
    visit: Visit,
    who: Organizer,
    token: FormToken,
) -> Result<Response, AppError> {
    let page = CodePage::new(visit.locale, token.token, &who, None);
    Ok((token.cookie, render(&page, Caching::NoStore)?).into_response())
}

/// A code from the app (each time step once: the database refuses a step at or before the
/// last one accepted, in one conditional update), or one of the recovery codes (each once).
pub async fn code_submit(
    state: axum::extract::State<AppState>,
    visit: Visit,
    network: ClientNetwork,
    who: Organizer,
    token: FormToken,
    CheckedForm(form, _): CheckedForm,
) -> Result<Response, AppError> {
    let state = state.0;
    let key = state.admin_key().ok_or(AppError::NotFound)?.clone();
    let buckets = Buckets::new(&state, &who.account.email, &network)?;
    let urls = AdminUrls::new(visit.locale);
    let again = |status: StatusCode, message: &str| -> Result<Response, AppError> {
        let page = CodePage::new(visit.locale, token.token.clone(), &who, Some(message));
        Ok((status, render(&page, Caching::NoStore)?).into_response())
    };
    if buckets.exhausted(&state).await? {
        return again(StatusCode::TOO_MANY_REQUESTS, "admin-login-throttled");
    }
    let typed = form.get("code").trim();
    let now = state.clock.wall();
    let accepted = match &who.account.totp_secret {
        Some(sealed) if typed.len() <= 64 => {
            let secret =
                TotpSecret::from_bytes(key.open_secret(sealed).map_err(AppError::internal)?);
            let unix = u64::try_from(state.clock.wall().as_second()).unwrap_or(0);
            match secret.matching_step(typed, unix) {
                Some(step) => {
                    let step = i64::try_from(step).unwrap_or(i64::MAX);
                    state.store.consume_totp_step(who.account.id, step).await?
                }
                None if typed.chars().filter(char::is_ascii_alphanumeric).count() == 10 => {
                    state
                        .store
                        .consume_recovery_code(who.account.id, &key.code_hash(typed), now)
                        .await?
                }
                None => false,
            }
        }
        _ => false,
    };
    if !accepted {
        buckets.failed(&state).await?;
        return again(StatusCode::BAD_REQUEST, "admin-code-wrong");
    }
    buckets.succeeded(&state).await?;
    let id = rotate(&state, &who, SessionStage::Full).await?;
    state.store.record_login(who.account.id, now).await?;
    Ok((
        [(header::SET_COOKIE, session::set_cookie(&state, id.text())?)],
        Redirect::to(&urls.home()),
    )
        .into_response())
}

/// Ends this session.
pub async fn logout(
    state: axum::extract::State<AppState>,
    visit: Visit,
    who: Organizer,
    CheckedForm(..): CheckedForm,
) -> Result<Response, AppError> {
    state.store.end_session(&who.session_hash).await?;
    Ok(signed_out(&state, visit))
}

/// Ends every session of the account, on every device.
pub async fn logout_everywhere(
    state: axum::extract::State<AppState>,
    visit: Visit,
    who: Organizer,
    CheckedForm(..): CheckedForm,
) -> Result<Response, AppError> {
    state
        .store
        .end_sessions(who.account.id, &who.actor())
        .await?;
    Ok(signed_out(&state, visit))
}

fn signed_out(state: &AppState, visit: Visit) -> Response {
    (
        [(header::SET_COOKIE, session::clear_cookie(state))],
        Redirect::to(&AdminUrls::new(visit.locale).login()),
    )
        .into_response()
}

/// Replaces the session with a new id at `stage` (the old id stops working at once); the
/// caller sets the cookie.
pub async fn rotate(
    state: &AppState,
    who: &Organizer,
    stage: SessionStage,
) -> Result<outcry_seal::AccessToken, AppError> {
    let now = state.clock.wall();
    let id = session::fresh()?;
    let expires = now
        .checked_add(session::ABSOLUTE)
        .map_err(AppError::internal)?;
    if !state
        .store
        .rotate_session(&who.session_hash, &id.hash(), stage, now, expires)
        .await?
    {
        return Err(AppError::SignedOut);
    }
    Ok(id)
}

/// An address as accounts are kept: trimmed, lower case.
pub fn normalize_email(text: &str) -> String {
    text.trim().to_lowercase()
}
