//! The ceiling for `bench/run`: an axum server that does nothing, built from the same axum,
//! tokio and hyper versions as Outcry and run the same way. `GET /` answers a short text;
//! `POST /done` reads a small form and redirects, like "I sent it" without the work; `GET /page`
//! answers a static page as large as Outcry's action page, to show what the bytes alone cost.

use axum::Router;
use axum::response::Redirect;
use axum::routing::{get, post};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:18081".to_string());
    let app = Router::new()
        .route("/", get(|| async { "Hello, world!" }))
        .route(
            "/page",
            get(|| async { axum::response::Html("<p>Hello, world!</p>\n".repeat(640)) }),
        )
        .route(
            "/done",
            post(|body: axum::body::Bytes| async move {
                Redirect::to(if body.is_empty() { "/" } else { "/thanks" })
            }),
        );
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    eprintln!("hello: serving on http://{}/", listener.local_addr()?);
    axum::serve(listener, app).await
}
