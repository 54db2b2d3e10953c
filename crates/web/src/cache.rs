//! A short-lived cache of what public pages read, so a campaign going viral reads the database
//! a few times a second instead of once per visitor.
//!
//! Entries live for seconds, not minutes: with several instances behind a load balancer, or an
//! import from the command line, a change shows everywhere within that time with no messages
//! between processes. Concurrent misses of one key are coalesced: one request loads, the
//! others wait for it and share the result (single flight), so an expired entry under a flood
//! costs one query, not one per visitor.
//!
//! Recording an action does not throw anything away: this process adds it to the counts it
//! holds (so a supporter sees their own action counted at once), and pages stay cached, since
//! their counts are filled in per request ([`Spliced`]). Other instances catch up when their
//! counts expire, within a second.

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use outcry_domain::{CaseBundle, Channel, Lang, Slug, UrgentAction};
use outcry_i18n::Locale;
use outcry_storage::{ActionCounts, ActionListing};

/// Content (cases, actions, targets, pages built from them) changes rarely.
const CONTENT_TTL: Duration = Duration::from_secs(5);
/// Counts change all the time; a second is fresh enough for a counter.
const COUNTS_TTL: Duration = Duration::from_secs(1);
/// A bound on entries, so requests for many different (existing) slugs cannot grow memory.
const MAX_ENTRIES: usize = 1_000;

struct Timed<K, V> {
    ttl: Duration,
    map: Mutex<HashMap<K, (Instant, V)>>,
    /// One lock per key being loaded, for single flight.
    flights: Mutex<HashMap<K, Arc<tokio::sync::Mutex<()>>>>,
}

impl<K: Eq + Hash + Clone, V: Clone> Timed<K, V> {
    fn new(ttl: Duration) -> Self {
        Timed {
            ttl,
            map: Mutex::new(HashMap::new()),
            flights: Mutex::new(HashMap::new()),
        }
    }

    fn get(&self, key: &K) -> Option<V> {
        let map = self.map.lock().ok()?;
        map.get(key)
            .filter(|(at, _)| at.elapsed() < self.ttl)
            .map(|(_, v)| v.clone())
    }

    fn put(&self, key: K, value: V) {
        if let Ok(mut map) = self.map.lock() {
            if map.len() >= MAX_ENTRIES {
                let ttl = self.ttl;
                map.retain(|_, (at, _)| at.elapsed() < ttl);
                if map.len() >= MAX_ENTRIES {
                    map.clear();
                }
            }
            map.insert(key, (Instant::now(), value));
        }
    }

    /// The entry, or what `load` gives, stored; while one caller loads a key, the others
    /// asking for it wait and then read what it stored.
    async fn get_or_load<E, Fut>(&self, key: &K, load: impl FnOnce() -> Fut) -> Result<V, E>
    where
        Fut: Future<Output = Result<V, E>>,
    {
        if let Some(hit) = self.get(key) {
            return Ok(hit);
        }
        let flight = match self.flights.lock() {
            Ok(mut flights) => flights.entry(key.clone()).or_default().clone(),
            Err(_) => Arc::default(),
        };
        let _turn = flight.lock().await;
        if let Some(hit) = self.get(key) {
            return Ok(hit);
        }
        let loaded = load().await;
        if let Ok(value) = &loaded {
            self.put(key.clone(), value.clone());
        }
        if let Ok(mut flights) = self.flights.lock() {
            flights.remove(key);
        }
        loaded
    }

    /// Changes an entry in place, if there is a fresh one; its age stays as it was.
    fn update(&self, key: &K, change: impl FnOnce(&mut V)) {
        if let Ok(mut map) = self.map.lock()
            && let Some((at, value)) = map.get_mut(key)
            && at.elapsed() < self.ttl
        {
            change(value);
        }
    }
}

/// Action pages as rendered: by language, action and chosen letter language.
pub type RenderedKey = (Locale, Slug, Option<Lang>);

/// Everything the public pages read, each kept for seconds.
pub struct PageCache {
    actions: Timed<Slug, Arc<(CaseBundle, UrgentAction)>>,
    cases: Timed<Slug, Arc<CaseBundle>>,
    case_totals: Timed<Slug, Arc<HashMap<Slug, u64>>>,
    relay_waiting: Timed<Slug, u64>,
    counts: Timed<Slug, ActionCounts>,
    listing: Timed<(), Arc<Vec<ActionListing>>>,
    rendered: Timed<RenderedKey, Spliced>,
}

impl Default for PageCache {
    fn default() -> Self {
        PageCache {
            actions: Timed::new(CONTENT_TTL),
            cases: Timed::new(CONTENT_TTL),
            case_totals: Timed::new(COUNTS_TTL),
            relay_waiting: Timed::new(COUNTS_TTL),
            counts: Timed::new(COUNTS_TTL),
            listing: Timed::new(COUNTS_TTL),
            rendered: Timed::new(CONTENT_TTL),
        }
    }
}

impl PageCache {
    /// An action with its case.
    pub async fn action<E, Fut>(
        &self,
        slug: &Slug,
        load: impl FnOnce() -> Fut,
    ) -> Result<Arc<(CaseBundle, UrgentAction)>, E>
    where
        Fut: Future<Output = Result<Arc<(CaseBundle, UrgentAction)>, E>>,
    {
        self.actions.get_or_load(slug, load).await
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
        self.cases.get_or_load(slug, load).await
    }

