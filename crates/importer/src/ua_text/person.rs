//! The person at risk: name, pronouns, year of birth and whether they are sentenced, read from
//! the labelled "NAME AND PRONOUN" line where the current layout has one, and otherwise from
//! the headline ("RUSSIAN FEDERATION: Ivan Petrov, aged 34") or the first words of the summary.

use std::sync::LazyLock;

use outcry_domain::{CaseStatus, Country, Pronouns};
use regex::Regex;

use super::clean::re;

/// "NAME AND PRONOUN: Azat Miftakhov (he/him)" and its republished forms.
static NAME_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:name and pronouns?|name und pronomen|nom et pronoms?|namn och pronomen|nimi ja pronominit?|имя и местоимени[ея]|name\s*:)\s*:?\s*(.*)$",
    )
});

/// `Name (pronouns)` after the label.
static NAME_PRONOUNS: LazyLock<Regex> =
    LazyLock::new(|| re(r"^\s*([^()]+?)\s*(?:\(([^()]*)\))?\s*$"));

static BORN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:\bborn\s+(?:in\s+)?|\bgeb\.\s*|\bgeboren\s+(?:im\s+jahr\s+)?|\bnée?\s+en\s+|\bfödd\s+(?:år\s+)?|\bsyntynyt\s+(?:vuonna\s+)?|\(s\.\s*|родил(?:ся|ась)\s+в\s+)((?:19|20)\d{2})\b|\b((?:19|20)\d{2})\s*(?:г\.\s*р\.|года рождения)",
    )
});

static SENTENCED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:sentenced|convicted|verurteilt|condamnée?|dömd|dömdes|tuomittu|tuomittiin|приговорен|приговорён|осужден|осуждён)",
    )
});

/// Name and pronouns from a labelled line, if `line` is one.
pub fn from_label(line: &str) -> Option<(String, Pronouns)> {
    let rest = NAME_LABEL.captures(line)?.get(1)?.as_str();
    let caps = NAME_PRONOUNS.captures(rest)?;
    let name = caps.get(1)?.as_str().trim().to_string();
    let pronouns = caps
        .get(2)
        .map_or(Pronouns::Unknown, |p| pronouns(p.as_str()));
    (!name.is_empty()).then_some((name, pronouns))
}

/// Pronouns as written in any of the six languages ("he/him", "er/ihm", "elle", "hon/henne",
/// "он"). Finnish "hän" is ungendered and stays unknown: a letter writer must not guess.
pub fn pronouns(s: &str) -> Pronouns {
    let first = s
        .trim()
        .split(['/', ' ', ','])
        .next()
        .unwrap_or("")
        .to_lowercase();
    match first.as_str() {
        "er" | "il" | "han" | "он" => Pronouns::He,
        "sie" | "elle" | "hon" | "она" => Pronouns::She,
        "iel" | "hen" | "они" => Pronouns::They,
        _ => Pronouns::parse_loose(s),
    }
}

/// "RUSSIAN FEDERATION: Ivan Petrov (m), aged 34, journalist" → "Ivan Petrov".
pub fn from_headline(headline: &str) -> Option<String> {
    let (before, after) = headline.split_once(':')?;
    let is_place = Country::from_english_name(before).is_some()
        || before
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
    if !is_place {
        return None;
    }
    let name = after.split([',', '(', ';']).next()?.trim();
    looks_like_name(name).then(|| name.to_string())
}

/// "Ivan Petrov, a journalist, …" or "Ivan Petrov has been …" at the start of a paragraph.
pub fn from_summary(summary: &str) -> Option<String> {
    let words: Vec<&str> = summary.split_whitespace().take(5).collect();
    let mut name = Vec::new();
    for w in words {
        let bare = w.trim_end_matches([',', '.', ';', ':']);
        if !bare.chars().next().is_some_and(char::is_uppercase)
            || bare.chars().any(|c| c.is_ascii_digit())
        {
            break;
        }
        name.push(bare);
        if bare.len() != w.len() {
            break;
        }
    }
    let name = name.join(" ");
    (name.split(' ').count() >= 2 && looks_like_name(&name)).then_some(name)
}

/// Two to five capitalized words, no digits, nothing that reads like an office.
pub fn looks_like_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (2..=5).contains(&words.len())
        && s.chars().count() <= 80
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(|c| c.is_alphabetic() || "-'’.".contains(c))
        })
        && !words.iter().any(|w| {
            w.chars().filter(|c| c.is_alphabetic()).count() > 2
                && w.chars().all(|c| !c.is_lowercase())
        })
        && !super::target::has_office_word(s)
}

/// The first year of birth mentioned, if plausible (not after `max_year`).
pub fn birth_year(text: &str, max_year: i32) -> Option<i32> {
    BORN.captures_iter(text).find_map(|c| {
        let y: i32 = c.get(1).or_else(|| c.get(2))?.as_str().parse().ok()?;
        (1900..=max_year).contains(&y).then_some(y)
    })
}

/// Sentenced if the text says so, else detained (what an urgent action is usually about).
pub fn status(text: &str) -> CaseStatus {
    if SENTENCED.is_match(text) {
        CaseStatus::Sentenced
    } else {
        CaseStatus::Detained
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labelled_names() {
        for (line, name, p) in [
            (
                "NAME AND PRONOUN: Azat Miftakhov (he/him)",
                "Azat Miftakhov",
                Pronouns::He,
            ),
            (
                "NAME UND PRONOMEN: Azat Miftakhov (er/ihm)",
                "Azat Miftakhov",
                Pronouns::He,
            ),
            (
                "NOM ET PRONOM : Lena Orlova (elle)",
                "Lena Orlova",
                Pronouns::She,
            ),
            (
                "NAMN OCH PRONOMEN: Sasha Ivanova (hen)",
                "Sasha Ivanova",
                Pronouns::They,
            ),
            (
                "NIMI JA PRONOMINI: Azat Miftakhov (hän)",
                "Azat Miftakhov",
                Pronouns::Unknown,
            ),
            (
                "ИМЯ И МЕСТОИМЕНИЕ: Азат Мифтахов (он)",
                "Азат Мифтахов",
                Pronouns::He,
            ),
            (
                "NAME AND PRONOUNS: Ivan Petrov",
                "Ivan Petrov",
                Pronouns::Unknown,
            ),
        ] {
            assert_eq!(from_label(line), Some((name.to_string(), p)), "{line}");
        }
        assert_eq!(from_label("Dear Mr. Mityayev,"), None);
    }

    #[test]
    fn names_from_headline_and_summary() {
        assert_eq!(
            from_headline("RUSSIAN FEDERATION: Ivan Petrov (m), aged 34, journalist"),
            Some("Ivan Petrov".into())
        );
        assert_eq!(
            from_headline("IMPRISONED ACTIVIST ALLEGEDLY TORTURED"),
            None
        );
        assert_eq!(
            from_summary("Oleg Sorokin, a lawyer from Kazan, was detained."),
            Some("Oleg Sorokin".into())
        );
        assert_eq!(from_summary("The authorities detained him."), None);
    }

    #[test]
    fn years_of_birth() {
        for (text, year) in [
            ("Azat Fanisovich Miftakhov (born in 1993)", Some(1993)),
            ("(geb. 1990)", Some(1990)),
            ("née en 1988", Some(1988)),
            ("född 1991", Some(1991)),
            ("(s. 1992)", Some(1992)),
            ("1993 г.р.", Some(1993)),
            ("born in 2090", None),
            ("in 1993", None),
        ] {
            assert_eq!(birth_year(text, 2026), year, "{text}");
        }
    }
}
