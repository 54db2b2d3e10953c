//! Slugs: the short names in URLs and files (`azat-miftakhov`, `ua-45-26`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Problem;

/// A URL-safe identifier: lowercase ASCII letters and digits in groups joined by single
/// hyphens, at most 80 characters. Stable once published, since links point to it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

impl Slug {
    /// The longest slug, in characters; longer ones make unwieldy URLs.
    pub const MAX_LEN: usize = 80;

    /// The slug as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Makes a slug from any text: Latin letters and digits are kept, Cyrillic is
    /// transliterated, everything else becomes a hyphen. `None` when nothing usable is left.
    pub fn derive(text: &str) -> Option<Slug> {
        let mut out = String::new();
        for ch in text.chars().flat_map(char::to_lowercase) {
            if ch.is_ascii_alphanumeric() {
                out.push(ch);
            } else if let Some(latin) = cyrillic_to_latin(ch) {
                out.push_str(latin);
            } else if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
            if out.len() >= Self::MAX_LEN {
                break;
            }
        }
        out.truncate(Self::MAX_LEN);
        let trimmed = out.trim_matches('-');
        trimmed.parse().ok()
    }
}

/// Just enough transliteration to make readable slugs from Russian names.
fn cyrillic_to_latin(ch: char) -> Option<&'static str> {
    Some(match ch {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' | 'й' | 'ы' => "i",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ю' => "iu",
        'я' => "ia",
        'ъ' | 'ь' => "",
        _ => return None,
    })
}

impl FromStr for Slug {
    type Err = Problem;

    fn from_str(s: &str) -> Result<Self, Problem> {
        let ok = !s.is_empty()
            && s.len() <= Self::MAX_LEN
            && s.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
        if ok {
            Ok(Slug(s.to_string()))
        } else {
            Err(Problem::InvalidSlug {
                value: s.to_string(),
            })
        }
    }
}

impl TryFrom<String> for Slug {
    type Error = Problem;
    fn try_from(s: String) -> Result<Self, Problem> {
        s.parse()
    }
}

impl From<Slug> for String {
    fn from(s: Slug) -> String {
        s.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_and_invalid_slugs() {
        assert!("azat-miftakhov".parse::<Slug>().is_ok());
        assert!("ua-45-26".parse::<Slug>().is_ok());
        for bad in ["", "-a", "a-", "a--b", "Azat", "a b", "a_b", "азат"] {
            assert!(bad.parse::<Slug>().is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn derive_makes_readable_slugs() {
        assert_eq!(
            Slug::derive("Azat Miftakhov").map(String::from),
            Some("azat-miftakhov".into())
        );
        assert_eq!(
            Slug::derive("UA 45/26").map(String::from),
            Some("ua-45-26".into())
        );
        assert_eq!(
            Slug::derive("Азат Мифтахов").map(String::from),
            Some("azat-miftakhov".into())
        );
        assert_eq!(Slug::derive("!!!"), None);
        let long = "word ".repeat(100);
        assert!(Slug::derive(&long).is_some_and(|s| s.as_str().len() <= Slug::MAX_LEN));
    }
}
