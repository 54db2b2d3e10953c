//! What every test shares: the demo case on a fresh database behind the real router, at a fixed
//! time, and a browser's view of each answer, read through CSS selectors.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderName, Request, StatusCode, header};
use http_body_util::BodyExt;
use outcry_web::{AppState, Clock, WebConfig};
use scraper::{ElementRef, Html, Selector};
use tower::ServiceExt;

pub const DEMO: &str = include_str!("../../../../demo/azat-miftakhov.toml");
/// The demo action's slug, and its page in each language.
pub const ACTION_SLUG: &str = "azat-miftakhov-torture-in-ik-18";
pub const ACTION: &str = "/en/a/azat-miftakhov-torture-in-ik-18";
pub const ACTION_RU: &str = "/ru/a/azat-miftakhov-torture-in-ik-18";
/// The demo case's page in each language.
pub const CASE: &str = "/en/c/azat-miftakhov";
pub const CASE_RU: &str = "/ru/c/azat-miftakhov";
/// Writing to the prisoner himself.
pub const WRITE: &str = "/en/c/azat-miftakhov/write";
pub const WRITE_RU: &str = "/ru/c/azat-miftakhov/write";

/// 1 June 2026, noon UTC: the demo action is open (deadline 15 July 2026).
pub const OPEN: &str = "2026-06-01T12:00:00Z";
/// 22 November 2026: after the deadline.
pub const LATER: &str = "2026-11-22T12:00:00Z";

/// A form body, encoded as a browser sends it.
pub fn form(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).expect("form encodes")
}

/// Runs of whitespace become one space; the ends are trimmed.
pub fn squash(s: &str) -> String {
    s.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

pub struct TestApp {
    router: axum::Router,
    store: outcry_storage::Store,
    /// The site's state, for tests that reach behind the router (load shedding, serving on
    /// a real socket).
    pub state: AppState,
    config: WebConfig,
    /// The site's clock: fixed, or moved by [`TestApp::advance`] for a site made by
    /// [`TestApp::with_moving_clock`].
    clock: Clock,
    /// Shared by every instance of one site ([`TestApp::instance_at`]).
    _dir: std::sync::Arc<tempfile::TempDir>,
    /// The scratch database, when the suite runs on PostgreSQL; dropped with the last instance.
    _postgres: Option<std::sync::Arc<outcry_testkit::postgres::Scratch>>,
    /// The organization's secret key, which the site never has: the tests open the sealed
    /// letters with it, as organizers do on their own machines.
    pub identity: std::sync::Arc<outcry_seal::Identity>,
    /// The outbox, for a site made by [`TestApp::with_mail`].
    pub outbox: Option<outcry_mail::Outbox>,
}

/// The outbox key of test sites that send mail.
pub const OUTBOX_KEY: [u8; 32] = [5; 32];
/// Their public address, which confirmation links name.
pub const SITE: &str = "https://act.example.org";

/// Whether this run of the suite is on PostgreSQL: `OUTCRY_SITE_TEST_BACKEND=postgres`, which
/// `scripts/test` sets for a second run when a server is reachable. SQLite otherwise.
pub fn on_postgres() -> bool {
    std::env::var("OUTCRY_SITE_TEST_BACKEND").as_deref() == Ok("postgres")
}

/// For tests of SQLite's own behaviour (its write lock, its error messages): false, with a
/// note, when the suite runs on PostgreSQL.
pub fn sqlite_only() -> bool {
    if on_postgres() {
        eprintln!("(this test is about SQLite; not run on PostgreSQL)");
        return false;
    }
    true
}

/// The secret every test site signs with, so a second instance accepts the first one's forms.
const SECRET: [u8; 32] = [7; 32];

/// One answer, as the browser got it.
pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body as text, for checks on the raw markup (escaping, what must never appear).
    pub body: String,
    pub bytes: Vec<u8>,
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css:?}: {e:?}"))
}

