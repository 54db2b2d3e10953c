//! "Print and post": the supporter's edited letter as a PDF, one letter and envelope per
//! target. Reporting "I posted it" goes through `actions::done` like the other channels.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use outcry_domain::{Country, EnvelopeSize, Paper, Violations};
use outcry_i18n::{Arg, Locale};
use outcry_pdf::Layout;

use super::actions::{
    check_fields, load, posted_letter_language, require_open_and_csrf, sender_from,
};
use crate::error::{ErrorKind, WebError};
use crate::form::PostedForm;
use crate::locale::PathLocale;
use crate::print::{ReturnAddress, appeal_letter, pdf_response};
use crate::state::AppState;

/// At most this many lines of return address, each at most [`MAX_ADDRESS_LINE`] characters.
const MAX_ADDRESS_LINES: usize = 6;
const MAX_ADDRESS_LINE: usize = 100;

pub async fn letter_pdf(
    State(state): State<AppState>,
    PathLocale(locale): PathLocale,
    Path((_, raw)): Path<(String, String)>,
    headers: HeaderMap,
    form: PostedForm,
) -> Result<Response, WebError> {
    let found = load(&state, locale, &raw).await?;
    let (bundle, action) = (&found.0, &found.1);
    require_open_and_csrf(&state, locale, action, &headers, &form)?;
    let sender = sender_from(&form);
    let mut problems = check_fields(locale, &form, &sender);
    let address = return_address(locale, form.get("address"), &mut problems);
    let layout = layout(locale, &form, &mut problems);
    if !problems.is_empty() {
        return Err(WebError::new(locale, ErrorKind::BadRequest(problems)));
    }
    let lang = posted_letter_language(action, locale, &form);
    let Some(model) = action.letters.get(&lang) else {
        return Err(WebError::not_found(locale));
    };
    let from = ReturnAddress {
        sender: &sender,
        lines: &address,
    };
    let today = state.clock.now().to_zoned(jiff::tz::TimeZone::UTC).date();
    let letters: Vec<_> = action
        .targets
        .iter()
        .filter_map(|s| bundle.targets.iter().find(|t| &t.slug == s))
        .filter(|t| !t.address.is_empty())
        .map(|t| {
            appeal_letter(
                lang,
                model,
                t,
                form.get("subject"),
                form.get("body"),
                &from,
                today,
            )
        })
        .collect();
    if letters.is_empty() {
        return Err(WebError::new(
            locale,
            ErrorKind::BadRequest(vec![locale.t("print-no-postal-address")]),
        ));
    }
    let pdf = state
        .printer
        .render(letters, layout)
        .await
        .map_err(|e| WebError::internal(locale, &e))?;
    Ok(pdf_response(pdf, &format!("letter-{}.pdf", action.slug)))
}

/// The return address as typed, one line each, blank lines dropped.
pub(super) fn return_address(locale: Locale, raw: &str, problems: &mut Vec<String>) -> Vec<String> {
    let lines: Vec<String> = raw
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    let mut v = Violations::default();
    for line in &lines {
        v.letter_line("address", line, MAX_ADDRESS_LINE);
    }
    if lines.len() > MAX_ADDRESS_LINES {
        v.push(
            "address",
            outcry_domain::Problem::TooMany {
                count: lines.len(),
                max: MAX_ADDRESS_LINES,
            },
        );
    }
    problems.extend(crate::present::problem_messages(locale, &v));
    lines
}

/// Paper and envelope from the form; "auto" paper follows the supporter's country.
pub(super) fn layout(locale: Locale, form: &PostedForm, problems: &mut Vec<String>) -> Layout {
    let country = form.get("country").parse::<Country>().ok();
    let paper = match form.get("paper") {
        "" | "auto" => Some(Paper::for_country(country)),
        other => Paper::parse(other),
    };
    let envelope = match form.get("envelope") {
        "" => Some(EnvelopeSize::default()),
        other => EnvelopeSize::parse(other),
    };
    for (ok, field) in [(paper.is_some(), "paper"), (envelope.is_some(), "envelope")] {
        if !ok {
            problems.push(locale.t_args(
                "error-field-invalid",
                &[("field", Arg::Str(&locale.t(&format!("field-{field}"))))],
            ));
        }
    }
    Layout {
        paper: paper.unwrap_or_default(),
        envelope: envelope.unwrap_or_default(),
    }
}
