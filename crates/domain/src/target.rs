//! Targets: the officials supporters write to. They live in a shared directory and are reused
//! across actions, so an action refers to them by slug.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Problem, Violations};
use crate::lang::Lang;
use crate::limits;
use crate::slug::Slug;

/// An official (or an office) to write to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// The target's short name, by which actions refer to it, such as `mikhail-mityayev`.
    pub slug: Slug,
    /// The name as it should appear on an envelope ("Mikhail Arkadyevich Mityayev").
    pub name: String,
    /// The official's post, such as "Prosecutor General"; may be empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// The office or ministry they work for, such as "Прокуратура ЯНАО"; may be empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub organization: String,
    /// Postal address lines as published, without the country.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub address: Vec<String>,
    /// The country of the postal address, whose name ends the envelope; `None` if not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Country>,
    /// Email addresses supporters may write to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emails: Vec<Email>,
    /// Phone numbers supporters may call.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<Phone>,
    /// The fax number, if the office takes faxes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fax: Option<Phone>,
    /// "Dear Mr. Mityayev" per language.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub salutations: BTreeMap<Lang, String>,
    /// The target's IANA time zone, for "their local time now" and office hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// Other targets that should get a copy of every appeal (an embassy, say).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub copies_to: Vec<Slug>,
}

impl Target {
    /// A target with only its slug and name; the rest is filled in field by field.
    pub fn new(slug: Slug, name: impl Into<String>) -> Self {
        Target {
            slug,
            name: name.into(),
            title: String::new(),
            organization: String::new(),
            address: Vec::new(),
            country: None,
            emails: Vec::new(),
            phones: Vec::new(),
            fax: None,
            salutations: BTreeMap::new(),
            time_zone: None,
            copies_to: Vec::new(),
        }
    }

    /// Checks the fields that types alone cannot; `at` prefixes field paths.
    pub fn check(&self, v: &mut Violations, at: &str) {
        v.text(&format!("{at}.name"), &self.name, limits::NAME);
        v.optional_text(&format!("{at}.title"), &self.title, limits::LINE);
        v.optional_text(
            &format!("{at}.organization"),
            &self.organization,
            limits::LINE,
        );
        for (i, line) in self.address.iter().enumerate() {
            v.text(&format!("{at}.address[{i}]"), line, limits::LINE);
        }
        for (lang, s) in &self.salutations {
            v.text(&format!("{at}.salutations.{lang}"), s, limits::LINE);
        }
        if let Some(tz) = &self.time_zone
            && jiff::tz::TimeZone::get(tz).is_err()
        {
            v.push(
                format!("{at}.time_zone"),
                Problem::UnknownTimeZone { value: tz.clone() },
            );
        }
        if self.copies_to.contains(&self.slug) {
            v.push(
                format!("{at}.copies_to"),
                Problem::Duplicate {
                    value: self.slug.to_string(),
                },
            );
        }
    }
}

/// An email address, checked against RFC 5321/5322 syntax.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    /// The address as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Email {
    type Err = Problem;
    fn from_str(s: &str) -> Result<Self, Problem> {
        let s = s.trim();
        // The crate accepts display names and quoted forms; a target's address must be bare.
        let bare = !s.contains(['<', '>', ' ', '"', ',', ';']);
        if bare && s.len() <= 254 && email_address::EmailAddress::is_valid(s) && s.contains('.') {
            Ok(Email(s.to_string()))
        } else {
            Err(Problem::InvalidEmail {
                value: s.to_string(),
            })
        }
    }
}

impl TryFrom<String> for Email {
    type Error = Problem;
    fn try_from(s: String) -> Result<Self, Problem> {
        s.parse()
    }
}

