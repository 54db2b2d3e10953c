//! What an operator's Prometheus reads: requests counted by route pattern, shedding and PDF
//! renders counted, the writers' batches; nothing a supporter typed, and nothing on the site's
//! own address.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::harness::{ACTION, OPEN, TestApp, form};

/// `/metrics` as Prometheus fetches it from the metrics address.
async fn scrape(app: &TestApp) -> String {
    let response = outcry_web::metrics_router(app.state.clone())
        .oneshot(
            Request::get(outcry_web::METRICS_PATH)
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("answers");
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()[header::CONTENT_TYPE]
            .to_str()
            .expect("ascii")
            .starts_with("application/openmetrics-text")
    );
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    String::from_utf8(bytes.to_vec()).expect("utf-8")
}

/// The value of the sample `name{labels}` (labels as the text format writes them), if any.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines().find_map(|line| {
        let (name, value) = line.rsplit_once(' ')?;
        (name == series).then(|| value.parse().expect("a number"))
    })
}

#[tokio::test]
async fn requests_are_counted_by_route_pattern_and_nothing_a_visitor_typed_shows() {
    let app = TestApp::at(OPEN).await;
    let (cookies, token) = app.open_action(ACTION).await;
    app.get(ACTION).await;
    // A path of the visitor's choosing: its words must not become a label.
    let lost = app.get("/en/a/anna-smith-boston-lost-page").await;
    assert_eq!(lost.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get("/no-such-thing/Anna-Smith").await.status,
        StatusCode::NOT_FOUND
    );
    let done = app
        .post(
            &format!("{ACTION}/done"),
            &cookies,
            &form(&[("csrf", &token), ("channel", "phone"), ("country", "DE")]),
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let pdf = app
        .post(
            &format!("{ACTION}/post"),
            &cookies,
            &form(&[
                ("csrf", &token),
                ("lang", "en"),
                ("subject", "Azat Miftakhov"),
                ("body", "Please investigate."),
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

    let text = scrape(&app).await;
    let action = r#"route="/{lang}/a/{action}""#;
    // The action page was fetched twice: by open_action and once more.
    assert_eq!(
        sample(
            &text,
            &format!(r#"outcry_http_requests_total{{{action},method="GET",status="200"}}"#)
        ),
        Some(2.0),
        "{text}"
    );
    assert_eq!(
        sample(
            &text,
            &format!(r#"outcry_http_requests_total{{{action},method="GET",status="404"}}"#)
        ),
        Some(1.0),
        "a missing action counts under the pattern, not its slug: {text}"
    );
    assert_eq!(
        sample(
            &text,
            r#"outcry_http_requests_total{route="unmatched",method="GET",status="404"}"#
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        sample(
            &text,
            r#"outcry_http_requests_total{route="/{lang}/a/{action}/done",method="POST",status="303"}"#
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        sample(
            &text,
            r#"outcry_http_request_duration_seconds_count{route="/{lang}/a/{action}",method="GET"}"#
        ),
        Some(3.0),
        "{text}"
    );
    assert_eq!(
        sample(&text, r#"outcry_pdf_renders_total{outcome="done"}"#),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        sample(&text, "outcry_pdf_render_duration_seconds_count"),
        Some(1.0),
        "{text}"
    );
    // The action was recorded by the group-commit writer: one batch of one, none waiting.
    assert_eq!(
        sample(&text, r#"outcry_writer_batch_size_count{writer="records"}"#),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        sample(&text, r#"outcry_writer_queued{writer="records"}"#),
        Some(0.0),
        "{text}"
    );
    assert!(
        sample(&text, r#"outcry_db_connections_max{pool="main"}"#).is_some_and(|n| n >= 1.0),
        "{text}"
    );
    for private in [
        "anna",
        "Anna",
        "smith",
        "Boston",
        "azat-miftakhov",
        "lost-page",
        "no-such-thing",
        &token,
    ] {
        assert!(!text.contains(private), "{private} in the metrics: {text}");
    }
}

#[tokio::test]
async fn shed_requests_are_counted_and_metrics_are_not_on_the_site() {
    let app = TestApp::with_config(OPEN, {
        let mut config = crate::harness::live_counts();
        config.limits.max_in_flight = 1;
        config
    })
    .await;
    assert_eq!(
        app.get("/metrics").await.status,
        StatusCode::NOT_FOUND,
        "the public address never serves the metrics"
    );
    let busy = app.state.in_flight.try_acquire().expect("the one permit");
    assert_eq!(
        app.get(ACTION).await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
    drop(busy);
    let text = scrape(&app).await;
    assert_eq!(
        sample(&text, r#"outcry_shed_requests_total{reason="busy"}"#),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        sample(
            &text,
            r#"outcry_http_requests_total{route="/{lang}/a/{action}",method="GET",status="503"}"#
        ),
        Some(1.0),
        "the visitor's 503 is counted too: {text}"
    );
}
