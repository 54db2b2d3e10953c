//! When the site is too busy: a visitor is told to try again in a moment, in their language,
//! and nothing they typed is lost; a client too slow to send its request is cut off.

use std::io::{Read, Write};
use std::time::Duration;

use axum::http::{StatusCode, header};
use outcry_web::{Limits, WebConfig};

use crate::harness::{ACTION, CASE, OPEN, TestApp, WRITE, form};

fn limits(f: impl FnOnce(&mut Limits)) -> WebConfig {
    let mut config = crate::harness::live_counts();
    f(&mut config.limits);
    config
}

#[tokio::test]
async fn beyond_the_requests_it_can_take_at_once_the_site_answers_503_and_keeps_the_form() {
    let app = TestApp::with_config(OPEN, limits(|l| l.max_in_flight = 1)).await;
    let write = app.get(WRITE).await;
    let (cookies, token) = (write.cookies(), write.input("csrf"));

    // Someone else's request holds the only place.
    let busy = app.state.in_flight.try_acquire().expect("the one permit");
    let page = app.get("/ru/").await;
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(page.header(header::RETRY_AFTER), "5");
    assert_eq!(page.text_of("main h1"), "Сайт сейчас очень загружен");

    let letter = "Дорогой Азат!\nДержись.\n<b>не разметка</b>";
    let posted = app
        .post(
            &format!("{CASE}/write/relay"),
            &cookies,
            &form(&[("csrf", &token), ("text", letter), ("signature", "Anna")]),
        )
        .await;
    assert_eq!(posted.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(posted.text_of("main h1"), "The site is very busy right now");
    // The form comes back whole, to send again with one click.
    assert_eq!(
        posted.attr("form[data-test=resend]", "action"),
        format!("{CASE}/write/relay")
    );
    assert_eq!(posted.raw_text_of("textarea[name=text]"), letter);
    assert_eq!(
        posted.header(header::CACHE_CONTROL),
        "no-store",
        "it holds the letter"
    );
    assert_eq!(posted.raw_text_of("textarea[name=csrf]"), token);
    assert!(!posted.body.contains("<b>не"), "what was typed is escaped");
    assert!(app.relay_queue().await.is_empty(), "nothing was queued");

    drop(busy);
    let resent = app
        .post(
            &format!("{CASE}/write/relay"),
            &cookies,
            &form(&[("csrf", &token), ("text", letter), ("signature", "Anna")]),
        )
        .await;
    assert_eq!(resent.status, StatusCode::SEE_OTHER, "{}", resent.body);
    assert_eq!(app.relay_queue().await.len(), 1);
}

#[tokio::test]
async fn a_locked_database_is_a_503_that_keeps_the_letter_not_a_500() {
    if !crate::harness::sqlite_only() {
        return;
    }
    let app = TestApp::at(OPEN).await;
    let write = app.get(WRITE).await;
    let (cookies, token) = (write.cookies(), write.input("csrf"));
    let lock = app.lock_database().await;
    let letter = "Дорогой Азат!\nМы помним о тебе.";
    let posted = app
        .post(
            &format!("{CASE}/write/relay"),
            &cookies,
            &form(&[("csrf", &token), ("text", letter), ("signature", "Anna")]),
        )
        .await;
    drop(lock);
    assert_eq!(
        posted.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        posted.body
    );
    assert!(posted.headers.get(header::RETRY_AFTER).is_some());
    assert_eq!(posted.raw_text_of("textarea[name=text]"), letter);
    assert!(app.relay_queue().await.is_empty());
}

#[tokio::test]
async fn a_supporters_action_waits_out_a_short_lock_and_is_counted() {
    if !crate::harness::sqlite_only() {
        return;
    }
    // The record writer retries a failed batch: a lock shorter than two busy timeouts costs
    // the supporter a wait, not their action.
    let app = TestApp::at(OPEN).await;
    let (cookies, token) = app.open_action(ACTION).await;
    let lock = app.lock_database().await;
    let release = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(6)).await;
        drop(lock);
    });
    let page = app
        .post(
            &format!("{ACTION}/done"),
            &cookies,
            &form(&[("csrf", &token), ("channel", "phone")]),
        )
        .await;
    release.await.expect("released");
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(app.recorded(crate::harness::ACTION_SLUG).await, 1);
}

#[tokio::test]
async fn a_client_that_sends_its_headers_too_slowly_is_cut_off() {
    let app = TestApp::with_config(
        OPEN,
        limits(|l| l.header_read_timeout = Duration::from_millis(500)),
    )
    .await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let address = listener.local_addr().expect("address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(outcry_web::serve(listener, app.state.clone(), async {
        let _ = stopped.await;
    }));

    // A well-behaved client is served over the real socket.
    let answer = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(address).expect("connects");
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .expect("writes");
        let mut answer = String::new();
        stream.read_to_string(&mut answer).expect("reads");
        answer
    })
    .await
    .expect("client");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");

    // A slow loris: half a request, then nothing. The server closes the connection.
    let closed = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(address).expect("connects");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        stream
            .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
            .expect("writes");
        let mut rest = Vec::new();
        // Whatever the server says (hyper may answer 408 first), the stream then ends; a
        // read that times out instead means the connection was held open.
        match stream.read_to_end(&mut rest) {
            Ok(_) => Ok(String::from_utf8_lossy(&rest).into_owned()),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => Ok(String::new()),
            Err(e) => Err(e.kind()),
        }
    })
    .await
    .expect("client");
    assert!(closed.is_ok(), "the connection stayed open: {closed:?}");

    let _ = stop.send(());
    server.await.expect("server task").expect("served");
}
