//! The model letter: from the greeting to the sign-off in the current layout; in older
//! layouts, which have no letter, the appeal points ("- urging the authorities to …") stand in
//! as the letter text for the organizer to rewrite. Also the subject line, made from the
//! headline when the UA has none, and sign-offs per language when the UA gives none.

use outcry_domain::Lang;

use super::clean::{Block, is_bullet, join_lines};

/// The sign-off used when a letter has none, in the letter's language.
pub fn default_sign_off(lang: Lang) -> &'static str {
    match lang.as_str() {
        "de" => "Mit freundlichen Grüßen",
        "fr" => "Veuillez agréer l'expression de ma haute considération.",
        "sv" => "Med vänliga hälsningar",
        "fi" => "Kunnioittavasti",
        "ru" => "С уважением,",
        _ => "Yours sincerely,",
    }
}

/// Paragraphs of a letter body, blank-line separated.
pub fn body(blocks: &[Block]) -> String {
    blocks
        .iter()
        .map(Block::joined)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The appeal points of an older layout, one per line, as a letter draft.
pub fn from_points(blocks: &[Block]) -> String {
    let lines: Vec<String> = blocks
        .iter()
        .map(Block::joined)
        .flat_map(|p| p.lines().map(str::to_string).collect::<Vec<_>>())
        .collect();
    let text = join_lines(lines.iter().map(String::as_str));
    // Bullets read as sentences of a letter: "- urging …" becomes "- Urging …".
    text.lines()
        .map(|l| {
            if is_bullet(l) {
                let item = l.chars().skip(2).collect::<String>();
                let mut chars = item.chars();
                match chars.next() {
                    Some(c) => format!("- {}{}", c.to_uppercase(), chars.as_str()),
                    None => String::new(),
                }
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A subject from the headline: sentence case if the headline is all capitals, with the
/// person's name when the headline lacks it.
pub fn subject(headline: &str, name: Option<&str>) -> String {
    let shouting =
        headline.chars().any(char::is_alphabetic) && !headline.chars().any(char::is_lowercase);
    let mut s = if shouting {
        let lower = headline.to_lowercase();
        let mut chars = lower.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
            .unwrap_or_default()
    } else {
        headline.to_string()
    };
    if let Some(name) = name
        && !s.to_lowercase().contains(&name.to_lowercase())
    {
        s = format!("{s}: {name}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects() {
        assert_eq!(
            subject(
                "IMPRISONED ACTIVIST ALLEGEDLY TORTURED",
                Some("Azat Miftakhov")
            ),
            "Imprisoned activist allegedly tortured: Azat Miftakhov"
        );
        assert_eq!(
            subject("RUSSIAN FEDERATION: Ivan Petrov", Some("Ivan Petrov")),
            "RUSSIAN FEDERATION: Ivan Petrov"
        );
        assert_eq!(subject("", None), "");
    }

    #[test]
    fn points_become_lines() {
        let b = Block {
            lines: vec![
                super::super::clean::Line {
                    text: "- urging the authorities to".into(),
                    orig: 1,
                    page_break_before: false,
                },
                super::super::clean::Line {
                    text: "release him;".into(),
                    orig: 2,
                    page_break_before: false,
                },
                super::super::clean::Line {
                    text: "- calling for an investigation.".into(),
                    orig: 3,
                    page_break_before: false,
                },
            ],
        };
        assert_eq!(
            from_points(&[b]),
            "- Urging the authorities to release him;\n- Calling for an investigation."
        );
    }
}
