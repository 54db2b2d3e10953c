//! Languages and text in several languages.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Problem;

/// A language, as an ISO 639-1 code (`en`, `ru`, `de`). Only codes that exist are accepted,
/// so a typo such as `rs` for Russian is caught when a file is loaded, not when a page is empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Lang([u8; 2]);

impl Lang {
    /// English, the fallback when a text is missing in the reader's language.
    pub const EN: Lang = Lang(*b"en");
    /// Russian, the language of most officials and prisoners Outcry writes to.
    pub const RU: Lang = Lang(*b"ru");

    /// The two-letter code, such as "ru".
    pub fn as_str(&self) -> &str {
        // Only ASCII lowercase letters are ever stored (see `from_str`).
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// The language's English name, such as "Russian".
    pub fn english_name(&self) -> &'static str {
        isolang::Language::from_639_1(self.as_str()).map_or("?", |l| l.to_name())
    }

    /// Finds a language by its English name ("Russian"), case-insensitively.
    pub fn from_english_name(name: &str) -> Option<Lang> {
        let name = name.trim();
        let first = name.chars().next()?.to_uppercase().collect::<String>();
        let rest = name.chars().skip(1).collect::<String>().to_lowercase();
        isolang::Language::from_name(&format!("{first}{rest}"))
            .and_then(|l| l.to_639_1())
            .and_then(|code| code.parse().ok())
    }
}

impl FromStr for Lang {
    type Err = Problem;

    fn from_str(s: &str) -> Result<Self, Problem> {
        let lower = s.trim().to_ascii_lowercase();
        let bytes = lower.as_bytes();
        let known = bytes.len() == 2
            && bytes.iter().all(u8::is_ascii_lowercase)
            && isolang::Language::from_639_1(&lower).is_some();
        if known {
            Ok(Lang([bytes[0], bytes[1]]))
        } else {
            Err(Problem::UnknownLanguage {
                value: s.to_string(),
            })
        }
    }
}

impl TryFrom<String> for Lang {
    type Error = Problem;
    fn try_from(s: String) -> Result<Self, Problem> {
        s.parse()
    }
}

impl From<Lang> for String {
    fn from(l: Lang) -> String {
        l.as_str().to_string()
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text given in one or more languages, such as a headline in English and Russian.
///
/// A blank text is no text: reading one in (`en = ""` in a case file) leaves that language
/// out, as writing would, so that what is read and written back reads the same.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Localized(pub BTreeMap<Lang, String>);

impl<'de> Deserialize<'de> for Localized {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut texts = BTreeMap::<Lang, String>::deserialize(d)?;
        texts.retain(|_, text| !text.trim().is_empty());
        Ok(Localized(texts))
    }
}

impl Localized {
    /// A text in no language yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// A text in one language.
    pub fn one(lang: Lang, text: impl Into<String>) -> Self {
        let mut map = BTreeMap::new();
        map.insert(lang, text.into());
        Localized(map)
    }

    /// Adds (or replaces) the text in `lang`, so a text in several languages can be built in one
    /// expression.
    pub fn with(mut self, lang: Lang, text: impl Into<String>) -> Self {
        self.0.insert(lang, text.into());
        self
    }

    /// The text in exactly `lang`, without falling back; see [`Localized::best`] for that.
    pub fn get(&self, lang: Lang) -> Option<&str> {
        self.0.get(&lang).map(String::as_str)
    }

    /// The text in `lang`, or else in English, or else in any language; with the language it is in,
    /// so a page can say when it shows a fallback.
    pub fn best(&self, lang: Lang) -> Option<(Lang, &str)> {
        self.0
            .get_key_value(&lang)
            .or_else(|| self.0.get_key_value(&Lang::EN))
            .or_else(|| self.0.iter().next())
            .map(|(l, t)| (*l, t.as_str()))
    }

    /// True when there is no text in any language; blank texts count as none.
    pub fn is_empty(&self) -> bool {
        self.0.values().all(|t| t.trim().is_empty())
    }

    /// The languages the text is given in, in code order.
    pub fn langs(&self) -> impl Iterator<Item = Lang> + '_ {
        self.0.keys().copied()
    }

    pub(crate) fn check(&self, v: &mut crate::Violations, field: &str, max: usize, required: bool) {
        if required && self.is_empty() {
            v.push(field, Problem::Empty);
        }
        for (lang, text) in &self.0 {
            v.optional_text(&format!("{field}.{lang}"), text, max);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_parse_and_unknown_ones_are_refused() {
        assert_eq!("ru".parse::<Lang>(), Ok(Lang::RU));
        assert_eq!(" EN ".parse::<Lang>(), Ok(Lang::EN));
        for bad in ["rs", "eng", "", "r", "ру", "e1"] {
            assert!(bad.parse::<Lang>().is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn english_names_map_to_codes() {
        assert_eq!(Lang::from_english_name("Russian"), Some(Lang::RU));
        assert_eq!(Lang::from_english_name("english"), Some(Lang::EN));
        assert_eq!(Lang::from_english_name("Klingonese"), None);
        assert_eq!(Lang::RU.english_name(), "Russian");
    }

    #[test]
    fn best_falls_back_to_english_then_any() {
        let t = Localized::one(Lang::EN, "Hello").with(Lang::RU, "Привет");
        assert_eq!(t.best(Lang::RU), Some((Lang::RU, "Привет")));
        let de: Lang = "de".parse().expect("de is a language");
        assert_eq!(t.best(de), Some((Lang::EN, "Hello")));
        let only_ru = Localized::one(Lang::RU, "Привет");
        assert_eq!(only_ru.best(de), Some((Lang::RU, "Привет")));
    }
}