/// The text a reader sees in an element, whitespace squashed.
fn text(element: ElementRef<'_>) -> String {
    squash(&element.text().collect::<String>())
}

impl Page {
    /// The body parsed as an HTML document.
    pub fn html(&self) -> Html {
        Html::parse_document(&self.body)
    }

    /// How many elements match `css`.
    pub fn count_of(&self, css: &str) -> usize {
        self.html().select(&selector(css)).count()
    }

    /// Whether any element matches `css`.
    pub fn has(&self, css: &str) -> bool {
        self.count_of(css) > 0
    }

    /// The visible text of every element matching `css`, in document order.
    pub fn select(&self, css: &str) -> Vec<String> {
        self.html().select(&selector(css)).map(text).collect()
    }

    /// The visible text of the one element matching `css`.
    pub fn text_of(&self, css: &str) -> String {
        let found = self.select(css);
        match found.as_slice() {
            [one] => one.clone(),
            _ => panic!(
                "{} elements match {css:?}, not one: {found:?}\n{}",
                found.len(),
                self.body
            ),
        }
    }

    /// The text of the one element matching `css` exactly as it is, whitespace and all (the
    /// content of a textarea, as a browser would submit it).
    pub fn raw_text_of(&self, css: &str) -> String {
        let html = self.html();
        let found: Vec<String> = html
            .select(&selector(css))
            .map(|e| e.text().collect())
            .collect();
        match found.as_slice() {
            [one] => one.clone(),
            _ => panic!("{} elements match {css:?}, not one", found.len()),
        }
    }

    /// The lines of the one element matching `css`, as its `<br>`s break them (an address).
    pub fn lines_of(&self, css: &str) -> Vec<String> {
        let html = self.html();
        let wanted = selector(css);
        let mut found = html.select(&wanted);
        let element = found
            .next()
            .unwrap_or_else(|| panic!("nothing matches {css:?}\n{}", self.body));
        assert!(
            found.next().is_none(),
            "more than one element matches {css:?}"
        );
        let mut raw = String::new();
        for node in element.descendants() {
            if let Some(t) = node.value().as_text() {
                // Only a `<br>` breaks the line: a newline in the markup is a space.
                raw.push_str(&t.replace('\n', " "));
            } else if node.value().as_element().is_some_and(|e| e.name() == "br") {
                raw.push('\n');
            }
        }
        raw.lines().map(squash).filter(|l| !l.is_empty()).collect()
    }

    /// The value of attribute `name` on the one element matching `css`.
    pub fn attr(&self, css: &str, name: &str) -> String {
        let all = self.attrs(css, name);
        let matched = self.count_of(css);
        match all.as_slice() {
            [one] if matched == 1 => one.clone(),
            _ => panic!(
                "{matched} elements match {css:?}, {} with {name}: {all:?}\n{}",
                all.len(),
                self.body
            ),
        }
    }

    /// The values of attribute `name` on every element matching `css` that has it.
    pub fn attrs(&self, css: &str, name: &str) -> Vec<String> {
        self.html()
            .select(&selector(css))
            .filter_map(|e| e.value().attr(name).map(String::from))
            .collect()
    }

    /// The value of the first `<input name=...>`, such as the CSRF token. Every form of a page
    /// carries the same token, so the first one is as good as any.
    pub fn input(&self, name: &str) -> String {
        let values = self.attrs(&format!("input[name=\"{name}\"]"), "value");
        values
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no input {name} with a value\n{}", self.body))
    }

    /// The name and value of every hidden input of the form matching `css`, in order: what the
    /// browser posts again.
    pub fn hidden_fields(&self, css: &str) -> Vec<(String, String)> {
        self.html()
            .select(&selector(&format!("{css} input[type=hidden]")))
            .map(|e| {
                let attr = |name| e.value().attr(name).unwrap_or("").to_string();
                (attr("name"), attr("value"))
            })
            .collect()
    }

    /// The count of people who acted, as the page shows it.
    pub fn count(&self) -> String {
        self.text_of("[data-test=count]")
    }

