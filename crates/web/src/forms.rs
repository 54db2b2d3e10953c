//! What the site's forms mean: reading and checking the fields that handlers share. Checks
//! push into one [`Violations`], so a form with several problems shows them all, and the
//! limits are the domain's ([`outcry_domain::limits`]), the same ones the templates state.

use outcry_domain::{
    CaseBundle, Channel, Country, EnvelopeSize, Lang, Paper, Problem, Sender, UrgentAction,
    Violations, limits,
};
use outcry_i18n::Locale;
use outcry_letters::Gender;
use outcry_pdf::Layout;

use crate::error::AppError;
use crate::form::PostedForm;
use crate::pages::write::Draft;
use crate::present::{first_name, gender_of};

/// Who signs, as the supporter typed it in the action page's form.
pub fn sender(form: &PostedForm) -> Sender {
    Sender {
        name: form.get("name").to_string(),
        town: form.get("town").to_string(),
        initials_only: form.get("safety") == "on",
    }
}

/// `?letter=ru` on the action page: the supporter picked another language for the letter they
/// edit. Ignored unless the action has a letter in it.
pub fn letter_choice(query: Option<&str>, action: &UrgentAction) -> Option<Lang> {
    crate::form::parse(query?.as_bytes())?
        .into_iter()
        .find(|(k, _)| k == "letter")
        .and_then(|(_, l)| l.parse::<Lang>().ok())
        .filter(|l| action.letters.contains_key(l))
}

/// The language of the letter the supporter edited, when the action has it.
pub fn letter_language(action: &UrgentAction, locale: Locale, form: &PostedForm) -> Lang {
    form.get("lang")
        .parse::<Lang>()
        .ok()
        .filter(|l| action.letters.contains_key(l))
        .unwrap_or_else(|| action.letter_language_for(locale.lang()))
}

/// Checks what the supporter typed into the action page's letter form.
pub fn check_appeal(form: &PostedForm, sender: &Sender, v: &mut Violations) {
    sender.check(v);
    v.optional_text("subject", form.get("subject"), limits::SUBJECT);
    v.optional_text("body", form.get("body"), limits::LETTER);
    if form.get("subject").chars().any(char::is_control) {
        v.push("subject", Problem::ControlCharacters);
    }
    let country = form.get("country");
    if !country.is_empty() && !crate::present::is_offered_country(country) {
        v.push(
            "country",
            Problem::InvalidCountry {
                value: country.to_string(),
            },
        );
    }
}

/// The longest address anyone can send to (RFC 5321's path limit, less the brackets).
const MAX_EMAIL: usize = 254;

/// The supporter's own address for "send it for me", checked: one address as the mail
/// library reads them (internationalised ones included), nothing that could reach a header.
pub fn supporter_email(form: &PostedForm, v: &mut Violations) -> String {
    let email = form.get("email").trim();
    if email.is_empty() {
        v.push("email", Problem::Empty);
    } else if email.chars().count() > MAX_EMAIL {
        v.push(
            "email",
            Problem::TooLong {
                max: MAX_EMAIL,
                len: email.chars().count(),
            },
        );
    } else if email.chars().any(char::is_control) {
        v.push("email", Problem::ControlCharacters);
    } else if !outcry_mail::message::is_address(email) {
        v.push(
            "email",
            Problem::InvalidEmail {
                value: email.chars().take(60).collect(),
            },
        );
    }
    email.to_string()
}

/// The token of a confirmation link or button: 48 hex digits, or nothing.
pub fn confirmation_token(raw: &str) -> Option<&str> {
    (raw.len() == 48 && raw.bytes().all(|b| b.is_ascii_hexdigit())).then_some(raw)
}

/// `?t=…` of a confirmation link.
pub fn confirmation_in_query(query: Option<&str>) -> Option<String> {
    crate::form::parse(query?.as_bytes())?
        .into_iter()
        .find(|(k, _)| k == "t")
        .and_then(|(_, t)| confirmation_token(&t).map(str::to_string))
}

/// The country the supporter chose, if any ("another country" is none).
pub fn country(form: &PostedForm) -> Option<Country> {
    country_code(form.get("country"))
}

/// A country code as the forms send it; "ZZ" ("another country") is none.
pub fn country_code(code: &str) -> Option<Country> {
    code.parse::<Country>().ok().filter(|c| c.as_str() != "ZZ")
}

/// How the supporter says they acted.
pub fn channel(form: &PostedForm) -> Result<Channel, AppError> {
    let raw = form.get("channel");
    Channel::parse(raw).ok_or_else(|| {
        let mut v = Violations::default();
        v.push("channel", not_offered(raw));
        AppError::from(v)
    })
}

fn not_offered(value: &str) -> Problem {
    Problem::NotOffered {
        value: value.chars().take(40).collect(),
    }
}

/// The return address as typed, one line each, blank lines dropped.
pub fn return_address(raw: &str, v: &mut Violations) -> Vec<String> {
    let lines: Vec<String> = raw
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    for line in &lines {
        v.letter_line("address", line, limits::RETURN_ADDRESS_LINE);
    }
    if lines.len() > limits::RETURN_ADDRESS_LINES {
        v.push(
            "address",
            Problem::TooMany {
                count: lines.len(),
                max: limits::RETURN_ADDRESS_LINES,
            },
        );
    }
    lines
}

/// Paper and envelope from the form; "auto" paper follows the supporter's country.
pub fn layout(form: &PostedForm, v: &mut Violations) -> Layout {
    let paper = match form.get("paper") {
        "" | "auto" => Some(Paper::for_country(form.get("country").parse().ok())),
        other => Paper::parse(other),
    };
    let envelope = match form.get("envelope") {
        "" => Some(EnvelopeSize::default()),
        other => EnvelopeSize::parse(other),
    };
    if paper.is_none() {
        v.push("paper", not_offered(form.get("paper")));
    }
    if envelope.is_none() {
        v.push("envelope", not_offered(form.get("envelope")));
    }
    Layout {
        paper: paper.unwrap_or_default(),
        envelope: envelope.unwrap_or_default(),
    }
}

/// A letter to the person in prison from the form, checked. The composer sends phrases and
/// free text; the check page sends the whole text back as the writer edited it.
pub fn prison_letter(bundle: &CaseBundle, form: &PostedForm) -> Result<Draft, AppError> {
    let mut v = Violations::default();
    v.letter_text("free", form.get("free"), limits::PRISON_LETTER);
    v.letter_text("text", form.get("text"), limits::PRISON_LETTER);
    v.letter_line("signature", form.get("signature"), limits::SIGNATURE);
    AppError::refuse(v)?;
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
        return Err(AppError::bad_request("write-empty"));
    }
    // Phrases and free text together can outgrow what either may be alone.
    let mut v = Violations::default();
    v.optional_text("text", &text, limits::PRISON_LETTER);
    AppError::refuse(v)?;
    // From here on the letter is what the printer will print, so the check page, the censor
    // checker, the PDF and the relay queue all see the same text.
    Ok(Draft {
        text: outcry_letters::printable(&text),
        signature: outcry_letters::printable(form.get("signature").trim()),
        address: outcry_letters::printable(form.get("address")),
    })
}
