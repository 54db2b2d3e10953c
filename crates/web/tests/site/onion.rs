//! Supporters on Tor, through the onion service: Tor's PROXY protocol header names each
//! circuit, so each visitor has a rate limit of their own instead of all sharing 127.0.0.1.

use std::io::{Read, Write};
use std::net::SocketAddr;

use outcry_web::WebConfig;

use crate::harness::{ACTION, OPEN, TestApp, form};

/// Tor's header for circuit `id` (HiddenServiceExportCircuitID haproxy).
fn tor_header(id: u32) -> String {
    format!(
        "PROXY TCP6 fc00:dead:beef:4dad::{:x}:{:x} ::1 65535 80\r\n",
        id >> 16,
        id & 0xffff
    )
}

/// One request over a fresh connection to `address`, after `prefix`; the raw answer.
fn exchange(address: SocketAddr, prefix: &str, request: &str) -> String {
    let mut stream = std::net::TcpStream::connect(address).expect("connects");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .expect("timeout");
    stream.write_all(prefix.as_bytes()).expect("writes");
    stream.write_all(request.as_bytes()).expect("writes");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

fn status(answer: &str) -> u16 {
    answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

#[tokio::test]
async fn each_tor_circuit_has_its_own_budget_and_a_connection_without_a_header_is_closed() {
    let config = WebConfig {
        posts_per_minute: 2,
        ..crate::harness::live_counts()
    };
    let app = TestApp::with_config(OPEN, config).await;
    let public = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("port");
    let onion = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("port");
    let address = onion.local_addr().expect("address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(outcry_web::serve_with_onion(
        public,
        Some(onion),
        app.state.clone(),
        async {
            let _ = stopped.await;
        },
    ));
    // The form, as any visitor gets it.
    let page = app.get(ACTION).await;
    let (cookies, token) = (page.cookies().join("; "), page.input("csrf"));
    let body = form(&[("csrf", &token), ("channel", "phone")]);
    let post = format!(
        "POST {ACTION}/done HTTP/1.1\r\nHost: x\r\nCookie: {cookies}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let statuses = tokio::task::spawn_blocking(move || {
        let mut statuses = Vec::new();
        // Circuit 1 posts three times: its budget is two.
        for _ in 0..3 {
            statuses.push(status(&exchange(address, &tor_header(1), &post)));
        }
        // Circuit 2 is someone else, with a budget of their own.
        statuses.push(status(&exchange(address, &tor_header(2), &post)));
        // No header: not Tor, closed without an answer.
        let bare = exchange(address, "", "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        (statuses, bare)
    })
    .await
    .expect("client");
    assert_eq!(statuses.0, [303, 303, 429, 303]);
    assert_eq!(
        statuses.1, "",
        "a connection without a PROXY header gets nothing"
    );
    let _ = stop.send(());
    server.await.expect("server").expect("served");
}
