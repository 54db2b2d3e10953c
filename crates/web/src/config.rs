//! Settings of the web face, given by the binary from its command line and environment.

use crate::security::client::Cidr;
use crate::security::human::HumanCheckConfig;

/// What the site needs to know about where it runs.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// The public base URL (`https://act.example.org`), for links in share texts. Empty: links
    /// are relative to the request's host.
    pub public_url: String,
    /// Send `Strict-Transport-Security`: only when the site is served over TLS (usually by a
    /// reverse proxy), since the header pins browsers to HTTPS.
    pub hsts: bool,
    /// The reverse proxies in front of the site. `X-Forwarded-For` is read only from a peer in
    /// one of these networks, and only as far as it was written by them; empty by default,
    /// since anyone could otherwise pick their own address.
    pub trusted_proxies: Vec<Cidr>,
    /// POSTs allowed per minute from one host (an IPv4 address, an IPv6 /64), in bursts of as
    /// many; beyond it, the human check.
    pub posts_per_minute: u32,
    /// POSTs allowed per minute from one network (an IPv4 /24, an IPv6 /48): the bound on
    /// someone with many hosts. Default 8 times the host's.
    pub network_posts_per_minute: u32,
    /// Reports of having acted (`/{lang}/a/{action}/done`) allowed per minute for one action,
    /// from all addresses together; beyond it, everyone gets the human check.
    pub action_posts_per_minute: u32,
    /// Keys each table of the POST limit holds at most (hosts, networks, actions, passes);
    /// past it, the least recently seen are forgotten.
    pub limiter_max_keys: usize,
    /// The questions and timings of the human check.
    pub human_check: HumanCheckConfig,
    /// The demo's notice ("this site runs as if today were …"), shown on every page.
    pub demo_notice: Option<jiff::civil::Date>,
    /// How much the site takes on at once, and for how long.
    pub limits: Limits,
    /// The organization's public key, which relay letters are sealed to before they are
    /// stored. Without one the site takes no letters for relay (the POST is a 404): the
    /// server never stores a letter it could read.
    pub seal_to: Option<outcry_seal::Recipient>,
    /// Pending relay letters a case may hold at most; past it, "the queue is full, try later"
    /// (503), so a flood cannot bury organizers nor fill the disk.
    pub relay_queue_cap: u64,
    /// How often public counts (per action and channel, per case, the relay queue's
    /// "waiting") are read anew; between two steps pages show the same numbers, so polling
    /// them does not tell when one supporter acted, or how. Zero reads them on every view
    /// (tests, development). See `cache.rs`.
    pub count_refresh: std::time::Duration,
    /// The admin is served on an address of its own (`--admin-listen`): the site's address
    /// answers 404 under `/admin/`.
    pub admin_apart: bool,
}

/// Five minutes: on a busy action a step holds many supporters, and a count that lags by a
/// few minutes is still news.
pub const DEFAULT_COUNT_REFRESH: std::time::Duration = std::time::Duration::from_secs(5 * 60);

/// What keeps one process standing when a campaign goes viral or someone floods it: every
/// wait is bounded, and past the bounds a visitor is told to try again (503 with
/// `Retry-After`) instead of the server piling up work until it falls over.
#[derive(Debug, Clone)]
pub struct Limits {
    /// A client must send a request's headers within this time, or its connection is closed
    /// (slow-loris clients would otherwise hold connections until file descriptors run out).
    /// Also how long an idle keep-alive connection may wait for its next request.
    pub header_read_timeout: std::time::Duration,
    /// A request that takes longer than this is answered with 503.
    pub request_timeout: std::time::Duration,
    /// Requests answered at the same time; the next one beyond gets 503 at once.
    pub max_in_flight: usize,
    /// PDF downloads that may wait for a free core, beyond those rendering.
    pub pdf_queue: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_read_timeout: std::time::Duration::from_secs(10),
            request_timeout: std::time::Duration::from_secs(20),
            max_in_flight: 512,
            pdf_queue: 16,
        }
    }
}

impl WebConfig {
    /// The site's own address without a trailing slash: the configured one, else `http://` and
    /// the request's `Host`, else nothing (links stay relative).
    pub fn site_url(&self, host: Option<&str>) -> String {
        if self.public_url.is_empty() {
            host.map_or(String::new(), |h| format!("http://{h}"))
        } else {
            self.public_url.trim_end_matches('/').to_string()
        }
    }
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            public_url: String::new(),
            hsts: false,
            trusted_proxies: Vec::new(),
            posts_per_minute: 30,
            network_posts_per_minute: 240,
            action_posts_per_minute: 600,
            // About 100 bytes a key: a few megabytes per table at most.
            limiter_max_keys: 50_000,
            human_check: HumanCheckConfig::default(),
            demo_notice: None,
            limits: Limits::default(),
            seal_to: None,
            relay_queue_cap: 500,
            count_refresh: DEFAULT_COUNT_REFRESH,
            admin_apart: false,
        }
    }
}
