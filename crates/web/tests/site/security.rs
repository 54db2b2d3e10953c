//! What a supporter is protected from, and what they are told when something is refused: forged or stale forms, closed and draft actions, hostile input, floods, and pages that load nothing from elsewhere.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use outcry_domain::{ActionStatus, Lang, Localized};
use outcry_web::WebConfig;

use crate::harness::{
    ACTION, ACTION_RU, ACTION_SLUG, CASE, CASE_RU, LATER, OPEN, TestApp, WRITE_RU, form,
};

#[tokio::test]
async fn every_page_carries_the_security_headers_and_loads_nothing_from_elsewhere() {
    let app = TestApp::at(OPEN).await;
    for path in ["/en/", ACTION, CASE, "/en/nowhere"] {
        let page = app.get(path).await;
        let csp = page.header(header::CONTENT_SECURITY_POLICY);
        assert!(csp.starts_with("default-src 'self'"), "{path}: {csp}");
        assert_eq!(page.header(header::REFERRER_POLICY), "no-referrer");
        assert_eq!(page.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
        assert!(page.headers.get("permissions-policy").is_some());
        for attr in ["src=\"http", "href=\"http", "<script", "url(http"] {
            assert!(
                !page.body.contains(attr),
                "{path} refers to another origin or runs a script: {attr}"
            );
        }
        assert!(!page.has("script"), "{path} runs a script");
        for (css, name) in [("[src]", "src"), ("[href]", "href"), ("[action]", "action")] {
            for value in page.attrs(css, name) {
                assert!(
                    !value.contains("//"),
                    "{path} refers to another origin: {name}={value}"
                );
            }
        }
    }
    let css = app.get("/assets/outcry.css").await;
    assert!(!css.body.contains("http"), "the stylesheet loads nothing");
}

#[tokio::test]
async fn a_post_without_a_valid_token_is_refused_and_counts_nothing() {
    let app = TestApp::at(OPEN).await;
    let (cookies, _) = app.open_action(ACTION).await;
    let done = format!("{ACTION}/done");
    let page = app
        .post(&done, &cookies, &form(&[("channel", "phone")]))
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(page.text_of("main h1"), "This form has expired");
    assert!(
        page.text().contains("reload the page and try again"),
        "the supporter is told what to do"
    );
    let page = app
        .post(
            &done,
            &[],
            &form(&[("csrf", "123.abc"), ("channel", "phone")]),
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(ACTION).await.count(), "0 people have acted");
    assert_eq!(app.recorded(ACTION_SLUG).await, 0);
}

#[tokio::test]
async fn after_the_deadline_the_page_says_so_and_posts_get_a_409() {
    let app = TestApp::at(LATER).await;
    let page = app.get(ACTION_RU).await;
    assert_eq!(
        page.text_of("[data-test=closed-notice] h2"),
        "Эта акция завершена"
    );
    assert_eq!(
        page.text_of("[data-test=deadline]"),
        "Акция завершилась 15 июля 2026 г."
    );
    assert!(
        !page.body.contains("data-test=\"phone-form\""),
        "no ways to act on a closed action"
    );
    assert!(!page.has("main form"), "no form at all: {}", page.body);
    let before = page.count();
    // The closed page has no form to take a token from. Tokens belong to the browser, not to a
    // form, so this browser takes a valid one from a page that still has a form.
    let cookies = page.cookies();
    let write = app.get_with(WRITE_RU, "cookie", &cookies.join("; ")).await;
    assert!(
        write.cookies().is_empty(),
        "the browser keeps the cookie it has"
    );
    let token = write.input("csrf");
    let done = format!("{ACTION_RU}/done");
    let page = app
        .post(
            &done,
            &cookies,
            &form(&[("csrf", &token), ("channel", "phone")]),
        )
        .await;
    assert_eq!(page.status, StatusCode::CONFLICT, "{}", page.body);
    assert_eq!(page.text_of("main h1"), "Эта акция завершена");
    assert!(
        page.text().contains("больше не учитывается"),
        "{}",
        page.body
    );
    assert_eq!(app.get(ACTION_RU).await.count(), before, "nothing counted");
    assert_eq!(app.recorded(ACTION_SLUG).await, 0);

    // A token from a page opened before the deadline still cannot count after it.
    let open = TestApp::at(OPEN).await;
    let (_, token) = open.open_action(ACTION).await;
    let page = app
        .post(
            &done,
            &cookies,
            &form(&[("csrf", &token), ("channel", "phone")]),
        )
        .await;
    assert!(
        matches!(page.status, StatusCode::CONFLICT | StatusCode::FORBIDDEN),
        "{}",
        page.status
    );
    assert_eq!(app.recorded(ACTION_SLUG).await, 0);
}

#[tokio::test]
async fn closed_action_answers_409_with_a_localized_page() {
    // The clock moves past the deadline between opening the page and posting.
    let app = TestApp::at("2026-07-15T18:59:00Z").await; // 23:59 in Labytnangi: still open
    let (cookies, token) = app.open_action(ACTION_RU).await;
    let late = TestApp::at("2026-07-15T19:00:00Z").await;
    // Tokens are bound to the server's secret (the same in both test apps) and the browser.
    let page = late
        .post(
            &format!("{ACTION_RU}/done"),
            &cookies,
            &form(&[("csrf", &token), ("channel", "phone")]),
        )
        .await;
    assert_eq!(page.status, StatusCode::CONFLICT, "{}", page.body);
    assert_eq!(page.text_of("main h1"), "Эта акция завершена");
    assert_eq!(late.recorded(ACTION_SLUG).await, 0);
}

#[tokio::test]
async fn hostile_input_gets_a_clear_4xx_and_stores_nothing() {
    let app = TestApp::at(OPEN).await;
    let (cookies, token) = app.open_action(ACTION).await;
    let email = format!("{ACTION}/email");
    let done = format!("{ACTION}/done");

    let long = "x".repeat(101);
    let page = app
        .post(
            &email,
            &cookies,
            &form(&[("csrf", &token), ("name", &long)]),
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        page.select("[data-test=problems] li"),
        ["Your name is too long: at most 100 characters."],
        "{}",
        page.body
    );

    let page = app
        .post(
            &email,
            &cookies,
            &form(&[("csrf", &token), ("name", "Eve\r\nBcc: all@example.org")]),
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);

    let page = app
        .post_bytes(&done, &cookies, b"csrf=x&channel=ph%FFone".to_vec())
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST, "invalid UTF-8");

    let page = app
        .post(
            &done,
            &cookies,
            &form(&[("csrf", &token), ("channel", "carrier-pigeon")]),
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    let page = app
        .post(
            &done,
            &cookies,
            &form(&[("csrf", &token), ("channel", "phone"), ("country", "<b>")]),
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);

    let huge = vec![b'a'; 300 * 1024];
    let page = app.post_bytes(&done, &cookies, huge).await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);

    // Markup is shown as text, never run.
    let page = app
        .post(
            &email,
            &cookies,
            &form(&[
                ("csrf", &token),
                ("body", "<script>alert(1)</script>"),
                ("name", "<img src=x>"),
            ]),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("<script>alert") && !page.body.contains("<img src=x>"));
    assert!(
        page.body
            .contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
        "shown as text"
    );
    assert!(!page.has("script") && !page.has("img"));
    assert!(
        page.text_of("textarea#letter-text")
            .contains("<script>alert(1)</script>"),
        "the supporter sees what they typed"
    );

    assert_eq!(app.get(ACTION).await.count(), "0 people have acted");
    assert_eq!(app.recorded(ACTION_SLUG).await, 0);
}

