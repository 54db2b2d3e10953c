//! The accept loop: HTTP/1.1 connections served by hyper with a timer, so that a client that
//! sends its headers too slowly (slow loris) or idles on a kept-alive connection is cut off
//! after [`Limits::header_read_timeout`](crate::Limits). axum's own `serve` offers no such
//! timeout, which is why this loop exists.
//!
//! An onion service gets a listener of its own ([`serve_with_onion`]): Tor connects there
//! and starts each connection with a PROXY protocol header naming the circuit
//! ([`outcry_wire::proxy_protocol`]), which becomes the client's address, marked [`OnionCircuit`].

use std::time::Duration;

use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::ServiceExt;

use crate::routes::router;
use crate::state::AppState;
use outcry_wire::proxy_protocol::Client;

/// How long requests under way may take to finish after shutdown was asked for.
const DRAIN: Duration = Duration::from_secs(20);

/// Marks a request that came through Tor to the onion service: its address names a Tor
/// circuit, not a network, so it is a rate-limit key by itself.
#[derive(Debug, Clone, Copy)]
pub struct OnionCircuit;

/// Serves the site until `shutdown` resolves, then finishes the requests under way (for at
/// most a few seconds) and returns.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with_onion(listener, None, state, shutdown).await
}

/// [`serve`], and on `onion` too, where every connection must begin with a PROXY protocol
/// header (Tor's `HiddenServiceExportCircuitID haproxy`); one without is closed.
pub async fn serve_with_onion(
    listener: TcpListener,
    onion: Option<TcpListener>,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(state.clone());
    serve_app(listener, onion, state, app, shutdown).await
}

/// The admin alone on `listener` (`--admin-listen`: a loopback, VPN or onion address), until
/// `shutdown` resolves.
pub async fn serve_admin(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = crate::routes::admin_router(state.clone());
    serve_app(listener, None, state, app, shutdown).await
}

async fn serve_app(
    listener: TcpListener,
    onion: Option<TcpListener>,
    state: AppState,
    app: axum::Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // Idle entries of the rate limiter are dropped every minute, so its memory stays bounded.
    let sweeper = {
        let state = state.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                state.limiter.forget_idle();
            }
        })
    };
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(state.config.limits.header_read_timeout)
        .keep_alive(true);
    let header_timeout = state.config.limits.header_read_timeout;
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer, from_onion) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => (stream, peer, false),
                Err(e) => {
                    accept_failed(e).await;
                    continue;
                }
            },
            accepted = accept_onion(onion.as_ref()) => match accepted {
                Ok((stream, peer)) => (stream, peer, true),
                Err(e) => {
                    accept_failed(e).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let app = app.clone();
        let connection_http = http.clone();
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            let (stream, client, circuit) = if from_onion {
                match tokio::time::timeout(header_timeout, read_proxy_header(stream)).await {
                    Ok(Ok((stream, Client::Address(client)))) => (stream, client, true),
                    Ok(Ok((stream, Client::Unknown))) => (stream, peer, false),
                    Ok(Err(e)) => {
                        tracing::debug!(error = %e, "onion connection without a usable PROXY header");
                        return;
                    }
                    Err(_) => return,
                }
            } else {
                (stream, peer, false)
            };
            let service = app.map_request(move |mut request: axum::http::Request<Incoming>| {
                request.extensions_mut().insert(ConnectInfo(client));
                if circuit {
                    request.extensions_mut().insert(OnionCircuit);
                }
                request
            });
            let connection = connection_http
                .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
            // Closed by the client, timed out, or malformed: nothing to do but note it.
            if let Err(e) = watcher.watch(connection).await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        });
    }
    drop(listener);
    sweeper.abort();
    if tokio::time::timeout(DRAIN, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("some connections were still busy when the server stopped");
    }
    Ok(())
}

/// The next connection on the onion listener; never, when there is none.
async fn accept_onion(
    onion: Option<&TcpListener>,
) -> std::io::Result<(tokio::net::TcpStream, std::net::SocketAddr)> {
    match onion {
        Some(listener) => listener.accept().await,
        None => std::future::pending().await,
    }
}

/// Out of file descriptors, most likely: wait a moment rather than spin.
async fn accept_failed(e: std::io::Error) {
    tracing::warn!(error = %e, "accepting a connection failed");
    tokio::time::sleep(Duration::from_millis(50)).await;
}

/// Reads the PROXY header off the front of `stream`, leaving the HTTP request after it.
/// Peeks until the header is complete, then consumes exactly its bytes.
async fn read_proxy_header(
    mut stream: tokio::net::TcpStream,
) -> std::io::Result<(tokio::net::TcpStream, Client)> {
    use tokio::io::AsyncReadExt;
    let mut buf = [0u8; outcry_wire::proxy_protocol::MAX_HEADER];
    let mut seen = 0;
    loop {
        stream.readable().await?;
        let n = stream.peek(&mut buf).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        match outcry_wire::proxy_protocol::parse(&buf[..n]) {
            Ok(Some((client, used))) => {
                let mut header = vec![0u8; used];
                stream.read_exact(&mut header).await?;
                return Ok((stream, client));
            }
            Ok(None) if n > seen => seen = n,
            // Nothing new since the last look: give the proxy a moment.
            Ok(None) => tokio::time::sleep(Duration::from_millis(5)).await,
            Err(e) => return Err(std::io::Error::other(e)),
        }
    }
}
