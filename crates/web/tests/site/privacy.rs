//! Side channels: what someone watching the site, holding a supporter's phone or reading the
//! server's logs can learn about one supporter. Counts move in steps, the acted cookie reads as
//! noise and ends with the action, pages that show what was typed are kept by no cache, and
//! no log line carries what a supporter typed.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use axum::http::{StatusCode, header};
use outcry_web::WebConfig;

use crate::harness::{ACTION, ACTION_SLUG, CASE, OPEN, Page, TestApp, WRITE, form};

/// 12:01 UTC: inside the 12:00–12:05 step of the default five-minute refresh.
const INSIDE_A_STEP: &str = "2026-06-01T12:01:00Z";

/// What a poller reads: the action's count and channels, the case's and home page's cards.
async fn public_counts(app: &TestApp) -> (String, Vec<String>, Vec<String>, Vec<String>) {
    let action = app.get(ACTION).await;
    (
        action.count(),
        action.select("[data-test=channel-count]"),
        app.get(CASE).await.select("[data-test=card-count]"),
        app.get("/en/").await.select("[data-test=card-count]"),
    )
}

fn acted_cookie(page: &Page) -> String {
    page.headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("outcry_acted="))
        .unwrap_or_else(|| panic!("no acted cookie: {:?}", page.headers))
        .to_string()
}