#[tokio::test]
async fn hostile_print_requests_get_a_localized_400() {
    let app = TestApp::at(OPEN).await;
    let (cookies, token) = app.open_action(ACTION_RU).await;
    for (field, value, expect) in [
        ("address", "Main St\u{202E}1", "меняющие направление текста"),
        ("address", "a\u{0007}b", "управляющие символы"),
        ("paper", "a3", "Формат бумаги"),
        ("envelope", "c4", "Конверт"),
    ] {
        let page = app
            .post(
                &format!("{ACTION_RU}/post"),
                &cookies,
                &form(&[("csrf", &token), (field, value)]),
            )
            .await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{field}={value:?}");
        let problems = page.select("[data-test=problems] li");
        assert!(
            problems.iter().any(|p| p.contains(expect)),
            "{field}: {problems:?}\n{}",
            page.body
        );
    }
    let page = app
        .post(
            &format!("{ACTION}/post"),
            &cookies,
            &form(&[("csrf", "forged")]),
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn unknown_pages_and_wrong_methods_get_localized_answers() {
    let app = TestApp::at(OPEN).await;
    let page = app.get("/ru/a/no-such-action").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_eq!(page.text_of("main h1"), "Страница не найдена");
    let page = app.get("/en/a/NOT%20A%20SLUG").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let page = app.get("/xx/").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let page = app.get(&format!("{ACTION}/done")).await;
    assert_eq!(page.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        page.text_of("main h1"),
        "This address does not accept that request"
    );
}

#[tokio::test]
async fn flooding_posts_from_one_address_is_slowed_down() {
    let config = WebConfig {
        posts_per_minute: 3,
        trusted_proxies: vec!["127.0.0.1".parse().expect("a CIDR")],
        ..crate::harness::live_counts()
    };
    let app = TestApp::with_config(OPEN, config).await;
    let mut statuses = Vec::new();
    for _ in 0..5 {
        // A fresh page each time: a form counts once, and this is about the limit.
        let (cookies, token) = app.open_action(ACTION).await;
        let req = Request::post(format!("{ACTION}/done"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, cookies.join("; "))
            .header("x-forwarded-for", "203.0.113.9")
            // The proxy on this machine, trusted to say who its client is.
            .extension(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40_000))))
            .body(Body::from(form(&[("csrf", &token), ("channel", "phone")])))
            .expect("request");
        let page = app.request(req).await;
        if page.status == StatusCode::TOO_MANY_REQUESTS {
            assert!(page.headers.get(header::RETRY_AFTER).is_some());
            assert_eq!(page.text_of("main h1"), "Too many requests");
        }
        statuses.push(page.status);
    }
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
            .count(),
        2,
        "{statuses:?}"
    );
    // This flood never kept the acted cookie and took a new form each time, so each allowed POST
    // counted; the refused ones did not.
    assert_eq!(app.get(ACTION).await.count(), "3 people have acted");
}

