//! Dates and numbers as each language writes them. Fluent leaves these to the application;
//! for two locales a table is clearer than pulling in ICU.

use jiff::civil::Date;

use crate::Locale;

const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
/// Russian months in the genitive case, as dates need them ("15 июля").
const RU_MONTHS: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

/// "15 July 2026" / "15 июля 2026 г."
pub fn format_date(locale: Locale, date: Date) -> String {
    let month = usize::try_from(date.month() - 1).unwrap_or(0).min(11);
    match locale {
        Locale::En => format!("{} {} {}", date.day(), EN_MONTHS[month], date.year()),
        Locale::Ru => format!("{} {} {} г.", date.day(), RU_MONTHS[month], date.year()),
    }
}

/// "12,345" / "12 345" (Russian groups thousands with a no-break space).
pub fn format_number(locale: Locale, n: u64) -> String {
    let digits = n.to_string();
    let sep = match locale {
        Locale::En => ",",
        Locale::Ru => "\u{a0}",
    };
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn dates_per_locale() {
        assert_eq!(format_date(Locale::En, date(2026, 7, 15)), "15 July 2026");
        assert_eq!(
            format_date(Locale::Ru, date(2026, 7, 15)),
            "15 июля 2026 г."
        );
        assert_eq!(
            format_date(Locale::Ru, date(2019, 2, 1)),
            "1 февраля 2019 г."
        );
    }

    #[test]
    fn numbers_per_locale() {
        assert_eq!(format_number(Locale::En, 0), "0");
        assert_eq!(format_number(Locale::En, 999), "999");
        assert_eq!(format_number(Locale::En, 1234567), "1,234,567");
        assert_eq!(format_number(Locale::Ru, 12345), "12\u{a0}345");
    }
}
