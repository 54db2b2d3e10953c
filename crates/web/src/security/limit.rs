//! The POST limit: so that one machine, one network or one flood of many machines cannot make
//! the count say what it likes, while a crowd behind one address can still act.
//!
//! Each POST to a route is counted for its client ([`client`](super::client): the address
//! behind trusted proxies) in two tiers, the host (an IPv4 /32, an IPv6 /64) and the network
//! around it (a /24, a /48), each with its own budget; a POST is over budget when either is
//! spent. A report that one acted (`/{lang}/a/{action}/done`) is also counted for its action,
//! whatever its address, so a flood from many addresses meets a limit too.
//!
//! Over budget is not a refusal but a [human check](super::human): the visitor answers a
//! simple question and the form goes through as it was. That check is made here, in the
//! middleware, rather than in an extractor, for two reasons: every POST route is covered
//! without a handler having to ask for it, and the form is held up before anything else reads
//! it (in particular before [`CheckedForm`](crate::extract::CheckedForm) spends its CSRF
//! token). Only a POST over budget is read here: its body is buffered up to the router's own
//! size limit, so the question can carry the form's fields, and the request is rebuilt from
//! the buffer when the answer is right. Posts within budget pass untouched, streamed.
//!
//! A correct answer earns a [`Pass`], kept in a signed cookie; while it lasts, the browser's
//! POSTs are counted against the pass's own budget instead of the address's, so people sharing
//! an address (everyone on the onion service comes from 127.0.0.1) each have a budget of their
//! own. A flood on one action asks even them again: a pass does not lift the action's budget.
//!
//! Counting is GCRA (a "theoretical arrival time" per key, burst equal to the per-minute
//! budget), in [`Buckets`]: a fixed number of shards, each behind its own lock, with a hard cap
//! on keys that evicts the least recently seen first. The sweep ([`PostLimiter::forget_idle`],
//! every minute from `serve`) drops keys whose budget is whole again, one shard at a time.

use std::collections::hash_map::RandomState;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hash};
use std::net::SocketAddr;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::client::{Cidr, ClientKey, client_ip};
use super::human::{self, Pass};
use crate::clock::Clock;
use crate::config::WebConfig;
use crate::error::AppError;
use crate::paths;
use crate::state::AppState;

/// Shards per table: enough that the sweep and a burst of posts rarely meet on one lock.
const SHARDS: usize = 16;

/// Every budget of the POST limit, each a table of keys.
pub struct PostLimiter {
    /// Time is nanoseconds since this instant: monotonic, whatever the wall clock does. None
    /// on a fixed clock (tests): time stands still, so a budget spent stays spent.
    start: Option<Instant>,
    hosts: Buckets<Cidr>,
    networks: Buckets<Cidr>,
    actions: Buckets<u64>,
    passes: Buckets<u128>,
    /// Actions are keyed by a hash of their slug, so a key costs the same however long the
    /// path someone invents.
    slugs: RandomState,
}

impl PostLimiter {
    /// The limiter for `config`'s budgets, on the site's `clock`.
    pub fn new(config: &WebConfig, clock: &Clock) -> PostLimiter {
        let cap = config.limiter_max_keys;
        PostLimiter {
            start: (!matches!(clock, Clock::Fixed(_))).then(Instant::now),
            hosts: Buckets::new(config.posts_per_minute, cap),
            networks: Buckets::new(config.network_posts_per_minute, cap),
            actions: Buckets::new(config.action_posts_per_minute, cap),
            passes: Buckets::new(config.posts_per_minute, cap),
            slugs: RandomState::new(),
        }
    }

    fn now(&self) -> u64 {
        self.start.map_or(0, |start| {
            u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX)
        })
    }

    /// Forgets keys whose budget is whole again, so memory follows the traffic of the last
    /// minute; the cap bounds it in between.
    pub fn forget_idle(&self) {
        let now = self.now();
        self.hosts.forget_idle(now);
        self.networks.forget_idle(now);
        self.actions.forget_idle(now);
        self.passes.forget_idle(now);
    }

    /// Counts one POST. Over budget, the wait until it would go through.
    fn check(
        &self,
        client: Option<&ClientKey>,
        pass: Option<Pass>,
        action: Option<&str>,
    ) -> Result<(), Duration> {
        let now = self.now();
        // Each tier is charged only when the one before it let the post through, so a host
        // over its own budget does not spend its neighbours' or the action's.
        match (pass, client) {
            (Some(pass), _) => self.passes.check(pass.id(), now)?,
            (None, Some(key)) => {
                self.hosts.check(key.host, now)?;
                self.networks.check(key.network, now)?;
            }
            (None, None) => {}
        }
        if let Some(slug) = action {
            self.actions.check(self.slugs.hash_one(slug), now)?;
        }
        Ok(())
    }

    /// Counts one POST let through by a fresh answer, against that pass's own budget.
    fn admit(&self, pass: Pass) -> Result<(), Duration> {
        self.passes.check(pass.id(), self.now())
    }
}

