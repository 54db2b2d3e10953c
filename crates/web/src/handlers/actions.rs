//! The action page and the ways to act from it: preparing an email, reporting that one acted,
//! and the thank-you page.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use outcry_domain::{
    ActionStatus, CaseBundle, Channel, ComposedLetter, Country, Lang, Sender, UrgentAction,
    Violations,
};
use outcry_i18n::{Arg, Locale, format_number};
use outcry_storage::ActionRecord;

use crate::acted::Acted;
use crate::error::{ErrorKind, WebError};
use crate::form::PostedForm;
use crate::locale::PathLocale;
use crate::pages::{
    ActionPage, CallScript, Chrome, EmailPage, LetterView, TargetView, ThanksPage, render,
};
use crate::present::{self, lang_code, text};
use crate::state::AppState;

/// Loads a public action with its case; drafts do not exist for the public.
pub(super) async fn load(
    state: &AppState,
    locale: Locale,
    raw: &str,
) -> Result<Arc<(CaseBundle, UrgentAction)>, WebError> {
    let slug = super::slug(locale, raw)?;
    let found = state
        .action_with_case(&slug)
        .await
        .map_err(|e| WebError::from_storage(locale, e))?;
    if found.1.status == ActionStatus::Draft {
        return Err(WebError::not_found(locale));
    }
    Ok(found)
}

/// Stands in the cached page where each visitor's own CSRF token goes.
const TOKEN_SLOT: &str = "outcry-csrf-token-slot";

pub async fn show(
    State(state): State<AppState>,
    PathLocale(locale): PathLocale,
    Path((_, raw)): Path<(String, String)>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let found = load(&state, locale, &raw).await?;
    let (csrf, cookie) = super::csrf(&state, &headers);
    // `?letter=ru`: the supporter picked another language for the letter they edit.
    let chosen = query
        .and_then(|q| crate::form::parse(q.as_bytes()))
        .and_then(|fields| fields.into_iter().find(|(k, _)| k == "letter"))
        .and_then(|(_, l)| l.parse::<Lang>().ok())
        .filter(|l| found.1.letters.contains_key(l));
    // The page is the same for every visitor but for the token: render it once a second, kept
    // as the pieces around the token, so each visitor's copy is a few memory copies.
    let key = (locale, found.1.slug.clone(), chosen);
    let pieces = match state.cache.rendered(&key) {
        Some(pieces) => pieces,
        None => {
            let page = action_page(&state, locale, &found, chosen).await?;
            let html =
                crate::pages::render_string(&page).map_err(|e| WebError::internal(locale, &e))?;
            let pieces: Arc<[String]> = html.split(TOKEN_SLOT).map(String::from).collect();
            state.cache.put_rendered(key, pieces.clone());
            pieces
        }
    };
    let mut body = String::with_capacity(
        pieces.iter().map(String::len).sum::<usize>() + pieces.len() * csrf.len(),
    );
    for (i, piece) in pieces.iter().enumerate() {
        if i > 0 {
            body.push_str(&csrf);
        }
        body.push_str(piece);
    }
    Ok(super::with_cookie(
        crate::pages::html(StatusCode::OK, body),
        cookie,
    ))
}

