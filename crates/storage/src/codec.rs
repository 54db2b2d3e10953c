//! How values the `Any` driver cannot carry are written as text, and read back.
//!
//! Writing cannot fail for well-formed domain values; reading can, when a row was edited by
//! hand or written by a version that knew other enum values: that is [`Error::Corrupt`], with
//! enough context to find the row.

use jiff::civil::Date;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::Error;

/// Now, as RFC 3339 UTC with a `Z` and always six digits of fractions of a second, so that
/// the text sorts as the time does (jiff's default drops trailing zeros, and "…:05Z" sorts
/// after "…:05.5Z"). Reads back with any RFC 3339 parser.
pub(crate) fn now() -> String {
    timestamp_text(jiff::Timestamp::now())
}

/// A moment as RFC 3339 UTC text that sorts as the time does (see [`now`]).
pub(crate) fn timestamp_text(t: jiff::Timestamp) -> String {
    jiff::fmt::temporal::DateTimePrinter::new()
        .precision(Some(6))
        .timestamp_to_string(&t)
}

/// The start of the hour `t` falls in. A finished outbox row keeps its times to the hour
/// only, as supporters' records do: once the message has gone, when exactly someone acted is
/// nobody's business (docs/privacy.md). The statements that finish a row cut `created_at` the
/// same way in SQL (`substr(created_at, 1, 13) || ':00:00.000000Z'`), keeping the text shape
/// of [`timestamp_text`] so the column still sorts.
pub(crate) fn start_of_hour(t: jiff::Timestamp) -> jiff::Timestamp {
    outcry_domain::pacing::hour_of(t)
}

/// The hour a moment falls in, as stored where finer times would say too much about people
/// (supporters' records, relay letters): RFC 3339 UTC with minutes and seconds zeroed.
pub(crate) fn hour_text(at: jiff::Timestamp) -> Result<String, Error> {
    let hour = at.as_second() - at.as_second().rem_euclid(3600);
    jiff::Timestamp::from_second(hour)
        .map(|t| t.to_string())
        .map_err(|e| Error::Corrupt {
            what: format!("time {at}: {e}"),
        })
}

/// The first whole hour at or after a moment, in the same text as [`hour_text`]: for an
/// expiry kept to the hour that must never come before the real one.
pub(crate) fn hour_up_text(at: jiff::Timestamp) -> Result<String, Error> {
    // Whole seconds rounded up first, so a fraction past the hour moves to the next one too.
    let seconds = at.as_second() + i64::from(at.subsec_nanosecond() > 0);
    let up = seconds.saturating_add(3599);
    let later = jiff::Timestamp::from_second(up).map_err(|e| Error::Corrupt {
        what: format!("time {at}: {e}"),
    })?;
    hour_text(later)
}

/// A domain value as JSON text.
pub(crate) fn to_json<T: Serialize + ?Sized>(value: &T, what: &str) -> Result<String, Error> {
    serde_json::to_string(value).map_err(|e| Error::Corrupt {
        what: format!("{what} cannot be written as json: {e}"),
    })
}

/// JSON text back into a domain value; `what` names the column and row.
pub(crate) fn from_json<T: DeserializeOwned>(
    text: &str,
    what: impl Fn() -> String,
) -> Result<T, Error> {
    serde_json::from_str(text).map_err(|e| Error::Corrupt {
        what: format!("{}: {e}", what()),
    })
}

/// A date as ISO text (`2026-07-15`).
pub(crate) fn date_text(date: Date) -> String {
    date.to_string()
}

pub(crate) fn opt_date_text(date: Option<Date>) -> Option<String> {
    date.map(date_text)
}

/// ISO text back into a date.
pub(crate) fn parse_date(text: &str, what: impl Fn() -> String) -> Result<Date, Error> {
    text.parse().map_err(|e| Error::Corrupt {
        what: format!("{}: {text:?} is not a date: {e}", what()),
    })
}

pub(crate) fn parse_opt_date(
    text: Option<&str>,
    what: impl Fn() -> String,
) -> Result<Option<Date>, Error> {
    text.map(|t| parse_date(t, what)).transpose()
}

/// Any `FromStr` domain value (slug, language, country, number) read back from its text.
pub(crate) fn parse<T: std::str::FromStr>(text: &str, what: impl Fn() -> String) -> Result<T, Error>
where
    T::Err: std::fmt::Display,
{
    text.parse().map_err(|e| Error::Corrupt {
        what: format!("{}: {e}", what()),
    })
}

/// An enum's text back into the enum, with the enum's own `parse`.
pub(crate) fn parse_enum<T>(
    text: &str,
    parse: impl Fn(&str) -> Option<T>,
    what: impl Fn() -> String,
) -> Result<T, Error> {
    parse(text).ok_or_else(|| Error::Corrupt {
        what: format!("{}: unknown value {text:?}", what()),
    })
}

/// A count or position from the database (always `BIGINT`/`INTEGER`) as a `usize`.
pub(crate) fn count(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

/// A list index as a database position.
pub(crate) fn position(i: usize) -> i64 {
    i64::try_from(i).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    #[test]
    fn stored_times_sort_as_text_in_time_order() {
        let times = [
            "2026-06-01T12:00:05Z",
            "2026-06-01T12:00:05.5Z",
            "2026-06-01T12:00:06Z",
        ];
        let texts: Vec<String> = times
            .iter()
            .map(|t| super::timestamp_text(t.parse().expect("timestamp")))
            .collect();
        let mut sorted = texts.clone();
        sorted.sort();
        assert_eq!(sorted, texts);
        assert_eq!(texts[1], "2026-06-01T12:00:05.500000Z");
    }
}
