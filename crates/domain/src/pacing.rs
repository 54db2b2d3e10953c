//! Pacing: when the next appeal to one official may go, under the action's hourly cap,
//! shaped by the official's office hours in their own time zone.
//!
//! A thousand identical letters in one minute read as spam and get a campaign's sender
//! blocked; the same thousand spread over the working day reach a person. So each target has
//! a budget per hour: the action's cap during office hours, a sixth of it outside them (a
//! trickle, so a late-night supporter's appeal is not held until morning when the queue is
//! short). An appeal takes the first hour with room left, placed evenly inside it.

use std::collections::BTreeMap;

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

/// The default cap: messages per target per hour (Proca's figure).
pub const DEFAULT_PER_HOUR: u32 = 30;

/// The highest cap an action may set: beyond it pacing no longer protects anyone.
pub const MAX_PER_HOUR: u32 = 1_000;

/// How far ahead an appeal may be placed; past it the queue is full and the supporter is
/// asked to use another way to act.
pub const HORIZON_HOURS: i64 = 14 * 24;

/// When an office works, in its local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfficeHours {
    /// The hour it opens (0–23).
    pub opens: i8,
    /// The hour it closes (1–24), after `opens`.
    pub closes: i8,
    /// Closed on Saturday and Sunday.
    pub weekdays_only: bool,
}

impl Default for OfficeHours {
    fn default() -> OfficeHours {
        OfficeHours {
            opens: 9,
            closes: 18,
            weekdays_only: true,
        }
    }
}

/// An action's pacing of mail to each of its targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pacing {
    /// Messages per target per hour during office hours (at least 1).
    pub per_hour: u32,
    /// The target's working hours.
    pub office: OfficeHours,
}

impl Default for Pacing {
    fn default() -> Pacing {
        Pacing {
            per_hour: DEFAULT_PER_HOUR,
            office: OfficeHours::default(),
        }
    }
}

/// The start of the hour `at` falls in (UTC hours: every time zone in use is offset by whole
/// hours from UTC or by half and quarter hours, and a budget per UTC hour is as good).
pub fn hour_of(at: Timestamp) -> Timestamp {
    Timestamp::from_second(at.as_second() - at.as_second().rem_euclid(3600)).unwrap_or(at)
}

impl Pacing {
    /// How many messages may go to a target in the hour starting `hour`, in `zone`.
    pub fn budget(&self, hour: Timestamp, zone: &TimeZone) -> u32 {
        let per_hour = self.per_hour.max(1);
        let local = hour.to_zoned(zone.clone());
        let weekend = matches!(
            local.weekday(),
            jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday
        );
        let open = (self.office.opens..self.office.closes).contains(&local.hour())
            && !(self.office.weekdays_only && weekend);
        if open {
            per_hour
        } else {
            (per_hour / 6).max(1)
        }
    }

    /// When the next message to a target may go, given how many are already placed in each
    /// hour (`booked`, by hour start), or `None` when every hour up to [`HORIZON_HOURS`] is
    /// full. Within an hour, the n-th message goes n/budget of the way in, and never before
    /// `now`.
    pub fn next_slot(
        &self,
        now: Timestamp,
        zone: &TimeZone,
        booked: &BTreeMap<Timestamp, u32>,
    ) -> Option<Timestamp> {
        let first = hour_of(now);
        (0..HORIZON_HOURS).find_map(|n| {
            let hour = first.checked_add(SignedDuration::from_hours(n)).ok()?;
            let budget = self.budget(hour, zone);
            let taken = booked.get(&hour).copied().unwrap_or(0);
            if taken >= budget {
                return None;
            }
            let offset = SignedDuration::from_secs(3600 * i64::from(taken) / i64::from(budget));
            let slot = hour.checked_add(offset).ok()?;
            // The current hour's earlier slots have passed: the message goes now, if the
            // hour still has room.
            Some(slot.max(now))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().expect("a test time")
    }

    fn yekaterinburg() -> TimeZone {
        TimeZone::get("Asia/Yekaterinburg").expect("the bundled tz database")
    }

    #[test]
    fn office_hours_are_the_targets_own() {
        let pacing = Pacing::default();
        let zone = yekaterinburg();
        // Tuesday 1 Dec 2026, 04:00 UTC is 09:00 in Yekaterinburg (UTC+5): open.
        assert_eq!(pacing.budget(at("2026-12-01T04:00:00Z"), &zone), 30);
        // 03:00 UTC is 08:00 there: a trickle.
        assert_eq!(pacing.budget(at("2026-12-01T03:00:00Z"), &zone), 5);
        // 13:00 UTC is 18:00 there: closed.
        assert_eq!(pacing.budget(at("2026-12-01T13:00:00Z"), &zone), 5);
        // Saturday at noon: closed.
        assert_eq!(pacing.budget(at("2026-12-05T07:00:00Z"), &zone), 5);
        let every_day = Pacing {
            per_hour: 3,
            office: OfficeHours {
                weekdays_only: false,
                ..OfficeHours::default()
            },
        };
        assert_eq!(every_day.budget(at("2026-12-05T07:00:00Z"), &zone), 3);
        assert_eq!(every_day.budget(at("2026-12-05T20:00:00Z"), &zone), 1);
    }

    #[test]
    fn messages_are_spread_through_the_hour_and_spill_into_the_next() {
        let pacing = Pacing {
            per_hour: 4,
            office: OfficeHours {
                opens: 0,
                closes: 24,
                weekdays_only: false,
            },
        };
        let zone = yekaterinburg();
        let now = at("2026-12-01T10:00:00Z");
        let mut booked = BTreeMap::new();
        let mut slots = Vec::new();
        for _ in 0..6 {
            let slot = pacing.next_slot(now, &zone, &booked).expect("room");
            *booked.entry(hour_of(slot)).or_insert(0) += 1;
            slots.push(slot.to_string());
        }
        assert_eq!(
            slots,
            [
                "2026-12-01T10:00:00Z",
                "2026-12-01T10:15:00Z",
                "2026-12-01T10:30:00Z",
                "2026-12-01T10:45:00Z",
                "2026-12-01T11:00:00Z",
                "2026-12-01T11:15:00Z",
            ]
        );
    }

    #[test]
    fn a_slot_already_past_in_this_hour_goes_now() {
        let pacing = Pacing {
            per_hour: 60,
            office: OfficeHours {
                opens: 0,
                closes: 24,
                weekdays_only: false,
            },
        };
        let now = at("2026-12-01T10:40:00Z");
        let booked = BTreeMap::from([(at("2026-12-01T10:00:00Z"), 5)]);
        assert_eq!(pacing.next_slot(now, &TimeZone::UTC, &booked), Some(now));
    }

    #[test]
    fn a_queue_full_to_the_horizon_has_no_slot() {
        let pacing = Pacing {
            per_hour: 1,
            office: OfficeHours::default(),
        };
        let now = at("2026-12-01T10:00:00Z");
        let first = hour_of(now);
        let booked: BTreeMap<Timestamp, u32> = (0..HORIZON_HOURS)
            .map(|n| (first + SignedDuration::from_hours(n), 1))
            .collect();
        assert_eq!(pacing.next_slot(now, &TimeZone::UTC, &booked), None);
    }
}