#[tokio::test]
async fn hsts_only_when_configured() {
    let app = TestApp::at(OPEN).await;
    assert!(
        app.get("/en/")
            .await
            .headers
            .get(header::STRICT_TRANSPORT_SECURITY)
            .is_none()
    );
    let app = TestApp::with_config(
        OPEN,
        WebConfig {
            hsts: true,
            ..crate::harness::live_counts()
        },
    )
    .await;
    let page = app.get(ACTION).await;
    assert!(
        page.headers
            .get(header::STRICT_TRANSPORT_SECURITY)
            .is_some()
    );
    assert!(
        page.cookies().is_empty()
            || page
                .headers
                .get_all(header::SET_COOKIE)
                .iter()
                .all(|c| c.to_str().unwrap_or("").contains("Secure"))
    );
}

// ---- Drafts do not exist for the public ----

const DRAFT_SLUG: &str = "azat-miftakhov-draft-appeal";
const DRAFT_HEADLINE: &str = "Unpublished appeal, still being written";

/// The demo case with a second action, a draft, beside the published one.
async fn with_a_draft() -> TestApp {
    TestApp::with(OPEN, crate::harness::live_counts(), |bundle| {
        let mut draft = bundle.actions[0].clone();
        draft.slug = DRAFT_SLUG.parse().expect("a slug");
        draft.number = None;
        draft.status = ActionStatus::Draft;
        draft.headline =
            Localized::one(Lang::EN, DRAFT_HEADLINE).with(Lang::RU, "Неопубликованное обращение");
        bundle.actions.push(draft);
    })
    .await
}