/// The key a POST is counted under: from the TCP peer, and `X-Forwarded-For` when the peer is
/// one of `trusted`; a Tor circuit (`onion`) by itself. `None` only when the server was not
/// told the peer (tests in-process).
pub fn client_key(
    headers: &HeaderMap,
    peer: Option<&ConnectInfo<SocketAddr>>,
    trusted: &[Cidr],
    onion: bool,
) -> Option<ClientKey> {
    let peer = peer?.0.ip();
    if onion {
        return Some(ClientKey::circuit(peer));
    }
    // A value that is not text is not an address: it stops the walk where it stands.
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .map(|v| v.to_str().unwrap_or(""));
    Some(ClientKey::of(client_ip(peer, forwarded, trusted)))
}

/// Lets a POST within its budgets through; asks a human check of one over them.
pub async fn limit_posts(State(state): State<AppState>, request: Request, next: Next) -> Response {
    // Only routes are counted: anything else is a 404 or a 405 at no cost.
    let route = request.extensions().get::<MatchedPath>().cloned();
    let Some(route) = route.filter(|_| request.method() == Method::POST) else {
        return next.run(request).await;
    };
    let client = client_key(
        request.headers(),
        request.extensions().get(),
        &state.config.trusted_proxies,
        request.extensions().get::<crate::OnionCircuit>().is_some(),
    );
    let pass = client
        .as_ref()
        .and_then(|c| Pass::from_cookie(request.headers(), &state, c));
    let action = if route.as_str() == paths::ACTION_DONE {
        paths::param(paths::ACTION_DONE, request.uri().path(), "{action}")
    } else {
        None
    };
    // "Send it for me" makes the site mail the address typed: a script could aim that at
    // someone's inbox from many addresses, each within budget. So it always asks, unless this
    // browser answered lately (its pass is counted like any other).
    if route.as_str() == paths::ACTION_SEND && pass.is_none() {
        return ask_a_human(&state, client, request, next, None).await;
    }
    match state.limiter.check(client.as_ref(), pass, action) {
        Ok(()) => next.run(request).await,
        Err(wait) => ask_a_human(&state, client, request, next, Some(wait)).await,
    }
}

/// Over budget (`wait`, how long until it is not) or before mail is sent (`None`): the form
/// goes through only with a right answer to the human check; without one it is shown the
/// check (429 with `Retry-After` over budget, 200 before mail), with a wrong one a new
/// question (400).
async fn ask_a_human(
    state: &AppState,
    client: Option<ClientKey>,
    request: Request,
    next: Next,
    wait: Option<Duration>,
) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, crate::routes::MAX_FORM_BYTES).await else {
        return AppError::PayloadTooLarge.into_response();
    };
    let Some(fields) = crate::form::parse(&bytes) else {
        return AppError::bad_request("error-bad-request-body").into_response();
    };
    // One leading slash: `//host/…` would be another site's address in the form.
    let url = format!("/{}", parts.uri.path().trim_start_matches('/'));
    let mut wait = wait;
    let mut failure = None;
    if fields.iter().any(|(name, _)| name == human::TOKEN_FIELD) {
        match human::verify(state, client.as_ref(), &url, &fields) {
            Ok(pass) => match state.limiter.admit(pass) {
                Ok(()) => {
                    let cookie = pass.cookie(state, client.as_ref());
                    let mut response = next
                        .run(Request::from_parts(parts, Body::from(bytes)))
                        .await;
                    if let Some(c) = cookie {
                        response.headers_mut().append(SET_COOKIE, c);
                    }
                    return response;
                }
                // The pass has spent its own budget: as if over budget anew.
                Err(pass_wait) => wait = Some(pass_wait),
            },
            Err(f) => failure = Some(f),
        }
    }
    let mut challenge = human::challenge(state, client.as_ref(), &url, fields);
    challenge.failure = failure;
    challenge.retry_after_secs =
        wait.map(|w| (w.as_secs() + u64::from(w.subsec_nanos() > 0)).max(1));
    challenge.before_mail = wait.is_none();
    AppError::HumanCheck(Box::new(challenge)).into_response()
}

