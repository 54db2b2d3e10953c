//! The audit log, newest first, filtered by who and by what (a prefix such as `letter.`),
//! a page of [`PAGE`] lines at a time. Reading it is itself not logged: it holds organizers'
//! actions, not supporters' data.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use outcry_storage::AuditFilter;
use serde::Deserialize;

use super::guard::Organizer;
use super::views::{AdminChrome, AuditPage, AuditRow};
use crate::error::AppError;
use crate::extract::{FormToken, Params, Visit};
use crate::pages::{Caching, render};
use crate::paths::AdminUrls;
use crate::state::AppState;

const PAGE: u32 = 100;

#[derive(Deserialize)]
pub struct Filter {
    #[serde(default)]
    actor: String,
    #[serde(default)]
    action: String,
    /// Read as text, so a page number that is not one gets the localized 400, not the
    /// query extractor's English one.
    #[serde(default)]
    before: String,
}

pub async fn show(
    State(state): State<AppState>,
    visit: Visit,
    who: Organizer,
    Params(q): Params<Filter>,
    token: FormToken,
) -> Result<Response, AppError> {
    let before_id = match q.before.trim() {
        "" => None,
        n => Some(
            n.parse::<i64>()
                .map_err(|_| AppError::bad_request("error-bad-request-body"))?,
        ),
    };
    let clip = |s: &str| -> String { s.trim().chars().take(200).collect() };
    let (actor, action) = (clip(&q.actor), clip(&q.action));
    let filter = AuditFilter {
        actor: (!actor.is_empty()).then(|| actor.to_lowercase()),
        action: (!action.is_empty()).then(|| action.clone()),
        before_id,
        limit: PAGE,
    };
    let entries = state.store.audit_log(&filter).await?;
    let urls = AdminUrls::new(visit.locale);
    let older = (entries.len() == PAGE as usize)
        .then(|| entries.last().map(|e| e.id))
        .flatten()
        .map(|id| {
            let query = serde_urlencoded::to_string([
                ("actor", actor.as_str()),
                ("action", action.as_str()),
                ("before", &id.to_string()),
            ])
            .unwrap_or_default();
            format!("{}?{query}", urls.audit())
        });
    let rows = entries
        .into_iter()
        .map(|e| AuditRow {
            at: e.at.strftime("%Y-%m-%d %H:%M:%S UTC").to_string(),
            actor: e.actor,
            action: e.action,
            subject: e.subject,
            before: e.before.unwrap_or_default(),
            after: e.after.unwrap_or_default(),
        })
        .collect();
    let page = AuditPage {
        chrome: AdminChrome::new(
            visit.locale,
            "admin-audit-title",
            &urls.audit(),
            Some(&who),
            token.token,
        ),
        rows,
        actor,
        action,
        older,
    };
    Ok((token.cookie, render(&page, Caching::NoStore)?).into_response())
}
