//! Letters on paper: from what a supporter wrote to [`outcry_pdf::Letter`]s, and rendering
//! them off the async runtime.
//!
//! The CLI's batch printing of relayed letters uses [`prisoner_letter`] too, so a letter the
//! group prints looks exactly like one a supporter prints at home.

use std::sync::Arc;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use outcry_domain::{Country, Lang, LetterAddress, ModelLetter, Sender, Target};
use outcry_i18n::Locale;
use outcry_pdf::{Envelope, Layout, Letter, RenderError};
use tokio::sync::Semaphore;

/// Renders PDFs on blocking threads, a few at a time: a render takes a core for about 8 ms
/// (more in debug builds), and a burst of downloads must not starve page requests.
pub struct Printer {
    permits: Arc<Semaphore>,
}

impl Printer {
    pub fn new(at_once: usize) -> Printer {
        Printer {
            permits: Arc::new(Semaphore::new(at_once.max(1))),
        }
    }

    pub async fn render(&self, letters: Vec<Letter>, layout: Layout) -> Result<Vec<u8>, String> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| format!("printer closed: {e}"))?;
        tokio::task::spawn_blocking(move || {
            outcry_pdf::render_batch(&letters, layout, |_| {})
                .map_err(|e: RenderError| e.to_string())
        })
        .await
        .map_err(|e| format!("render task failed: {e}"))?
    }
}

/// A PDF as a download. `no-store`: a supporter's letter is nobody's cache entry.
pub fn pdf_response(pdf: Vec<u8>, file_name: &str) -> Response {
    let disposition = format!("attachment; filename=\"{file_name}\"");
    let mut response = (StatusCode::OK, pdf).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

/// The country as the last line of an address: its English name in capitals, for the post
/// office of the sending country ("RUSSIA").
pub fn country_line(c: Country) -> String {
    Locale::En
        .try_t(&format!("country-{c}"))
        .unwrap_or_else(|| c.to_string())
        .to_uppercase()
}

/// The interface locale closest to a letter's language, for its date and captions.
fn letter_locale(lang: Lang) -> Locale {
    if lang.as_str() == "ru" {
        Locale::Ru
    } else {
        Locale::En
    }
}

/// The supporter's own details for the sender block and the envelope.
pub struct ReturnAddress<'a> {
    pub sender: &'a Sender,
    /// Street, town, postcode, country: as typed, one per line.
    pub lines: &'a [String],
}

impl ReturnAddress<'_> {
    fn block(&self) -> Vec<String> {
        let name = self.sender.signature_name();
        let mut out: Vec<String> = Vec::new();
        if !name.is_empty() {
            out.push(name);
        }
        if self.lines.is_empty() {
            if !self.sender.town.trim().is_empty() {
                out.push(self.sender.town.trim().to_string());
            }
        } else {
            out.extend(self.lines.iter().cloned());
        }
        out
    }
}

/// An appeal to one target, on paper: sender block, recipient block with the country last in
/// capitals, date, subject, the target's own salutation, the (edited) body, sign-off and
/// signature, then the envelope.
pub fn appeal_letter(
    lang: Lang,
    model: &ModelLetter,
    target: &Target,
    subject: &str,
    body: &str,
    from: &ReturnAddress<'_>,
    today: jiff::civil::Date,
) -> Letter {
    let locale = letter_locale(lang);
    let recipient = target.postal_lines(&target.country.map(country_line).unwrap_or_default());
    let salutation = if model.salutation.trim().is_empty() {
        target.salutations.get(&lang).cloned().unwrap_or_default()
    } else {
        model.salutation.clone()
    };
    let body = if body.trim().is_empty() {
        model.body.as_str()
    } else {
        body
    };
    let subject = if subject.trim().is_empty() {
        model.subject.as_str()
    } else {
        subject
    };
    let sender = from.block();
    Letter {
        lang: lang.to_string(),
        date: outcry_i18n::format_date(locale, today),
        sender: sender.clone(),
        recipient: recipient.clone(),
        subject: subject.trim().to_string(),
        salutation: salutation.trim().to_string(),
        body: body.to_string(),
        sign_off: model.sign_off.trim().to_string(),
        signature: from.sender.signature(),
        signature_space: true,
        envelope: Some(envelope(locale, sender, recipient, String::new())),
    }
}

fn envelope(locale: Locale, from: Vec<String>, to: Vec<String>, blank_note: String) -> Envelope {
    Envelope {
        from,
        to,
        blank_note,
        from_label: locale.t("print-envelope-from"),
        to_label: locale.t("print-envelope-to"),
        stamp_label: locale.t("print-envelope-stamp"),
    }
}

/// A letter to a person in prison: date and text in Russian, no blocks at the top (censors
/// read the envelope), the signature the writer chose, and an envelope with the address
/// exactly as published and `RUSSIA` last. With no current address, the envelope has lines
/// to fill in by hand, and a note in the writer's language saying so.
pub fn prisoner_letter(
    address: Option<&LetterAddress>,
    text: &str,
    signature: &str,
    return_address: Vec<String>,
    today: jiff::civil::Date,
    writer: Locale,
) -> Letter {
    let to = address
        .map(|a| a.envelope_lines(&country_line(a.country)))
        .unwrap_or_default();
    let blank_note = if to.is_empty() {
        writer.t("print-envelope-address-unknown")
    } else {
        String::new()
    };
    Letter {
        lang: "ru".into(),
        date: outcry_i18n::format_date(Locale::Ru, today),
        body: text.to_string(),
        signature: signature.trim().to_string(),
        envelope: Some(Envelope {
            from: return_address,
            to,
            blank_note,
            // Both languages: the Russian for the prison's post room, the other for the writer.
            from_label: "От кого / From".into(),
            to_label: "Кому / To".into(),
            stamp_label: "Марка / Stamp".into(),
        }),
        ..Letter::default()
    }
}