/// Keys with a GCRA budget each, in shards with a hard cap on keys.
struct Buckets<K> {
    shards: Box<[Mutex<Shard<K>>]>,
    hasher: RandomState,
    /// Nanoseconds one post costs.
    interval: u64,
    /// How far ahead of now a key's time may run: the burst, less the post being counted.
    tolerance: u64,
    /// Keys per shard; the shards together hold at most the cap.
    per_shard: usize,
}

struct Shard<K> {
    entries: HashMap<K, Entry>,
    /// Keys by when they were last seen, oldest first: the order of eviction.
    by_age: BTreeMap<u64, K>,
    /// Counts every check, to order `by_age`.
    ticks: u64,
}

struct Entry {
    /// The theoretical arrival time: the key's budget is whole again from then on.
    tat: u64,
    /// The tick it was last seen at, its key in `by_age`.
    seen: u64,
}

impl<K: Hash + Eq + Copy> Buckets<K> {
    /// `per_minute` posts a minute, in bursts of as many, for at most `cap` keys.
    fn new(per_minute: u32, cap: usize) -> Buckets<K> {
        Self::with_shards(per_minute, cap, SHARDS)
    }

    fn with_shards(per_minute: u32, cap: usize, shards: usize) -> Buckets<K> {
        let cap = cap.max(1);
        let shards = shards.clamp(1, cap);
        let per_minute = u64::from(per_minute.max(1));
        let interval = 60_000_000_000 / per_minute;
        Buckets {
            shards: (0..shards)
                .map(|_| {
                    Mutex::new(Shard {
                        entries: HashMap::new(),
                        by_age: BTreeMap::new(),
                        ticks: 0,
                    })
                })
                .collect(),
            hasher: RandomState::new(),
            interval,
            tolerance: interval * (per_minute - 1),
            per_shard: cap / shards,
        }
    }

    fn shard(&self, key: &K) -> MutexGuard<'_, Shard<K>> {
        let n = self.shards.len() as u64;
        let i = usize::try_from(self.hasher.hash_one(key) % n).unwrap_or(0);
        // A panic while holding a shard cannot leave it inconsistent in a way that matters
        // more than refusing every later post would; go on with it.
        self.shards[i]
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Counts one post for `key` at `now`; over budget, nothing is counted and the wait until
    /// a post would go through is returned.
    fn check(&self, key: K, now: u64) -> Result<(), Duration> {
        let mut guard = self.shard(&key);
        let shard = &mut *guard;
        shard.ticks += 1;
        let seen = shard.ticks;
        // Seen now, refused or not: a key that keeps knocking is not the oldest.
        let tat = match shard.entries.get_mut(&key) {
            Some(entry) => {
                shard.by_age.remove(&entry.seen);
                shard.by_age.insert(seen, key);
                entry.seen = seen;
                entry.tat.max(now)
            }
            None => now,
        };
        if tat - now > self.tolerance {
            return Err(Duration::from_nanos(tat - now - self.tolerance));
        }
        let tat = tat + self.interval;
        if let Some(entry) = shard.entries.get_mut(&key) {
            entry.tat = tat;
            return Ok(());
        }
        shard.entries.insert(key, Entry { tat, seen });
        shard.by_age.insert(seen, key);
        while shard.entries.len() > self.per_shard {
            let Some((_, oldest)) = shard.by_age.pop_first() else {
                break;
            };
            shard.entries.remove(&oldest);
        }
        Ok(())
    }

