//! Letters to the person in prison: the "Write to …" page with the address card, the rules and
//! the composer; the check (server-side, so it works without JavaScript); the PDF; and, when
//! the case relays letters, handing the letter to the group.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use outcry_domain::{CaseBundle, Lang, Pronouns, RelayLetter, Slug, Violations};
use outcry_i18n::{Arg, Locale, format_date, format_number};
use outcry_letters::{Gender, Group, MAX_LETTER_CHARS};
use outcry_pdf::Layout;

use super::post::{layout, return_address};
use crate::error::{ErrorKind, WebError};
use crate::form::PostedForm;
use crate::locale::PathLocale;
use crate::pages::{
    AddressCard, CheckPage, Chrome, PhraseChoice, PhraseGroup, RelayChoice, SentPage, WarningView,
    WritePage, render,
};
use crate::present::problem_messages;
use crate::print::{country_line, pdf_response, prisoner_letter};
use crate::state::AppState;

/// The rules shown on the page, as message ids (`<id>-title`, `<id>-body`).
const RULES: [&str; 5] = [
    "write-rule-russian",
    "write-rule-topics",
    "write-rule-enclosures",
    "write-rule-time",
    "write-rule-safety",
];

/// Phrases ticked when the page opens, so a first letter needs only one click.
const SUGGESTED: [&str; 4] = [
    "greeting-hello",
    "greeting-first-letter",
    "wish-health",
    "closing-warmly",
];

async fn load_case(state: &AppState, locale: Locale, raw: &str) -> Result<CaseBundle, WebError> {
    let slug: Slug = super::slug(locale, raw)?;
    state
        .store
        .export_case(&slug)
        .await
        .map_err(|e| WebError::from_storage(locale, e))
}

fn gender_of(pronouns: &Pronouns) -> Gender {
    match pronouns {
        Pronouns::He => Gender::Masculine,
        Pronouns::She => Gender::Feminine,
        Pronouns::They | Pronouns::Unknown => Gender::Neutral,
    }
}

/// The person's first name in a language ("Азат", "Azat").
fn first_name(bundle: &CaseBundle, lang: Lang) -> String {
    let (_, name) = bundle.case.name.best(lang).unwrap_or((lang, ""));
    name.split_whitespace().next().unwrap_or(name).to_string()
}

fn paths(locale: Locale, bundle: &CaseBundle) -> (String, String) {
    let case = format!("/{}/c/{}", locale.code(), bundle.case.slug);
    let write = format!("{case}/write");
    (case, write)
}

fn heading(locale: Locale, bundle: &CaseBundle) -> String {
    let name = first_name(bundle, locale.lang());
    locale.t_args("write-title", &[("name", Arg::Str(&name))])
}

