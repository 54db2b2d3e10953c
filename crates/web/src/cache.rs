//! A short-lived cache of what public pages read, so a campaign going viral reads the database
//! a few times a second instead of once per visitor; and the one place where public counts are
//! made coarse.
//!
//! Content (cases, actions, pages built from them) lives for seconds, not minutes: with several
//! instances behind a load balancer, or an import from the command line, a change shows
//! everywhere within that time with no messages between processes. Concurrent misses of one key
//! are coalesced: one request loads, the others wait for it and share the result (single
//! flight), so an expired entry under a flood costs one query, not one per visitor.
//!
//! **Counts are published in steps.** Every public count (an action's total and its channels,
//! a case's totals, the home page's listing, the relay queue's "waiting") is read from the
//! database once per step of [`WebConfig::count_refresh`](crate::WebConfig) (5 minutes by
//! default) and shown unchanged until the next step. Someone polling a page therefore sees one
//! jump per step for all who acted in it, never the minute and channel of one supporter's
//! action. Steps are aligned on the site's clock (the same boundaries on every instance), and
//! recording an action changes nothing here: a supporter learns that their own action counted
//! from their own answer (the thank-you page reads their acted cookie), not from a count.

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jiff::Timestamp;
use outcry_domain::{CaseBundle, Lang, Slug, UrgentAction};
use outcry_i18n::Locale;
use outcry_storage::{ActionCounts, ActionListing};

use crate::spliced::Spliced;

/// Content (cases, actions, targets, pages built from them) changes rarely.
const CONTENT_TTL: Duration = Duration::from_secs(5);
/// A bound on entries, so requests for many different (existing) slugs cannot grow memory.
const MAX_ENTRIES: usize = 1_000;

/// Entries stamped with the window (epoch) they were loaded in; an entry is fresh while its
/// window is the current one.
struct Timed<K, V> {
    map: Mutex<HashMap<K, (u64, V)>>,
    /// One lock per key being loaded, for single flight.
    flights: Mutex<HashMap<K, Arc<tokio::sync::Mutex<()>>>>,
}

impl<K: Eq + Hash + Clone, V: Clone> Timed<K, V> {
    fn new() -> Self {
        Timed {
            map: Mutex::new(HashMap::new()),
            flights: Mutex::new(HashMap::new()),
        }
    }

    fn get(&self, key: &K, epoch: u64) -> Option<V> {
        let map = self.map.lock().ok()?;
        map.get(key)
            .filter(|(at, _)| *at == epoch)
            .map(|(_, v)| v.clone())
    }

    fn put(&self, key: K, epoch: u64, value: V) {
        if let Ok(mut map) = self.map.lock() {
            if map.len() >= MAX_ENTRIES {
                map.retain(|_, (at, _)| *at == epoch);
                if map.len() >= MAX_ENTRIES {
                    map.clear();
                }
            }
            map.insert(key, (epoch, value));
        }
    }

    /// The entry of window `epoch`, or what `load` gives, stored; while one caller loads a
    /// key, the others asking for it wait and then read what it stored.
    async fn get_or_load<E, Fut>(
        &self,
        key: &K,
        epoch: u64,
        load: impl FnOnce() -> Fut,
    ) -> Result<V, E>
    where
        Fut: Future<Output = Result<V, E>>,
    {
        if let Some(hit) = self.get(key, epoch) {
            return Ok(hit);
        }
        let flight = match self.flights.lock() {
            Ok(mut flights) => flights.entry(key.clone()).or_default().clone(),
            Err(_) => Arc::default(),
        };
        let _turn = flight.lock().await;
        if let Some(hit) = self.get(key, epoch) {
            return Ok(hit);
        }
        let loaded = load().await;
        if let Ok(value) = &loaded {
            self.put(key.clone(), epoch, value.clone());
        }
        if let Ok(mut flights) = self.flights.lock() {
            flights.remove(key);
        }
        loaded
    }
}

/// Action pages as rendered: by language, action and chosen letter language.
pub type RenderedKey = (Locale, Slug, Option<Lang>);

/// Everything the public pages read: content for seconds, counts for a step.
pub struct PageCache {
    started: Instant,
    count_refresh: Duration,
    /// With a refresh of zero, every read is a window of its own.
    live_reads: AtomicU64,
    actions: Timed<Slug, Arc<(CaseBundle, UrgentAction)>>,
    cases: Timed<Slug, Arc<CaseBundle>>,
    case_totals: Timed<Slug, Arc<HashMap<Slug, u64>>>,
    relay_waiting: Timed<Slug, u64>,
    counts: Timed<Slug, ActionCounts>,
    listing: Timed<(), Arc<Vec<ActionListing>>>,
    rendered: Timed<RenderedKey, Spliced>,
}

impl PageCache {
    /// A cache publishing counts every `count_refresh`; zero reads them afresh each time
    /// (tests, development), which costs a query per page view.
    pub fn new(count_refresh: Duration) -> PageCache {
        PageCache {
            started: Instant::now(),
            count_refresh,
            live_reads: AtomicU64::new(0),
            actions: Timed::new(),
            cases: Timed::new(),
            case_totals: Timed::new(),
            relay_waiting: Timed::new(),
            counts: Timed::new(),
            listing: Timed::new(),
            rendered: Timed::new(),
        }
    }

    fn content_epoch(&self) -> u64 {
        let window = CONTENT_TTL.as_millis().max(1);
        u64::try_from(self.started.elapsed().as_millis() / window).unwrap_or(u64::MAX)
    }