    /// Drops the keys whose budget is whole at `now`: forgetting them changes nothing.
    fn forget_idle(&self, now: u64) {
        for shard in &self.shards {
            let mut guard = shard.lock().unwrap_or_else(PoisonError::into_inner);
            let shard = &mut *guard;
            shard.entries.retain(|_, e| e.tat > now);
            let entries = &shard.entries;
            shard.by_age.retain(|_, key| entries.contains_key(key));
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.shards
            .iter()
            .map(|s| {
                s.lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .entries
                    .len()
            })
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: u64 = 1_000_000_000;

    #[test]
    fn a_key_gets_its_burst_then_waits_for_its_rate() {
        let b: Buckets<u32> = Buckets::new(3, 100);
        assert!(b.check(1, 0).is_ok());
        assert!(b.check(1, 0).is_ok());
        assert!(b.check(1, 0).is_ok());
        assert_eq!(b.check(1, 0), Err(Duration::from_secs(20)), "3 a minute");
        assert_eq!(b.check(1, 5 * SECOND), Err(Duration::from_secs(15)));
        assert!(b.check(2, 0).is_ok(), "another key has its own budget");
        assert!(b.check(1, 20 * SECOND).is_ok(), "one post back after 20 s");
        assert!(b.check(1, 20 * SECOND).is_err());
        for _ in 0..3 {
            assert!(
                b.check(1, 200 * SECOND).is_ok(),
                "a whole burst after a rest"
            );
        }
    }

    #[test]
    fn refused_posts_cost_nothing() {
        let b: Buckets<u32> = Buckets::new(1, 100);
        assert!(b.check(1, 0).is_ok());
        for _ in 0..100 {
            assert!(b.check(1, SECOND).is_err());
        }
        assert!(
            b.check(1, 60 * SECOND).is_ok(),
            "hammering did not push it back"
        );
    }

    #[test]
    fn the_number_of_keys_never_passes_the_cap() {
        let b: Buckets<u32> = Buckets::new(30, 1000);
        for key in 0..50_000 {
            assert!(b.check(key, 0).is_ok(), "a new key always has its budget");
        }
        assert!(b.len() <= 1000, "{}", b.len());
        assert!(b.len() >= 500, "the cap is used, not emptied: {}", b.len());
    }

    #[test]
    fn the_least_recently_seen_key_goes_first() {
        let b: Buckets<u32> = Buckets::with_shards(1, 3, 1);
        for key in [1, 2, 3] {
            assert!(b.check(key, 0).is_ok());
        }
        assert!(b.check(1, 0).is_err(), "1 is seen again, refused");
        assert!(b.check(4, 0).is_ok(), "4 evicts 2, the oldest");
        assert_eq!(b.len(), 3);
        assert!(b.check(1, 0).is_err(), "1 is still remembered");
        assert!(b.check(3, 0).is_err(), "and 3");
        assert!(b.check(2, 0).is_ok(), "2 was forgotten");
    }

    #[test]
    fn the_sweep_forgets_only_keys_whose_budget_is_whole() {
        let b: Buckets<u32> = Buckets::new(2, 100);
        assert!(b.check(1, 0).is_ok());
        assert!(b.check(2, 0).is_ok());
        assert!(b.check(2, 0).is_ok());
        b.forget_idle(30 * SECOND);
        assert_eq!(b.len(), 1, "1 is whole again, 2 still owes 30 s");
        assert!(b.check(2, 30 * SECOND).is_ok());
        assert!(b.check(2, 30 * SECOND).is_err(), "2 was not forgiven");
        b.forget_idle(1000 * SECOND);
        assert_eq!(b.len(), 0);
    }

    #[test]
    fn a_post_needs_both_the_host_and_the_network_budget() {
        let config = WebConfig {
            posts_per_minute: 2,
            network_posts_per_minute: 3,
            ..WebConfig::default()
        };
        let limiter = PostLimiter::new(&config, &Clock::System);
        let key = |s: &str| ClientKey::of(s.parse().expect("an address"));
        let (a, b, c) = (
            key("2001:db8:1:1::1"),
            key("2001:db8:1:2::1"),
            key("2001:db8:1:3::1"),
        );
        assert!(limiter.check(Some(&a), None, None).is_ok());
        assert!(limiter.check(Some(&a), None, None).is_ok());
        assert!(
            limiter.check(Some(&a), None, None).is_err(),
            "the host's budget"
        );
        assert!(limiter.check(Some(&b), None, None).is_ok());
        assert!(
            limiter.check(Some(&c), None, None).is_err(),
            "a third /64 of the /48: the network's budget is spent"
        );
        assert!(
            limiter
                .check(Some(&key("2001:db8:2::1")), None, None)
                .is_ok()
        );
    }
}
