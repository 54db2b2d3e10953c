//! The public site as a browser sees it, through the real router, on a real SQLite database
//! loaded with the demo case, at a fixed time. Each test checks what a supporter would notice:
//! status codes, the words on the page, and whether their action was counted.

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use outcry_web::{AppState, Clock, WebConfig};
use tower::ServiceExt;

const DEMO: &str = include_str!("../../../demo/azat-miftakhov.toml");
const ACTION: &str = "/en/a/azat-miftakhov-torture-in-ik-18";
const ACTION_RU: &str = "/ru/a/azat-miftakhov-torture-in-ik-18";

struct TestApp {
    router: axum::Router,
    _dir: tempfile::TempDir,
}

struct Page {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
    bytes: Vec<u8>,
}

impl Page {
    /// The value of a hidden input, such as the CSRF token.
    fn input(&self, name: &str) -> String {
        let marker = format!("name=\"{name}\" value=\"");
        let start = self
            .body
            .find(&marker)
            .map(|i| i + marker.len())
            .unwrap_or_else(|| panic!("no input {name}"));
        self.body[start..]
            .split('"')
            .next()
            .unwrap_or("")
            .to_string()
    }

    /// `name=value` pairs of every Set-Cookie header, for the next request.
    fn cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .map(String::from)
            .collect()
    }

    fn count(&self) -> String {
        let start = self
            .body
            .find("data-test=\"count\">")
            .map(|i| i + 18)
            .expect("page shows a count");
        self.body[start..]
            .split('<')
            .next()
            .unwrap_or("")
            .to_string()
    }
}

impl TestApp {
    /// The demo case, with the site's clock at `now`.
    async fn at(now: &str) -> TestApp {
        Self::with_config(now, WebConfig::default()).await
    }

    async fn with_config(now: &str, config: WebConfig) -> TestApp {
        Self::with(now, config, |_| {}).await
    }

    /// The demo case changed by `edit` before it is stored.
    async fn with(
        now: &str,
        config: WebConfig,
        edit: impl FnOnce(&mut outcry_domain::CaseBundle),
    ) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("site.db").display());
        let store = outcry_storage::Store::open(&url)
            .await
            .expect("database opens");
        let mut bundle = outcry_importer::case_file::load(DEMO, jiff::civil::date(2026, 11, 22))
            .expect("demo is valid");
        edit(&mut bundle);
        store.import_bundle(&bundle).await.expect("demo loads");
        let clock = Clock::Fixed(now.parse().expect("timestamp"));
        let state = AppState::new(store, config, clock, Some(vec![7; 32])).expect("state");
        TestApp {
            router: outcry_web::router(state),
            _dir: dir,
        }
    }

    async fn request(&self, req: Request<Body>) -> Page {
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

    async fn get(&self, path: &str) -> Page {
        self.request(Request::get(path).body(Body::empty()).expect("request"))
            .await
    }

    async fn get_with(&self, path: &str, name: &str, value: &str) -> Page {
        self.request(
            Request::get(path)
                .header(name, value)
                .body(Body::empty())
                .expect("request"),
        )
        .await
    }

    async fn post(&self, path: &str, cookies: &[String], form: &str) -> Page {
        let req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, cookies.join("; "))
            .body(Body::from(form.to_string()))
            .expect("request");
        self.request(req).await
    }

    async fn post_bytes(&self, path: &str, cookies: &[String], form: Vec<u8>) -> Page {
        let req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, cookies.join("; "))
            .body(Body::from(form))
            .expect("request");
        self.request(req).await
    }

    /// Opens the action page and returns the browser's cookies and the form token.
    async fn open_action(&self, path: &str) -> (Vec<String>, String) {
        let page = self.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        (page.cookies(), page.input("csrf"))
    }
}

/// 1 June 2026, noon UTC: the demo action is open (deadline 15 July 2026).
const OPEN: &str = "2026-06-01T12:00:00Z";
/// 22 November 2026: after the deadline.
const LATER: &str = "2026-11-22T12:00:00Z";

fn form(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).expect("form encodes")
}

#[tokio::test]
async fn the_root_sends_each_browser_to_its_language() {
    let app = TestApp::at(OPEN).await;
    let page = app
        .get_with("/", "accept-language", "ru-RU,ru;q=0.9,en;q=0.5")
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(
        page.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok()),
        Some("/ru/")
    );
    let page = app.get("/").await;
    assert_eq!(
        page.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok()),
        Some("/en/")
    );
}