    /// The totals of a case's actions.
    pub async fn case_totals<E, Fut>(
        &self,
        slug: &Slug,
        load: impl FnOnce() -> Fut,
    ) -> Result<Arc<HashMap<Slug, u64>>, E>
    where
        Fut: Future<Output = Result<Arc<HashMap<Slug, u64>>, E>>,
    {
        self.case_totals.get_or_load(slug, load).await
    }

    /// How many relay letters a case's group holds.
    pub async fn relay_waiting<E, Fut>(
        &self,
        slug: &Slug,
        load: impl FnOnce() -> Fut,
    ) -> Result<u64, E>
    where
        Fut: Future<Output = Result<u64, E>>,
    {
        self.relay_waiting.get_or_load(slug, load).await
    }

    /// An action's counts.
    pub async fn counts<E, Fut>(
        &self,
        slug: &Slug,
        load: impl FnOnce() -> Fut,
    ) -> Result<ActionCounts, E>
    where
        Fut: Future<Output = Result<ActionCounts, E>>,
    {
        self.counts.get_or_load(slug, load).await
    }

    /// Every action with its totals.
    pub async fn listing<E, Fut>(
        &self,
        load: impl FnOnce() -> Fut,
    ) -> Result<Arc<Vec<ActionListing>>, E>
    where
        Fut: Future<Output = Result<Arc<Vec<ActionListing>>, E>>,
    {
        self.listing.get_or_load(&(), load).await
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
        self.rendered.get_or_load(key, load).await
    }

    /// After this process recorded an action: it counts in what this process shows at once.
    pub fn acted_on(&self, case: &Slug, action: &Slug, channel: Channel) {
        self.counts.update(action, |c| {
            c.total += 1;
            *c.by_channel.entry(channel).or_default() += 1;
        });
        self.case_totals.update(case, |totals| {
            *Arc::make_mut(totals).entry(action.clone()).or_default() += 1;
        });
        self.listing.update(&(), |listing| {
            if let Some(l) = Arc::make_mut(listing)
                .iter_mut()
                .find(|l| &l.action.slug == action)
            {
                l.total += 1;
            }
        });
    }

    /// After this process queued a relay letter for `case`.
    pub fn relayed(&self, case: &Slug) {
        self.relay_waiting.update(case, |n| *n += 1);
    }
}

/// What a [`Spliced`] page leaves a slot for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// The visitor's own CSRF token.
    Token,
    /// The status box with the current counts.
    Status,
}

impl Slot {
    const ALL: [Slot; 2] = [Slot::Token, Slot::Status];

    /// What to render where the slot goes.
    pub const fn marker(self) -> &'static str {
        match self {
            Slot::Token => "outcry-slot-csrf-token",
            Slot::Status => "outcry-slot-status",
        }
    }
}

/// A page rendered once for every visitor, kept as the pieces around its slots: serving it is
/// a few memory copies plus what goes into the slots.
#[derive(Clone)]
pub struct Spliced(Arc<[(String, Option<Slot>)]>);

impl Spliced {
    /// Cuts `html` at every slot marker.
    pub fn new(html: &str) -> Spliced {
        let mut pieces = Vec::new();
        let mut rest = html;
        loop {
            let next = Slot::ALL
                .into_iter()
                .filter_map(|slot| rest.find(slot.marker()).map(|at| (at, slot)))
                .min_by_key(|(at, _)| *at);
            match next {
                Some((at, slot)) => {
                    pieces.push((rest[..at].to_string(), Some(slot)));
                    rest = &rest[at + slot.marker().len()..];
                }
                None => {
                    pieces.push((rest.to_string(), None));
                    break;
                }
            }
        }
        Spliced(pieces.into())
    }

    /// The page with `token` and `status` in their slots.
    pub fn with(&self, token: &str, status: &str) -> String {
        let fill = |slot: Slot| match slot {
            Slot::Token => token,
            Slot::Status => status,
        };
        let mut body = String::with_capacity(
            self.0
                .iter()
                .map(|(piece, slot)| piece.len() + slot.map_or(0, |s| fill(s).len()))
                .sum(),
        );
        for (piece, slot) in self.0.iter() {
            body.push_str(piece);
            if let Some(slot) = slot {
                body.push_str(fill(*slot));
            }
        }
        body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_filled_where_they_were() {
        let html = format!(
            "<a>{t}</a><b>{s}</b>{t}",
            t = Slot::Token.marker(),
            s = Slot::Status.marker()
        );
        assert_eq!(Spliced::new(&html).with("T", "S"), "<a>T</a><b>S</b>T");
        assert_eq!(Spliced::new("plain").with("T", "S"), "plain");
    }

    #[tokio::test]
    async fn concurrent_misses_load_once() {
        let timed: Timed<u32, u32> = Timed::new(Duration::from_secs(60));
        let loads = std::sync::atomic::AtomicU32::new(0);
        let load = || async {
            loads.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            tokio::task::yield_now().await;
            Ok::<u32, ()>(7)
        };
        let (a, b, c) = tokio::join!(
            timed.get_or_load(&1, load),
            timed.get_or_load(&1, load),
            timed.get_or_load(&1, load)
        );
        assert_eq!((a, b, c), (Ok(7), Ok(7), Ok(7)));
        assert_eq!(loads.load(std::sync::atomic::Ordering::SeqCst), 1);
    }
}
