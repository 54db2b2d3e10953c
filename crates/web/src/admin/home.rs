//! The admin's first page: who is signed in, what their role lets them do, the state of their
//! second factor and of the organization's key for this session.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use outcry_domain::access::Permission;

use super::guard::Organizer;
use super::views::{AdminChrome, HomePage};
use crate::error::AppError;
use crate::extract::{FormToken, Visit};
use crate::pages::{Caching, render};
use crate::paths::AdminUrls;
use crate::state::AppState;

pub async fn show(
    State(state): State<AppState>,
    visit: Visit,
    who: Organizer,
    token: FormToken,
) -> Result<Response, AppError> {
    let urls = AdminUrls::new(visit.locale);
    let role = who.account.role;
    let tasks = [
        (
            Permission::ModerateLetters,
            "admin-task-letters",
            urls.letters(),
        ),
        (Permission::ManageUsers, "admin-task-users", urls.users()),
        (Permission::ReadAudit, "admin-task-audit", urls.audit()),
        (
            Permission::ManageSettings,
            "admin-task-settings",
            urls.settings(),
        ),
    ]
    .into_iter()
    .filter(|(p, _, _)| role.may(*p))
    .map(|(_, key, href)| (visit.locale.t(key), href))
    .collect();
    let codes_left = state.store.recovery_codes_left(who.account.id).await?;
    let page = HomePage {
        chrome: AdminChrome::new(
            visit.locale,
            "admin-home-title",
            &urls.home(),
            Some(&who),
            token.token,
        ),
        role_text: visit
            .locale
            .t(&format!("admin-role-{}-does", role.as_str())),
        tasks,
        has_second_factor: who.account.has_second_factor(),
        codes_left,
        key_unlocked: who.identity.is_some(),
        may_read_letters: role.may(Permission::ReadLetters),
    };
    Ok((token.cookie, render(&page, Caching::NoStore)?).into_response())
}
