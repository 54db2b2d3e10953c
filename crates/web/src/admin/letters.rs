//! Moderating relay letters in the browser: the cases that relay letters with their queues,
//! a case's letters by status with the censor checker's warnings, approve / reject / back to
//! pending, and the approved letters as one PDF to print (which marks them printed).
//!
//! The letters are sealed to the organization's key. Their words are shown only when an
//! organizer unlocked that key for this session ([`super::key`]); each showing is a sensitive
//! read and goes into the audit log with the letters' numbers. A letter can be rejected
//! unread, never approved unread: approving needs the key, as on the command line.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use outcry_domain::access::Permission;
use outcry_domain::{RelayLetter, RelayStatus, Violations};
use outcry_seal::Identity;
use serde::Deserialize;

use super::guard::Organizer;
use super::views::{AdminChrome, CaseLettersPage, CaseQueue, LetterRow, LettersPage};
use crate::error::AppError;
use crate::extract::{CaseAt, CheckedForm, FormToken, Params, Visit};
use crate::pages::{Caching, render};
use crate::paths::AdminUrls;
use crate::present::text;
use crate::state::AppState;

/// The most letters one page shows (and one form moderates).
const PAGE: usize = 200;

/// The cases that relay letters, with their queues' counts.
pub async fn cases(
    State(state): State<AppState>,
    visit: Visit,
    who: Organizer,
    token: FormToken,
) -> Result<Response, AppError> {
    let urls = AdminUrls::new(visit.locale);
    let mut cases = Vec::new();
    for summary in state.store.list_cases().await? {
        let bundle = state.store.export_case(&summary.slug).await?;
        if bundle.case.relay.is_none() {
            continue;
        }
        let counts = state.store.relay_counts(&summary.slug).await?;
        cases.push(CaseQueue {
            name: text(visit.locale, &summary.name).0,
            href: urls.case_letters(&summary.slug),
            pending: counts.pending,
            approved: counts.approved,
            printed: counts.printed,
        });
    }
    let page = LettersPage {
        chrome: AdminChrome::new(
            visit.locale,
            "admin-letters-title",
            &urls.letters(),
            Some(&who),
            token.token,
        ),
        cases,
    };
    Ok((token.cookie, render(&page, Caching::NoStore)?).into_response())
}

#[derive(Deserialize)]
pub struct Shown {
    #[serde(default)]
    status: String,
    #[serde(default)]
    done: Option<String>,
}

/// The statuses a queue can be shown by, in the tabs' order.
const TABS: [RelayStatus; 4] = [
    RelayStatus::Pending,
    RelayStatus::Approved,
    RelayStatus::Rejected,
    RelayStatus::Printed,
];

/// One case's letters in one status (pending by default).
pub async fn queue(
    State(state): State<AppState>,
    at: CaseAt,
    who: Organizer,
    Params(q): Params<Shown>,
    token: FormToken,
) -> Result<Response, AppError> {
    let visit = at.visit;
    let locale = visit.locale;
    let bundle = state.store.export_case(&at.slug).await?;
    if bundle.case.relay.is_none() {
        return Err(AppError::NotFound);
    }
    let status = match q.status.as_str() {
        "" => RelayStatus::Pending,
        other => TABS
            .into_iter()
            .find(|s| s.as_str() == other)
            .ok_or(AppError::bad_request("error-bad-request-body"))?,
    };
    let urls = AdminUrls::new(locale);
    let here = urls.case_letters(&at.slug);
    let may_read = who.account.role.may(Permission::ReadLetters);
    let identity = if may_read {
        unlocked(&state, &who)?
    } else {
        None
    };
    let stored = state.store.relay_queue(&at.slug, Some(status)).await?;
    let mut letters = Vec::new();
    let mut read = Vec::new();
    for q in stored.iter().take(PAGE) {
        let opened: Option<RelayLetter> = match (&identity, &q.sealed) {
            (Some(key), Some(sealed)) => {
                read.push(q.id.to_string());
                Some(outcry_seal::open(key, sealed).map_err(AppError::internal)?)
            }
            _ => None,
        };
        letters.push(LetterRow {
            id: q.id,
            submitted: q.submitted_hour.strftime("%Y-%m-%d %H:00 UTC").to_string(),
            lang: q.lang.to_string(),
            status: locale.t(&format!("admin-letter-status-{}", q.status.as_str())),
            warnings: q
                .warnings
                .iter()
                .map(|w| (locale.t(&format!("{w}-title")), locale.t(w)))
                .collect(),
            erased: q.sealed.is_none(),
            text: opened.as_ref().map(|l| l.text.clone()),
            signature: opened.as_ref().map(|l| l.signature.clone()),
            return_address: opened
                .as_ref()
                .map(|l| l.return_address.clone())
                .unwrap_or_default(),
        });
    }
    if !read.is_empty() {
        state
            .store
            .audit(
                &who.actor(),
                "letter.read",
                at.slug.as_str(),
                None,
                Some(&read.join(",")),
                state.clock.wall(),
            )
            .await?;
    }
    let counts = state.store.relay_counts(&at.slug).await?;
    let tabs = TABS
        .into_iter()
        .map(|s| {
            let n = match s {
                RelayStatus::Pending => counts.pending,
                RelayStatus::Approved => counts.approved,
                RelayStatus::Rejected => counts.rejected,
                _ => counts.printed,
            };
            (
                format!(
                    "{} ({n})",
                    locale.t(&format!("admin-letter-status-{}", s.as_str()))
                ),
                format!("{here}?status={}", s.as_str()),
                s == status,
            )
        })
        .collect();
    let notice = q.done.as_deref().and_then(|d| match d {
        "moderated" => Some(locale.t("admin-letters-moderated")),
        "nothing" => Some(locale.t("admin-letters-nothing-to-print")),
        _ => None,
    });
    let page = CaseLettersPage {
        chrome: AdminChrome::new(
            locale,
            "admin-case-letters-title",
            &here,
            Some(&who),
            token.token,
        ),
        case_name: text(locale, &bundle.case.name).0,
        tabs,
        status: status.as_str(),
        letters,
        moderate: here.clone(),
        print: urls.case_print(&at.slug),
        approved_waiting: counts.approved,
        unlocked: identity.is_some(),
        key_link: format!(
            "{}?back={}",
            urls.key(),
            percent_encoding::utf8_percent_encode(&here, percent_encoding::NON_ALPHANUMERIC)
        ),
        may_read,
        may_print: who.account.role.may(Permission::PrintLetters),
        notice,
    };
    Ok((token.cookie, render(&page, Caching::NoStore)?).into_response())
}

