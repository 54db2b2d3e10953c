//! Putting a letter together from chosen phrases and the writer's own words.

use crate::phrases::{Gender, Group, phrase};

/// The longest letter Outcry prints or relays, in characters: about three printed pages.
pub const MAX_LETTER_CHARS: usize = 6_000;

/// Electronic prison-letter services (FSIN-Pismo and the like) print a letter on pages of
/// about this many characters and charge per page.
pub const E_LETTER_PAGE_CHARS: usize = 2_500;

/// A letter's text from the phrases picked (by id; unknown ids are skipped) and free text.
///
/// The phrases go in the order of a letter (greeting, about me, wishes, news, support,
/// closing), one paragraph per group; the writer's own words come after "about me", where a
/// letter would say what the writer has to say.
pub fn compose<'a>(
    phrase_ids: impl IntoIterator<Item = &'a str>,
    free_text: &str,
    recipient: Gender,
    writer: Gender,
    name: &str,
) -> String {
    let chosen: Vec<_> = phrase_ids.into_iter().filter_map(phrase).collect();
    let group_text = |group: Group| -> String {
        chosen
            .iter()
            .filter(|p| p.group == group)
            .map(|p| p.russian(recipient, writer, name))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let free = free_text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_string();
    let mut paragraphs = Vec::new();
    for group in Group::ALL {
        let text = group_text(group);
        if !text.is_empty() {
            paragraphs.push(text);
        }
        if group == Group::AboutMe && !free.is_empty() {
            paragraphs.push(free.clone());
        }
    }
    paragraphs.join("\n\n")
}

/// How many pages of an electronic letter service `text` fills.
pub fn e_letter_pages(text: &str) -> usize {
    text.chars().count().div_ceil(E_LETTER_PAGE_CHARS).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_follow_the_order_of_a_letter_with_own_words_after_about_me() {
        let text = compose(
            [
                "closing-hug",
                "greeting-dear",
                "greeting-first-letter",
                "no-such-id",
            ],
            "Я учитель математики.",
            Gender::Masculine,
            Gender::Feminine,
            "Азат",
        );
        let paragraphs: Vec<&str> = text.split("\n\n").collect();
        assert_eq!(paragraphs.len(), 3, "{text}");
        assert!(paragraphs[0].starts_with("Дорогой Азат!"), "{text}");
        assert!(paragraphs[0].ends_with("Это моё первое письмо Вам."));
        assert_eq!(paragraphs[1], "Я учитель математики.");
        assert_eq!(e_letter_pages(&text), 1);
        assert_eq!(e_letter_pages(&"а".repeat(2_501)), 2);
    }

    #[test]
    fn the_recipients_gender_picks_the_form() {
        let she = compose(
            ["greeting-dear"],
            "",
            Gender::Feminine,
            Gender::Neutral,
            "Мария",
        );
        assert_eq!(she, "Дорогая Мария!");
    }
}
