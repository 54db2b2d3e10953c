//! What every handler can reach: storage, settings, the clock and the server's secret.

use std::sync::Arc;

use outcry_storage::Store;

use crate::cache::PageCache;
use crate::clock::Clock;
use crate::config::WebConfig;
use crate::metrics::Metrics;
use crate::print::Printer;
use crate::security::limit::PostLimiter;
use crate::security::sign::Keyring;

/// Cheap to clone: one `Arc` inside.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub store: Store,
    pub config: WebConfig,
    pub clock: Clock,
    /// Signs CSRF tokens, the acted cookie and the human check's pass: [`AppState::keys`].
    /// Behind a lock because a rotation replaces it while the site runs.
    keys: std::sync::RwLock<Arc<Keyring>>,
    pub limiter: PostLimiter,
    pub cache: PageCache,
    pub printer: Printer,
    /// One permit per request being answered; none left means shed the next one (503).
    pub in_flight: tokio::sync::Semaphore,
    /// The last answer of `/readyz`.
    pub readiness: crate::health::Readiness,
    /// What `/metrics` reports, on its own address (`metrics.rs`).
    pub metrics: Metrics,
    /// Mail the site sends (appeals for supporters, their confirmations and receipts); `None`
    /// when no relay is configured, and then no page offers it ([`AppState::outbox`]).
    outbox: Option<outcry_mail::Outbox>,
    /// The key for the admin's secrets; the admin answers only once it is set
    /// ([`AppState::enable_admin`]).
    admin: std::sync::OnceLock<outcry_seal::AdminKey>,
    /// One permit per password hash being computed: each takes 64 MiB for a moment, so a
    /// burst of logins waits here instead of taking the machine's memory.
    pub hashing: tokio::sync::Semaphore,
}

impl AppState {
    /// Every secret in `keys` must be at least 32 bytes; with `None`, a random one is made
    /// (for tests: a real site keeps its secret, see `outcry serve`).
    pub fn new(
        store: Store,
        config: WebConfig,
        clock: Clock,
        keys: Option<Keyring>,
        outbox: Option<outcry_mail::Outbox>,
    ) -> std::io::Result<AppState> {
        let keys = match keys {
            Some(keys) => {
                check_keys(&keys)?;
                keys
            }
            None => {
                let mut s = vec![0u8; 32];
                getrandom::fill(&mut s).map_err(|e| std::io::Error::other(e.to_string()))?;
                Keyring::new(s, Vec::new())
            }
        };
        let limiter = PostLimiter::new(&config, &clock);
        let metrics = Metrics::new();
        let printer = Printer::new(
            // One render per core is what the machine can do; more would only queue inside.
            std::thread::available_parallelism().map_or(2, std::num::NonZero::get),
            config.limits.pdf_queue,
            metrics.clone(),
        );
        let in_flight = tokio::sync::Semaphore::new(config.limits.max_in_flight.max(1));
        let cache = PageCache::new(config.count_refresh);
        Ok(AppState(Arc::new(Inner {
            store,
            config,
            clock,
            keys: std::sync::RwLock::new(Arc::new(keys)),
            limiter,
            cache,
            printer,
            in_flight,
            readiness: crate::health::Readiness::new(),
            metrics,
            outbox,
            admin: std::sync::OnceLock::new(),
            hashing: tokio::sync::Semaphore::new(2),
        })))
    }
}

fn check_keys(keys: &Keyring) -> std::io::Result<()> {
    if keys.all().any(|k| k.len() < 32) {
        return Err(std::io::Error::other(
            "every site secret must be at least 32 bytes",
        ));
    }
    Ok(())
}

impl AppState {
    /// The secrets the site signs and checks with, as they are now.
    pub fn keys(&self) -> Arc<Keyring> {
        // A poisoned lock still holds a whole keyring: it is only ever replaced, never edited.
        self.keys
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Puts a new keyring in place (a rotation seen in the database); pages rendered from now
    /// on sign with its signing secret.
    pub fn replace_keys(&self, keys: Keyring) -> std::io::Result<()> {
        check_keys(&keys)?;
        *self
            .keys
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(keys);
        Ok(())
    }

    /// The outbox, when the site may send appeals for supporters: a relay is configured, and
    /// the site knows its own public address. The link in a confirmation mail must name the
    /// site, and a `Host` header would let anyone make the site mail a link to another one.
    pub fn outbox(&self) -> Option<&outcry_mail::Outbox> {
        self.outbox
            .as_ref()
            .filter(|_| !self.config.public_url.is_empty())
    }

    /// Opens the admin, with the key its secrets are kept under (derived from the outbox
    /// key, a file outside the database). Set once; a second call changes nothing.
    pub fn enable_admin(&self, key: outcry_seal::AdminKey) {
        let _ = self.admin.set(key);
    }

    /// The admin's key, when the admin is open.
    pub fn admin_key(&self) -> Option<&outcry_seal::AdminKey> {
        self.admin.get()
    }

    /// Today's date in UTC, on the site's clock.
    pub fn today(&self) -> jiff::civil::Date {
        self.clock.today()
    }

    /// An action with its case, through the cache.
    pub async fn action_with_case(
        &self,
        slug: &outcry_domain::Slug,
    ) -> Result<Arc<(outcry_domain::CaseBundle, outcry_domain::UrgentAction)>, outcry_storage::Error>
    {
        self.cache
            .action(slug, || async {
                let (mut bundle, action) = self.store.action_with_case(slug).await?;
                bundle.withhold_emails(&self.store.flagged_addresses().await?);
                Ok(Arc::new((bundle, action)))
            })
            .await
    }

    /// An action's counts, as published (coarse steps, `cache.rs`).
    pub async fn action_counts(
        &self,
        slug: &outcry_domain::Slug,
    ) -> Result<outcry_storage::ActionCounts, outcry_storage::Error> {
        self.cache
            .counts(slug, self.clock.now(), || self.store.action_counts(slug))
            .await
    }

    /// Every action with its totals, as published (coarse steps, `cache.rs`).
    pub async fn list_actions(
        &self,
    ) -> Result<Arc<Vec<outcry_storage::ActionListing>>, outcry_storage::Error> {
        self.cache
            .listing(self.clock.now(), || async {
                Ok(Arc::new(self.store.list_actions().await?))
            })
            .await
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}
