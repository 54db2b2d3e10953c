//! The accounts: a list, an invitation (a one-time link to choose a password, 72 hours), and
//! per account: disable, enable, reset (a new link; password and second factor cleared),
//! a new role, ending its sessions. A change of role or a disable ends the account's sessions
//! at once, so a privilege taken away is gone on every device. Nobody can disable, reset or
//! demote their own account here: an admin cannot lock the site out of its last admin by a
//! slip of the mouse.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use outcry_domain::access::Role;
use outcry_seal::AccessToken;

use super::guard::Organizer;
use super::views::{AdminChrome, UserRow, UsersPage};
use crate::error::AppError;
use crate::extract::{AccountAt, CheckedForm, FormToken, Visit};
use crate::pages::{Caching, render};
use crate::paths::AdminUrls;
use crate::state::AppState;

/// How long a set-password link lives.
pub const LINK_LIFETIME: jiff::SignedDuration = jiff::SignedDuration::from_hours(72);

pub async fn list(
    State(state): State<AppState>,
    visit: Visit,
    who: Organizer,
    token: FormToken,
) -> Result<Response, AppError> {
    let page = page(&state, visit, &who, token.token, None, None, String::new()).await?;
    Ok((token.cookie, render(&page, Caching::NoStore)?).into_response())
}

/// Invites an account: the link is shown once, to be handed over by a channel the admin
/// trusts (the site does not mail it: an invitation by mail is what phishing looks like).
pub async fn invite(
    State(state): State<AppState>,
    visit: Visit,
    who: Organizer,
    token: FormToken,
    CheckedForm(form, _): CheckedForm,
) -> Result<Response, AppError> {
    let email = super::login::normalize_email(form.get("email"));
    let role = Role::parse(form.get("role"));
    let refuse = |key: &str| (Some(visit.locale.t(key)), None);
    let (error, link) = if email.chars().count() > 254
        || email.chars().any(char::is_control)
        || !outcry_mail::message::is_address(&email)
    {
        refuse("admin-users-bad-email")
    } else if let Some(role) = role {
        if state.store.account_by_email(&email).await?.is_some() {
            refuse("admin-users-exists")
        } else {
            let link = AccessToken::generate().map_err(AppError::internal)?;
            let now = state.clock.wall();
            state
                .store
                .create_account(&email, role, &link.hash(), expiry(now)?, now, &who.actor())
                .await?;
            (None, Some((email.clone(), full_link(&state, visit, &link))))
        }
    } else {
        refuse("admin-users-bad-role")
    };
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let typed = if error.is_some() {
        email
    } else {
        String::new()
    };
    let page = page(&state, visit, &who, token.token, link, error, typed).await?;
    Ok((status, token.cookie, render(&page, Caching::NoStore)?).into_response())
}

/// One change to one account, named by the button's `op`.
pub async fn change(
    State(state): State<AppState>,
    at: AccountAt,
    who: Organizer,
    token: FormToken,
    CheckedForm(form, _): CheckedForm,
) -> Result<Response, AppError> {
    let visit = at.visit;
    let account = state
        .store
        .account(at.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let op = form.get("op");
    let mine = account.id == who.account.id;
    let by = who.actor();
    let now = state.clock.wall();
    let mut link = None;
    match op {
        "disable" if !mine => {
            state.store.disable_account(account.id, now, &by).await?;
        }
        "enable" => {
            state.store.enable_account(account.id, &by).await?;
        }
        "logout" => {
            state.store.end_sessions(account.id, &by).await?;
        }
        "reset" if !mine => {
            let token = AccessToken::generate().map_err(AppError::internal)?;
            state
                .store
                .reset_account(account.id, &token.hash(), expiry(now)?, now, &by)
                .await?;
            link = Some((account.email.clone(), full_link(&state, visit, &token)));
        }
        "role" if !mine => {
            let role = Role::parse(form.get("role"))
                .ok_or(AppError::bad_request("admin-users-bad-role"))?;
            state.store.set_role(account.id, role, &by).await?;
        }
        "disable" | "reset" | "role" => {
            return Err(AppError::bad_request("admin-users-not-yourself"));
        }
        _ => return Err(AppError::bad_request("error-bad-request-body")),
    }
    if link.is_none() {
        return Ok(Redirect::to(&AdminUrls::new(visit.locale).users()).into_response());
    }
    let page = page(&state, visit, &who, token.token, link, None, String::new()).await?;
    Ok((token.cookie, render(&page, Caching::NoStore)?).into_response())
}

fn expiry(now: jiff::Timestamp) -> Result<jiff::Timestamp, AppError> {
    now.checked_add(LINK_LIFETIME).map_err(AppError::internal)
}

/// The link as the new organizer opens it: on the site's public address when it is known.
fn full_link(state: &AppState, visit: Visit, token: &AccessToken) -> String {
    let path = AdminUrls::new(visit.locale).set_password_link(token.text());
    format!("{}{path}", state.config.public_url.trim_end_matches('/'))
}

async fn page(
    state: &AppState,
    visit: Visit,
    who: &Organizer,
    csrf: String,
    link: Option<(String, String)>,
    error: Option<String>,
    invite_email: String,
) -> Result<UsersPage, AppError> {
    let urls = AdminUrls::new(visit.locale);
    let locale = visit.locale;
    let users = state
        .store
        .accounts()
        .await?
        .into_iter()
        .map(|a| UserRow {
            id: a.id,
            role: a.role.as_str(),
            role_label: locale.t(&format!("admin-role-{}", a.role.as_str())),
            second_factor: a.has_second_factor(),
            last_login: a
                .last_login_at
                .map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
                .unwrap_or_default(),
            disabled: a.disabled_at.is_some(),
            is_me: a.id == who.account.id,
            action: urls.user(a.id),
            email: a.email,
        })
        .collect();
    Ok(UsersPage {
        chrome: AdminChrome::new(locale, "admin-users-title", &urls.users(), Some(who), csrf),
        users,
        roles: Role::ALL
            .into_iter()
            .map(|r| (r.as_str(), locale.t(&format!("admin-role-{}", r.as_str()))))
            .collect(),
        link,
        error,
        invite_email,
    })
}
