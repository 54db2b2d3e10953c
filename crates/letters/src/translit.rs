//! Latin readings of Cyrillic text.

use translit::{Passport2013, ToLatin};

/// The text with Russian Cyrillic letters in ICAO Doc 9303 transliteration (the scheme of
/// Russian international passports since 2013: "Щеглова" → "Shcheglova"). Anything that is not
/// Russian Cyrillic is left as it is.
pub fn latin_reading(text: &str) -> String {
    Passport2013::new().to_latin(text)
}

#[cfg(test)]
mod tests {
    use super::latin_reading;

    #[test]
    fn a_prison_address_reads_in_latin() {
        assert_eq!(
            latin_reading(
                "612744, Кировская обл., г. Омутнинск, ФКУ ИК-17, Мифтахову Азату Фанисовичу, 1993 г.р."
            ),
            "612744, Kirovskaia obl., g. Omutninsk, FKU IK-17, Miftakhovu Azatu Fanisovichu, 1993 g.r."
        );
        assert_eq!(
            latin_reading("Юлия Щеглова, Объединённая улица"),
            "Iuliia Shcheglova, Obieedinennaia ulitsa"
        );
        assert_eq!(latin_reading("Azat, 2026 — ok"), "Azat, 2026 — ok");
    }
}
