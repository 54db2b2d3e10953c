//! Settings of the web face, given by the binary from its command line and environment.

/// What the site needs to know about where it runs.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// The public base URL (`https://act.example.org`), for links in share texts. Empty: links
    /// are relative to the request's host.
    pub public_url: String,
    /// Send `Strict-Transport-Security`: only when the site is served over TLS (usually by a
    /// reverse proxy), since the header pins browsers to HTTPS.
    pub hsts: bool,
    /// Take the client address from `X-Forwarded-For` (set by a trusted reverse proxy) for rate
    /// limits. Off by default: anyone could otherwise pick their own address.
    pub trust_proxy: bool,
    /// POSTs allowed per client address per minute (a burst of the same size is allowed).
    pub posts_per_minute: u32,
    /// The demo's notice ("this site runs as if today were …"), shown on every page.
    pub demo_notice: Option<jiff::civil::Date>,
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
            trust_proxy: false,
            posts_per_minute: 30,
            demo_notice: None,
        }
    }
}