async fn action_page(
    state: &AppState,
    locale: Locale,
    found: &(CaseBundle, UrgentAction),
    chosen: Option<Lang>,
) -> Result<ActionPage, WebError> {
    let (bundle, action) = (&found.0, &found.1);
    let counts = state
        .action_counts(&action.slug)
        .await
        .map_err(|e| WebError::from_storage(locale, e))?;
    let now = state.clock.now();
    let csrf = TOKEN_SLOT.to_string();

    let case_name = text(locale, &bundle.case.name).0;
    let (headline, content_lang) = text(locale, &action.headline);
    let open = action.is_open(now);
    let targets: Vec<_> = action
        .targets
        .iter()
        .filter_map(|s| bundle.targets.iter().find(|t| &t.slug == s))
        .collect();
    let edit_lang = chosen.unwrap_or_else(|| letter_language(action, locale));
    let other_letters = action
        .letters
        .keys()
        .filter(|l| **l != edit_lang)
        .map(|l| {
            let label = locale.t_args(
                "action-letter-write-in",
                &[("language", Arg::Str(&language_name(locale, *l)))],
            );
            (
                format!("/{}/a/{}?letter={l}#body", locale.code(), action.slug),
                label,
            )
        })
        .collect();
    let model = action.letters.get(&edit_lang);
    let target_country = targets
        .iter()
        .find_map(|t| t.country)
        .map_or(String::new(), |c| country_name(locale, c));

    let closed_notice = match action.status {
        ActionStatus::Withdrawn => Some((
            locale.t("action-withdrawn-title"),
            locale.t("action-withdrawn-body"),
        )),
        _ if !open => Some((
            locale.t("action-closed-title"),
            locale.t("action-closed-body"),
        )),
        _ => None,
    };
    let goal = action.goal.filter(|g| *g > 0).map(|g| {
        let percent = u32::try_from((counts.total.saturating_mul(100) / u64::from(g)).min(100))
            .unwrap_or(100);
        let label = locale.t_args(
            "goal-progress",
            &[
                ("shown", Arg::Str(&format_number(locale, counts.total))),
                ("goal", Arg::Str(&format_number(locale, u64::from(g)))),
            ],
        );
        (label, percent)
    });

    let page = ActionPage {
        chrome: Chrome::new(
            locale,
            headline.clone(),
            &format!("/a/{}", action.slug),
            state.config.demo_notice,
        ),
        slug: action.slug.to_string(),
        case_href: format!("/{}/c/{}", locale.code(), bundle.case.slug),
        content_note: (content_lang != locale.lang()).then(|| {
            locale.t_args(
                "action-letter-not-in-your-language",
                &[("language", Arg::Str(&language_name(locale, content_lang)))],
            )
        }),
        content_lang: lang_code(content_lang),
        summary_html: crate::markdown::to_html(&text(locale, &action.summary).0),
        background_html: crate::markdown::to_html(&text(locale, &action.background).0),
        deadline: present::deadline_text(locale, action, now),
        closed_notice,
        count: present::count_text(locale, counts.total),
        by_channel: present::channel_counts(locale, &counts),
        goal,
        targets: targets.iter().map(|t| target_view(t)).collect(),
        letters: letter_views(locale, action, &targets),
        edit_subject: model.map_or(String::new(), |m| m.subject.clone()),
        edit_body: model.map_or(String::new(), |m| m.body.clone()),
        edit_lang: edit_lang.to_string(),
        other_letters,
        countries: present::countries(locale),
        safety_title: locale.t_args(
            "action-safety-title",
            &[("country", Arg::Str(&target_country))],
        ),
        safety_body: locale.t_args(
            "action-safety-body",
            &[("country", Arg::Str(&target_country))],
        ),
        csrf,
        call: call_script(locale, &case_name, &targets, now),
        more_ways: locale.t_args("action-more-ways", &[("name", Arg::Str(&case_name))]),
        post_notes: locale.t_args(
            "action-post-notes",
            &[("country", Arg::Str(&target_country))],
        ),
        case_name,
        headline,
        open,
    };
    Ok(page)
}

/// The letter a supporter starts from: in their own language when the targets read it,
/// otherwise in the targets' first preferred language that has a model letter.
pub(super) fn letter_language(action: &UrgentAction, locale: Locale) -> Lang {
    let mine = locale.lang();
    if action.letters.contains_key(&mine)
        && (action.preferred_languages.is_empty() || action.preferred_languages.contains(&mine))
    {
        return mine;
    }
    action
        .preferred_languages
        .iter()
        .find(|l| action.letters.contains_key(l))
        .or_else(|| action.letters.keys().next())
        .copied()
        .unwrap_or(mine)
}

