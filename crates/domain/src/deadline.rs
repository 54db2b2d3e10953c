//! Deadlines: a date and the time zone in which that date ends.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};

use crate::error::{Problem, Violations};

/// The last day to act. The action closes when that day ends in `time_zone`, so a supporter
/// anywhere can act until midnight of the deadline where the deadline was set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    /// The last day on which supporters can act.
    pub date: Date,
    /// An IANA time zone name ("Europe/Moscow").
    pub time_zone: String,
}

impl Deadline {
    /// A deadline at the end of `date` in `time_zone`, an IANA name (see [`Deadline::check`]).
    pub fn new(date: Date, time_zone: impl Into<String>) -> Self {
        Deadline {
            date,
            time_zone: time_zone.into(),
        }
    }

    /// The instant the action closes: the start of the day after `date`, in the time zone.
    pub fn closes_at(&self) -> Result<Timestamp, Problem> {
        let tz = TimeZone::get(&self.time_zone).map_err(|_| Problem::UnknownTimeZone {
            value: self.time_zone.clone(),
        })?;
        let next = self.date.checked_add(1.day()).unwrap_or(Date::MAX);
        // Midnight may not exist on a DST day; `to_zoned` picks the compatible instant.
        next.to_zoned(tz)
            .map(|z| z.timestamp())
            .map_err(|_| Problem::UnknownTimeZone {
                value: self.time_zone.clone(),
            })
    }

    /// True once the deadline day has ended. An unknown time zone counts as UTC, so a bad
    /// value never keeps an action open for ever.
    pub fn has_passed(&self, now: Timestamp) -> bool {
        let closes = self.closes_at().unwrap_or_else(|_| {
            self.date
                .checked_add(1.day())
                .unwrap_or(Date::MAX)
                .to_zoned(TimeZone::UTC)
                .map_or(Timestamp::MAX, |z| z.timestamp())
        });
        now >= closes
    }

    /// Whole days left, counted in the deadline's time zone: 0 on the last day.
    pub fn days_left(&self, now: Timestamp) -> Option<i64> {
        let tz = TimeZone::get(&self.time_zone).ok()?;
        let today = now.to_zoned(tz).date();
        let days = (self.date - today).get_days();
        (days >= 0).then_some(i64::from(days))
    }

    /// Reports a time zone that is not a known IANA name; `at` prefixes the field path.
    pub fn check(&self, v: &mut Violations, at: &str) {
        if TimeZone::get(&self.time_zone).is_err() {
            v.push(
                format!("{at}.time_zone"),
                Problem::UnknownTimeZone {
                    value: self.time_zone.clone(),
                },
            );
        }
    }
}

/// Resolves a deadline given as day and month without a year ("until 15 July"): the first such
/// date on or after `published`. `None` for a day that does not exist (31 April), and 29 February
/// goes to the next leap year.
pub fn resolve_day_month(day: i8, month: i8, published: Date) -> Option<Date> {
    let mut year = published.year();
    for _ in 0..8 {
        if let Ok(d) = Date::new(year, month, day)
            && d >= published
        {
            return Some(d);
        }
        year = year.checked_add(1)?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn year_is_resolved_from_publication() {
        assert_eq!(
            resolve_day_month(15, 7, date(2026, 5, 1)),
            Some(date(2026, 7, 15))
        );
        assert_eq!(
            resolve_day_month(15, 7, date(2026, 7, 15)),
            Some(date(2026, 7, 15))
        );
        assert_eq!(
            resolve_day_month(15, 1, date(2026, 12, 1)),
            Some(date(2027, 1, 15))
        );
        assert_eq!(
            resolve_day_month(29, 2, date(2026, 3, 1)),
            Some(date(2028, 2, 29))
        );
        assert_eq!(resolve_day_month(31, 4, date(2026, 1, 1)), None);
        assert_eq!(resolve_day_month(0, 13, date(2026, 1, 1)), None);
    }

    #[test]
    fn closes_at_the_end_of_the_day_in_its_zone() {
        let d = Deadline::new(date(2026, 7, 15), "Europe/Moscow");
        // 15 July 23:59 in Moscow is 20:59 UTC: still open. 21:00 UTC is midnight there.
        let open: Timestamp = "2026-07-15T20:59:59Z".parse().expect("timestamp");
        let closed: Timestamp = "2026-07-15T21:00:00Z".parse().expect("timestamp");
        assert!(!d.has_passed(open));
        assert!(d.has_passed(closed));
        assert_eq!(d.days_left(open), Some(0));
        assert_eq!(d.days_left(closed), None);
        let early: Timestamp = "2026-07-03T12:00:00Z".parse().expect("timestamp");
        assert_eq!(d.days_left(early), Some(12));
    }

    #[test]
    fn an_unknown_zone_closes_as_utc() {
        let d = Deadline::new(date(2026, 7, 15), "Nowhere/Town");
        assert!(d.closes_at().is_err());
        assert!(d.has_passed("2026-07-16T00:00:00Z".parse().expect("timestamp")));
        let mut v = Violations::default();
        d.check(&mut v, "deadline");
        assert_eq!(v.0.len(), 1);
    }
}