    /// The step of the count clock that `now` (the site's clock) falls in: the same on every
    /// instance, since it counts from 1970 and not from when this process started.
    fn count_epoch(&self, now: Timestamp) -> u64 {
        let step = i64::try_from(self.count_refresh.as_millis()).unwrap_or(i64::MAX);
        if step == 0 {
            return self.live_reads.fetch_add(1, Ordering::Relaxed);
        }
        u64::try_from(now.as_millisecond().div_euclid(step)).unwrap_or(0)
    }

    /// An action with its case.
    pub async fn action<E, Fut>(
        &self,
        slug: &Slug,
        load: impl FnOnce() -> Fut,
    ) -> Result<Arc<(CaseBundle, UrgentAction)>, E>
    where
        Fut: Future<Output = Result<Arc<(CaseBundle, UrgentAction)>, E>>,
    {
        self.actions
            .get_or_load(slug, self.content_epoch(), load)
            .await
    }

    /// A case with its actions and targets.
    pub async fn case<E, Fut>(
        &self,
        slug: &Slug,
        load: impl FnOnce() -> Fut,
    ) -> Result<Arc<CaseBundle>, E>
    where
        Fut: Future<Output = Result<Arc<CaseBundle>, E>>,
    {
        self.cases
            .get_or_load(slug, self.content_epoch(), load)
            .await
    }

    /// The totals of a case's actions, as published at `now`'s step.
    pub async fn case_totals<E, Fut>(
        &self,
        slug: &Slug,
        now: Timestamp,
        load: impl FnOnce() -> Fut,
    ) -> Result<Arc<HashMap<Slug, u64>>, E>
    where
        Fut: Future<Output = Result<Arc<HashMap<Slug, u64>>, E>>,
    {
        self.case_totals
            .get_or_load(slug, self.count_epoch(now), load)
            .await
    }

    /// How many relay letters a case's group holds, as published at `now`'s step.
    pub async fn relay_waiting<E, Fut>(
        &self,
        slug: &Slug,
        now: Timestamp,
        load: impl FnOnce() -> Fut,
    ) -> Result<u64, E>
    where
        Fut: Future<Output = Result<u64, E>>,
    {
        self.relay_waiting
            .get_or_load(slug, self.count_epoch(now), load)
            .await
    }

    /// An action's counts, as published at `now`'s step.
    pub async fn counts<E, Fut>(
        &self,
        slug: &Slug,
        now: Timestamp,
        load: impl FnOnce() -> Fut,
    ) -> Result<ActionCounts, E>
    where
        Fut: Future<Output = Result<ActionCounts, E>>,
    {
        self.counts
            .get_or_load(slug, self.count_epoch(now), load)
            .await
    }

    /// Every action with its totals, as published at `now`'s step.
    pub async fn listing<E, Fut>(
        &self,
        now: Timestamp,
        load: impl FnOnce() -> Fut,
    ) -> Result<Arc<Vec<ActionListing>>, E>
    where
        Fut: Future<Output = Result<Arc<Vec<ActionListing>>, E>>,
    {
        self.listing
            .get_or_load(&(), self.count_epoch(now), load)
            .await
    }

    /// An action page as rendered, all but its per-request parts.
    pub async fn rendered<E, Fut>(
        &self,
        key: &RenderedKey,
        load: impl FnOnce() -> Fut,
    ) -> Result<Spliced, E>
    where
        Fut: Future<Output = Result<Spliced, E>>,
    {
        self.rendered
            .get_or_load(key, self.content_epoch(), load)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn concurrent_misses_load_once() {
        let timed: Timed<u32, u32> = Timed::new();
        let loads = std::sync::atomic::AtomicU32::new(0);
        let load = || async {
            loads.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            tokio::task::yield_now().await;
            Ok::<u32, ()>(7)
        };
        let (a, b, c) = tokio::join!(
            timed.get_or_load(&1, 0, load),
            timed.get_or_load(&1, 0, load),
            timed.get_or_load(&1, 0, load)
        );
        assert_eq!((a, b, c), (Ok(7), Ok(7), Ok(7)));
        assert_eq!(loads.load(std::sync::atomic::Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn counts_stay_as_published_until_the_next_step_of_the_clock() {
        let cache = PageCache::new(Duration::from_secs(300));
        let slug: Slug = "ua-1-26".parse().expect("slug");
        let at = |t: &str| t.parse::<Timestamp>().expect("time");
        let read = |now, n: u64| {
            let cache = &cache;
            let slug = slug.clone();
            async move {
                cache
                    .counts(&slug, now, || async move {
                        Ok::<_, ()>(ActionCounts {
                            total: n,
                            ..ActionCounts::default()
                        })
                    })
                    .await
                    .map(|c| c.total)
            }
        };
        assert_eq!(read(at("2026-06-01T12:00:00Z"), 1).await, Ok(1));
        assert_eq!(
            read(at("2026-06-01T12:04:59Z"), 2).await,
            Ok(1),
            "same step"
        );
        assert_eq!(read(at("2026-06-01T12:05:00Z"), 3).await, Ok(3), "the next");

        let live = PageCache::new(Duration::ZERO);
        for n in 1..=3 {
            let total = live
                .counts(&slug, at("2026-06-01T12:00:00Z"), || async move {
                    Ok::<_, ()>(ActionCounts {
                        total: n,
                        ..ActionCounts::default()
                    })
                })
                .await
                .map(|c| c.total);
            assert_eq!(total, Ok(n), "a refresh of zero reads every time");
        }
    }
}
