//! Unlocking the organization's key for one session, so letters can be read and printed in
//! the browser. The identity is pasted (the text of the file `outcry keys generate` wrote);
//! it must be the one relay letters are sealed to. It is kept encrypted in the session's row
//! under a key made from the server's admin key *and* the session id only the organizer's
//! browser holds ([`outcry_seal::AdminKey::wrap_identity`]): every instance can use it while
//! the session lives, nothing at rest can open it, and it is deleted when the session ends
//! (sign-out, expiry, "forget the key").

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use outcry_seal::Identity;
use serde::Deserialize;

use super::guard::Organizer;
use super::views::{AdminChrome, KeyPage};
use crate::error::AppError;
use crate::extract::{CheckedForm, FormToken, Params, Visit};
use crate::pages::{Caching, render};
use crate::paths::AdminUrls;
use crate::state::AppState;

/// An identity file is one short line and a few comments; far more is not one.
const MAX_IDENTITY_TEXT: usize = 4096;

#[derive(Deserialize)]
pub struct Back {
    #[serde(default)]
    back: String,
}

pub async fn show(
    State(state): State<AppState>,
    visit: Visit,
    who: Organizer,
    Params(q): Params<Back>,
    token: FormToken,
) -> Result<Response, AppError> {
    let unlocked = super::letters::unlocked(&state, &who)?.is_some();
    let page = page(
        visit,
        &who,
        unlocked,
        None,
        safe_back(visit, &q.back),
        token.token,
    );
    Ok((token.cookie, render(&page, Caching::NoStore)?).into_response())
}

pub async fn submit(
    State(state): State<AppState>,
    visit: Visit,
    who: Organizer,
    token: FormToken,
    CheckedForm(form, _): CheckedForm,
) -> Result<Response, AppError> {
    let back = safe_back(visit, form.get("back"));
    let key = state.admin_key().ok_or(AppError::NotFound)?;
    let now = state.clock.wall();
    if form.get("op") == "forget" {
        state
            .store
            .set_session_identity(&who.session_hash, None)
            .await?;
        state
            .store
            .audit(&who.actor(), "key.forget", "session", None, None, now)
            .await?;
        return Ok(Redirect::to(&back).into_response());
    }
    let text = form.get("identity");
    let identity = (text.len() <= MAX_IDENTITY_TEXT)
        .then(|| Identity::from_text(text))
        .flatten();
    let expected = state.config.seal_to.as_ref().map(ToString::to_string);
    let matches = identity
        .as_ref()
        .is_some_and(|i| Some(i.recipient().to_string()) == expected);
    let Some(identity) = identity.filter(|_| matches) else {
        let message = visit.locale.t(if expected.is_none() {
            "admin-key-no-public-key"
        } else {
            "admin-key-wrong"
        });
        let page = page(visit, &who, false, Some(message), back, token.token);
        return Ok((StatusCode::BAD_REQUEST, render(&page, Caching::NoStore)?).into_response());
    };
    let wrapped = key
        .wrap_identity(who.session_id.as_bytes(), &identity)
        .map_err(AppError::internal)?;
    state
        .store
        .set_session_identity(&who.session_hash, Some(&wrapped))
        .await?;
    state
        .store
        .audit(&who.actor(), "key.unlock", "session", None, None, now)
        .await?;
    Ok(Redirect::to(&back).into_response())
}

/// Where to return: an admin page of this site only, else the admin's home.
fn safe_back(visit: Visit, back: &str) -> String {
    let ok = back.starts_with("/admin/")
        && !back.starts_with("//")
        && back.len() < 300
        && !back.chars().any(|c| c.is_control() || c == '\\');
    if ok {
        back.to_string()
    } else {
        AdminUrls::new(visit.locale).home()
    }
}

fn page(
    visit: Visit,
    who: &Organizer,
    unlocked: bool,
    error: Option<String>,
    back: String,
    csrf: String,
) -> KeyPage {
    KeyPage {
        chrome: AdminChrome::new(
            visit.locale,
            "admin-key-title",
            &AdminUrls::new(visit.locale).key(),
            Some(who),
            csrf,
        ),
        unlocked,
        error,
        back,
    }
}
