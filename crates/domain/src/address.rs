//! Addresses for letters to a person in prison.
//!
//! Support groups publish these in Cyrillic, in the exact form the prison's post room expects
//! (recipient often in the dative case, with the year of birth). Outcry keeps that text
//! byte-for-byte and prints it as is; the parsed parts serve search, envelopes' postcode boxes
//! and the checks, never a re-assembled address.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::error::{Problem, Violations};
use crate::limits;
use crate::target::Country;

/// An address where a person in prison receives letters, kept exactly as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LetterAddress {
    /// The address exactly as published, one line per envelope line.
    pub verbatim: String,
    /// The country the address is in; Russia when the file does not say.
    #[serde(default = "default_country")]
    pub country: Country,
    /// What Outcry could read from the text; used for search, postcode boxes and checks, never
    /// printed in place of `verbatim`.
    #[serde(default, skip_serializing_if = "AddressParts::is_empty")]
    pub parts: AddressParts,
    /// When someone last confirmed that letters reach the person here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_on: Option<Date>,
    /// Since when the person has been held here, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<Date>,
    /// When this address stopped being valid (a transfer, a release). `None`: still current.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub superseded_on: Option<Date>,
    /// Where the address comes from ("support group's page, May 2024").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

fn default_country() -> Country {
    Country::RU
}

/// The parts of an address that Outcry understands. Every field is optional: an address
/// Outcry cannot parse is still printed verbatim.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddressParts {
    /// The postal code, such as "612744".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub postcode: String,
    /// The region, such as "Кировская обл." or "Kirovskaya oblast".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub region: String,
    /// The town or settlement, such as "г. Омутнинск".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub town: String,
    /// The street, such as "ул. Трудовых Резервов".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub street: String,
    /// The prison ("ФКУ ИК-17 УФСИН России по Кировской области").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub institution: String,
    /// The recipient as written on the envelope, often in the dative case.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub recipient: String,
    /// The year of birth written after the recipient's name, which the prison uses to tell
    /// prisoners with the same name apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_year: Option<i32>,
}

impl AddressParts {
    /// True when nothing could be read from the address.
    pub fn is_empty(&self) -> bool {
        *self == AddressParts::default()
    }

    /// Reads what it can from a published address, in Cyrillic or in Latin script, in either
    /// order (postcode first or recipient first). Segments are split on line breaks and commas.
    pub fn guess(verbatim: &str) -> AddressParts {
        let mut parts = AddressParts::default();
        let raw = verbatim
            .split(['\n', ','])
            .map(|s| s.trim().trim_end_matches('.').trim())
            .filter(|s| !s.is_empty() && s.len() <= limits::LINE);
        // "Мифтахову Азату Фанисовичу, 1993 г.р.": the comma splits a name from its year.
        let mut segments: Vec<String> = Vec::new();
        for seg in raw {
            let starts_with_year = seg.len() >= 4
                && seg.as_bytes()[..4].iter().all(u8::is_ascii_digit)
                && seg.len() != 6;
            match segments.last_mut() {
                Some(prev)
                    if starts_with_year
                        && recipient_with_year(&format!("{prev} {seg}")).is_some() =>
                {
                    prev.push(' ');
                    prev.push_str(seg);
                }
                _ => segments.push(seg.to_string()),
            }
        }
        for seg in segments.iter().map(String::as_str) {
            let lower = seg.to_lowercase();
            let words: Vec<&str> = lower.split_whitespace().collect();
            if parts.postcode.is_empty()
                && seg.len() == 6
                && seg.bytes().all(|b| b.is_ascii_digit())
            {
                parts.postcode = seg.to_string();
            } else if parts.institution.is_empty() && is_institution(&lower) {
                parts.institution = seg.to_string();
            } else if parts.region.is_empty() && is_region(&words) {
                parts.region = seg.to_string();
            } else if parts.street.is_empty() && is_street(&words) {
                parts.street = seg.to_string();
            } else if parts.town.is_empty() && is_town(&words) {
                parts.town = seg.to_string();
            } else if let Some((name, year)) = recipient_with_year(seg) {
                parts.recipient = name;
                parts.birth_year = Some(year);
            } else if matches!(
                lower.as_str(),
                "россия" | "russia" | "российская федерация" | "russian federation"
            ) {
                // The country is kept apart, in `LetterAddress::country`.
            } else if parts.town.is_empty() && words.len() == 1 && parts.region.is_empty() {
                // "Omutninsk" after the region is handled above; a lone word before it is a town.
                parts.town = seg.to_string();
            } else if parts.town.is_empty() && !parts.region.is_empty() && words.len() <= 2 {
                parts.town = seg.to_string();
            }
        }
        parts
    }
}

fn is_institution(lower: &str) -> bool {
    [
        "фку",
        "ик-",
        "сизо",
        "лиу",
        "кп-",
        "тюрьма",
        "fku",
        "ik-",
        "sizo",
        "penal colony",
    ]
    .iter()
    .any(|m| lower.contains(m))
}

fn is_region(words: &[&str]) -> bool {
    words.iter().any(|w| {
        matches!(
            *w,
            "обл"
                | "обл."
                | "область"
                | "края"
                | "край"
                | "республика"
                | "округ"
                | "ао"
                | "oblast"
                | "krai"
                | "kray"
                | "region"
                | "republic"
                | "okrug"
        )
    })
}

fn is_street(words: &[&str]) -> bool {
    words.first().is_some_and(|w| {
        matches!(
            *w,
            "ул." | "ул" | "улица" | "пр." | "пер." | "ul." | "st." | "street"
        )
    }) || words
        .last()
        .is_some_and(|w| matches!(*w, "street" | "st." | "st" | "ул."))
}

