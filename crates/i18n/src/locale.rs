//! The interface languages and how one is chosen for a visitor.

use fluent_templates::LanguageIdentifier;
use fluent_templates::loader::langid;
use outcry_domain::Lang;

/// A language the interface is fully translated into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Locale {
    /// English, also the fallback for any message a translation lacks.
    En,
    /// Russian; a test checks that it has every English message.
    Ru,
}

static EN: LanguageIdentifier = langid!("en");
static RU: LanguageIdentifier = langid!("ru");

impl Locale {
    /// Every interface language, in the order the language switcher lists them.
    pub const ALL: [Locale; 2] = [Locale::En, Locale::Ru];

    /// The code used in URLs and `lang` attributes.
    pub fn code(&self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Ru => "ru",
        }
    }

    /// The language's own name, for the language switcher.
    pub fn native_name(&self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Ru => "Русский",
        }
    }

    /// The content language that matches this locale, for picking a case's or an action's text.
    pub fn lang(&self) -> Lang {
        match self {
            Locale::En => Lang::EN,
            Locale::Ru => Lang::RU,
        }
    }

    /// The locale for a code such as "ru", in any letter case; `None` for a language the interface
    /// is not translated into.
    pub fn from_code(code: &str) -> Option<Locale> {
        Self::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code))
    }

    pub(crate) fn langid(&self) -> &'static LanguageIdentifier {
        match self {
            Locale::En => &EN,
            Locale::Ru => &RU,
        }
    }

    /// Picks the best locale from an `Accept-Language` header (`ru-RU,ru;q=0.9,en;q=0.8`).
    /// Malformed parts are skipped; with nothing usable, English.
    pub fn negotiate(accept_language: &str) -> Locale {
        let mut best: Option<(f32, Locale)> = None;
        for part in accept_language.split(',').take(32) {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim();
            // A malformed weight makes the whole entry unusable, rather than a full-weight one.
            let q = match pieces.find_map(|p| p.trim().strip_prefix("q=")) {
                None => 1.0,
                Some(q) => match q.trim().parse::<f32>() {
                    Ok(q) if (0.0..=1.0).contains(&q) => q,
                    _ => continue,
                },
            };
            let primary = tag.split(['-', '_']).next().unwrap_or("");
            if let Some(locale) = Locale::from_code(primary)
                && q > 0.0
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, locale));
            }
        }
        best.map_or(Locale::En, |(_, l)| l)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_follows_quality_values() {
        assert_eq!(
            Locale::negotiate("ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7"),
            Locale::Ru
        );
        assert_eq!(Locale::negotiate("en-GB,ru;q=0.5"), Locale::En);
        assert_eq!(
            Locale::negotiate("de-DE,de;q=0.9,ru;q=0.4,en;q=0.3"),
            Locale::Ru
        );
        assert_eq!(Locale::negotiate("fr"), Locale::En);
        assert_eq!(Locale::negotiate(""), Locale::En);
        assert_eq!(Locale::negotiate(";;;q=abc,,ru;q=7"), Locale::En);
        assert_eq!(Locale::negotiate("ru;q=0"), Locale::En);
    }

    proptest::proptest! {
        /// A hostile header never panics and always yields a supported locale.
        #[test]
        fn any_header_negotiates(header in "\\PC{0,300}") {
            let l = Locale::negotiate(&header);
            proptest::prop_assert!(Locale::ALL.contains(&l));
        }
    }
}
