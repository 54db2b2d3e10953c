//! A per-address limit on POSTs, so one machine cannot flood the counts.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::error::AppError;
use crate::state::AppState;

/// Limits POSTs per client address, so one machine cannot flood the counts. Reading is not
/// limited here: pages are cheap, and a reverse proxy is the place to shape GET floods.
pub struct PostLimiter(DefaultKeyedRateLimiter<IpAddr>);

impl PostLimiter {
    pub fn new(per_minute: u32) -> PostLimiter {
        let n = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        PostLimiter(RateLimiter::keyed(Quota::per_minute(n)))
    }

    /// Forgets idle addresses, so memory stays bounded however many addresses pass by.
    pub fn forget_idle(&self) {
        self.0.retain_recent();
    }
}

/// Refuses a POST over the address's budget with a 429 and `Retry-After`.
pub async fn limit_posts(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let ip = client_ip(&request, state.config.trust_proxy);
    if let Some(ip) = ip
        && let Err(not_until) = state.limiter.0.check_key(&ip)
    {
        // The limiter's own clock: making a new one calibrates it, which is slow.
        let wait = not_until.wait_time_from(governor::clock::Clock::now(state.limiter.0.clock()));
        return AppError::RateLimited {
            retry_after_secs: wait.as_secs().max(1),
        }
        .into_response();
    }
    next.run(request).await
}

/// The client's address: the TCP peer, or, behind a trusted proxy, the last address in
/// `X-Forwarded-For` (the one that proxy added; earlier ones are the client's own claims).
fn client_ip(request: &Request, trust_proxy: bool) -> Option<IpAddr> {
    if trust_proxy
        && let Some(ip) = request
            .headers()
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|s| s.trim().parse::<IpAddr>().ok())
            .next_back()
    {
        return Some(ip);
    }
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
}
