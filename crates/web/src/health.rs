//! Whether this process can serve: for load balancers and service managers.
//!
//! `/healthz` (live) answers while the process runs, without touching the database, so a
//! supervisor restarts only a process that is truly stuck. `/readyz` (ready) answers 200 only
//! while the database answers and its schema is the one this binary expects
//! ([`Store::ready`](outcry_storage::Store::ready)), so a balancer sends visitors elsewhere
//! during an outage or before `outcry migrate` has run. Both sit outside load shedding and
//! the POST limit (`routes.rs`): a busy site is still alive, and a probe that gets 503 for
//! being one request too many would take a healthy instance out of rotation.
//!
//! The probe is public, so a good answer is kept for a second: a flood of `/readyz` then costs
//! the database one probe a second, not one per request. A bad answer is never kept, so a
//! recovered database shows at the next probe.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use outcry_storage::Store;

/// How long a good answer stands.
const KEEP_READY: Duration = Duration::from_secs(1);
/// A database that takes longer than this to answer a probe is not ready (a pool waiting for
/// a connection would otherwise hold the probe for its whole acquire timeout).
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

/// The last good probe, and whether the last probe was good (to log changes only).
pub struct Readiness {
    ready_at: tokio::sync::Mutex<Option<Instant>>,
    was_ready: AtomicBool,
}

impl Readiness {
    /// No probe made yet.
    pub fn new() -> Readiness {
        Readiness {
            ready_at: tokio::sync::Mutex::new(None),
            was_ready: AtomicBool::new(true),
        }
    }

    /// Whether `store` can serve now. Probes one at a time; those asking meanwhile wait and
    /// share a good answer.
    pub async fn check(&self, store: &Store) -> bool {
        let mut ready_at = self.ready_at.lock().await;
        if ready_at.is_some_and(|at| at.elapsed() < KEEP_READY) {
            return true;
        }
        let outcome = match tokio::time::timeout(PROBE_TIMEOUT, store.ready()).await {
            Ok(outcome) => outcome.map_err(|e| crate::error::Chain(&e).to_string()),
            Err(_) => Err("the database did not answer in time".to_string()),
        };
        *ready_at = outcome.is_ok().then(Instant::now);
        let was = self.was_ready.swap(outcome.is_ok(), Ordering::Relaxed);
        // Logged when it changes, not per probe: a balancer probes every few seconds.
        match (&outcome, was) {
            (Err(e), true) => tracing::warn!(error = %e, "not ready"),
            (Ok(()), false) => tracing::info!("ready again"),
            _ => {}
        }
        outcome.is_ok()
    }
}