fn target_view(t: &outcry_domain::Target) -> TargetView {
    let mut address = t.address.clone();
    if let Some(c) = t.country {
        address.push(crate::print::country_line(c));
    }
    TargetView {
        name: t.name.clone(),
        title: t.title.clone(),
        organization: t.organization.clone(),
        address,
        emails: t.emails.iter().map(|e| e.to_string()).collect(),
        phones: t.phones.iter().map(|p| (p.to_string(), p.dial())).collect(),
        fax: t.fax.as_ref().map(|f| f.to_string()),
    }
}

fn country_name(locale: Locale, c: Country) -> String {
    locale
        .try_t(&format!("country-{c}"))
        .unwrap_or_else(|| c.to_string())
}

fn language_name(locale: Locale, lang: Lang) -> String {
    locale
        .try_t(&format!("language-{lang}"))
        .unwrap_or_else(|| lang.english_name().to_string())
}

/// The model letters to show: each of the targets' preferred languages, with the letter in the
/// visitor's language beside it when that is a different one (the visitor then understands
/// what they are sending). When the targets read only the visitor's language, it stands alone.
fn letter_views(
    locale: Locale,
    action: &UrgentAction,
    targets: &[&outcry_domain::Target],
) -> Vec<LetterView> {
    let view = |lang: Lang, translation: bool| -> Option<LetterView> {
        let m = action.letters.get(&lang)?;
        let salutation = if m.salutation.is_empty() {
            targets
                .first()
                .and_then(|t| t.salutations.get(&lang))
                .cloned()
                .unwrap_or_default()
        } else {
            m.salutation.clone()
        };
        let key = if translation {
            "action-letter-translation"
        } else {
            "action-letter-in"
        };
        Some(LetterView {
            heading: locale.t_args(key, &[("language", Arg::Str(&language_name(locale, lang)))]),
            lang: lang.to_string(),
            subject: m.subject.clone(),
            salutation,
            body: m.body.clone(),
            sign_off: m.sign_off.clone(),
            translation: None,
        })
    };
    let mut langs: Vec<Lang> = action
        .preferred_languages
        .iter()
        .copied()
        .filter(|l| action.letters.contains_key(l))
        .collect();
    if langs.is_empty() {
        langs = action.letters.keys().copied().collect();
    }
    let mine = locale.lang();
    let others: Vec<Lang> = langs.iter().copied().filter(|l| *l != mine).collect();
    if others.is_empty() {
        return view(mine, false).into_iter().collect();
    }
    others
        .into_iter()
        .filter_map(|lang| {
            let mut v = view(lang, false)?;
            v.translation = view(mine, true).map(Box::new);
            Some(v)
        })
        .collect()
}

fn call_script(
    locale: Locale,
    person: &str,
    targets: &[&outcry_domain::Target],
    now: jiff::Timestamp,
) -> Option<CallScript> {
    let numbers: Vec<(String, String)> = targets
        .iter()
        .flat_map(|t| t.phones.iter().map(|p| (p.to_string(), p.dial())))
        .collect();
    if numbers.is_empty() {
        return None;
    }
    let local = targets.iter().find_map(|t| t.local_time(now));
    let ask = locale.t_args("action-call-script-ask", &[("person", Arg::Str(person))]);
    Some(CallScript {
        text: locale.t_args(
            "action-call-script",
            &[
                ("name", Arg::Str("…")),
                ("person", Arg::Str(person)),
                ("ask", Arg::Str(&ask)),
            ],
        ),
        numbers,
        local_time: local.as_ref().map(|z| {
            locale.t_args(
                "action-way-phone-local-time",
                &[("time", Arg::Str(&z.strftime("%H:%M").to_string()))],
            )
        }),
        office: local.as_ref().map(|z| {
            locale.t(if outcry_domain::target::probably_in_office(z) {
                "action-way-phone-office-open"
            } else {
                "action-way-phone-office-closed"
            })
        }),
    })
}

/// Who signs, as the supporter typed it in the action page's form.
pub(super) fn sender_from(form: &PostedForm) -> Sender {
    Sender {
        name: form.get("name").to_string(),
        town: form.get("town").to_string(),
        initials_only: form.get("safety") == "on",
    }
}

