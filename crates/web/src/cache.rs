//! A short-lived cache of what public pages read, so a campaign going viral reads the database
//! a few times a second instead of once per visitor.
//!
//! Entries live for seconds, not minutes: with several instances behind a load balancer, or an
//! import from the command line, a change shows everywhere within that time with no messages
//! between processes. An action's counts are dropped from this process's cache as soon as it
//! records an action, so a supporter always sees their own action counted.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use outcry_domain::{CaseBundle, Lang, Slug, UrgentAction};
use outcry_i18n::Locale;
use outcry_storage::{ActionCounts, ActionListing};

/// Content (cases, actions, targets) changes rarely.
const CONTENT_TTL: Duration = Duration::from_secs(5);
/// Counts change all the time; a second is fresh enough for a counter.
const COUNTS_TTL: Duration = Duration::from_secs(1);
/// A bound on entries, so requests for many different (existing) slugs cannot grow memory.
const MAX_ENTRIES: usize = 1_000;

struct Timed<K, V> {
    ttl: Duration,
    map: Mutex<HashMap<K, (Instant, V)>>,
}

impl<K: Eq + Hash + Clone, V: Clone> Timed<K, V> {
    fn new(ttl: Duration) -> Self {
        Timed {
            ttl,
            map: Mutex::new(HashMap::new()),
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

    fn retain(&self, keep: impl Fn(&K) -> bool) {
        if let Ok(mut map) = self.map.lock() {
            map.retain(|k, _| keep(k));
        }
    }

    fn remove(&self, key: &K) {
        if let Ok(mut map) = self.map.lock() {
            map.remove(key);
        }
    }
}

pub struct PageCache {
    actions: Timed<Slug, Arc<(CaseBundle, UrgentAction)>>,
    counts: Timed<Slug, ActionCounts>,
    listing: Timed<(), Arc<Vec<ActionListing>>>,
    /// Action pages as rendered, by language, action and chosen letter language.
    rendered: Timed<RenderedKey, Spliced>,
}

pub type RenderedKey = (Locale, Slug, Option<Lang>);

impl Default for PageCache {
    fn default() -> Self {
        PageCache {
            actions: Timed::new(CONTENT_TTL),
            counts: Timed::new(COUNTS_TTL),
            listing: Timed::new(COUNTS_TTL),
            rendered: Timed::new(COUNTS_TTL),
        }
    }
}

impl PageCache {
    pub fn action(&self, slug: &Slug) -> Option<Arc<(CaseBundle, UrgentAction)>> {
        self.actions.get(slug)
    }

    pub fn put_action(&self, slug: Slug, value: Arc<(CaseBundle, UrgentAction)>) {
        self.actions.put(slug, value);
    }

    pub fn counts(&self, slug: &Slug) -> Option<ActionCounts> {
        self.counts.get(slug)
    }

    pub fn put_counts(&self, slug: Slug, counts: ActionCounts) {
        self.counts.put(slug, counts);
    }

    pub fn listing(&self) -> Option<Arc<Vec<ActionListing>>> {
        self.listing.get(&())
    }

    pub fn put_listing(&self, listing: Arc<Vec<ActionListing>>) {
        self.listing.put((), listing);
    }

    pub fn rendered(&self, key: &RenderedKey) -> Option<Spliced> {
        self.rendered.get(key)
    }

    pub fn put_rendered(&self, key: RenderedKey, html: Spliced) {
        self.rendered.put(key, html);
    }

    /// After this process records an action: its counts must be read afresh.
    pub fn acted_on(&self, slug: &Slug) {
        self.counts.remove(slug);
        self.rendered.retain(|(_, s, _)| s != slug);
        self.listing.remove(&());
    }
}

/// A page rendered once for every visitor, kept as the pieces around the places where each
/// visitor's own CSRF token goes: serving it is a few memory copies.
#[derive(Clone)]
pub struct Spliced(Arc<[String]>);

impl Spliced {
    /// What to render where the token goes.
    pub const SLOT: &str = "outcry-csrf-token-slot";

    /// Cuts `html` at every [`Spliced::SLOT`].
    pub fn new(html: &str) -> Spliced {
        Spliced(html.split(Self::SLOT).map(String::from).collect())
    }

    /// The page with `token` in every slot.
    pub fn with(&self, token: &str) -> String {
        let pieces = &self.0;
        let mut body = String::with_capacity(
            pieces.iter().map(String::len).sum::<usize>() + pieces.len() * token.len(),
        );
        for (i, piece) in pieces.iter().enumerate() {
            if i > 0 {
                body.push_str(token);
            }
            body.push_str(piece);
        }
        body
    }
}