/// Approve, reject or put back the ticked letters.
pub async fn moderate(
    State(state): State<AppState>,
    at: CaseAt,
    who: Organizer,
    CheckedForm(form, _): CheckedForm,
) -> Result<Response, AppError> {
    let status = match form.get("decision") {
        "approve" => RelayStatus::Approved,
        "reject" => RelayStatus::Rejected,
        "pending" => RelayStatus::Pending,
        _ => return Err(AppError::bad_request("error-bad-request-body")),
    };
    let ids: Vec<i64> = form
        .all("letter")
        .take(PAGE)
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|_| AppError::bad_request("error-bad-request-body"))?;
    if ids.is_empty() {
        return Err(AppError::bad_request("admin-letters-none-ticked"));
    }
    // Only letters of this case: a number from another case's queue changes nothing.
    let ours: std::collections::HashSet<i64> = state
        .store
        .relay_queue(&at.slug, None)
        .await?
        .into_iter()
        .map(|q| q.id)
        .collect();
    let ids: Vec<i64> = ids.into_iter().filter(|id| ours.contains(id)).collect();
    if status == RelayStatus::Approved
        && (!who.account.role.may(Permission::ReadLetters) || unlocked(&state, &who)?.is_none())
    {
        return Err(AppError::bad_request("admin-letters-approve-needs-key"));
    }
    state
        .store
        .moderate_letters(&ids, status, &who.actor(), state.clock.wall())
        .await?;
    let back = AdminUrls::new(at.visit.locale).case_letters(&at.slug);
    Ok(Redirect::to(&format!("{back}?status=pending&done=moderated")).into_response())
}

/// Every approved letter of the case, each with its envelope, as one PDF: claimed first (so
/// nothing is printed twice and nothing rejected meanwhile slips in), marked printed once the
/// PDF is made, given back to the queue if it could not be.
pub async fn print(
    State(state): State<AppState>,
    at: CaseAt,
    who: Organizer,
    CheckedForm(form, _): CheckedForm,
) -> Result<Response, AppError> {
    let key =
        unlocked(&state, &who)?.ok_or(AppError::bad_request("admin-letters-print-needs-key"))?;
    let mut v = Violations::default();
    let layout = crate::forms::layout(&form, &mut v);
    AppError::refuse(v)?;
    let bundle = state.store.export_case(&at.slug).await?;
    let relay = bundle.case.relay.clone().ok_or(AppError::NotFound)?;
    let now = state.clock.wall();
    let name = format!("admin-{}-{}", at.slug, now.as_second());
    let batch = state.store.claim_for_printing(&at.slug, &name).await?;
    let back = AdminUrls::new(at.visit.locale).case_letters(&at.slug);
    if batch.letters.is_empty() {
        return Ok(Redirect::to(&format!("{back}?status=approved&done=nothing")).into_response());
    }
    let address = bundle.case.current_address().cloned();
    let today = state.today();
    let letters: Result<Vec<outcry_pdf::Letter>, AppError> = batch
        .letters
        .iter()
        .map(|q| {
            let sealed = q.sealed.as_deref().ok_or(AppError::LinkGone)?;
            let letter: RelayLetter =
                outcry_seal::open(&key, sealed).map_err(AppError::internal)?;
            Ok(outcry_pdf::prisoner_letter(
                address.as_ref(),
                &letter.text,
                &letter.signature,
                letter.return_lines(&relay),
                today,
                outcry_i18n::Locale::En,
            ))
        })
        .collect();
    let rendered = match letters {
        Ok(letters) => state
            .printer
            .render(letters, layout)
            .await
            .map_err(AppError::from),
        Err(e) => Err(e),
    };
    match rendered {
        Ok(pdf) => {
            let printed = state.store.mark_printed(&batch.name, now).await?;
            let ids: Vec<String> = batch.letters.iter().map(|q| q.id.to_string()).collect();
            state
                .store
                .audit(
                    &who.actor(),
                    "letter.print",
                    at.slug.as_str(),
                    None,
                    Some(&format!("{printed}: {}", ids.join(","))),
                    now,
                )
                .await?;
            Ok(crate::print::pdf_response(
                pdf,
                &format!("letters-{}.pdf", at.slug),
            ))
        }
        Err(e) => {
            state.store.release_batch(&batch.name).await?;
            Err(e)
        }
    }
}

/// The organization's key, when this session unlocked it.
pub fn unlocked(state: &AppState, who: &Organizer) -> Result<Option<Identity>, AppError> {
    let (Some(wrapped), Some(key)) = (&who.identity, state.admin_key()) else {
        return Ok(None);
    };
    // A key that no longer opens (the server key changed) counts as locked.
    Ok(key.unwrap_identity(who.session_id.as_bytes(), wrapped).ok())
}