#[tokio::test]
async fn a_draft_action_answers_404_in_every_language() {
    let app = with_a_draft().await;
    for lang in ["en", "ru"] {
        for path in [
            format!("/{lang}/a/{DRAFT_SLUG}"),
            format!("/{lang}/a/{DRAFT_SLUG}?letter=ru"),
            format!("/{lang}/a/{DRAFT_SLUG}/thanks"),
        ] {
            let page = app.get(&path).await;
            assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
            assert!(!page.body.contains(DRAFT_HEADLINE), "{path}");
            assert!(!page.has("[data-test=count]"), "{path}");
        }
    }
    assert_eq!(
        app.get(&format!("/ru/a/{DRAFT_SLUG}"))
            .await
            .text_of("main h1"),
        "Страница не найдена",
        "the same answer as for an action that does not exist"
    );
    // The published action beside it is there.
    assert_eq!(app.get(ACTION).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_draft_is_listed_neither_on_the_home_page_nor_on_its_case_page() {
    let app = with_a_draft().await;
    for path in ["/en/", "/ru/", CASE, CASE_RU] {
        let page = app.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let links = page.attrs("[data-test=action-card] a", "href");
        assert_eq!(
            links.len(),
            1,
            "{path}: only the published action: {links:?}"
        );
        assert!(links[0].ends_with(ACTION_SLUG), "{path}: {links:?}");
        assert!(!page.body.contains(DRAFT_SLUG), "{path}");
        assert!(!page.body.contains(DRAFT_HEADLINE), "{path}");
        assert!(!page.body.contains("Неопубликованное обращение"), "{path}");
    }
}

#[tokio::test]
async fn posts_to_a_draft_are_refused_and_count_nothing() {
    let app = with_a_draft().await;
    // A real browser with a valid token, from the published action's page.
    let (cookies, token) = app.open_action(ACTION).await;
    for lang in ["en", "ru"] {
        let draft = format!("/{lang}/a/{DRAFT_SLUG}");
        for channel in ["phone", "email", "post"] {
            let page = app
                .post(
                    &format!("{draft}/done"),
                    &cookies,
                    &form(&[("csrf", &token), ("channel", channel), ("country", "DE")]),
                )
                .await;
            assert_eq!(page.status, StatusCode::NOT_FOUND, "{draft}/done {channel}");
            assert!(page.cookies().is_empty(), "no acted cookie for a draft");
        }
        let page = app
            .post(
                &format!("{draft}/email"),
                &cookies,
                &form(&[
                    ("csrf", &token),
                    ("lang", "ru"),
                    ("body", "Прошу провести проверку."),
                    ("name", "Anna Smith"),
                ]),
            )
            .await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{draft}/email");
        assert!(!page.has("[data-test=mailto]"));
        assert!(!page.body.contains("mailop.ru"), "no target addresses leak");
        let page = app
            .post(
                &format!("{draft}/post"),
                &cookies,
                &form(&[("csrf", &token), ("lang", "en"), ("name", "Anna Smith")]),
            )
            .await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{draft}/post");
        assert!(!page.bytes.starts_with(b"%PDF-"));
    }
    assert_eq!(
        app.recorded(DRAFT_SLUG).await,
        0,
        "nothing counted for the draft"
    );
    assert_eq!(
        app.recorded(ACTION_SLUG).await,
        0,
        "nor for the published action"
    );
    assert_eq!(app.get(ACTION).await.count(), "0 people have acted");
}
