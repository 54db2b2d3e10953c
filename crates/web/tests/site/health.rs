//! The probes a load balancer asks: alive whatever the load, ready only while the database
//! answers.

use axum::http::StatusCode;

use crate::harness::{ACTION, OPEN, TestApp};

#[tokio::test]
async fn a_busy_site_is_still_alive_and_ready() {
    let app = TestApp::with_config(OPEN, {
        let mut config = crate::harness::live_counts();
        config.limits.max_in_flight = 1;
        config
    })
    .await;
    // Someone else's request holds the only place: a page is shed, the probes are not.
    let busy = app.state.in_flight.try_acquire().expect("the one permit");
    assert_eq!(
        app.get(ACTION).await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
    let live = app.get("/healthz").await;
    assert_eq!((live.status, live.body.as_str()), (StatusCode::OK, "ok\n"));
    let ready = app.get("/readyz").await;
    assert_eq!(
        (ready.status, ready.body.as_str()),
        (StatusCode::OK, "ok\n")
    );
    drop(busy);
}

#[tokio::test]
async fn without_its_database_the_site_is_alive_but_not_ready() {
    let app = TestApp::at(OPEN).await;
    app.store().close().await;
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(ready.body, "not ready\n", "no detail for the public");
    assert_eq!(app.get("/healthz").await.status, StatusCode::OK);
    assert_eq!(
        app.get("/readyz").await.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "a bad answer is not kept, nor does it turn good"
    );
}

#[tokio::test]
async fn a_database_missing_a_migration_is_not_ready() {
    if !crate::harness::sqlite_only() {
        return;
    }
    let app = TestApp::at(OPEN).await;
    app.sabotage(
        "DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)",
    )
    .await;
    assert_eq!(
        app.get("/readyz").await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
}