#[tokio::test]
async fn polling_around_an_action_shows_the_same_counts_until_the_next_step() {
    let app = TestApp::with_moving_clock(INSIDE_A_STEP, WebConfig::default()).await;
    let before = public_counts(&app).await;
    assert_eq!(before.0, "0 people have acted", "{before:?}");

    let page = app.get(ACTION).await;
    let cookies = page.cookies();
    let done = app
        .post(
            &format!("{ACTION}/done"),
            &cookies,
            &form(&[("csrf", &page.input("csrf")), ("channel", "phone")]),
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(app.recorded(ACTION_SLUG).await, 1, "it was stored at once");

    // The supporter is told, from their own cookie, that it counted; the count is the
    // published one, and the page says why it may not show theirs yet.
    let mut with_acted = cookies.clone();
    with_acted.extend(done.cookies());
    let thanks = app
        .request(
            axum::http::Request::get(format!("{ACTION}/thanks"))
                .header(header::COOKIE, with_acted.join("; "))
                .body(axum::body::Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(
        thanks.text_of("[data-test=counted]"),
        "Your action has been counted."
    );
    assert_eq!(thanks.count(), "0 people have acted");
    assert_eq!(
        thanks.text_of("[data-test=count-note]"),
        "The count is updated every 5 minutes, so yours may not show in it yet."
    );
    // Someone else reaching the thank-you page is not told anything was counted.
    assert!(
        !app.get(&format!("{ACTION}/thanks"))
            .await
            .has("[data-test=counted]")
    );

    // A poller sees nothing move, however often it looks, until the step ends.
    assert_eq!(public_counts(&app).await, before, "right after");
    app.advance(3 * 60 + 59);
    assert_eq!(public_counts(&app).await, before, "at 12:04:59");
    app.advance(1);
    let after = public_counts(&app).await;
    assert_eq!(after.0, "1 person has acted", "at 12:05, the next step");
    assert_eq!(after.1, ["Phone: 1"]);
    assert_eq!(after.2, ["1 person has acted"]);
    assert_eq!(after.3, ["1 person has acted"]);
}

#[tokio::test]
async fn the_relay_queues_waiting_count_moves_in_steps_too() {
    let app = TestApp::with_moving_clock(INSIDE_A_STEP, WebConfig::default()).await;
    let note = |page: &Page| page.text_of("[data-test=relay-note]");
    let page = app.get(WRITE).await;
    assert!(
        note(&page).contains("No letters are waiting"),
        "{}",
        note(&page)
    );
    let sent = app
        .post(
            &format!("{WRITE}/relay"),
            &page.cookies(),
            &form(&[
                ("csrf", &page.input("csrf")),
                ("text", "Дорогой Азат! Желаю Вам сил."),
                ("signature", "Anna"),
            ]),
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert!(note(&app.get(WRITE).await).contains("No letters are waiting"));
    app.advance(4 * 60);
    assert!(note(&app.get(WRITE).await).contains("1 letter is waiting"));
}

#[tokio::test]
async fn the_acted_cookie_names_no_action_and_ends_with_the_actions_deadline() {
    let app = TestApp::at(OPEN).await;
    let (cookies, token) = app.open_action(ACTION).await;
    let done = app
        .post(
            &format!("{ACTION}/done"),
            &cookies,
            &form(&[("csrf", &token), ("channel", "phone")]),
        )
        .await;
    let set = acted_cookie(&done);
    for readable in [
        ACTION_SLUG,
        "azat",
        "miftakhov",
        "torture",
        "phone",
        "email",
    ] {
        assert!(
            !set.to_lowercase().contains(readable),
            "{readable:?} is readable in {set}"
        );
    }
    assert!(!set.contains("Expires="), "{set}");
    let max_age: i64 = set
        .split("Max-Age=")
        .nth(1)
        .and_then(|r| r.split(';').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no Max-Age in {set}"));
    // The action closes at the end of 15 July 2026 in Moscow, 21:00 UTC; the cookie lives
    // that long and at most a week more (its expiry is rounded up to a whole week).
    let closes = "2026-07-15T21:00:00Z"
        .parse::<jiff::Timestamp>()
        .expect("time")
        .as_second()
        - OPEN.parse::<jiff::Timestamp>().expect("time").as_second();
    assert!(
        (closes..=closes + 7 * 24 * 3600).contains(&max_age),
        "Max-Age {max_age}, the deadline is {closes} s away"
    );

    // It still does its work: acting again from a fresh page counts nothing.
    let fresh = app.get(ACTION).await;
    let mut with_acted = fresh.cookies();
    with_acted.extend(done.cookies());
    let again = app
        .post(
            &format!("{ACTION}/done"),
            &with_acted,
            &form(&[("csrf", &fresh.input("csrf")), ("channel", "phone")]),
        )
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
    assert_eq!(app.recorded(ACTION_SLUG).await, 1, "already counted");
    assert!(
        !again
            .cookies()
            .iter()
            .any(|c| c.starts_with("outcry_acted=")),
        "nothing new to remember"
    );
}

#[tokio::test]
async fn every_page_says_who_may_keep_it() {
    let app = TestApp::at(OPEN).await;
    let cache = |page: &Page| page.header(header::CACHE_CONTROL).to_string();
    let (public, private, no_store) = ("public, max-age=60", "private, no-cache", "no-store");

    // The same for everyone, nothing personal.
    assert_eq!(cache(&app.get("/en/").await), public, "home");
    assert_eq!(cache(&app.get(CASE).await), public, "case");
    // A CSRF token bound to this browser's cookie, or this browser's own thanks.
    let action = app.get(ACTION).await;
    assert_eq!(cache(&action), private, "action page");
    let write = app.get(WRITE).await;
    assert_eq!(cache(&write), private, "write page");
    assert_eq!(
        cache(&app.get(&format!("{ACTION}/thanks")).await),
        private,
        "thanks"
    );
    assert_eq!(
        cache(&app.get(&format!("{WRITE}/sent")).await),
        private,
        "letter handed over"
    );

    // What the supporter typed, shown back.
    let (cookies, token) = (action.cookies(), action.input("csrf"));
    let email = app
        .post(
            &format!("{ACTION}/email"),
            &cookies,
            &form(&[("csrf", &token), ("name", "Anna Smith"), ("town", "Leeds")]),
        )
        .await;
    assert_eq!(email.status, StatusCode::OK, "{}", email.body);
    assert_eq!(cache(&email), no_store, "email preview");
    let letter = [
        ("csrf", write.input("csrf")),
        ("text", "Дорогой Азат! Желаю Вам сил.".to_string()),
        ("signature", "Anna Smith".to_string()),
        ("address", "1 Secret Street".to_string()),
    ];
    let letter: Vec<(&str, &str)> = letter.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let check = app.post(WRITE, &write.cookies(), &form(&letter)).await;
    assert_eq!(check.status, StatusCode::OK, "{}", check.body);
    assert_eq!(cache(&check), no_store, "letter check");
    let refused = app
        .post(
            &format!("{ACTION}/email"),
            &cookies,
            &form(&[("csrf", &token), ("name", &"A".repeat(10_000))]),
        )
        .await;
    assert!(refused.status.is_client_error(), "{}", refused.status);
    assert_eq!(cache(&refused), no_store, "a refused form");

    // Anything that does not say: kept by nobody.
    assert_eq!(cache(&app.get("/en/no-such-page").await), no_store, "404");
    let done = app
        .post(
            &format!("{ACTION}/done"),
            &cookies,
            &form(&[("csrf", &token), ("channel", "phone")]),
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(cache(&done), no_store, "the redirect after acting");
}

/// While set, the global log below keeps every event of every thread, at every level.
static CAPTURING: AtomicBool = AtomicBool::new(false);

/// Everything any thread logs while [`CAPTURING`] is set. Global, because the PDF printer and
/// the database run on threads of their own; other tests' lines in that time land here too,
/// which only makes the search wider.
fn global_log() -> &'static Arc<Mutex<Vec<u8>>> {
    use tracing_subscriber::prelude::*;
    static LOG: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOG.get_or_init(|| {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let sink = Sink(buffer.clone());
        let layer = tracing_subscriber::fmt::layer()
            .with_writer(move || sink.clone())
            .with_ansi(false)
            // Dynamic: asked at every event, where a plain filter_fn would cache its first
            // answer per callsite, taken before the capture began.
            .with_filter(tracing_subscriber::filter::dynamic_filter_fn(|_, _| {
                CAPTURING.load(Ordering::SeqCst)
            }));
        // Another global subscriber would mean this search sees nothing: fail loudly.
        tracing::subscriber::set_global_default(tracing_subscriber::registry().with(layer))
            .expect("the only global subscriber");
        buffer
    })
}

#[derive(Clone)]
struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_whole_session_leaves_nothing_a_supporter_typed_in_the_log_at_any_level() {
    let log = global_log();
    let app = TestApp::at(OPEN).await;
    CAPTURING.store(true, Ordering::SeqCst);
    let (name, town) = ("Zebulon Quintavalle", "Xylothorpe");
    let (appeal, letter) = (
        "Flibbertigibbet marmalade",
        "Дорогой Азат! Шлю тебе глинтвейн.",
    );
    let address = "17 Quokka Lane";

    // The email: prepared with a name, a town and the supporter's own words; then sent.
    let (cookies, token) = app.open_action(ACTION).await;
    let email = app
        .post(
            &format!("{ACTION}/email"),
            &cookies,
            &form(&[
                ("csrf", &token),
                ("body", appeal),
                ("name", name),
                ("town", town),
                ("country", "GB"),
            ]),
        )
        .await;
    assert_eq!(email.status, StatusCode::OK, "{}", email.body);
    assert!(email.body.contains(town), "the page shows it back");
    let done = app
        .post(
            &format!("{ACTION}/done"),
            &cookies,
            &form(&[("csrf", &email.input("csrf")), ("channel", "email")]),
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);

    // The letter to the prisoner: checked, printed, handed to the group.
    let write = app.get(WRITE).await;
    let fields = [
        ("csrf", write.input("csrf")),
        ("text", letter.to_string()),
        ("signature", name.to_string()),
        ("address", format!("{address}\n{town}")),
        ("identity", "full".to_string()),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let body = form(&fields);
    let check = app.post(WRITE, &write.cookies(), &body).await;
    assert_eq!(check.status, StatusCode::OK, "{}", check.body);
    let pdf = app
        .post(&format!("{WRITE}/pdf"), &write.cookies(), &body)
        .await;
    assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.body);
    let relay = app
        .post(&format!("{WRITE}/relay"), &write.cookies(), &body)
        .await;
    assert_eq!(relay.status, StatusCode::SEE_OTHER, "{}", relay.body);
    // A refusal logs its reason; the reason must not quote the value.
    let refused = app
        .post(
            WRITE,
            &write.cookies(),
            &form(&[
                ("csrf", &write.input("csrf")),
                ("text", letter),
                ("signature", &format!("{name}\u{202E}")),
            ]),
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);

    CAPTURING.store(false, Ordering::SeqCst);
    let text = String::from_utf8_lossy(&log.lock().expect("log buffer")).into_owned();
    assert!(
        text.contains("answered") && text.contains(r#"route="/{lang}/c/{case}/write/relay""#),
        "the session was logged, request by request:\n{text}"
    );
    let acted = acted_cookie(&done);
    let acted_value = acted
        .split(';')
        .next()
        .and_then(|p| p.split_once('='))
        .map(|(_, v)| v)
        .unwrap_or("");
    for secret in [
        "Zebulon",
        "Quintavalle",
        town,
        "Flibbertigibbet",
        "marmalade",
        "глинтвейн",
        "Quokka",
        token.as_str(),
        acted_value,
    ] {
        assert!(!secret.is_empty());
        let line = text.lines().find(|l| l.contains(secret));
        assert!(line.is_none(), "{secret:?} is in the log: {line:?}");
    }
}
