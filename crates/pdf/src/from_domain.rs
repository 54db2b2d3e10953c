//! From what a supporter wrote to [`Letter`]s: an appeal to an official and a letter to a
//! person in prison. The site and the CLI's batch printing both lay letters out here, so a
//! letter the group prints looks exactly like one a supporter prints at home.

use outcry_domain::{Country, Lang, LetterAddress, ModelLetter, Sender, Target};
use outcry_i18n::Locale;

use crate::{Envelope, Letter};

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
    /// Who signs.
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

/// What the supporter changed in the model letter; an empty field keeps the model's.
pub struct Edits<'a> {
    /// The subject as edited.
    pub subject: &'a str,
    /// The body as edited.
    pub body: &'a str,
}

/// An appeal to one target, on paper: sender block, recipient block with the country last in
/// capitals, date, subject, the salutation ([`ModelLetter::salutation_for`]), the (edited)
/// body, sign-off and signature, then the envelope.
pub fn appeal_letter(
    lang: Lang,
    model: &ModelLetter,
    target: &Target,
    edits: &Edits<'_>,
    from: &ReturnAddress<'_>,
    today: jiff::civil::Date,
) -> Letter {
    let locale = letter_locale(lang);
    let recipient = target.postal_lines(&target.country.map(country_line).unwrap_or_default());
    let or_model = |edited: &'_ str, model: &'_ str| {
        if edited.trim().is_empty() {
            model.to_string()
        } else {
            edited.to_string()
        }
    };
    let sender = from.block();
    Letter {
        lang: lang.to_string(),
        date: outcry_i18n::format_date(locale, today),
        sender: sender.clone(),
        recipient: recipient.clone(),
        subject: or_model(edits.subject, &model.subject).trim().to_string(),
        salutation: model.salutation_for(Some(target), lang).to_string(),
        body: or_model(edits.body, &model.body),
        sign_off: model.sign_off.trim().to_string(),
        signature: from.sender.signature(),
        signature_space: true,
        envelope: Some(Envelope {
            from: sender,
            to: recipient,
            blank_note: String::new(),
            from_label: locale.t("print-envelope-from"),
            to_label: locale.t("print-envelope-to"),
            stamp_label: locale.t("print-envelope-stamp"),
        }),
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
