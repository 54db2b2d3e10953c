//! Failed logins, counted per account and per client network in the database, so every
//! instance behind a load balancer sees the same count: [`MAX_FAILURES`] in [`WINDOW`] (the
//! figure SecureDrop uses) and the next try waits. The answer is the same whether the account
//! exists or not, and the counts are kept under keyed hashes ([`outcry_seal::AdminKey`]), so
//! the table of failures names no one. The public site's POST limit does not count admin
//! requests: a flood of supporters cannot lock organizers out, and this budget is its own.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

use crate::error::AppError;
use crate::state::AppState;

/// Failures allowed per account and per network in a window.
pub const MAX_FAILURES: u32 = 5;
/// The window.
pub const WINDOW: jiff::SignedDuration = jiff::SignedDuration::from_secs(60);

/// The client's network as the admin's throttle counts it (its /32 or /64 host, after trusted
/// proxies; a Tor circuit by itself); `None` in-process.
pub struct ClientNetwork(Option<String>);

impl FromRequestParts<AppState> for ClientNetwork {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<ClientNetwork, Self::Rejection> {
        let key = crate::security::limit::client_key(
            &parts.headers,
            parts.extensions.get::<ConnectInfo<SocketAddr>>(),
            &state.config.trusted_proxies,
            parts.extensions.get::<crate::OnionCircuit>().is_some(),
        );
        Ok(ClientNetwork(key.map(|k| k.host.to_string())))
    }
}

/// The counters one login attempt is checked against.
pub struct Buckets {
    account: String,
    network: Option<String>,
}

impl Buckets {
    /// For an attempt on the account `email` (normalised) from `network`.
    pub fn new(
        state: &AppState,
        email: &str,
        network: &ClientNetwork,
    ) -> Result<Buckets, AppError> {
        let key = state.admin_key().ok_or(AppError::NotFound)?;
        Ok(Buckets {
            account: key.throttle_bucket(&format!("account {email}")),
            network: network
                .0
                .as_ref()
                .map(|n| key.throttle_bucket(&format!("network {n}"))),
        })
    }

    fn all(&self) -> impl Iterator<Item = &String> {
        std::iter::once(&self.account).chain(self.network.as_ref())
    }

    /// Whether the next attempt must wait.
    pub async fn exhausted(&self, state: &AppState) -> Result<bool, AppError> {
        let now = state.clock.wall();
        for bucket in self.all() {
            if state.store.login_failures(bucket, now, WINDOW).await? >= MAX_FAILURES {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Counts a failed attempt.
    pub async fn failed(&self, state: &AppState) -> Result<(), AppError> {
        let now = state.clock.wall();
        for bucket in self.all() {
            state
                .store
                .record_login_failure(bucket, now, WINDOW)
                .await?;
        }
        Ok(())
    }

    /// A right password or code: the account's count starts again (the network's does not,
    /// or one good account would unlock guessing at all the others).
    pub async fn succeeded(&self, state: &AppState) -> Result<(), AppError> {
        state.store.clear_login_failures(&self.account).await?;
        Ok(())
    }
}