fn is_town(words: &[&str]) -> bool {
    words
        .first()
        .is_some_and(|w| matches!(*w, "г." | "г" | "пос." | "п." | "пгт" | "с." | "город"))
}

/// "Мифтахову Азату Фанисовичу, 1993 г.р." / "Azat Miftakhov Fanisovich 1993": a name
/// followed by a four-digit year.
fn recipient_with_year(seg: &str) -> Option<(String, i32)> {
    let cleaned = seg
        .trim_end_matches("г.р")
        .trim_end_matches("г. р")
        .trim_end_matches("года рождения")
        .trim();
    let cleaned = cleaned.trim_end_matches(['.', ' ', 'г']).trim();
    let (name, year) = cleaned.rsplit_once(' ')?;
    let year: i32 = year.parse().ok()?;
    let name = name.trim().trim_end_matches(',').trim();
    let is_name = name.split_whitespace().count() >= 2
        && name
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '-');
    ((1900..=2100).contains(&year) && is_name).then(|| (name.to_string(), year))
}

impl LetterAddress {
    /// The lines for an envelope: the published lines untouched, then the country in Latin
    /// capitals (`country_line`, e.g. "RUSSIA") for the post office of the sending country,
    /// unless the last published line already says exactly that.
    pub fn envelope_lines(&self, country_line: &str) -> Vec<String> {
        with_country_line(self.verbatim.lines(), country_line)
    }

    /// An address kept as published, with its parts guessed from the text.
    pub fn new(verbatim: impl Into<String>) -> Self {
        let verbatim = verbatim.into();
        LetterAddress {
            parts: AddressParts::guess(&verbatim),
            verbatim,
            country: Country::RU,
            verified_on: None,
            valid_from: None,
            superseded_on: None,
            source: String::new(),
        }
    }

    /// The lines of the address as they go on the envelope.
    pub fn lines(&self) -> impl Iterator<Item = &str> {
        self.verbatim
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
    }

    /// Checks the lengths and that the address did not end before it began; `at` prefixes field
    /// paths, such as `case.addresses[0]`.
    pub fn check(&self, v: &mut Violations, at: &str) {
        v.text(&format!("{at}.verbatim"), &self.verbatim, 2_000);
        v.optional_text(&format!("{at}.source"), &self.source, limits::LINE);
        if let (Some(from), Some(until)) = (self.valid_from, self.superseded_on)
            && until < from
        {
            v.push(
                format!("{at}.superseded_on"),
                Problem::DateOrder {
                    earlier: until.to_string(),
                    later: from.to_string(),
                },
            );
        }
    }
}

/// Address lines as given, blank ones dropped, then the country line unless already last.
pub(crate) fn with_country_line<'a>(
    lines: impl Iterator<Item = &'a str>,
    country_line: &str,
) -> Vec<String> {
    let mut out: Vec<String> = lines
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    let country_line = country_line.trim();
    let already_last = out
        .last()
        .is_some_and(|l| l.to_uppercase() == country_line.to_uppercase());
    if !country_line.is_empty() && !already_last {
        out.push(country_line.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelopes_keep_the_published_lines_and_end_with_the_country_in_latin_capitals() {
        let a = LetterAddress::new("Мифтахову Азату Фанисовичу, 1993 г.р.\n  ФКУ ИК-18\n\n629420");
        assert_eq!(
            a.envelope_lines("RUSSIA"),
            vec![
                "Мифтахову Азату Фанисовичу, 1993 г.р.",
                "ФКУ ИК-18",
                "629420",
                "RUSSIA"
            ]
        );
        let already = LetterAddress::new("ФКУ ИК-18\nRussia");
        assert_eq!(
            already.envelope_lines("RUSSIA"),
            vec!["ФКУ ИК-18", "Russia"]
        );
    }

    #[test]
    fn guesses_the_parts_of_the_articles_latin_address() {
        let p = AddressParts::guess(
            "612744, Russia, Kirovskaya oblast, Omutninsk, St. Trudovikh Rezervov, FKU IK-17, Azat Miftakhov Fanisovich 1993",
        );
        assert_eq!(p.postcode, "612744");
        assert_eq!(p.region, "Kirovskaya oblast");
        assert_eq!(p.town, "Omutninsk");
        assert_eq!(p.street, "St. Trudovikh Rezervov");
        assert_eq!(p.institution, "FKU IK-17");
        assert_eq!(p.recipient, "Azat Miftakhov Fanisovich");
        assert_eq!(p.birth_year, Some(1993));
    }

    #[test]
    fn guesses_the_parts_of_a_cyrillic_address_recipient_first() {
        let p = AddressParts::guess(
            "Мифтахову Азату Фанисовичу, 1993 г.р.\nФКУ ИК-17 УФСИН России по Кировской области\nул. Трудовых Резервов\nг. Омутнинск\nКировская обл.\n612744",
        );
        assert_eq!(p.recipient, "Мифтахову Азату Фанисовичу");
        assert_eq!(p.birth_year, Some(1993));
        assert_eq!(p.institution, "ФКУ ИК-17 УФСИН России по Кировской области");
        assert_eq!(p.street, "ул. Трудовых Резервов");
        assert_eq!(p.town, "г. Омутнинск");
        assert_eq!(p.region, "Кировская обл");
        assert_eq!(p.postcode, "612744");
    }

    #[test]
    fn verbatim_text_is_kept_as_given() {
        let text = "Мифтахову Азату Фанисовичу, 1993 г.р.\n  612744  ";
        let a = LetterAddress::new(text);
        assert_eq!(a.verbatim, text);
        assert_eq!(
            a.lines().collect::<Vec<_>>(),
            ["Мифтахову Азату Фанисовичу, 1993 г.р.", "612744"]
        );
    }
}