impl From<Email> for String {
    fn from(e: Email) -> String {
        e.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A phone or fax number as published ("+7 (34992) 7-25-28"). Kept as written, because
/// national formats carry meaning (area codes in brackets); `dial` gives the digits to call.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    /// The number as published.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number for a `tel:` link: a leading `+` and the digits.
    pub fn dial(&self) -> String {
        let digits: String = self.0.chars().filter(char::is_ascii_digit).collect();
        if self.0.trim_start().starts_with('+') {
            format!("+{digits}")
        } else {
            digits
        }
    }
}

impl FromStr for Phone {
    type Err = Problem;
    fn from_str(s: &str) -> Result<Self, Problem> {
        let s = s.trim();
        let digits = s.chars().filter(char::is_ascii_digit).count();
        let allowed = s
            .chars()
            .all(|c| c.is_ascii_digit() || " +()-./".contains(c));
        if allowed && (5..=20).contains(&digits) && s.len() <= 40 {
            Ok(Phone(s.to_string()))
        } else {
            Err(Problem::InvalidPhone {
                value: s.to_string(),
            })
        }
    }
}

impl TryFrom<String> for Phone {
    type Error = Problem;
    fn try_from(s: String) -> Result<Self, Problem> {
        s.parse()
    }
}

impl From<Phone> for String {
    fn from(p: Phone) -> String {
        p.0
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A country as an ISO 3166-1 alpha-2 code ("RU"). Names are a matter for the faces, which
/// print them in the reader's language and, on envelopes, in capitals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Country([u8; 2]);

impl Country {
    /// Russia, where most of Outcry's cases are held.
    pub const RU: Country = Country(*b"RU");

    /// The two-letter code, such as "RU".
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// The English name used on envelopes, for the countries whose names the importer meets.
    pub fn from_english_name(name: &str) -> Option<Country> {
        let n = name.trim().trim_end_matches('.').to_lowercase();
        COUNTRY_NAMES
            .iter()
            .find(|(_, names)| names.contains(&n.as_str()))
            .and_then(|(c, _)| c.parse().ok())
    }
}

/// Names (lowercase) by which published urgent actions refer to countries, in the languages
/// sections republish them in. Extend as fixtures need.
const COUNTRY_NAMES: &[(&str, &[&str])] = &[
    (
        "RU",
        &[
            "russian federation",
            "russia",
            "russland",
            "russie",
            "fédération de russie",
            "ryssland",
            "venäjä",
            "россия",
            "российская федерация",
        ],
    ),
    (
        "BY",
        &[
            "belarus",
            "weißrussland",
            "biélorussie",
            "vitryssland",
            "valko-venäjä",
            "беларусь",
        ],
    ),
    ("UA", &["ukraine", "ukraina", "украина"]),
    (
        "TR",
        &[
            "turkey", "türkiye", "turkiye", "türkei", "turquie", "turkiet", "turkki",
        ],
    ),
    ("IR", &["iran", "islamic republic of iran"]),
    (
        "CN",
        &[
            "china",
            "people's republic of china",
            "chine",
            "kina",
            "kiina",
        ],
    ),
    ("US", &["usa", "united states", "united states of america"]),
    ("GB", &["united kingdom", "uk", "great britain"]),
    (
        "DE",
        &["germany", "deutschland", "allemagne", "tyskland", "saksa"],
    ),
    ("FR", &["france", "frankreich", "frankrike", "ranska"]),
    ("SE", &["sweden", "schweden", "suède", "sverige", "ruotsi"]),
    ("FI", &["finland", "finnland", "finlande", "suomi"]),
    ("AZ", &["azerbaijan", "aserbaidschan", "azerbaïdjan"]),
    ("KZ", &["kazakhstan", "kasachstan"]),
    ("TJ", &["tajikistan", "tadschikistan"]),
    ("UZ", &["uzbekistan", "usbekistan"]),
    ("EG", &["egypt", "ägypten", "égypte"]),
    ("SA", &["saudi arabia", "saudi-arabien", "arabie saoudite"]),
    ("MX", &["mexico", "mexiko", "mexique"]),
];

impl FromStr for Country {
    type Err = Problem;
    fn from_str(s: &str) -> Result<Self, Problem> {
        let up = s.trim().to_ascii_uppercase();
        let b = up.as_bytes();
        if b.len() == 2 && b.iter().all(u8::is_ascii_uppercase) {
            Ok(Country([b[0], b[1]]))
        } else {
            Err(Problem::InvalidCountry {
                value: s.to_string(),
            })
        }
    }
}

impl TryFrom<String> for Country {
    type Error = Problem;
    fn try_from(s: String) -> Result<Self, Problem> {
        s.parse()
    }
}

impl From<Country> for String {
    fn from(c: Country) -> String {
        c.as_str().to_string()
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_from_the_seed_are_valid_and_junk_is_not() {
        for ok in ["proknadzor-iu-yanao@89.mailop.ru", "prokyan-iu@yandex.ru"] {
            assert!(ok.parse::<Email>().is_ok(), "{ok}");
        }
        for bad in [
            "",
            "no-at-sign",
            "a@b",
            "Name <a@b.ru>",
            "a@b.ru, c@d.ru",
            "a@@b.ru",
            "a\r\nBcc: x@y.ru",
        ] {
            assert!(bad.parse::<Email>().is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn phones_keep_their_form_and_dial_as_digits() {
        let p: Phone = "+7 (34992) 7-25-28".parse().expect("seed phone is valid");
        assert_eq!(p.as_str(), "+7 (34992) 7-25-28");
        assert_eq!(p.dial(), "+73499272528");
        for bad in [
            "",
            "call me",
            "+7",
            "12345678901234567890123",
            "+7 (34992) 7-25-28; DROP",
        ] {
            assert!(bad.parse::<Phone>().is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn countries_by_code_and_by_name() {
        assert_eq!("ru".parse::<Country>(), Ok(Country::RU));
        assert!("RUS".parse::<Country>().is_err());
        assert_eq!(
            Country::from_english_name("Russian Federation"),
            Some(Country::RU)
        );
        assert_eq!(Country::from_english_name("Russland"), Some(Country::RU));
        assert_eq!(Country::from_english_name("Atlantis"), None);
    }

    #[test]
    fn unknown_time_zone_is_reported() {
        let mut t = Target::new("x".parse().expect("slug"), "X");
        t.time_zone = Some("Asia/Yekaterinburg".into());
        let mut v = Violations::default();
        t.check(&mut v, "targets[0]");
        assert!(v.is_empty(), "{v}");
        t.time_zone = Some("Mars/Olympus".into());
        t.check(&mut v, "targets[0]");
        assert_eq!(v.0[0].field, "targets[0].time_zone");
    }
}

/// Office hours assumed for officials when nothing else is known: working days, 9:00 to 18:00
/// local time. Good enough to tell a supporter "they are probably closed now, call tomorrow".
pub fn probably_in_office(local: &jiff::Zoned) -> bool {
    use jiff::civil::Weekday;
    let working_day = !matches!(local.weekday(), Weekday::Saturday | Weekday::Sunday);
    working_day && (9..18).contains(&local.hour())
}

impl Target {
    /// The lines for an envelope or a letter's recipient block: name, title, organization and
    /// the address as stored, then the country in Latin capitals (`country_line`, which the
    /// caller names from [`Target::country`]) as the last line.
    pub fn postal_lines(&self, country_line: &str) -> Vec<String> {
        let head = [&self.name, &self.title, &self.organization];
        let lines = head
            .into_iter()
            .map(String::as_str)
            .chain(self.address.iter().map(String::as_str));
        crate::address::with_country_line(lines, country_line)
    }

    /// The target's local time at `now`, when its time zone is known.
    pub fn local_time(&self, now: jiff::Timestamp) -> Option<jiff::Zoned> {
        let tz = jiff::tz::TimeZone::get(self.time_zone.as_deref()?).ok()?;
        Some(now.to_zoned(tz))
    }
}

#[cfg(test)]
mod office_tests {
    use super::*;

    #[test]
    fn local_time_and_office_hours() {
        let mut t = Target::new("t".parse().expect("slug"), "T");
        let now: jiff::Timestamp = "2026-11-23T05:30:00Z".parse().expect("ts"); // a Monday
        assert!(t.local_time(now).is_none());
        t.time_zone = Some("Asia/Yekaterinburg".into());
        let local = t.local_time(now).expect("zone known");
        assert_eq!(local.hour(), 10);
        assert!(probably_in_office(&local));
        let night: jiff::Timestamp = "2026-11-23T20:00:00Z".parse().expect("ts");
        assert!(!probably_in_office(&t.local_time(night).expect("zone")));
        let sunday: jiff::Timestamp = "2026-11-22T06:00:00Z".parse().expect("ts");
        assert!(!probably_in_office(&t.local_time(sunday).expect("zone")));
    }
}
