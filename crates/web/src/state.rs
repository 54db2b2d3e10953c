//! What every handler can reach: storage, settings, the clock and the server's secret.

use std::sync::Arc;

use outcry_storage::Store;

use crate::clock::Clock;
use crate::config::WebConfig;
use crate::security::PostLimiter;

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
        let limiter = PostLimiter::new(config.posts_per_minute);
        Ok(AppState(Arc::new(Inner {
            store,
            config,
            clock,
            secret,
            limiter,
        })))
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}