pub async fn show(
    State(state): State<AppState>,
    PathLocale(locale): PathLocale,
    Path((_, raw)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let bundle = load_case(&state, locale, &raw).await?;
    let (case_href, write_href) = paths(locale, &bundle);
    let (csrf, cookie) = super::csrf(&state, &headers);
    let recipient = gender_of(&bundle.case.pronouns);
    let name_ru = first_name(&bundle, Lang::RU);
    let name_mine = first_name(&bundle, locale.lang());
    let groups = Group::ALL
        .into_iter()
        .map(|group| PhraseGroup {
            heading: locale.t(group.key()),
            phrases: outcry_letters::phrase_kit()
                .iter()
                .filter(|p| p.group == group)
                .map(|p| PhraseChoice {
                    id: p.id.clone(),
                    russian: p.russian(recipient, Gender::Neutral, &name_ru),
                    meaning: (locale != Locale::Ru).then(|| p.meaning(&name_mine)),
                    checked: SUGGESTED.contains(&p.id.as_str()),
                })
                .collect(),
        })
        .collect();
    let rules = RULES
        .iter()
        .map(|id| {
            (
                locale.t(&format!("{id}-title")),
                locale.t_args(&format!("{id}-body"), &[("name", Arg::Str(&name_mine))]),
            )
        })
        .collect();
    let relay = relay_note(&state, locale, &bundle).await?;
    let page = WritePage {
        chrome: Chrome::new(
            locale,
            heading(locale, &bundle),
            &format!("/c/{}/write", bundle.case.slug),
            state.config.demo_notice,
        ),
        heading: heading(locale, &bundle),
        case_href,
        write_href,
        address: address_card(locale, &bundle, &name_mine),
        rules,
        groups,
        relay,
        csrf,
    };
    Ok(super::with_cookie(render(StatusCode::OK, &page), cookie))
}

fn address_card(locale: Locale, bundle: &CaseBundle, name: &str) -> AddressCard {
    let case = &bundle.case;
    let current = case.current_address();
    let lines = current
        .map(|a| a.envelope_lines(&country_line(a.country)))
        .unwrap_or_default();
    let has_cyrillic = lines
        .iter()
        .any(|l| l.chars().any(|c| matches!(c, 'А'..='я' | 'Ё' | 'ё')));
    let latin = has_cyrillic.then(|| outcry_letters::latin_reading(&lines.join(", ")));
    let verified = current.and_then(|a| a.verified_on).map(|d| {
        locale.t_args(
            "case-address-verified",
            &[("date", Arg::Str(&format_date(locale, d)))],
        )
    });
    let warning = (case.address_may_be_stale() && current.is_some())
        .then(|| locale.t_args("case-address-stale", &[("name", Arg::Str(name))]));
    let missing = current.is_none().then(|| {
        let since = case
            .addresses
            .iter()
            .filter_map(|a| a.superseded_on)
            .max()
            .map(|d| format_date(locale, d));
        match since {
            Some(date) => locale.t_args(
                "write-address-superseded",
                &[("name", Arg::Str(name)), ("date", Arg::Str(&date))],
            ),
            None => locale.t_args("write-address-none", &[("name", Arg::Str(name))]),
        }
    });
    AddressCard {
        lines,
        latin,
        verified,
        warning,
        missing,
    }
}

async fn relay_note(
    state: &AppState,
    locale: Locale,
    bundle: &CaseBundle,
) -> Result<Option<String>, WebError> {
    let Some(relay) = &bundle.case.relay else {
        return Ok(None);
    };
    let counts = state
        .store
        .relay_counts(&bundle.case.slug)
        .await
        .map_err(|e| WebError::from_storage(locale, e))?;
    let waiting = counts.pending + counts.approved;
    Ok(Some(locale.t_args(
        "write-relay-note",
        &[
            ("group", Arg::Str(&relay.group)),
            ("name", Arg::Str(&first_name(bundle, locale.lang()))),
            ("waiting", Arg::Num(i64::try_from(waiting).unwrap_or(0))),
            ("waiting_shown", Arg::Str(&format_number(locale, waiting))),
        ],
    )))
}

fn require_csrf(
    state: &AppState,
    locale: Locale,
    headers: &HeaderMap,
    form: &PostedForm,
) -> Result<(), WebError> {
    if crate::security::csrf_ok(&state.secret, headers, form.get("csrf"), state.clock.now()) {
        Ok(())
    } else {
        Err(WebError::new(locale, ErrorKind::Csrf))
    }
}

/// The letter's text and signature from the form, checked. The composer sends phrases and
/// free text; the check page sends the whole text back as the writer edited it.
fn letter_from_form(
    locale: Locale,
    bundle: &CaseBundle,
    form: &PostedForm,
) -> Result<(String, String), WebError> {
    let mut v = Violations::default();
    v.letter_text("free", form.get("free"), MAX_LETTER_CHARS);
    v.letter_text("text", form.get("text"), MAX_LETTER_CHARS);
    v.letter_line(
        "signature",
        form.get("signature"),
        RelayLetter::MAX_SIGNATURE,
    );
    let problems = problem_messages(locale, &v);
    if !problems.is_empty() {
        return Err(WebError::new(locale, ErrorKind::BadRequest(problems)));
    }
    let text = if form.get("text").trim().is_empty() {
        let writer = match form.get("writer") {
            "m" => Gender::Masculine,
            "f" => Gender::Feminine,
            _ => Gender::Neutral,
        };
        outcry_letters::compose(
            form.all("phrase"),
            form.get("free"),
            gender_of(&bundle.case.pronouns),
            writer,
            &first_name(bundle, Lang::RU),
        )
    } else {
        form.get("text").replace("\r\n", "\n").trim().to_string()
    };
    if text.is_empty() {
        return Err(WebError::new(
            locale,
            ErrorKind::BadRequest(vec![locale.t("write-empty")]),
        ));
    }
    if text.chars().count() > MAX_LETTER_CHARS {
        let mut v = Violations::default();
        v.optional_text("text", &text, MAX_LETTER_CHARS);
        return Err(WebError::new(
            locale,
            ErrorKind::BadRequest(problem_messages(locale, &v)),
        ));
    }
    Ok((text, form.get("signature").trim().to_string()))
}

/// What every POST of a letter starts with: the case, a valid token, the letter checked.
async fn posted_letter(
    state: &AppState,
    locale: Locale,
    raw: &str,
    headers: &HeaderMap,
    form: &PostedForm,
) -> Result<(CaseBundle, String, String), WebError> {
    let bundle = load_case(state, locale, raw).await?;
    require_csrf(state, locale, headers, form)?;
    let (text, signature) = letter_from_form(locale, &bundle, form)?;
    Ok((bundle, text, signature))
}

/// POST: put the letter together (or take the edited one), check it, show it with its
/// warnings and the ways to send it.
pub async fn check(
    State(state): State<AppState>,
    PathLocale(locale): PathLocale,
    Path((_, raw)): Path<(String, String)>,
    headers: HeaderMap,
    form: PostedForm,
) -> Result<Response, WebError> {
    let (bundle, text, signature) = posted_letter(&state, locale, &raw, &headers, &form).await?;
    let warnings: Vec<WarningView> = outcry_letters::check(&text)
        .into_iter()
        .map(|w| WarningView {
            title: locale.t(&format!("{}-title", w.kind.key())),
            explanation: locale.t(w.kind.key()),
            excerpt: w.excerpt,
        })
        .collect();
    let e_letter_text = if signature.is_empty() {
        text.clone()
    } else {
        format!("{text}\n\n{signature}")
    };
    let chars = e_letter_text.chars().count();
    let pages = outcry_letters::e_letter_pages(&e_letter_text);
    let e_letter_note = locale.t_args(
        "write-e-letter-note",
        &[
            ("chars", Arg::Num(i64::try_from(chars).unwrap_or(0))),
            (
                "chars_shown",
                Arg::Str(&format_number(locale, chars as u64)),
            ),
            (
                "limit",
                Arg::Str(&format_number(
                    locale,
                    outcry_letters::E_LETTER_PAGE_CHARS as u64,
                )),
            ),
            ("pages", Arg::Num(i64::try_from(pages).unwrap_or(0))),
        ],
    );
    let (_, write_href) = paths(locale, &bundle);
    let name = first_name(&bundle, locale.lang());
    let relay = bundle.case.relay.as_ref().map(|r| RelayChoice {
        heading: locale.t_args("write-relay-title", &[("group", Arg::Str(&r.group))]),
        body: locale.t_args(
            "write-relay-body",
            &[("group", Arg::Str(&r.group)), ("name", Arg::Str(&name))],
        ),
        button: locale.t_args("write-relay-send", &[("group", Arg::Str(&r.group))]),
    });
    let envelope_lines = bundle
        .case
        .current_address()
        .map(|a| a.envelope_lines(&country_line(a.country)))
        .unwrap_or_default();
    let (csrf, cookie) = super::csrf(&state, &headers);
    let page = CheckPage {
        chrome: Chrome::new(
            locale,
            locale.t("write-check-title"),
            &format!("/c/{}/write", bundle.case.slug),
            state.config.demo_notice,
        ),
        heading: heading(locale, &bundle),
        write_href,
        all_clear: warnings.is_empty(),
        warnings,
        e_letter_over: pages > 1,
        e_letter_text,
        e_letter_note,
        envelope_lines,
        relay,
        text,
        signature,
        address: form.get("address").to_string(),
        max_chars: MAX_LETTER_CHARS,
        csrf,
    };
    Ok(super::with_cookie(render(StatusCode::OK, &page), cookie))
}

/// POST: the letter and its envelope as a PDF.
pub async fn pdf(
    State(state): State<AppState>,
    PathLocale(locale): PathLocale,
    Path((_, raw)): Path<(String, String)>,
    headers: HeaderMap,
    form: PostedForm,
) -> Result<Response, WebError> {
    let (bundle, text, signature) = posted_letter(&state, locale, &raw, &headers, &form).await?;
    let mut problems = Vec::new();
    let address = return_address(locale, form.get("address"), &mut problems);
    let layout: Layout = layout(locale, &form, &mut problems);
    if !problems.is_empty() {
        return Err(WebError::new(locale, ErrorKind::BadRequest(problems)));
    }
    let mut from = Vec::new();
    if !signature.is_empty() {
        from.push(signature.clone());
    }
    from.extend(address);
    let today = state.clock.now().to_zoned(jiff::tz::TimeZone::UTC).date();
    let letter = prisoner_letter(
        bundle.case.current_address(),
        &text,
        &signature,
        from,
        today,
        locale,
    );
    let pdf = state
        .printer
        .render(vec![letter], layout)
        .await
        .map_err(|e| WebError::internal(locale, &e))?;
    Ok(pdf_response(
        pdf,
        &format!("letter-to-{}.pdf", bundle.case.slug),
    ))
}

/// POST: hand the letter to the group that relays letters for this case.
pub async fn relay(
    State(state): State<AppState>,
    PathLocale(locale): PathLocale,
    Path((_, raw)): Path<(String, String)>,
    headers: HeaderMap,
    form: PostedForm,
) -> Result<Response, WebError> {
    let (bundle, text, signature) = posted_letter(&state, locale, &raw, &headers, &form).await?;
    if bundle.case.relay.is_none() {
        return Err(WebError::not_found(locale));
    }
    let mut problems = Vec::new();
    let address = return_address(locale, form.get("address"), &mut problems);
    if !problems.is_empty() {
        return Err(WebError::new(locale, ErrorKind::BadRequest(problems)));
    }
    // By default the letter shows the first name only and the group's address: letters can
    // end up with investigators, and the writer's full identity adds nothing for the reader.
    let (signature, return_address) = if form.get("identity") == "full" {
        (signature, address)
    } else {
        (
            signature
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_string(),
            Vec::new(),
        )
    };
    let letter = RelayLetter {
        lang: locale.lang(),
        text,
        signature,
        return_address,
    };
    if let Err(v) = letter.check() {
        return Err(WebError::new(
            locale,
            ErrorKind::BadRequest(problem_messages(locale, &v)),
        ));
    }
    state
        .store
        .submit_relay_letter(&bundle.case.slug, &letter, state.clock.now())
        .await
        .map_err(|e| WebError::from_storage(locale, e))?;
    let to = format!("/{}/c/{}/write/sent", locale.code(), bundle.case.slug);
    Ok(Redirect::to(&to).into_response())
}

pub async fn sent(
    State(state): State<AppState>,
    PathLocale(locale): PathLocale,
    Path((_, raw)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let bundle = load_case(&state, locale, &raw).await?;
    let Some(relay) = &bundle.case.relay else {
        return Err(WebError::not_found(locale));
    };
    let (case_href, write_href) = paths(locale, &bundle);
    let name = first_name(&bundle, locale.lang());
    let page = SentPage {
        chrome: Chrome::new(
            locale,
            locale.t("write-sent-title"),
            &format!("/c/{}/write/sent", bundle.case.slug),
            state.config.demo_notice,
        ),
        heading: locale.t("write-sent-title"),
        body: locale.t_args(
            "write-sent-body",
            &[("group", Arg::Str(&relay.group)), ("name", Arg::Str(&name))],
        ),
        case_href,
        write_href,
    };
    Ok(render(StatusCode::OK, &page))
}
