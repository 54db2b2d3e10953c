//! "Print and post": the supporter's edited letter as a PDF, one letter and envelope per
//! target with a postal address. Reporting "I posted it" goes through `actions::done` like
//! the other channels.

use axum::extract::State;
use axum::response::Response;
use outcry_domain::Violations;
use outcry_pdf::{Edits, ReturnAddress, appeal_letter};

use crate::error::AppError;
use crate::extract::{ActionAt, CheckedForm};
use crate::forms;
use crate::print::pdf_response;
use crate::state::AppState;

pub async fn letter_pdf(
    State(state): State<AppState>,
    at: ActionAt,
    CheckedForm(form, _): CheckedForm,
) -> Result<Response, AppError> {
    let found = state.public_action(&at.slug).await?;
    let (bundle, action) = (&found.0, &found.1);
    state.ensure_open(action)?;
    let sender = forms::sender(&form);
    let mut v = Violations::default();
    forms::check_appeal(&form, &sender, &mut v);
    let address = forms::return_address(form.get("address"), &mut v);
    let layout = forms::layout(&form, &mut v);
    AppError::refuse(v)?;
    let lang = forms::letter_language(action, at.visit.locale, &form);
    let model = action.letters.get(&lang).ok_or(AppError::NotFound)?;
    let from = ReturnAddress {
        sender: &sender,
        lines: &address,
    };
    let edits = Edits {
        subject: form.get("subject"),
        body: form.get("body"),
    };
    let today = state.today();
    let letters: Vec<_> = bundle
        .targets_of(action)
        .into_iter()
        .filter(|t| !t.address.is_empty())
        .map(|t| appeal_letter(lang, model, t, &edits, &from, today))
        .collect();
    if letters.is_empty() {
        return Err(AppError::bad_request("print-no-postal-address"));
    }
    let pdf = state.printer.render(letters, layout).await?;
    Ok(pdf_response(pdf, &format!("letter-{}.pdf", action.slug)))
}