    /// Everything a reader sees in the body, whitespace squashed: for "the page says X".
    pub fn text(&self) -> String {
        self.select("body").concat()
    }

    /// A response header as text, or "" when absent.
    pub fn header(&self, name: HeaderName) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// Where a redirect points.
    pub fn location(&self) -> Option<&str> {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
    }

    /// `name=value` pairs of every Set-Cookie header, for the next request.
    pub fn cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .map(String::from)
            .collect()
    }
}

/// The settings most tests run with: the defaults, but counts read live, so a test sees the
/// action it just reported. The coarse steps real sites publish counts in are tested on their
/// own (`privacy.rs`), with the defaults.
pub fn live_counts() -> WebConfig {
    WebConfig {
        count_refresh: std::time::Duration::ZERO,
        ..WebConfig::default()
    }
}

impl TestApp {
    /// The demo case, with the site's clock at `now`, counts read live.
    pub async fn at(now: &str) -> TestApp {
        Self::with_config(now, live_counts()).await
    }

    pub async fn with_config(now: &str, config: WebConfig) -> TestApp {
        Self::with(now, config, |_| {}).await
    }

    /// The demo case, on a clock that starts at `now` and moves only by [`TestApp::advance`].
    pub async fn with_moving_clock(now: &str, config: WebConfig) -> TestApp {
        let clock = Clock::manual(now.parse().expect("timestamp"));
        Self::build(clock, config, |_| {}).await
    }

    /// Moves the clock of a site made by [`TestApp::with_moving_clock`] on by `seconds`.
    pub fn advance(&self, seconds: i64) {
        self.clock.advance(jiff::SignedDuration::from_secs(seconds));
    }

    /// The demo case changed by `edit` before it is stored.
    pub async fn with(
        now: &str,
        config: WebConfig,
        edit: impl FnOnce(&mut outcry_domain::CaseBundle),
    ) -> TestApp {
        Self::build(Clock::Fixed(now.parse().expect("timestamp")), config, edit).await
    }

    /// The demo case on a site that sends mail (the outbox; no worker: a test runs one
    /// against its SMTP server), at `now` on a clock moved by [`TestApp::advance`].
    pub async fn with_mail(now: &str) -> TestApp {
        Self::with_mail_and(now, |_| {}).await
    }

    /// [`TestApp::with_mail`], with the demo case changed by `edit` first.
    pub async fn with_mail_and(
        now: &str,
        edit: impl FnOnce(&mut outcry_domain::CaseBundle),
    ) -> TestApp {
        let config = WebConfig {
            public_url: SITE.into(),
            ..live_counts()
        };
        let clock = Clock::manual(now.parse().expect("timestamp"));
        let mut app = Self::build(clock, config, edit).await;
        let outbox = outcry_mail::Outbox::new(
            app.store.clone(),
            outcry_seal::OutboxKey::from_bytes(&OUTBOX_KEY),
            "act.example.org",
        );
        app.outbox = Some(outbox.clone());
        let state = AppState::new(
            app.store.clone(),
            app.config.clone(),
            app.clock.clone(),
            Some(outcry_web::Keyring::new(SECRET.to_vec(), Vec::new())),
            Some(outbox),
        )
        .expect("state");
        state.enable_admin(outcry_seal::OutboxKey::from_bytes(&OUTBOX_KEY).admin());
        app.router = outcry_web::router(state.clone());
        app.state = state;
        app
    }

