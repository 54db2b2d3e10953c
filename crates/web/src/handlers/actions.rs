//! The action page and the ways to act from it: preparing an email, reporting that one acted,
//! and the thank-you page.

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use outcry_domain::{ComposedLetter, Violations};
use outcry_storage::ActionRecord;

use crate::acted::Acted;
use crate::compress;
use crate::error::AppError;
use crate::extract::{Accepts, ActionAt, CheckedForm, FormToken, SetCookie};
use crate::forms;
use crate::pages::action::{ActionData, StatusView};
use crate::pages::{ActionPage, Caching, EmailPage, ThanksPage, html, render};
use crate::paths::ActionUrls;
use crate::security::csrf::FormId;
use crate::spliced::{Slot, Spliced};
use crate::state::AppState;

/// GET: the action page. The same for every visitor but for the CSRF token and the counts,
/// so it is rendered (and gzipped) once every few seconds per language and letter choice, and
/// the token and the status box with the current counts are spliced in. A browser that takes
/// gzip gets that gzip, though it may take brotli too: see `spliced.rs` for why.
pub async fn show(
    State(state): State<AppState>,
    at: ActionAt,
    RawQuery(query): RawQuery,
    Accepts(accepted): Accepts,
    FormToken { token, cookie }: FormToken,
) -> Result<Response, AppError> {
    let found = state.public_action(&at.slug).await?;
    let chosen = forms::letter_choice(query.as_deref(), &found.1);
    let key = (at.visit.locale, at.slug.clone(), chosen);
    let page = state
        .cache
        .rendered(&key, || async {
            let data = ActionData {
                bundle: &found.0,
                action: &found.1,
                chosen,
                csrf: Slot::Token.marker().to_string(),
                status_html: Slot::Status.marker().to_string(),
                sends_mail: state.outbox().is_some(),
            };
            let page = ActionPage::build(&at.visit, &data, state.clock.now());
            let html = askama::Template::render(&page)?;
            Ok::<_, AppError>(Spliced::new(&html, token.len()))
        })
        .await?;
    let counts = state.action_counts(&at.slug).await?;
    let status = StatusView::build(at.visit.locale, &found.1, &counts, state.clock.now());
    let status = askama::Template::render(&status)?;
    let zipped = accepted
        .gzip
        .then(|| page.gzip_with(&token, &status))
        .flatten();
    let response = match zipped {
        Some(body) => compress::encoded(html(body, Caching::Private), "gzip"),
        None => html(page.with(&token, &status), Caching::Private),
    };
    Ok((cookie, response).into_response())
}

/// POST: the supporter's letter, composed, with a `mailto:` link and a copy-and-paste view.
pub async fn prepare_email(
    State(state): State<AppState>,
    at: ActionAt,
    FormToken { token, cookie }: FormToken,
    CheckedForm(form, _): CheckedForm,
) -> Result<Response, AppError> {
    let found = state.public_action(&at.slug).await?;
    let (bundle, action) = (&found.0, &found.1);
    state.ensure_open(action)?;
    let sender = forms::sender(&form);
    let mut v = Violations::default();
    forms::check_appeal(&form, &sender, &mut v);
    AppError::refuse(v)?;
    let lang = forms::letter_language(action, at.visit.locale, &form);
    let targets = bundle.targets_of(action);
    let (Some(model), Some(first)) = (action.letters.get(&lang), targets.first()) else {
        return Err(AppError::NotFound);
    };
    let mut letter = ComposedLetter::compose(lang, model, first, Some(form.get("body")), &sender);
    let subject = form.get("subject").trim();
    if !subject.is_empty() {
        letter.subject = subject.to_string();
    }
    let copies = bundle.copies_for(&targets);
    let country = form.get("country");
    let page = EmailPage::build(
        &at.visit,
        action,
        (&targets, &copies),
        letter,
        country,
        token,
    );
    Ok((cookie, render(&page, Caching::NoStore)?).into_response())
}

/// POST: "I sent it" / "I called" / "I posted it". Counts once per rendered form and channel,
/// and once per browser, action and channel; then shows thanks, counted or not.
pub async fn done(
    State(state): State<AppState>,
    at: ActionAt,
    headers: HeaderMap,
    CheckedForm(form, id): CheckedForm,
) -> Result<Response, AppError> {
    let found = state.public_action(&at.slug).await?;
    let action = &found.1;
    state.ensure_open(action)?;
    let channel = forms::channel(&form)?;
    let mut v = Violations::default();
    forms::check_appeal(&form, &outcry_domain::Sender::default(), &mut v);
    AppError::refuse(v)?;
    // Two guards. The acted cookie is the browser's own memory: it stops a supporter counting
    // again from a fresh page. The form id is the server's: it holds when the cookie is dropped
    // and when two posts of one form are in flight at once. Either way the answer is the thanks
    // page, as for the first post: a double click is not an error.
    let keys = state.keys();
    let mut acted = Acted::from_headers(&headers, &keys);
    let mut cookie = None;
    if !acted.contains(&keys, &action.slug, channel) {
        let record = ActionRecord {
            action: action.slug.clone(),
            channel,
            lang: at.visit.locale.lang(),
            country: forms::country(&form),
            at: state.clock.now(),
        };
        count_once(&state, &id, &record).await?;
        // An open action has a deadline (`ensure_open`); the cookie is needed until then.
        cookie = acted.add_for(&keys, (action, channel), record.at, state.config.hsts);
    }
    let thanks = ActionUrls::new(at.visit.locale, &action.slug).thanks();
    Ok((SetCookie(cookie), Redirect::to(&thanks)).into_response())
}

/// Stores `record` if this is the first time the form `id` counts for its action and channel
/// (the scope: one action page's forms share an id, and each channel counts once). A count
/// that fails gives the form back, so pressing again can still count. The public counts show
/// it at their next step (`cache.rs`), not now.
async fn count_once(state: &AppState, id: &FormId, record: &ActionRecord) -> Result<(), AppError> {
    let scope = format!("done:{}:{}", record.action, record.channel.as_str());
    let (form, expires) = (id.as_str(), id.expires_at());
    if !state
        .store
        .claim_form(form, &scope, expires, record.at)
        .await?
    {
        return Ok(());
    }
    if let Err(e) = state.store.record_action(record).await {
        if let Err(release) = state.store.release_form(form, &scope).await {
            tracing::warn!(error = %release, "a form stays claimed although its count failed");
        }
        return Err(e.into());
    }
    Ok(())
}

/// GET: thanks, the published count, and ways to share the action. Whether the supporter's
/// own action counted comes from their acted cookie, which `done` has just set: the public
/// count may not show it until its next step.
pub async fn thanks(
    State(state): State<AppState>,
    at: ActionAt,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let found = state.public_action(&at.slug).await?;
    let counts = state.action_counts(&at.slug).await?;
    let keys = state.keys();
    let counted = Acted::from_headers(&headers, &keys).any_channel(&keys, &at.slug);
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let site = state.config.site_url(host);
    let published = (counts.total, state.config.count_refresh);
    let page = ThanksPage::build(&at.visit, &found.1, published, counted, &site);
    render(&page, Caching::Private)
}
