//! "Send it for me": appeals the site mails for a supporter, in three steps.
//!
//! 1. `request` (POST from the action page, behind a human check, since it makes the site
//!    send a mail to the address typed): the request is stored encrypted and a confirmation
//!    mail with a link is queued; the browser goes to "check your mail".
//! 2. `confirm_page` (GET, the link): shows what will be sent and a button. A GET changes
//!    nothing, so a mail scanner that opens links sends nothing.
//! 3. `confirm` (POST, the button): one paced message per official, the count, once.

use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use outcry_domain::{Channel, Problem, Violations};
use outcry_mail::appeals::{AppealConfirmed, AppealForm};
use outcry_pdf::{Edits, Layout, ReturnAddress, appeal_letter};

use crate::acted::Acted;
use crate::appeal_mail;
use crate::error::AppError;
use crate::extract::{ActionAt, CheckedForm, FormToken, SetCookie};
use crate::forms;
use crate::pages::send::{ConfirmPage, QueuedPage, SendCheckPage};
use crate::pages::{Caching, render};
use crate::paths::ActionUrls;
use crate::state::AppState;

/// POST: the action page's form, with the supporter's address.
pub async fn request(
    State(state): State<AppState>,
    at: ActionAt,
    CheckedForm(form, _): CheckedForm,
) -> Result<Response, AppError> {
    let outbox = state.outbox().ok_or(AppError::NotFound)?;
    let found = state.public_action(&at.slug).await?;
    let (bundle, action) = (&found.0, &found.1);
    state.ensure_open(action)?;
    let sender = forms::sender(&form);
    let mut v = Violations::default();
    forms::check_appeal(&form, &sender, &mut v);
    let email = forms::supporter_email(&form, &mut v);
    // The name is the display name of every appeal's From: an appeal from nobody is not sent.
    if sender.name.trim().is_empty() {
        v.push("name", Problem::Empty);
    }
    AppError::refuse(v)?;
    if appeal_mail::recipients(bundle, action).is_empty() {
        return Err(AppError::bad_request("send-no-email-target"));
    }
    let request = AppealForm {
        email,
        name: sender.name.trim().to_string(),
        town: sender.town.trim().to_string(),
        initials_only: sender.initials_only,
        subject: form.get("subject").trim().to_string(),
        body: form.get("body").trim().to_string(),
        lang: forms::letter_language(action, at.visit.locale, &form).to_string(),
        receipt: form.get("receipt") == "on",
        country: form.get("country").to_string(),
    };
    let urls = ActionUrls::new(at.visit.locale, &action.slug);
    let site = state.config.public_url.trim_end_matches('/');
    // Mailed now or today already (one link a day per address and action), the supporter
    // sees the same page: it must not tell anyone whether an address asked before.
    outbox
        .request_appeal(
            &action.slug,
            &request,
            |token| {
                let link = format!("{site}{}", urls.confirm_link(token));
                appeal_mail::confirmation(at.visit.locale, bundle, action, &link)
            },
            state.clock.now(),
        )
        .await?;
    Ok(Redirect::to(&urls.send_check()).into_response())
}

/// GET: "check your mail". The same for everyone: it names neither the address nor the letter.
pub async fn check_mail(State(state): State<AppState>, at: ActionAt) -> Result<Response, AppError> {
    state.outbox().ok_or(AppError::NotFound)?;
    let found = state.public_action(&at.slug).await?;
    render(&SendCheckPage::build(&at.visit, &found.1), Caching::Private)
}

/// GET: the confirmation link. Shows the request and the button; changes nothing.
pub async fn confirm_page(
    State(state): State<AppState>,
    at: ActionAt,
    RawQuery(query): RawQuery,
    FormToken {
        token: csrf,
        cookie,
    }: FormToken,
) -> Result<Response, AppError> {
    let outbox = state.outbox().ok_or(AppError::NotFound)?;
    let found = state.public_action(&at.slug).await?;
    let (bundle, action) = (&found.0, &found.1);
    let token = forms::confirmation_in_query(query.as_deref()).ok_or(AppError::LinkGone)?;
    let request = match outbox.pending_appeal(&token, state.clock.now()).await? {
        Some((slug, request)) if slug == action.slug => request,
        _ => return Err(AppError::LinkGone),
    };
    state.ensure_open(action)?;
    let appeals = appeal_mail::appeals(bundle, action, &request, at.visit.locale);
    let page = ConfirmPage::build(&at.visit, action, &request, &appeals, &token, csrf);
    // The letter and the supporter's name are on it: kept by nobody.
    Ok((cookie, render(&page, Caching::NoStore)?).into_response())
}

/// POST: the button. Queues the appeals, counts the action once, says when they will go.
pub async fn confirm(
    State(state): State<AppState>,
    at: ActionAt,
    headers: HeaderMap,
    CheckedForm(form, _): CheckedForm,
) -> Result<Response, AppError> {
    let outbox = state.outbox().ok_or(AppError::NotFound)?;
    let found = state.public_action(&at.slug).await?;
    let (bundle, action) = (&found.0, &found.1);
    state.ensure_open(action)?;
    let token = forms::confirmation_token(form.get("t")).ok_or(AppError::LinkGone)?;
    let now = state.clock.now();
    let request = match outbox.pending_appeal(token, now).await? {
        Some((slug, request)) if slug == action.slug => request,
        _ => return Err(AppError::LinkGone),
    };
    let locale = at.visit.locale;
    let urls = ActionUrls::new(locale, &action.slug);
    let mut appeals = appeal_mail::appeals(bundle, action, &request, locale);
    if request.receipt {
        let lang = appeal_mail::language(action, &request, locale);
        let sender = appeal_mail::sender(&request);
        let site = state.config.public_url.trim_end_matches('/');
        let page = format!("{site}{}", urls.page_with_letter(lang));
        let layout = Layout {
            paper: outcry_domain::Paper::for_country(forms::country_code(&request.country)),
            ..Layout::default()
        };
        for (target, appeal) in &mut appeals {
            // The letter to post instead, should the mail not arrive: made now, while the
            // model and the edits are at hand, and kept sealed in the appeal until then.
            let pdf = match (target.address.is_empty(), action.letters.get(&lang)) {
                (false, Some(model)) => {
                    let edits = Edits {
                        subject: &request.subject,
                        body: &request.body,
                    };
                    let from = ReturnAddress {
                        sender: &sender,
                        lines: &[],
                    };
                    let letter = appeal_letter(lang, model, target, &edits, &from, state.today());
                    Some(state.printer.render(vec![letter], layout).await?)
                }
                _ => None,
            };
            appeal.receipt = Some(appeal_mail::receipt_plan(locale, appeal, pdf, &page));
        }
    }
    let appeals: Vec<_> = appeals.into_iter().map(|(_, a)| a).collect();
    let counted = (locale.lang(), forms::country_code(&request.country));
    let done = outbox
        .confirm_appeal(token, &appeals, &action.pacing(), counted, now)
        .await?;
    let AppealConfirmed::Queued {
        queued,
        counted,
        last_due,
    } = done
    else {
        return Err(AppError::LinkGone);
    };
    // As for "I sent it": the thanks page of this browser says the action counted.
    let cookie = counted.then(|| {
        let keys = state.keys();
        Acted::from_headers(&headers, &keys).add_for(
            &keys,
            (action, Channel::Email),
            now,
            state.config.hsts,
        )
    });
    let page = QueuedPage::build(&at.visit, action, queued, last_due, now);
    Ok((
        SetCookie(cookie.flatten()),
        render(&page, Caching::NoStore)?,
    )
        .into_response())
}