    async fn build(
        clock: Clock,
        mut config: WebConfig,
        edit: impl FnOnce(&mut outcry_domain::CaseBundle),
    ) -> TestApp {
        let identity = std::sync::Arc::new(outcry_seal::Identity::generate());
        if config.seal_to.is_none() {
            config.seal_to = Some(identity.recipient());
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let postgres = on_postgres().then(|| {
            let server = outcry_testkit::postgres::server()
                .expect("OUTCRY_SITE_TEST_BACKEND=postgres needs OUTCRY_TEST_POSTGRES_URL");
            outcry_testkit::postgres::Scratch::create(&server)
        });
        let url = match &postgres {
            Some(scratch) => scratch.url.clone(),
            None => format!("sqlite://{}?mode=rwc", dir.path().join("site.db").display()),
        };
        let store = outcry_storage::Store::open(&url)
            .await
            .expect("database opens");
        let mut bundle = outcry_importer::case_file::load(DEMO, jiff::civil::date(2026, 11, 22))
            .expect("demo is valid");
        edit(&mut bundle);
        store.import_bundle(&bundle).await.expect("demo loads");
        Self::serve(
            store,
            config,
            clock,
            std::sync::Arc::new(dir),
            postgres.map(std::sync::Arc::new),
            identity,
        )
    }

    fn serve(
        store: outcry_storage::Store,
        config: WebConfig,
        clock: Clock,
        dir: std::sync::Arc<tempfile::TempDir>,
        postgres: Option<std::sync::Arc<outcry_testkit::postgres::Scratch>>,
        identity: std::sync::Arc<outcry_seal::Identity>,
    ) -> TestApp {
        let state = AppState::new(
            store.clone(),
            config.clone(),
            clock.clone(),
            Some(outcry_web::Keyring::new(SECRET.to_vec(), Vec::new())),
            None,
        )
        .expect("state");
        state.enable_admin(outcry_seal::OutboxKey::from_bytes(&OUTBOX_KEY).admin());
        TestApp {
            router: outcry_web::router(state.clone()),
            store,
            state,
            config,
            clock,
            _dir: dir,
            _postgres: postgres,
            identity,
            outbox: None,
        }
    }

    /// Another instance of the same site, as behind a load balancer: the same database, secret
    /// and settings, its own memory (caches, the POST limit), and its clock at `now`. For
    /// "later" in tests whose clock is fixed.
    pub fn instance_at(&self, now: &str) -> TestApp {
        Self::serve(
            self.store.clone(),
            self.config.clone(),
            Clock::Fixed(now.parse().expect("timestamp")),
            self._dir.clone(),
            self._postgres.clone(),
            self.identity.clone(),
        )
    }

    /// The SQLite database file's bytes with its write-ahead log's, for tests of what is
    /// stored in clear; `None` on PostgreSQL.
    pub fn database_bytes(&self) -> Option<Vec<u8>> {
        if on_postgres() {
            return None;
        }
        let db = self._dir.path().join("site.db");
        let mut bytes = std::fs::read(&db).expect("the database file");
        bytes.extend(std::fs::read(self._dir.path().join("site.db-wal")).unwrap_or_default());
        Some(bytes)
    }

    /// Runs `sql` on the site's database behind the site's back, on a connection of its own:
    /// for tests of what happens when the database is not what the code expects.
    pub async fn sabotage(&self, sql: &'static str) {
        use sqlx::Connection;
        let url = format!("sqlite://{}", self._dir.path().join("site.db").display());
        let mut conn = sqlx::SqliteConnection::connect(&url)
            .await
            .expect("a second connection opens");
        sqlx::query(sql)
            .execute(&mut conn)
            .await
            .expect("the sabotage runs");
        conn.close().await.expect("closes");
    }

    /// Takes SQLite's write lock on a connection of its own and keeps it until the returned
    /// connection is dropped or rolled back: another writer then waits, and gives up with
    /// "database is locked" after its busy timeout, as behind a long import.
    pub async fn lock_database(&self) -> sqlx::SqliteConnection {
        use sqlx::Connection;
        let url = format!("sqlite://{}", self._dir.path().join("site.db").display());
        let mut conn = sqlx::SqliteConnection::connect(&url)
            .await
            .expect("a second connection opens");
        sqlx::query("BEGIN IMMEDIATE")
            .execute(&mut conn)
            .await
            .expect("the write lock is free");
        conn
    }

    /// The site's database, for what organizers do from the command line (discounting hours).
    pub fn store(&self) -> &outcry_storage::Store {
        &self.store
    }

    /// A connection of its own to the site's database, SQLite or PostgreSQL alike.
    async fn side_connection(&self) -> sqlx::AnyConnection {
        use sqlx::Connection;
        let url = match &self._postgres {
            Some(scratch) => scratch.url.clone(),
            None => format!("sqlite://{}", self._dir.path().join("site.db").display()),
        };
        sqlx::AnyConnection::connect(&url)
            .await
            .expect("a second connection opens")
    }

    /// Every supporter's record the database holds, counted or not.
    pub async fn records_stored(&self) -> i64 {
        let mut conn = self.side_connection().await;
        sqlx::query_scalar("SELECT COUNT(*) FROM action_records")
            .fetch_one(&mut conn)
            .await
            .expect("records count")
    }

    /// The forms that have counted, as the database keeps them: (form id, scope), in order.
    pub async fn claimed_forms(&self) -> Vec<(String, String)> {
        let mut conn = self.side_connection().await;
        sqlx::query_as("SELECT form_id, scope FROM form_claims ORDER BY form_id, scope")
            .fetch_all(&mut conn)
            .await
            .expect("form claims read")
    }

    /// How many actions the database holds for the action `slug`, whatever any page says.
    pub async fn recorded(&self, slug: &str) -> u64 {
        let slug = slug.parse().expect("a slug");
        self.store
            .action_counts(&slug)
            .await
            .expect("counts read")
            .total
    }

    /// The letters waiting in the demo case's relay queue, as the group's volunteers see them
    /// once they open them with the organization's key.
    pub async fn relay_queue(&self) -> Vec<outcry_domain::RelayLetter> {
        let case = "azat-miftakhov".parse().expect("a slug");
        self.store
            .relay_queue(&case, None)
            .await
            .expect("queue reads")
            .into_iter()
            .map(|q| {
                let sealed = q.sealed.expect("not erased");
                outcry_seal::open(&self.identity, &sealed).expect("opens with the key")
            })
            .collect()
    }

    pub async fn request(&self, req: Request<Body>) -> Page {
        let response = self
            .router
            .clone()
            .oneshot(req)
            .await
            .expect("router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        Page {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    pub async fn get(&self, path: &str) -> Page {
        self.request(Request::get(path).body(Body::empty()).expect("request"))
            .await
    }

    pub async fn get_with(&self, path: &str, name: &str, value: &str) -> Page {
        self.request(
            Request::get(path)
                .header(name, value)
                .body(Body::empty())
                .expect("request"),
        )
        .await
    }

    pub async fn post(&self, path: &str, cookies: &[String], form: &str) -> Page {
        let req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, cookies.join("; "))
            .body(Body::from(form.to_string()))
            .expect("request");
        self.request(req).await
    }

    pub async fn post_bytes(&self, path: &str, cookies: &[String], form: Vec<u8>) -> Page {
        let req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, cookies.join("; "))
            .body(Body::from(form))
            .expect("request");
        self.request(req).await
    }

    /// A form posted by a browser at `peer` (the TCP peer the server sees), through a proxy
    /// when `forwarded` gives an `X-Forwarded-For`.
    pub async fn post_from(
        &self,
        peer: &str,
        forwarded: Option<&str>,
        path: &str,
        cookies: &[String],
        form: &str,
    ) -> Page {
        let peer: std::net::IpAddr = peer.parse().expect("an address");
        let mut req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, cookies.join("; "))
            .extension(axum::extract::ConnectInfo(std::net::SocketAddr::new(
                peer, 40_000,
            )));
        if let Some(f) = forwarded {
            req = req.header("x-forwarded-for", f);
        }
        self.request(req.body(Body::from(form.to_string())).expect("request"))
            .await
    }

    /// Opens the action page and returns the browser's cookies and the form token.
    pub async fn open_action(&self, path: &str) -> (Vec<String>, String) {
        let page = self.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        (page.cookies(), page.input("csrf"))
    }
}
