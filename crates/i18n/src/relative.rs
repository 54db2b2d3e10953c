//! "3 days ago", "3 дня назад", "1 year ago", "год назад": how long ago a date was, as a
//! sidebar says it. The words and their plural forms are Fluent messages (`ago-*`), so the
//! Russian one/few/many forms come from CLDR's plural rules, not from endings written here.

use jiff::civil::Date;

use crate::{Arg, Locale};

/// How long before `today` the day `then` was, in the largest unit that fits: today,
/// yesterday, days (under a month), months (under a year), years. A date after today reads
/// as today.
pub fn relative_date(locale: Locale, then: Date, today: Date) -> String {
    let days = (today - then).get_days().max(0);
    let months = then
        .until((jiff::Unit::Month, today))
        .map_or(0, |s| s.get_months());
    let years = months / 12;
    let (key, count) = match days {
        0 => return locale.t("ago-today"),
        1 => return locale.t("ago-yesterday"),
        _ if months < 1 => ("ago-days", i64::from(days)),
        _ if years < 1 => ("ago-months", i64::from(months)),
        _ => ("ago-years", i64::from(years)),
    };
    locale.t_args(
        key,
        &[
            ("count", Arg::Num(count)),
            ("shown", Arg::Str(&count.to_string())),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn russian_uses_the_plural_forms_of_its_numbers() {
        let today = date(2026, 12, 4);
        let ru = |then| relative_date(Locale::Ru, then, today);
        assert_eq!(ru(date(2026, 12, 1)), "3 дня назад");
        assert_eq!(ru(date(2026, 11, 29)), "5 дней назад");
        assert_eq!(ru(date(2026, 11, 13)), "21 день назад");
        assert_eq!(ru(date(2025, 12, 4)), "год назад");
        assert_eq!(ru(date(2024, 12, 4)), "2 года назад");
        assert_eq!(ru(date(2021, 12, 4)), "5 лет назад");
        assert_eq!(ru(date(2026, 10, 4)), "2 месяца назад");
        assert_eq!(ru(date(2026, 12, 3)), "вчера");
    }

    #[test]
    fn english_says_one_and_many() {
        let today = date(2026, 12, 4);
        let en = |then| relative_date(Locale::En, then, today);
        assert_eq!(en(date(2025, 12, 4)), "1 year ago");
        assert_eq!(en(date(2026, 12, 1)), "3 days ago");
        assert_eq!(en(date(2026, 11, 4)), "1 month ago");
        assert_eq!(en(date(2026, 12, 4)), "today");
        assert_eq!(en(date(2027, 1, 1)), "today");
    }
}
