//! The one normalisation of a letter's text, so that the censor-risk checker reads what the
//! printer prints. A censor reads paper: "вой\u{200B}на" prints as "война", and so does
//! "вoйна" with a Latin "o". Checking the raw text would pass both.
//!
//! - [`printable`]: the text as it goes on paper and as the checker reads it: invisible
//!   characters (zero-width spaces and joiners, direction marks, embeddings, overrides and
//!   isolates, soft hyphens, blank fillers) dropped, then NFC, so "и" plus a combining breve is
//!   "й". Both `check` and the PDF printer (`outcry-pdf`) call it.
//! - `for_matching` (the checker's, private to this crate): one word as the topic list is
//!   compared with it: no remaining combining marks (stress accents), Latin and Greek
//!   look-alikes inside a Cyrillic word read as the Cyrillic letters they look like, lower case,
//!   "ё" as "е". Only ever compared, never printed: the writer's letters are theirs.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Whether `c` prints as nothing, or changes how what is around it prints, without being a
/// letter a reader sees. Dropped before printing and before checking.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}'                 // soft hyphen
        | '\u{034F}'               // combining grapheme joiner
        | '\u{061C}'               // Arabic letter mark
        | '\u{115F}' | '\u{1160}'  // Hangul fillers: "letters" that print blank
        | '\u{17B4}' | '\u{17B5}'  // Khmer inherent vowels, invisible
        | '\u{180B}'..='\u{180F}'  // Mongolian variation selectors and vowel separator
        | '\u{200B}'..='\u{200F}'  // zero-width space, non-joiner, joiner; LRM, RLM
        | '\u{202A}'..='\u{202E}'  // embeddings and overrides
        | '\u{2060}'..='\u{2064}'  // word joiner, invisible operators
        | '\u{2066}'..='\u{206F}'  // isolates; deprecated format characters
        | '\u{3164}' | '\u{FFA0}'  // Hangul fillers
        | '\u{FE00}'..='\u{FE0F}'  // variation selectors
        | '\u{FEFF}'               // zero-width no-break space (BOM)
        | '\u{E0000}'..='\u{E007F}' // tags
        | '\u{E0100}'..='\u{E01EF}' // variation selectors supplement
    )
}

/// `text` as it is printed and checked: invisible characters dropped, then NFC. Line breaks,
/// tabs and other control characters are the printer's business and pass through.
pub fn printable(text: &str) -> String {
    // Dropping first, so that a zero-width character between a letter and its combining
    // mark cannot keep them from composing.
    text.chars().filter(|c| !is_invisible(*c)).nfc().collect()
}

/// The Cyrillic letter a Latin or Greek one looks like in print, if it looks like one.
fn cyrillic_look_alike(c: char) -> Option<char> {
    Some(match c {
        'a' | 'α' => 'а',
        'c' => 'с',
        'e' | 'ε' => 'е',
        'k' | 'κ' => 'к',
        'o' | 'ο' => 'о',
        'p' | 'ρ' => 'р',
        'x' | 'χ' => 'х',
        'y' => 'у',
        'A' | 'Α' => 'А',
        'B' | 'Β' => 'В',
        'C' => 'С',
        'E' | 'Ε' => 'Е',
        'H' | 'Η' => 'Н',
        'K' | 'Κ' => 'К',
        'M' | 'Μ' => 'М',
        'O' | 'Ο' => 'О',
        'P' | 'Ρ' => 'Р',
        'T' | 'Τ' => 'Т',
        'X' | 'Χ' => 'Х',
        'Y' | 'Υ' => 'У',
        _ => return None,
    })
}

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c)
}

/// One word of [`printable`] text as the checker compares it: combining marks that are left
/// after NFC dropped ("во́йна" is "война" to a censor), and, when the word has a letter that
/// can only be Cyrillic and none that can only be Latin, every look-alike read as Cyrillic.
/// A word that is plainly Latin ("Anna", "NATO") stays Latin, so it is still a foreign word.
pub(crate) fn for_matching(word: &str) -> String {
    let bare: Vec<char> = word.chars().filter(|c| !is_combining_mark(*c)).collect();
    let only_cyrillic = bare.iter().any(|c| is_cyrillic(*c) && !has_twin(*c));
    let only_latin = bare
        .iter()
        .any(|c| is_latin(*c) && cyrillic_look_alike(*c).is_none());
    bare.into_iter()
        .map(|c| match cyrillic_look_alike(c) {
            Some(cyr) if only_cyrillic && !only_latin => cyr,
            _ => c,
        })
        .collect()
}

/// Whether a Cyrillic letter has a Latin or Greek twin ("а", "о", "Р"): such a letter does not
/// tell which script a word is in.
fn has_twin(c: char) -> bool {
    matches!(
        c,
        'а' | 'с'
            | 'е'
            | 'к'
            | 'о'
            | 'р'
            | 'х'
            | 'у'
            | 'А'
            | 'В'
            | 'С'
            | 'Е'
            | 'Н'
            | 'К'
            | 'М'
            | 'О'
            | 'Р'
            | 'Т'
            | 'Х'
            | 'У'
    )
}

/// A word folded for the topic list: [`for_matching`], lower case, "ё" as "е".
pub(crate) fn topic_key(word: &str) -> String {
    for_matching(word).to_lowercase().replace('ё', "е")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_drops_what_prints_as_nothing_and_composes() {
        assert_eq!(printable("вой\u{200B}на"), "война");
        assert_eq!(printable("во\u{200D}й\u{2060}на\u{FEFF}"), "война");
        assert_eq!(printable("\u{200F}война\u{200E}"), "война");
        assert_eq!(printable("\u{2067}война\u{2069}"), "война");
        assert_eq!(printable("вой\u{00AD}на"), "война");
        // "и" + combining breve is "й"; a zero-width space between them does not stop it.
        assert_eq!(printable("вои\u{0306}на"), "война");
        assert_eq!(printable("вои\u{200B}\u{0306}на"), "война");
        assert_eq!(printable("Привет,\nАзат!\tПока"), "Привет,\nАзат!\tПока");
    }

    #[test]
    fn look_alikes_are_read_as_cyrillic_only_inside_cyrillic_words() {
        assert_eq!(for_matching("вoйна"), "война");
        assert_eq!(for_matching("BOЙНA"), "ВОЙНА");
        assert_eq!(for_matching("вοйна"), "война", "Greek omicron");
        assert_eq!(for_matching("во\u{0301}йна"), "война", "a stress accent");
        assert_eq!(for_matching("Anna"), "Anna");
        assert_eq!(for_matching("NATO"), "NATO");
        // A Cyrillic "А" in a Latin word does not make it Cyrillic.
        assert_eq!(for_matching("Аnna"), "Аnna");
        assert_eq!(topic_key("Ёлка"), "елка");
    }
}