/// The language of the letter the supporter edited, when the action has it.
pub(super) fn posted_letter_language(
    action: &UrgentAction,
    locale: Locale,
    form: &PostedForm,
) -> Lang {
    form.get("lang")
        .parse::<Lang>()
        .ok()
        .filter(|l| action.letters.contains_key(l))
        .unwrap_or_else(|| letter_language(action, locale))
}

/// Checks what the supporter typed; problems come back as localized lines.
pub(super) fn check_fields(locale: Locale, form: &PostedForm, sender: &Sender) -> Vec<String> {
    let mut v = Violations::default();
    sender.check(&mut v);
    v.optional_text("subject", form.get("subject"), 300);
    v.optional_text("body", form.get("body"), 20_000);
    if form.get("subject").chars().any(char::is_control) {
        v.push("subject", outcry_domain::Problem::ControlCharacters);
    }
    let country = form.get("country");
    if !country.is_empty() && !present::is_offered_country(country) {
        v.push(
            "country",
            outcry_domain::Problem::InvalidCountry {
                value: country.to_string(),
            },
        );
    }
    present::problem_messages(locale, &v)
}

pub(super) fn require_open_and_csrf(
    state: &AppState,
    locale: Locale,
    action: &UrgentAction,
    headers: &HeaderMap,
    form: &PostedForm,
) -> Result<(), WebError> {
    if !crate::security::csrf_ok(&state.secret, headers, form.get("csrf"), state.clock.now()) {
        return Err(WebError::new(locale, ErrorKind::Csrf));
    }
    if !action.is_open(state.clock.now()) {
        return Err(WebError::new(locale, ErrorKind::Closed));
    }
    Ok(())
}

/// POST: the supporter's letter, composed, with a `mailto:` link and a copy-and-paste view.
pub async fn prepare_email(
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
    let problems = check_fields(locale, &form, &sender);
    if !problems.is_empty() {
        return Err(WebError::new(locale, ErrorKind::BadRequest(problems)));
    }
    let lang = posted_letter_language(action, locale, &form);
    let targets: Vec<_> = action
        .targets
        .iter()
        .filter_map(|s| bundle.targets.iter().find(|t| &t.slug == s))
        .collect();
    let (Some(model), Some(first)) = (action.letters.get(&lang), targets.first()) else {
        return Err(WebError::not_found(locale));
    };
    let mut letter = ComposedLetter::compose(lang, model, first, Some(form.get("body")), &sender);
    let subject = form.get("subject").trim();
    if !subject.is_empty() {
        letter.subject = subject.to_string();
    }
    let to: Vec<String> = targets
        .iter()
        .flat_map(|t| t.emails.iter().map(|e| e.to_string()))
        .collect();
    let cc: Vec<String> = targets
        .iter()
        .flat_map(|t| t.copies_to.iter())
        .filter_map(|s| bundle.targets.iter().find(|t| &t.slug == s))
        .flat_map(|t| t.emails.iter().map(|e| e.to_string()))
        .collect();
    let to_refs: Vec<&str> = to.iter().map(String::as_str).collect();
    let cc_refs: Vec<&str> = cc.iter().map(String::as_str).collect();
    let link = crate::mailto::link(&to_refs, &cc_refs, &letter.subject, &letter.text);
    let (headline, _) = text(locale, &action.headline);
    let (csrf, cookie) = super::csrf(&state, &headers);
    let page = EmailPage {
        chrome: Chrome::new(
            locale,
            locale.t("action-way-email"),
            &format!("/a/{}", action.slug),
            state.config.demo_notice,
        ),
        headline,
        action_href: format!("/{}/a/{}", locale.code(), action.slug),
        done_href: format!("/{}/a/{}/done", locale.code(), action.slug),
        to,
        cc,
        subject: letter.subject,
        text: letter.text,
        text_lang: lang.to_string(),
        mailto: (link.len() <= crate::mailto::MAX_LEN).then_some(link),
        country: form.get("country").to_string(),
        csrf,
    };
    Ok(super::with_cookie(render(StatusCode::OK, &page), cookie))
}

