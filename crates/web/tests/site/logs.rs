//! What the person running the site reads in the log when something breaks: the route, the
//! real cause, and nothing about the supporter.

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::http::StatusCode;

use crate::harness::{ACTION, CASE, OPEN, TestApp, form};

/// Everything logged while the guard lives, as text.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    /// Logs of this thread go here until the guard is dropped (tokio tests run on one thread).
    fn install(&self) -> tracing::subscriber::DefaultGuard {
        let sink = self.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || sink.clone())
            .with_ansi(false)
            .with_max_level(tracing::Level::DEBUG)
            .finish();
        tracing::subscriber::set_default(subscriber)
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("log buffer")).into_owned()
    }
}

#[tokio::test]
async fn a_database_error_logs_the_route_and_the_databases_own_message_and_no_personal_data() {
    if !crate::harness::sqlite_only() {
        return;
    }
    let app = TestApp::at(OPEN).await;
    // The token from the action page: the case itself must not be in the site's cache yet,
    // or the broken database would not be read.
    let action = app.get(ACTION).await;
    let (cookies, token) = (action.cookies(), action.input("csrf"));
    app.sabotage("ALTER TABLE cases RENAME TO cases_gone").await;

    let log = Captured::default();
    let _guard = log.install();
    let page = app.get(&format!("{CASE}?name=Anna+Smith")).await;
    assert_eq!(page.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(
        page.text().contains("Something went wrong on our side"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("cases"), "no internals on the page");

    let posted = app
        .post(
            &format!("{CASE}/write"),
            &cookies,
            &form(&[
                ("csrf", &token),
                ("free", "Привет"),
                ("signature", "Anna Smith"),
            ]),
        )
        .await;
    assert_eq!(posted.status, StatusCode::INTERNAL_SERVER_ERROR);

    let text = log.text();
    let failures: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("request failed"))
        .collect();
    assert_eq!(failures.len(), 2, "one line per failed request:\n{text}");
    for (line, route) in failures
        .iter()
        .zip([r#""/{lang}/c/{case}""#, r#""/{lang}/c/{case}/write""#])
    {
        assert!(line.contains("ERROR"), "{line}");
        assert!(
            line.contains(&format!("route={route}")),
            "the matched route: {line}"
        );
        // sqlx's own words, after storage's: the cause chain is whole.
        assert!(line.contains("database error: "), "{line}");
        assert!(line.contains("no such table: cases"), "{line}");
        assert_eq!(
            line.matches("no such table").count(),
            1,
            "said once: {line}"
        );
    }
    assert!(failures[0].contains("method=GET"), "{}", failures[0]);
    assert!(failures[1].contains("method=POST"), "{}", failures[1]);
    for secret in ["Anna", "Smith", "Привет", &token, "name="] {
        assert!(
            !text.contains(secret),
            "{secret:?} leaked into the log:\n{text}"
        );
    }
    println!("the log, as an operator reads it:\n{text}");
}
