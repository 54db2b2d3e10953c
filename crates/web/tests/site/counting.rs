//! Counting once: every rendered form carries a one-time id in its CSRF token, and the server
//! remembers which forms have counted, so a replayed or double-submitted "I called" counts once
//! even when the client drops the acted cookie. Each test reads what was stored.

use axum::http::StatusCode;

use crate::harness::{ACTION, ACTION_SLUG, CASE, OPEN, TestApp, form};

/// The form id inside a token (`issued.id.mac`).
fn form_id(token: &str) -> String {
    token.split('.').nth(1).expect("a form id").to_string()
}

#[tokio::test]
async fn the_same_form_posted_twice_counts_once_even_without_the_acted_cookie() {
    let app = TestApp::at(OPEN).await;
    // Only the CSRF cookie, ever: the acted cookie each answer sets is dropped, as a script
    // would drop it, so the form id is all that can stop the second post.
    let (cookies, token) = app.open_action(ACTION).await;
    let done = format!("{ACTION}/done");
    let phone = form(&[("csrf", &token), ("channel", "phone")]);
    let first = app.post(&done, &cookies, &phone).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    assert!(
        first
            .cookies()
            .iter()
            .any(|c| c.starts_with("outcry_acted=")),
        "the acted cookie is still set, as the second guard"
    );
    assert_eq!(app.recorded(ACTION_SLUG).await, 1);
    let again = app.post(&done, &cookies, &phone).await;
    assert_eq!(
        again.status,
        StatusCode::SEE_OTHER,
        "a replay is thanked, not refused"
    );
    assert_eq!(again.location(), Some(&*format!("{ACTION}/thanks")));
    assert_eq!(app.recorded(ACTION_SLUG).await, 1, "and not counted");
    assert_eq!(
        app.claimed_forms().await,
        [(form_id(&token), format!("done:{ACTION_SLUG}:phone"))],
        "the id the page's token carried, for what it did; nothing else"
    );

    // The page's other forms share its token, and each counts once for its own channel.
    let post = form(&[("csrf", &token), ("channel", "post")]);
    app.post(&done, &cookies, &post).await;
    app.post(&done, &cookies, &post).await;
    assert_eq!(app.recorded(ACTION_SLUG).await, 2);
    assert_eq!(app.get(ACTION).await.count(), "2 people have acted");
}

#[tokio::test]
async fn the_email_page_form_counts_once_too() {
    let app = TestApp::at(OPEN).await;
    let (cookies, token) = app.open_action(ACTION).await;
    let prepared = app
        .post(
            &format!("{ACTION}/email"),
            &cookies,
            &form(&[("csrf", &token), ("name", "Anna Smith")]),
        )
        .await;
    assert_eq!(prepared.status, StatusCode::OK, "{}", prepared.body);
    let sent_token = prepared.input("csrf");
    assert_ne!(
        form_id(&sent_token),
        form_id(&token),
        "every rendered page hands out a new id"
    );
    let sent = form(&[("csrf", &sent_token), ("channel", "email")]);
    for _ in 0..3 {
        let page = app.post(&format!("{ACTION}/done"), &cookies, &sent).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    }
    assert_eq!(app.recorded(ACTION_SLUG).await, 1);
}

/// Expected, and documented here: without cookies, every fresh page is a new form, so a client
/// that fetches the page again before each post counts each time. The server keeps nothing
/// about who posts; what bounds such a script is the per-address POST limit and, afterwards,
/// an organizer discounting the flood's hours (`outcry counts discount`).
#[tokio::test]
async fn two_fresh_forms_from_a_client_without_cookies_count_twice() {
    let app = TestApp::at(OPEN).await;
    for _ in 0..2 {
        let page = app.get(ACTION).await;
        let (cookies, token) = (page.cookies(), page.input("csrf"));
        let done = app
            .post(
                &format!("{ACTION}/done"),
                &cookies,
                &form(&[("csrf", &token), ("channel", "phone")]),
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    }
    assert_eq!(app.recorded(ACTION_SLUG).await, 2);
    assert_eq!(app.claimed_forms().await.len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_double_submit_in_flight_counts_once() {
    let app = TestApp::at(OPEN).await;
    let (cookies, token) = app.open_action(ACTION).await;
    let done = format!("{ACTION}/done");
    let phone = form(&[("csrf", &token), ("channel", "phone")]);
    // Both posts leave before either is answered, as a double click with JavaScript off does.
    let (a, b) = tokio::join!(
        app.post(&done, &cookies, &phone),
        app.post(&done, &cookies, &phone)
    );
    assert_eq!(
        (a.status, b.status),
        (StatusCode::SEE_OTHER, StatusCode::SEE_OTHER),
        "both are thanked"
    );
    assert_eq!(app.recorded(ACTION_SLUG).await, 1, "one counted");
}

#[tokio::test]
async fn a_token_without_a_form_id_is_refused() {
    let app = TestApp::at(OPEN).await;
    let (cookies, token) = app.open_action(ACTION).await;
    // The earlier format was `issued.mac`; a page cached from before ids carries such tokens.
    let mut parts = token.split('.');
    let (issued, _, mac) = (parts.next(), parts.next(), parts.next());
    let old = format!("{}.{}", issued.expect("issued"), mac.expect("mac"));
    let page = app
        .post(
            &format!("{ACTION}/done"),
            &cookies,
            &form(&[("csrf", &old), ("channel", "phone")]),
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "{}", page.body);
    assert_eq!(app.recorded(ACTION_SLUG).await, 0);
    assert!(app.claimed_forms().await.is_empty());
}

#[tokio::test]
async fn a_discounted_hour_leaves_every_count_the_site_shows() {
    let app = TestApp::at(OPEN).await;
    // Two reports through the site, in the hour of its clock (12:00 UTC)…
    for _ in 0..2 {
        let (cookies, token) = app.open_action(ACTION).await;
        let done = app
            .post(
                &format!("{ACTION}/done"),
                &cookies,
                &form(&[("csrf", &token), ("channel", "phone")]),
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    }
    // …and one from the hour before.
    let action: outcry_domain::Slug = ACTION_SLUG.parse().expect("slug");
    let earlier = outcry_storage::ActionRecord {
        action: action.clone(),
        channel: outcry_domain::Channel::Email,
        lang: outcry_domain::Lang::EN,
        country: None,
        at: "2026-06-01T11:20:00Z".parse().expect("time"),
    };
    app.store().record_action(&earlier).await.expect("recorded");
    let noon = "2026-06-01T12:00:00Z".parse().expect("time");
    let when = "2026-06-01T12:30:00Z".parse().expect("time");
    let change = app
        .store()
        .discount_hour(&action, noon, "test flood", when)
        .await
        .expect("discounted");
    assert_eq!(change.records, 2);

    // The organizer discounts from the command line, another process: a site shows it once
    // its counts expire (a second); a fresh instance, with nothing cached, shows it at once.
    let app = app.instance_at(OPEN);
    let page = app.get(ACTION).await;
    assert_eq!(page.count(), "1 person has acted");
    assert_eq!(page.select("[data-test=channel-count]"), ["Email: 1"]);
    assert_eq!(
        app.get("/en/").await.select("[data-test=card-count]"),
        ["1 person has acted"]
    );
    assert_eq!(
        app.get(CASE).await.select("[data-test=card-count]"),
        ["1 person has acted"]
    );
    assert_eq!(
        app.get(&format!("{ACTION}/thanks")).await.count(),
        "1 person has acted"
    );
    assert_eq!(app.records_stored().await, 3, "nothing is deleted");
}