#[tokio::test]
async fn the_home_page_lists_open_actions_first_and_closed_ones_after() {
    let app = TestApp::at(OPEN).await;
    let page = app.get("/en/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Open actions"), "{}", page.body);
    assert!(
        page.body
            .contains("Imprisoned mathematician reports torture")
    );
    assert!(page.body.contains("44 days left"));

    let app = TestApp::at(LATER).await;
    let page = app.get("/ru/").await;
    assert!(page.body.contains("Завершённые акции"));
    assert!(page.body.contains("Акция завершилась 15 июля 2026 г."));
}

#[tokio::test]
async fn the_action_page_in_english_shows_the_russian_letter_beside_the_english_one() {
    let app = TestApp::at(OPEN).await;
    let page = app.get(ACTION).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<html lang=\"en\">"));
    let ru = page
        .body
        .find("Model letter in Russian")
        .expect("the Russian model letter");
    let en = page
        .body
        .find("Translation in English")
        .expect("its English translation beside it");
    assert!(ru < en);
    assert!(page.body.contains("Уважаемый Михаил Аркадьевич!"));
    assert!(page.body.contains("44 days left"));
    assert!(page.body.contains("href=\"tel:+73499272528\""));
    assert!(
        page.body.contains("Their local time now: 17:00"),
        "Labytnangi is UTC+5"
    );
    // The supporter edits the English letter (the targets read English too), and may switch.
    assert!(page.body.contains("name=\"lang\" value=\"en\""));
    assert!(page.body.contains("?letter=ru#body"));
    let page = app.get(&format!("{ACTION}?letter=ru")).await;
    assert!(page.body.contains("name=\"lang\" value=\"ru\""));
    assert!(page.body.contains("Обращаюсь к Вам"));
    let page = app.get(&format!("{ACTION}?letter=xx")).await;
    assert_eq!(
        page.status,
        StatusCode::OK,
        "an unknown letter language falls back"
    );
}

#[tokio::test]
async fn the_action_page_in_russian_speaks_russian() {
    let app = TestApp::at(OPEN).await;
    let page = app.get(ACTION_RU).await;
    assert!(page.body.contains("<html lang=\"ru\">"));
    assert!(page.body.contains("Осталось 44 дня"));
    assert!(
        page.body
            .contains("Заключённый математик сообщает о пытках")
    );
    assert!(page.body.contains("0 человек приняли участие"));
    assert!(
        !page.body.contains("Translation in"),
        "no translation when the visitor reads the letter's language"
    );
}

#[tokio::test]
async fn every_page_carries_the_security_headers_and_loads_nothing_from_elsewhere() {
    let app = TestApp::at(OPEN).await;
    for path in ["/en/", ACTION, "/en/c/azat-miftakhov", "/en/nowhere"] {
        let page = app.get(path).await;
        let csp = page
            .headers
            .get(header::CONTENT_SECURITY_POLICY)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        assert!(csp.starts_with("default-src 'self'"), "{path}: {csp}");
        assert_eq!(
            page.headers
                .get(header::REFERRER_POLICY)
                .and_then(|v| v.to_str().ok()),
            Some("no-referrer")
        );
        assert_eq!(
            page.headers
                .get(header::X_CONTENT_TYPE_OPTIONS)
                .and_then(|v| v.to_str().ok()),
            Some("nosniff")
        );
        assert!(page.headers.get("permissions-policy").is_some());
        for attr in ["src=\"http", "href=\"http", "<script", "url(http"] {
            assert!(
                !page.body.contains(attr),
                "{path} refers to another origin or runs a script: {attr}"
            );
        }
    }
    let css = app.get("/assets/outcry.css").await;
    assert!(!css.body.contains("http"), "the stylesheet loads nothing");
}

