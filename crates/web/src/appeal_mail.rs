//! What the site writes when it sends appeals for a supporter: the confirmation mail, one
//! appeal per official (each with their own greeting), and the receipts the supporter may
//! ask for. Texts are in the supporter's language; the outbox ([`outcry_mail`]) only carries
//! them.

use base64::Engine;
use jiff::tz::TimeZone;
use outcry_domain::{CaseBundle, ComposedLetter, Email, Lang, Sender, Target, UrgentAction};
use outcry_i18n::{Arg, Locale};
use outcry_mail::appeals::{AppealForm, AppealMessage, AppealTarget};
use outcry_mail::message::{Attachment, Note, ReceiptPlan};

use crate::present::text;

/// The officials an appeal goes to: the action's targets, then those who get copies, each at
/// their first address still offered (a flagged one is withheld when the case is loaded, so
/// the next takes its place). Officials without an address are left out.
pub fn recipients<'a>(
    bundle: &'a CaseBundle,
    action: &UrgentAction,
) -> Vec<(&'a Target, &'a Email)> {
    let targets = bundle.targets_of(action);
    let copies = bundle.copies_for(&targets);
    let mut seen = Vec::new();
    targets
        .into_iter()
        .chain(copies)
        .filter_map(|t| Some((t, t.emails.first()?)))
        .filter(|(t, _)| {
            let new = !seen.contains(&&t.slug);
            seen.push(&t.slug);
            new
        })
        .collect()
}

/// Who signs, from the request.
pub fn sender(request: &AppealForm) -> Sender {
    Sender {
        name: request.name.clone(),
        town: request.town.clone(),
        initials_only: request.initials_only,
    }
}

/// The letter's language: the request's, when the action has a letter in it.
pub fn language(action: &UrgentAction, request: &AppealForm, locale: Locale) -> Lang {
    request
        .lang
        .parse::<Lang>()
        .ok()
        .filter(|l| action.letters.contains_key(l))
        .unwrap_or_else(|| action.letter_language_for(locale.lang()))
}

/// One appeal per recipient, composed as the supporter edited it, beside its official; no
/// receipts yet. Empty when the action has no letter to start from.
pub fn appeals<'a>(
    bundle: &'a CaseBundle,
    action: &UrgentAction,
    request: &AppealForm,
    locale: Locale,
) -> Vec<(&'a Target, AppealMessage)> {
    let lang = language(action, request, locale);
    let Some(model) = action.letters.get(&lang) else {
        return Vec::new();
    };
    let sender = sender(request);
    recipients(bundle, action)
        .into_iter()
        .map(|(target, email)| {
            let letter = ComposedLetter::compose(lang, model, target, Some(&request.body), &sender);
            let subject = Some(request.subject.trim())
                .filter(|s| !s.is_empty())
                .map_or(letter.subject, str::to_string);
            let message = AppealMessage {
                to: AppealTarget {
                    address: email.to_string(),
                    name: Some(target.name.clone()).filter(|n| !n.trim().is_empty()),
                    zone: target
                        .time_zone
                        .as_deref()
                        .and_then(|z| TimeZone::get(z).ok())
                        .unwrap_or(TimeZone::UTC),
                },
                from_name: sender.signature_name(),
                subject,
                text: letter.text,
                receipt: None,
            };
            (target, message)
        })
        .collect()
}

/// The confirmation mail: what was asked, in whose name, and the link to the button.
pub fn confirmation(
    locale: Locale,
    bundle: &CaseBundle,
    action: &UrgentAction,
    link: &str,
) -> (String, String) {
    let person = text(locale, &bundle.case.name).0;
    let headline = text(locale, &action.headline).0;
    let count = i64::try_from(recipients(bundle, action).len()).unwrap_or(0);
    let subject = locale.t_args("appeal-confirm-subject", &[("person", Arg::Str(&person))]);
    let body = locale.t_args(
        "appeal-confirm-text",
        &[
            ("person", Arg::Str(&person)),
            ("headline", Arg::Str(&headline)),
            ("count", Arg::Num(count)),
            ("link", Arg::Str(link)),
        ],
    );
    (subject, body)
}

/// The two receipts of one appeal, in `locale`: arrived, or refused with the letter as a PDF
/// (`pdf`, when the official has a postal address) or else a link to the action's page.
pub fn receipt_plan(
    locale: Locale,
    appeal: &AppealMessage,
    pdf: Option<Vec<u8>>,
    page: &str,
) -> ReceiptPlan {
    let official = appeal
        .to
        .name
        .clone()
        .unwrap_or_else(|| appeal.to.address.clone());
    let base = [
        ("official", Arg::Str(&official)),
        ("subject", Arg::Str(&appeal.subject)),
    ];
    let refused_text = if pdf.is_some() {
        locale.t_args("receipt-refused-text-pdf", &base)
    } else {
        locale.t_args(
            "receipt-refused-text-link",
            &[
                ("official", Arg::Str(&official)),
                ("subject", Arg::Str(&appeal.subject)),
                ("link", Arg::Str(page)),
            ],
        )
    };
    ReceiptPlan {
        accepted: Note {
            subject: locale.t_args("receipt-accepted-subject", &base),
            text: locale.t_args("receipt-accepted-text", &base),
            attachment: None,
        },
        refused: Note {
            subject: locale.t_args("receipt-refused-subject", &base),
            text: refused_text,
            attachment: pdf.map(|bytes| Attachment {
                filename: locale.t("receipt-pdf-name"),
                content_type: "application/pdf".into(),
                base64: base64::engine::general_purpose::STANDARD.encode(bytes),
            }),
        },
    }
}