/// POST: "I sent it" / "I called". Counts once per browser, action and channel, then shows thanks.
pub async fn done(
    State(state): State<AppState>,
    PathLocale(locale): PathLocale,
    Path((_, raw)): Path<(String, String)>,
    headers: HeaderMap,
    form: PostedForm,
) -> Result<Response, WebError> {
    let found = load(&state, locale, &raw).await?;
    let action = &found.1;
    require_open_and_csrf(&state, locale, action, &headers, &form)?;
    let Some(channel) = Channel::parse(form.get("channel")).filter(|c| {
        matches!(
            c,
            Channel::Email | Channel::Phone | Channel::Fax | Channel::Post
        )
    }) else {
        return Err(WebError::new(
            locale,
            ErrorKind::BadRequest(vec![locale.t_args(
                "error-field-invalid",
                &[("field", Arg::Str(&locale.t("field-channel")))],
            )]),
        ));
    };
    let problems = check_fields(locale, &form, &Sender::default());
    if !problems.is_empty() {
        return Err(WebError::new(locale, ErrorKind::BadRequest(problems)));
    }
    let country = form
        .get("country")
        .parse::<Country>()
        .ok()
        .filter(|c| c.as_str() != "ZZ");
    let mut acted = Acted::from_headers(&headers, &state.secret);
    let mut cookie = None;
    if !acted.contains(&action.slug, channel) {
        let record = ActionRecord {
            action: action.slug.clone(),
            channel,
            lang: locale.lang(),
            country,
            at: state.clock.now(),
        };
        state
            .store
            .record_action(&record)
            .await
            .map_err(|e| WebError::from_storage(locale, e))?;
        state.cache.acted_on(&action.slug);
        cookie = acted.add(&action.slug, channel, &state.secret, state.config.hsts);
    }
    let to = format!("/{}/a/{}/thanks", locale.code(), action.slug);
    Ok(super::with_cookie(
        Redirect::to(&to).into_response(),
        cookie,
    ))
}

pub async fn thanks(
    State(state): State<AppState>,
    PathLocale(locale): PathLocale,
    Path((_, raw)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let found = load(&state, locale, &raw).await?;
    let action = &found.1;
    let counts = state
        .action_counts(&action.slug)
        .await
        .map_err(|e| WebError::from_storage(locale, e))?;
    let (headline, _) = text(locale, &action.headline);
    let path = format!("/{}/a/{}", locale.code(), action.slug);
    let base = if state.config.public_url.is_empty() {
        headers
            .get(axum::http::header::HOST)
            .and_then(|h| h.to_str().ok())
            .map_or(String::new(), |h| format!("http://{h}"))
    } else {
        state.config.public_url.trim_end_matches('/').to_string()
    };
    let share_url = format!("{base}{path}");
    let share_links = share_links(locale, &headline, &share_url);
    let page = ThanksPage {
        chrome: Chrome::new(
            locale,
            locale.t("thanks-title"),
            &format!("/a/{}/thanks", action.slug),
            state.config.demo_notice,
        ),
        headline,
        action_href: path,
        share_url,
        share_links,
        count: present::count_text(locale, counts.total),
    };
    Ok(render(StatusCode::OK, &page))
}

/// Plain links: nothing from these services loads unless the supporter clicks.
fn share_links(locale: Locale, headline: &str, url: &str) -> Vec<(String, String)> {
    use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
    let u = utf8_percent_encode(url, NON_ALPHANUMERIC).to_string();
    let t = utf8_percent_encode(headline, NON_ALPHANUMERIC).to_string();
    let subject = locale.t_args("share-email-subject", &[("headline", Arg::Str(headline))]);
    vec![
        (
            locale.t("share-email"),
            crate::mailto::link(&[], &[], &subject, url),
        ),
        (
            "Telegram".into(),
            format!("https://t.me/share/url?url={u}&text={t}"),
        ),
        ("VK".into(), format!("https://vk.com/share.php?url={u}")),
        (
            "Mastodon".into(),
            format!("https://mastodonshare.com/?text={t}&url={u}"),
        ),
        (
            "Bluesky".into(),
            format!("https://bsky.app/intent/compose?text={t}%20{u}"),
        ),
    ]
}
