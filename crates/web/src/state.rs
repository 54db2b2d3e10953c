//! What every handler can reach: storage, settings, the clock and the server's secret.

use std::sync::Arc;

use outcry_storage::Store;

use crate::cache::PageCache;
use crate::clock::Clock;
use crate::config::WebConfig;
use crate::print::Printer;
use crate::security::limit::PostLimiter;

/// Cheap to clone: one `Arc` inside.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub store: Store,
    pub config: WebConfig,
    pub clock: Clock,
    /// Signs CSRF tokens and the acted cookie. Random per process unless configured, so with
    /// several instances behind a load balancer, configure the same secret on each.
    pub secret: Vec<u8>,
    pub limiter: PostLimiter,
    pub cache: PageCache,
    pub printer: Printer,
    /// One permit per request being answered; none left means shed the next one (503).
    pub in_flight: tokio::sync::Semaphore,
    /// The last answer of `/readyz`.
    pub readiness: crate::health::Readiness,
}

impl AppState {
    /// `secret` must be at least 32 bytes; with `None`, a random one is made.
    pub fn new(
        store: Store,
        config: WebConfig,
        clock: Clock,
        secret: Option<Vec<u8>>,
    ) -> std::io::Result<AppState> {
        let secret = match secret {
            Some(s) if s.len() >= 32 => s,
            Some(_) => {
                return Err(std::io::Error::other(
                    "the site secret must be at least 32 bytes",
                ));
            }
            None => {
                let mut s = vec![0u8; 32];
                getrandom::fill(&mut s).map_err(|e| std::io::Error::other(e.to_string()))?;
                s
            }
        };
        let limiter = PostLimiter::new(&config, &clock);
        let printer = Printer::new(
            // One render per core is what the machine can do; more would only queue inside.
            std::thread::available_parallelism().map_or(2, std::num::NonZero::get),
            config.limits.pdf_queue,
        );
        let in_flight = tokio::sync::Semaphore::new(config.limits.max_in_flight.max(1));
        let cache = PageCache::new(config.count_refresh);
        Ok(AppState(Arc::new(Inner {
            store,
            config,
            clock,
            secret,
            limiter,
            cache,
            printer,
            in_flight,
            readiness: crate::health::Readiness::new(),
        })))
    }
}

impl AppState {
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
                Ok(Arc::new(self.store.action_with_case(slug).await?))
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
