//! The site's idea of "now". Deadlines depend on it, so tests and the demo can set it.

use jiff::{SignedDuration, Timestamp};

/// Where the site reads the time from.
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    /// The real time.
    System,
    /// Real time shifted by a fixed amount: the demo runs "as if today were" a date inside
    /// the seed action's window, with the time of day still moving.
    Shifted(SignedDuration),
    /// A fixed instant, for tests.
    Fixed(Timestamp),
}

impl Clock {
    /// The current instant on this clock.
    pub fn now(&self) -> Timestamp {
        match self {
            Clock::System => Timestamp::now(),
            Clock::Shifted(by) => Timestamp::now()
                .checked_add(*by)
                .unwrap_or_else(|_| Timestamp::now()),
            Clock::Fixed(t) => *t,
        }
    }

    /// Today's date in UTC, as printed on letters.
    pub fn today(&self) -> jiff::civil::Date {
        self.now().to_zoned(jiff::tz::TimeZone::UTC).date()
    }

    /// A clock on which today (in UTC) is `date`, at the current time of day.
    pub fn as_if_today(date: jiff::civil::Date) -> Clock {
        let now = Timestamp::now();
        let today = now.to_zoned(jiff::tz::TimeZone::UTC).date();
        let days = (date - today).get_days();
        Clock::Shifted(SignedDuration::from_hours(i64::from(days) * 24))
    }

    /// True for the real time, unshifted.
    pub fn is_real(&self) -> bool {
        matches!(self, Clock::System)
    }
}