#[tokio::test]
async fn acting_by_phone_counts_once_per_browser() {
    let app = TestApp::at(OPEN).await;
    let (mut cookies, token) = app.open_action(ACTION).await;
    let done = format!("{ACTION}/done");
    let page = app
        .post(
            &done,
            &cookies,
            &form(&[("csrf", &token), ("channel", "phone"), ("country", "DE")]),
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(
        page.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok()),
        Some(&*format!("{ACTION}/thanks"))
    );
    cookies.extend(page.cookies());
    let thanks = app.get(&format!("{ACTION}/thanks")).await;
    assert_eq!(thanks.count(), "1 person has acted");

    // The same browser pressing again: thanked again, not counted again.
    let again = app
        .post(
            &done,
            &cookies,
            &form(&[("csrf", &token), ("channel", "phone")]),
        )
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get(&format!("{ACTION}/thanks")).await.count(),
        "1 person has acted"
    );

    // The same browser by email is a second action.
    app.post(
        &done,
        &cookies,
        &form(&[("csrf", &token), ("channel", "email")]),
    )
    .await;
    let page = app.get(ACTION).await;
    assert_eq!(page.count(), "2 people have acted");
    assert!(
        page.body.contains("Phone: 1") && page.body.contains("Email: 1"),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn preparing_an_email_gives_a_mailto_link_with_the_edited_letter() {
    let app = TestApp::at(OPEN).await;
    let (cookies, token) = app.open_action(ACTION).await;
    let page = app
        .post(
            &format!("{ACTION}/email"),
            &cookies,
            &form(&[
                ("csrf", &token),
                ("lang", "ru"),
                ("subject", "Тема"),
                ("body", "Прошу провести проверку.\nСпасибо."),
                ("name", "Anna Smith"),
                ("town", "Leeds"),
                ("safety", "on"),
                ("country", "GB"),
            ]),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let link = page
        .body
        .split("href=\"mailto:")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a mailto link");
    assert!(link.starts_with("proknadzor-iu-yanao@89.mailop.ru,prokyanao@89.mailop.ru,prokyan-iu@yandex.ru?subject=%D0%A2%D0%B5%D0%BC%D0%B0"), "{link}");
    assert!(link.contains("%0D%0A"), "line breaks as CRLF");
    assert!(
        page.body.contains("A. S., Leeds"),
        "writer-safety mode signs with initials"
    );
    assert!(!page.body.contains("Anna Smith"));
    assert!(page.body.contains("name=\"country\" value=\"GB\""));
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
    assert!(page.body.contains("This form has expired"));
    let page = app
        .post(
            &done,
            &[],
            &form(&[("csrf", "123.abc"), ("channel", "phone")]),
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(ACTION).await.count(), "0 people have acted");
}

#[tokio::test]
async fn after_the_deadline_the_page_says_so_and_posts_get_a_409() {
    let app = TestApp::at(LATER).await;
    let page = app.get(ACTION_RU).await;
    assert!(page.body.contains("Эта акция завершена"));
    assert!(page.body.contains("Акция завершилась 15 июля 2026 г."));
    assert!(
        !page.body.contains("data-test=\"phone-form\""),
        "no ways to act on a closed action"
    );
    let (cookies, _) = (page.cookies(), ());
    // A token from a page opened before the deadline still cannot count after it.
    let open = TestApp::at(OPEN).await;
    let (_, token) = open.open_action(ACTION).await;
    let page = app
        .post(
            &format!("{ACTION_RU}/done"),
            &cookies,
            &form(&[("csrf", &token), ("channel", "phone")]),
        )
        .await;
    assert!(
        matches!(page.status, StatusCode::CONFLICT | StatusCode::FORBIDDEN),
        "{}",
        page.status
    );
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
    assert!(page.body.contains("Эта акция завершена"));
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
    assert!(
        page.body
            .contains("Your name is too long: at most 100 characters."),
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

    assert_eq!(app.get(ACTION).await.count(), "0 people have acted");
}

#[tokio::test]
async fn unknown_pages_and_wrong_methods_get_localized_answers() {
    let app = TestApp::at(OPEN).await;
    let page = app.get("/ru/a/no-such-action").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.body.contains("Страница не найдена"));
    let page = app.get("/en/a/NOT%20A%20SLUG").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let page = app.get("/xx/").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let page = app.get(&format!("{ACTION}/done")).await;
    assert_eq!(page.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(
        page.body
            .contains("This address does not accept that request")
    );
}

#[tokio::test]
async fn flooding_posts_from_one_address_is_slowed_down() {
    let config = WebConfig {
        posts_per_minute: 3,
        trust_proxy: true,
        ..WebConfig::default()
    };
    let app = TestApp::with_config(OPEN, config).await;
    let (cookies, token) = app.open_action(ACTION).await;
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let req = Request::post(format!("{ACTION}/done"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, cookies.join("; "))
            .header("x-forwarded-for", "203.0.113.9")
            .body(Body::from(form(&[("csrf", &token), ("channel", "phone")])))
            .expect("request");
        let page = app.request(req).await;
        if page.status == StatusCode::TOO_MANY_REQUESTS {
            assert!(page.headers.get(header::RETRY_AFTER).is_some());
            assert!(page.body.contains("Too many requests"));
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
    // This flood never kept the acted cookie, so each allowed POST counted; the refused ones did not.
    assert_eq!(app.get(ACTION).await.count(), "3 people have acted");
}

#[tokio::test]
async fn the_case_page_shows_the_timeline_and_says_the_address_is_not_current() {
    let app = TestApp::at(OPEN).await;
    let page = app.get("/ru/c/azat-miftakhov").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Азат Мифтахов"));
    assert!(
        page.body
            .contains("<time datetime=\"2026-04-21\">21 апреля 2026 г.</time>")
    );
    assert!(
        page.body
            .contains("Текущий адрес для писем пока неизвестен.")
    );
    assert!(
        page.body
            .contains("Прежний адрес (недействителен с 21 апреля 2026 г.)")
    );
    assert!(
        page.body.contains("<strong>For Azat</strong>"),
        "donation note rendered from Markdown"
    );
}

#[tokio::test]
async fn progress_toward_a_goal_is_shown() {
    let app = TestApp::with(OPEN, WebConfig::default(), |b| b.actions[0].goal = Some(4)).await;
    let (cookies, token) = app.open_action(ACTION).await;
    app.post(
        &format!("{ACTION}/done"),
        &cookies,
        &form(&[("csrf", &token), ("channel", "phone")]),
    )
    .await;
    let page = app.get(ACTION).await;
    assert!(
        page.body.contains("<progress max=\"100\" value=\"25\">"),
        "{}",
        page.body
    );
    assert!(page.body.contains("1 of 4"));
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
            ..WebConfig::default()
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

#[tokio::test]
async fn a_letter_too_long_for_a_link_is_offered_to_copy() {
    let app = TestApp::at(OPEN).await;
    let (cookies, token) = app.open_action(ACTION).await;
    // 3,000 Cyrillic letters become 18,000 characters once percent-encoded.
    let body = "Я".repeat(3_000);
    let page = app
        .post(
            &format!("{ACTION}/email"),
            &cookies,
            &form(&[("csrf", &token), ("lang", "ru"), ("body", &body)]),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        !page.body.contains("href=\"mailto:proknadzor"),
        "no link that would lose the end of the letter"
    );
    assert!(page.body.contains("data-test=\"too-long\""));
    assert!(
        page.body.contains(&body),
        "the whole letter is there to copy"
    );
    assert!(page.body.contains(
        "proknadzor-iu-yanao@89.mailop.ru, prokyanao@89.mailop.ru, prokyan-iu@yandex.ru"
    ));
}

// ---- Letters on paper and letters to the prisoner ----

const WRITE: &str = "/en/c/azat-miftakhov/write";
const WRITE_RU: &str = "/ru/c/azat-miftakhov/write";

/// Lines of `text` equal to `expected`, in that order.
fn assert_lines_in_order(text: &str, expected: &[&str]) {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let mut at = 0;
    for want in expected {
        match lines[at..].iter().position(|l| l == want) {
            Some(i) => at += i + 1,
            None => panic!("line {want:?} missing or out of order in:\n{text}"),
        }
    }
}

fn header_of(page: &Page, name: header::HeaderName) -> &str {
    page.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

#[tokio::test]
async fn print_and_post_downloads_the_edited_letter_addressed_to_the_official() {
    let app = TestApp::at(OPEN).await;
    let (cookies, token) = app.open_action(ACTION).await;
    let page = app.get(ACTION).await;
    assert!(page.body.contains("Download the letter to print (PDF)"));
    assert!(
        page.body.contains("international letter to Russia"),
        "postage notes"
    );
    let pdf = app
        .post(
            &format!("{ACTION}/post"),
            &cookies,
            &form(&[
                ("csrf", &token),
                ("lang", "en"),
                ("subject", "Azat Miftakhov"),
                (
                    "body",
                    "My own words: please investigate.\r\n\r\nThank you.",
                ),
                ("name", "Anna Smith"),
                ("town", "Boston"),
                ("address", "1 Example Street\r\nBoston, MA 02108\r\nUSA"),
                ("country", "US"),
                ("paper", "auto"),
                ("envelope", "dl"),
            ]),
        )
        .await;
    assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.body);
    assert_eq!(header_of(&pdf, header::CONTENT_TYPE), "application/pdf");
    assert!(header_of(&pdf, header::CONTENT_DISPOSITION).starts_with("attachment"));
    assert_eq!(header_of(&pdf, header::CACHE_CONTROL), "no-store");
    assert!(pdf.bytes.starts_with(b"%PDF-"));
    if !outcry_testkit::poppler::available() {
        return;
    }
    // A supporter in the US gets US Letter; the envelope is DL.
    assert_eq!(
        outcry_testkit::poppler::page_sizes(&pdf.bytes),
        vec![(612, 792), (624, 312)]
    );
    let letter = outcry_testkit::poppler::text(&pdf.bytes, 1, 1);
    assert_lines_in_order(
        &letter,
        &[
            "Anna Smith",
            "1 Example Street",
            "USA",
            "Mikhail Arkadyevich Mityayev",
            "ul. Dzerzhinskogo, 13",
            "629420",
            "RUSSIA",
            "1 June 2026",
            "Azat Miftakhov",
            "Dear Mr. Mityayev,",
            "My own words: please investigate.",
            "Thank you.",
            "Anna Smith, Boston",
        ],
    );
    let envelope = outcry_testkit::poppler::text(&pdf.bytes, 2, 2);
    assert_lines_in_order(
        &envelope,
        &["Mikhail Arkadyevich Mityayev", "629420", "RUSSIA"],
    );
}

#[tokio::test]
async fn i_posted_it_counts_as_a_letter_by_post() {
    let app = TestApp::at(OPEN).await;
    let (cookies, token) = app.open_action(ACTION).await;
    let page = app
        .post(
            &format!("{ACTION}/done"),
            &cookies,
            &form(&[("csrf", &token), ("channel", "post"), ("country", "DE")]),
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let page = app.get(ACTION).await;
    assert_eq!(page.count(), "1 person has acted");
    assert!(page.body.contains("Post: 1"), "{}", page.body);
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
        assert!(page.body.contains(expect), "{field}: {}", page.body);
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
async fn the_write_page_has_the_rules_the_phrase_kit_and_says_the_address_is_not_known() {
    let app = TestApp::at(OPEN).await;
    let page = app.get(WRITE).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("<h1>Write to Azat</h1>"));
    assert!(page.body.contains("Write in Russian"));
    assert!(
        page.body.contains("was moved on 21 April 2026"),
        "{}",
        page.body
    );
    assert!(page.body.matches("data-test=\"phrase-group\"").count() == 6);
    let phrases = page.body.matches("name=\"phrase\"").count();
    assert!(phrases >= 80, "{phrases} phrases offered");
    // Azat is "he": the masculine greeting, with its meaning in English.
    assert!(page.body.contains("Дорогой Азат!"));
    assert!(page.body.contains("Dear Azat!"));
    let ru = app.get(WRITE_RU).await;
    assert!(ru.body.contains("Пишите по-русски"));
    assert!(
        !ru.body.contains("Dear Azat!"),
        "no English meanings for Russian readers"
    );
    let case = app.get("/en/c/azat-miftakhov").await;
    assert!(case.body.contains(&format!("href=\"{WRITE}\"")));
}

#[tokio::test]
async fn the_composer_puts_a_russian_letter_together_and_warns_without_blocking() {
    let app = TestApp::at(OPEN).await;
    let page = app.get(WRITE).await;
    let (cookies, token) = (page.cookies(), page.input("csrf"));
    let checked = app
        .post(
            WRITE,
            &cookies,
            &form(&[
                ("csrf", &token),
                ("writer", "f"),
                ("phrase", "greeting-dear"),
                ("phrase", "wish-health"),
                ("phrase", "closing-warmly"),
                ("free", "Я много читаю о войне. Hello from London!"),
                ("signature", "Anna Smith"),
            ]),
        )
        .await;
    assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
    let body = &checked.body;
    assert!(body.contains("Дорогой Азат!"), "{body}");
    assert!(body.contains("Желаю Вам крепкого здоровья."));
    assert!(body.contains("<strong>The war</strong>"), "{body}");
    assert!(body.contains("<strong>Not in Russian</strong>"), "{body}");
    assert!(body.contains("Letters that mention the war"));
    assert!(
        body.contains("data-test=\"download-pdf\""),
        "sending is never blocked"
    );
    assert!(body.contains("characters. Electronic prison-letter services print about 2,500"));

    // The writer edits the text and checks again: the warnings go away.
    let token = checked.input("csrf");
    let again = app
        .post(
            WRITE,
            &cookies,
            &form(&[
                ("csrf", &token),
                ("text", "Дорогой Азат!\r\n\r\nЖелаю Вам крепкого здоровья."),
                ("signature", "Анна"),
            ]),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert!(
        again.body.contains("data-test=\"all-clear\""),
        "{}",
        again.body
    );
}

#[tokio::test]
async fn the_prisoner_letter_pdf_prints_the_cyrillic_address_with_russia_last() {
    let address =
        "Мифтахову Азату Фанисовичу, 1993 г.р.\nФКУ ИК-18 УФСИН России по ЯНАО\nп. Харп, 629420";
    let app = TestApp::with(OPEN, WebConfig::default(), |bundle| {
        bundle
            .case
            .addresses
            .push(outcry_domain::LetterAddress::new(address));
    })
    .await;
    let page = app.get(WRITE).await;
    assert!(page.body.contains("ФКУ ИК-18 УФСИН России по ЯНАО<br>"));
    assert!(
        page.body
            .contains("Miftakhovu Azatu Fanisovichu, 1993 g.r., FKU IK-18 UFSIN Rossii"),
        "Latin reading offered"
    );
    let (cookies, token) = (page.cookies(), page.input("csrf"));
    let pdf = app
        .post(
            &format!("{WRITE}/pdf"),
            &cookies,
            &form(&[
                ("csrf", &token),
                ("text", "Дорогой Азат!\n\nЖелаю Вам сил."),
                ("signature", "Анна"),
                ("address", "PO Box 1\nLondon N1 1AA\nUNITED KINGDOM"),
                ("paper", "a4"),
                ("envelope", "c5"),
            ]),
        )
        .await;
    assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.body);
    if !outcry_testkit::poppler::available() {
        return;
    }
    assert_eq!(
        outcry_testkit::poppler::page_sizes(&pdf.bytes),
        vec![(595, 842), (649, 459)]
    );
    let letter = outcry_testkit::poppler::text(&pdf.bytes, 1, 1);
    assert_lines_in_order(
        &letter,
        &["1 июня 2026 г.", "Дорогой Азат!", "Желаю Вам сил.", "Анна"],
    );
    let envelope = outcry_testkit::poppler::text(&pdf.bytes, 2, 2);
    assert_lines_in_order(
        &envelope,
        &[
            "Мифтахову Азату Фанисовичу, 1993 г.р.",
            "ФКУ ИК-18 УФСИН России по ЯНАО",
            "п. Харп, 629420",
            "RUSSIA",
        ],
    );
    assert_lines_in_order(&envelope, &["Анна", "PO Box 1", "UNITED KINGDOM"]);
}

#[tokio::test]
async fn a_relayed_letter_waits_in_the_groups_queue_with_the_first_name_only() {
    let app = TestApp::at(OPEN).await;
    let page = app.get(WRITE).await;
    assert!(
        page.body.contains("No letters are waiting right now."),
        "{}",
        page.body
    );
    let (cookies, token) = (page.cookies(), page.input("csrf"));
    let sent = app
        .post(
            &format!("{WRITE}/relay"),
            &cookies,
            &form(&[
                ("csrf", &token),
                ("text", "Дорогой Азат! Желаю Вам сил."),
                ("signature", "Anna Smith"),
                ("address", "1 Secret Street"),
                ("identity", "first-name"),
            ]),
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(header_of(&sent, header::LOCATION), format!("{WRITE}/sent"));
    let thanks = app.get(&format!("{WRITE}/sent")).await;
    assert!(
        thanks.body.contains("Outcry demo group has your letter"),
        "{}",
        thanks.body
    );
    let page = app.get(WRITE).await;
    assert!(
        page.body.contains("1 letter is waiting to be posted."),
        "{}",
        page.body
    );
    // Hostile text is refused with the reason, and nothing is queued.
    let bad = app
        .post(
            &format!("{WRITE}/relay"),
            &cookies,
            &form(&[("csrf", &token), ("text", "Азат \u{202E}!")]),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(app.get(WRITE).await.body.contains("1 letter is waiting"));
}
