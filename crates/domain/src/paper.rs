//! Paper and envelope sizes for printed letters.

use serde::{Deserialize, Serialize};

use crate::target::Country;

/// The sheet a letter is printed on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Paper {
    /// 210 × 297 mm, the usual paper in most of the world.
    #[default]
    A4,
    /// 8.5 × 11 inches, the usual paper in North America and parts of Latin America.
    UsLetter,
}

/// Countries whose printers hold US Letter rather than A4.
const US_LETTER_COUNTRIES: &[&str] = &[
    "US", "CA", "MX", "PH", "CL", "CO", "VE", "CR", "GT", "DO", "PA", "SV", "NI", "PR",
];

impl Paper {
    /// Every paper size Outcry prints on.
    pub const ALL: [Paper; 2] = [Paper::A4, Paper::UsLetter];

    /// The paper a supporter in `country` most likely has; A4 when the country is not known,
    /// since most of the world uses it.
    pub fn for_country(country: Option<Country>) -> Paper {
        match country {
            Some(c) if US_LETTER_COUNTRIES.contains(&c.as_str()) => Paper::UsLetter,
            _ => Paper::A4,
        }
    }

    /// The size as the letter form names it, such as `"us-letter"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::UsLetter => "us-letter",
        }
    }

    /// The size that [`Paper::as_str`] writes as `s`; `None` for any other text.
    pub fn parse(s: &str) -> Option<Paper> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// The envelope printed after a letter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EnvelopeSize {
    /// 220 × 110 mm: takes an A4 sheet folded in three.
    #[default]
    Dl,
    /// 229 × 162 mm: takes an A4 sheet folded once.
    C5,
}

impl EnvelopeSize {
    /// Every envelope size Outcry prints.
    pub const ALL: [EnvelopeSize; 2] = [EnvelopeSize::Dl, EnvelopeSize::C5];

    /// The size as the letter form names it, such as `"dl"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            EnvelopeSize::Dl => "dl",
            EnvelopeSize::C5 => "c5",
        }
    }

    /// The size that [`EnvelopeSize::as_str`] writes as `s`; `None` for any other text.
    pub fn parse(s: &str) -> Option<EnvelopeSize> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn north_america_prints_on_letter_and_the_rest_on_a4() {
        let c = |s: &str| s.parse::<Country>().ok();
        assert_eq!(Paper::for_country(c("US")), Paper::UsLetter);
        assert_eq!(Paper::for_country(c("CA")), Paper::UsLetter);
        assert_eq!(Paper::for_country(c("DE")), Paper::A4);
        assert_eq!(Paper::for_country(c("RU")), Paper::A4);
        assert_eq!(Paper::for_country(None), Paper::A4);
        assert_eq!(Paper::parse("us-letter"), Some(Paper::UsLetter));
        assert_eq!(EnvelopeSize::parse("c5"), Some(EnvelopeSize::C5));
        assert_eq!(EnvelopeSize::parse("c4"), None);
    }
}
