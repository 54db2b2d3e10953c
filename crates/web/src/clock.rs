//! The site's idea of "now". Deadlines depend on it, so tests and the demo can set it.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use jiff::{SignedDuration, Timestamp};

/// Where the site reads the time from.
#[derive(Debug, Clone)]
pub enum Clock {
    /// The real time.
    System,
    /// Real time shifted by a fixed amount: the demo runs "as if today were" a date inside
    /// the seed action's window, with the time of day still moving.
    Shifted(SignedDuration),
    /// A fixed instant, for tests.
    Fixed(Timestamp),
    /// An instant (in microseconds) that stands still until a test moves it with
    /// [`Clock::advance`]: for what happens later in the same process (the next step of the
    /// counts).
    Manual(Arc<AtomicI64>),
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
            Clock::Manual(micros) => Timestamp::from_microsecond(micros.load(Ordering::SeqCst))
                .unwrap_or(Timestamp::UNIX_EPOCH),
        }
    }

    /// The time an organizer's phone shows: the real time even on the demo's shifted clock.
    /// The admin runs on it (sessions, links, throttling, codes from an authenticator app,
    /// the audit log): those are about time that really passes, not about an action's
    /// calendar, and the retention run erases what has expired by the real time. Tests'
    /// clocks stay theirs.
    pub fn wall(&self) -> Timestamp {
        match self {
            Clock::Shifted(_) => Timestamp::now(),
            _ => self.now(),
        }
    }

    /// A [`Clock::Manual`] at `at`.
    pub fn manual(at: Timestamp) -> Clock {
        Clock::Manual(Arc::new(AtomicI64::new(at.as_microsecond())))
    }

    /// Moves a [`Clock::Manual`] on by `by`; other clocks keep their own time.
    pub fn advance(&self, by: SignedDuration) {
        if let Clock::Manual(micros) = self {
            let by = i64::try_from(by.as_micros()).unwrap_or(i64::MAX);
            micros.fetch_add(by, Ordering::SeqCst);
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
