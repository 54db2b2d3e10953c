//! Languages: which language a UA is written in (English, or a national section's
//! republication in German, French, Swedish, Finnish or Russian), and which languages it asks
//! supporters to write in ("Russian or English", "in gutem Russisch, Englisch oder auf Deutsch").

use outcry_domain::Lang;

/// Common short words per language. Counting them tells a German republication from an
/// English original that quotes a German name.
const STOPWORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "the", "and", "of", "to", "is", "was", "his", "her", "for", "with", "has", "been",
        ],
    ),
    (
        "de",
        &[
            "und", "der", "die", "das", "ist", "nicht", "mit", "für", "wurde", "eine", "sie", "ihn",
        ],
    ),
    (
        "fr",
        &[
            "le", "la", "les", "et", "des", "est", "une", "pour", "dans", "du", "au", "il",
        ],
    ),
    (
        "sv",
        &[
            "och", "att", "för", "är", "som", "har", "till", "med", "den", "på", "av", "han",
        ],
    ),
    (
        "fi",
        &[
            "ja", "on", "että", "hän", "oli", "myös", "kanssa", "tai", "ei", "ovat", "hänen",
            "hänet",
        ],
    ),
];

/// The language the text is written in; English unless another one clearly dominates.
pub fn detect(text: &str) -> Lang {
    let (mut cyrillic, mut latin) = (0usize, 0usize);
    for c in text.chars() {
        if ('\u{400}'..='\u{4ff}').contains(&c) {
            cyrillic += 1;
        } else if c.is_ascii_alphabetic() {
            latin += 1;
        }
    }
    if cyrillic > latin {
        return Lang::RU;
    }
    let mut counts = vec![0usize; STOPWORDS.len()];
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        let w = word.to_lowercase();
        for (i, (_, words)) in STOPWORDS.iter().enumerate() {
            if words.contains(&w.as_str()) {
                counts[i] += 1;
            }
        }
    }
    let english = counts.first().copied().unwrap_or(0);
    let best = counts
        .iter()
        .enumerate()
        .skip(1)
        .max_by_key(|(_, n)| **n)
        .map(|(i, n)| (i, *n));
    match best {
        Some((i, n)) if n >= 3 && n > english => STOPWORDS
            .get(i)
            .and_then(|(code, _)| code.parse().ok())
            .unwrap_or(Lang::EN),
        _ => Lang::EN,
    }
}

/// Stems of language names in the six languages, and the code they stand for.
const LANGUAGE_STEMS: &[(&str, &str)] = &[
    ("russ", "ru"),
    ("rysk", "ru"),
    ("venäj", "ru"),
    ("русск", "ru"),
    ("русском", "ru"),
    ("engl", "en"),
    ("angl", "en"),
    ("engelsk", "en"),
    ("англ", "en"),
    ("german", "de"),
    ("deutsch", "de"),
    ("allemand", "de"),
    ("tysk", "de"),
    ("saksa", "de"),
    ("немец", "de"),
    ("french", "fr"),
    ("französ", "fr"),
    ("franzos", "fr"),
    ("français", "fr"),
    ("francais", "fr"),
    ("fransk", "fr"),
    ("ranska", "fr"),
    ("франц", "fr"),
    ("swedish", "sv"),
    ("schwed", "sv"),
    ("suédois", "sv"),
    ("svensk", "sv"),
    ("ruotsi", "sv"),
    ("швед", "sv"),
    ("finnish", "fi"),
    ("finnisch", "fi"),
    ("finnois", "fi"),
    ("finsk", "fi"),
    ("suome", "fi"),
    ("финск", "fi"),
    ("spanish", "es"),
    ("spanisch", "es"),
    ("espagnol", "es"),
    ("spansk", "es"),
    ("espanja", "es"),
    ("испан", "es"),
    ("ukrain", "uk"),
    ("украин", "uk"),
    ("belarus", "be"),
    ("белорус", "be"),
];

/// Words after a language name that show it is not a language: "Russian Federation",
/// "Russian authorities".
const NOT_A_LANGUAGE_AFTER: &[&str] = &[
    "federation",
    "authorities",
    "government",
    "föderation",
    "behörden",
    "regierung",
    "army",
    "law",
    "courts",
];

/// The languages named in `text`, in the order written, without repeats.
pub fn languages_named(text: &str) -> Vec<Lang> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let next = words.get(i + 1).map_or("", String::as_str);
        if NOT_A_LANGUAGE_AFTER.contains(&next) {
            continue;
        }
        // "russe" and "Russia" share a stem; only the language forms count.
        if w == "russia" || w == "russland" || w == "russie" || w == "ryssland" {
            continue;
        }
        if let Some((_, code)) = LANGUAGE_STEMS.iter().find(|(stem, _)| w.starts_with(stem))
            && let Ok(lang) = code.parse::<Lang>()
            && !out.contains(&lang)
        {
            out.push(lang);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(langs: Vec<Lang>) -> Vec<String> {
        langs.into_iter().map(String::from).collect()
    }

    #[test]
    fn languages_in_appeal_instructions() {
        for (text, want) in [
            ("Russian or English", vec!["ru", "en"]),
            (
                "Please write immediately in English, Russian or your own language",
                vec!["en", "ru"],
            ),
            (
                "Schreiben Sie in gutem Russisch, Englisch oder auf Deutsch",
                vec!["ru", "en", "de"],
            ),
            (
                "en russe, en anglais ou en français",
                vec!["ru", "en", "fr"],
            ),
            ("på ryska, engelska eller svenska", vec!["ru", "en", "sv"]),
            (
                "venäjäksi, englanniksi tai suomeksi",
                vec!["ru", "en", "fi"],
            ),
            ("на русском или английском языке", vec!["ru", "en"]),
            ("to the Russian Federation in English", vec!["en"]),
        ] {
            assert_eq!(codes(languages_named(text)), want, "{text}");
        }
    }

    #[test]
    fn detects_republications() {
        assert_eq!(
            detect("The activist was detained and he is at risk of torture."),
            Lang::EN
        );
        assert_eq!(
            String::from(detect(
                "Der Aktivist ist in Haft und die Behörden haben ihn nicht freigelassen, er wurde gefoltert."
            )),
            "de"
        );
        assert_eq!(
            String::from(detect(
                "Le militant est détenu et il a été torturé dans la colonie pour des raisons politiques."
            )),
            "fr"
        );
        assert_eq!(
            String::from(detect(
                "Aktivisten är fängslad och han har torterats för att han är kritisk till den."
            )),
            "sv"
        );
        assert_eq!(
            String::from(detect(
                "Aktivisti on vangittu ja häntä on kidutettu, ja hänen terveytensä on myös heikko."
            )),
            "fi"
        );
        assert_eq!(detect("Активист задержан и подвергается пыткам."), Lang::RU);
    }
}
