//! The phrase kit: Russian sentences with their meaning, for writers who know no Russian. The
//! phrases are data (`data/phrases.toml`), reviewed like text, not code.

use std::sync::LazyLock;

use serde::Deserialize;

/// Whose gender a Russian form follows, when it follows one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    /// He: masculine endings ("Дорогой", "рад").
    Masculine,
    /// She: feminine endings ("Дорогая", "рада").
    Feminine,
    /// They/them, or not known: a wording without gendered endings where Russian has one.
    Neutral,
}

/// The parts of a letter, in the order a letter usually takes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// Hello, and why a stranger is writing.
    Greeting,
    /// A few words about the writer: their name, where they live, what they do.
    AboutMe,
    /// Good wishes: health, strength, courage.
    Wishes,
    /// Everyday news from the writer's world, such as the weather and the seasons; never politics.
    WorldNews,
    /// Words of support: "You are not alone."
    Support,
    /// Goodbye, and whether to write back.
    Closing,
}

impl Group {
    /// Every group, in the order a letter takes them.
    pub const ALL: [Group; 6] = [
        Group::Greeting,
        Group::AboutMe,
        Group::Wishes,
        Group::WorldNews,
        Group::Support,
        Group::Closing,
    ];

    /// The message id of the group's heading (Fluent).
    pub fn key(&self) -> &'static str {
        match self {
            Group::Greeting => "phrases-greeting",
            Group::AboutMe => "phrases-about-me",
            Group::Wishes => "phrases-wishes",
            Group::WorldNews => "phrases-world-news",
            Group::Support => "phrases-support",
            Group::Closing => "phrases-closing",
        }
    }
}

/// Forms by gender.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Forms {
    /// The form for a masculine person ("Дорогой").
    pub m: String,
    /// The form for a feminine person ("Дорогая").
    pub f: String,
    /// The form for a neutral or unknown gender, avoiding gendered endings where Russian can.
    pub n: String,
}

impl Forms {
    fn pick(&self, g: Gender) -> &str {
        match g {
            Gender::Masculine => &self.m,
            Gender::Feminine => &self.f,
            Gender::Neutral => &self.n,
        }
    }
}

/// One sentence of the phrase kit, in Russian with its English meaning.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phrase {
    /// A stable name for the phrase, such as `greeting-hello`; the letter form sends these.
    pub id: String,
    /// The part of the letter the phrase belongs to.
    pub group: Group,
    /// What it means, in English ("{name}" for the recipient).
    pub en: String,
    #[serde(default)]
    ru: Option<String>,
    #[serde(default)]
    ru_to: Option<Forms>,
    #[serde(default)]
    ru_from: Option<Forms>,
}

impl Phrase {
    /// The Russian sentence for this recipient and writer, with the recipient's name put in.
    pub fn russian(&self, recipient: Gender, writer: Gender, name: &str) -> String {
        let text = match (&self.ru, &self.ru_to, &self.ru_from) {
            (Some(t), _, _) => t.as_str(),
            (None, Some(forms), _) => forms.pick(recipient),
            (None, None, Some(forms)) => forms.pick(writer),
            (None, None, None) => "",
        };
        text.replace("{name}", name)
    }

    /// The English meaning with the recipient's name put in.
    pub fn meaning(&self, name: &str) -> String {
        self.en.replace("{name}", name)
    }

    #[cfg(test)]
    fn forms_given(&self) -> usize {
        usize::from(self.ru.is_some())
            + usize::from(self.ru_to.is_some())
            + usize::from(self.ru_from.is_some())
    }
}

#[derive(Deserialize)]
struct KitFile {
    phrase: Vec<Phrase>,
}

static KIT: LazyLock<Vec<Phrase>> = LazyLock::new(|| {
    toml::from_str::<KitFile>(include_str!("../data/phrases.toml"))
        .map(|f| f.phrase)
        .expect("data/phrases.toml is checked by the test suite")
});

/// Every phrase, in the file's order.
pub fn phrase_kit() -> &'static [Phrase] {
    &KIT
}

/// A phrase by its id.
pub fn phrase(id: &str) -> Option<&'static Phrase> {
    KIT.iter().find(|p| p.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kit_is_complete_and_well_formed() {
        let kit = phrase_kit();
        assert!(
            kit.len() >= 80,
            "the kit has {} phrases; at least 80 are promised",
            kit.len()
        );
        let mut ids: Vec<_> = kit.iter().map(|p| p.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), kit.len(), "ids are unique");
        for p in kit {
            assert_eq!(
                p.forms_given(),
                1,
                "{}: exactly one of ru, ru_to, ru_from",
                p.id
            );
            for g in [Gender::Masculine, Gender::Feminine, Gender::Neutral] {
                let ru = p.russian(g, g, "Азат");
                assert!(!ru.trim().is_empty(), "{}: empty Russian", p.id);
                assert!(
                    ru.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c)) || ru.contains('…'),
                    "{}: not Cyrillic",
                    p.id
                );
                assert!(!ru.contains('{'), "{}: a placeholder is left", p.id);
            }
            assert!(!p.en.trim().is_empty(), "{}: no meaning", p.id);
        }
        for g in Group::ALL {
            assert!(
                kit.iter().filter(|p| p.group == g).count() >= 8,
                "{g:?} has too few phrases"
            );
        }
    }

    #[test]
    fn forms_follow_the_recipient_and_the_writer() {
        let dear = phrase("greeting-dear").expect("phrase");
        assert_eq!(
            dear.russian(Gender::Masculine, Gender::Feminine, "Азат"),
            "Дорогой Азат!"
        );
        assert_eq!(
            dear.russian(Gender::Feminine, Gender::Masculine, "Саша"),
            "Дорогая Саша!"
        );
        assert_eq!(dear.meaning("Azat"), "Dear Azat!");
        let glad = phrase("greeting-glad-to-write").expect("phrase");
        assert_eq!(
            glad.russian(Gender::Masculine, Gender::Feminine, "Азат"),
            "Я рада Вам написать."
        );
        assert_eq!(
            glad.russian(Gender::Feminine, Gender::Masculine, "Саша"),
            "Я рад Вам написать."
        );
    }

    #[test]
    fn the_kit_itself_passes_the_censor_check() {
        for p in phrase_kit() {
            let ru = p.russian(Gender::Masculine, Gender::Feminine, "Азат");
            assert_eq!(crate::check(&ru), vec![], "{}: {ru}", p.id);
        }
    }
}
