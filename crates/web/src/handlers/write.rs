//! Letters to the person in prison: the "Write to …" page, the check (server-side, so it
//! works without JavaScript), the PDF, and, when the case relays letters, handing the letter
//! to the group.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use outcry_domain::{RelayLetter, Violations};
use outcry_i18n::Locale;

use crate::error::AppError;
use crate::extract::{CaseAt, CheckedForm, FormToken};
use crate::forms;
use crate::pages::write::Draft;
use crate::pages::{Caching, CheckPage, SentPage, WritePage, render};
use crate::paths::CaseUrls;
use crate::print::pdf_response;
use crate::state::AppState;

/// GET: the address card, the rules and the composer.
pub async fn show(
    State(state): State<AppState>,
    at: CaseAt,
    FormToken { token, cookie }: FormToken,
) -> Result<Response, AppError> {
    let bundle = state.case(&at.slug).await?;
    let waiting = state.relay_waiting(&bundle).await?;
    let page = WritePage::build(&at.visit, &bundle, waiting, token);
    Ok((cookie, render(&page, Caching::Private)?).into_response())
}

/// POST: put the letter together (or take the edited one), check it, show it with its
/// warnings and the ways to send it.
pub async fn check(
    State(state): State<AppState>,
    at: CaseAt,
    FormToken { token, cookie }: FormToken,
    CheckedForm(form, _): CheckedForm,
) -> Result<Response, AppError> {
    let bundle = state.case(&at.slug).await?;
    let draft = forms::prison_letter(&bundle, &form)?;
    let page = CheckPage::build(&at.visit, &bundle, draft, token);
    Ok((cookie, render(&page, Caching::NoStore)?).into_response())
}

/// POST: the letter and its envelope as a PDF.
pub async fn pdf(
    State(state): State<AppState>,
    at: CaseAt,
    CheckedForm(form, _): CheckedForm,
) -> Result<Response, AppError> {
    let bundle = state.case(&at.slug).await?;
    let draft = forms::prison_letter(&bundle, &form)?;
    let mut v = Violations::default();
    let address = forms::return_address(&draft.address, &mut v);
    let layout = forms::layout(&form, &mut v);
    AppError::refuse(v)?;
    let from: Vec<String> = (!draft.signature.is_empty())
        .then(|| draft.signature.clone())
        .into_iter()
        .chain(address)
        .collect();
    let letter = outcry_pdf::prisoner_letter(
        bundle.case.current_address(),
        &draft.text,
        &draft.signature,
        from,
        state.today(),
        at.visit.locale,
    );
    let pdf = state.printer.render(vec![letter], layout).await?;
    let name = format!("letter-to-{}.pdf", bundle.case.slug);
    Ok(pdf_response(pdf, &name))
}

/// POST: hand the letter to the group that relays letters for this case.
pub async fn relay(
    State(state): State<AppState>,
    at: CaseAt,
    CheckedForm(form, _): CheckedForm,
) -> Result<Response, AppError> {
    let bundle = state.case(&at.slug).await?;
    let draft = forms::prison_letter(&bundle, &form)?;
    if bundle.case.relay.is_none() {
        return Err(AppError::NotFound);
    }
    let mut v = Violations::default();
    let address = forms::return_address(&draft.address, &mut v);
    AppError::refuse(v)?;
    let letter = relayed(
        at.visit.locale,
        draft,
        address,
        form.get("identity") == "full",
    );
    state.submit_relay_letter(&at.slug, &letter).await?;
    let sent = CaseUrls::new(at.visit.locale, &at.slug).write_sent();
    Ok(Redirect::to(&sent).into_response())
}

/// The letter as the group will print it. By default it shows the first name only and the
/// group's address: letters can end up with investigators, and the writer's full identity
/// adds nothing for the reader.
fn relayed(locale: Locale, draft: Draft, address: Vec<String>, full: bool) -> RelayLetter {
    let (signature, return_address) = if full {
        (draft.signature, address)
    } else {
        let first = draft.signature.split_whitespace().next().unwrap_or("");
        (first.to_string(), Vec::new())
    };
    RelayLetter {
        lang: locale.lang(),
        text: draft.text,
        signature,
        return_address,
    }
}

/// GET: "the group has your letter".
pub async fn sent(State(state): State<AppState>, at: CaseAt) -> Result<Response, AppError> {
    let bundle = state.case(&at.slug).await?;
    let relay = bundle.case.relay.as_ref().ok_or(AppError::NotFound)?;
    // Nothing typed is on it, but it tells that this browser handed a letter over.
    render(
        &SentPage::build(&at.visit, &bundle, &relay.group),
        Caching::Private,
    )
}
