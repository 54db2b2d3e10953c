//! What an operator's Prometheus scrapes from `/metrics`: requests by route and status, how
//! long they took, requests shed, PDF renders, the store's writers and pools.
//!
//! Served on an address of its own ([`metrics_router`], `outcry serve --metrics-listen`), never
//! on the site's: the numbers tell an adversary how a campaign is going and when the site is
//! struggling. No label carries anything a visitor chose: the route is the *pattern* axum
//! matched (`/{lang}/a/{action}`, never the slug), a path that matched nothing is `unmatched`,
//! methods outside the site's few are `other`. So a flood of random URLs cannot grow the
//! label sets either: their number is bounded by the routes × methods × statuses.

use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use outcry_storage::{BATCH_BUCKETS, Store, WriterStats};
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeLabelSet, NoLabelSet};
use prometheus_client::metrics::MetricType;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::state::AppState;

/// The OpenMetrics text format, which Prometheus reads.
const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// The path of the one page the metrics address serves.
pub const METRICS_PATH: &str = "/metrics";

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: &'static str,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
    method: &'static str,
}

/// Why a request was answered 503 by the load shedding (`shed.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shed {
    /// Every permit was taken when it came.
    Busy,
    /// It ran over the request timeout.
    Timeout,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ShedLabels {
    reason: &'static str,
}

/// How a PDF render ended (`print.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Render {
    /// The PDF was made.
    Done,
    /// The print queue was full: the supporter was asked to try again.
    QueueFull,
    /// typst or the render task failed.
    Failed,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RenderLabels {
    outcome: &'static str,
}

type Latencies = Family<RouteLabels, Histogram, fn() -> Histogram>;

/// The site's own counters. Cheap to clone: every part shares its numbers.
#[derive(Clone)]
pub struct Metrics {
    requests: Family<RequestLabels, Counter>,
    latency: Latencies,
    shed: Family<ShedLabels, Counter>,
    renders: Family<RenderLabels, Counter>,
    render_time: Histogram,
}

/// From a millisecond to about 16 seconds, doubling: a page from the cache takes well under a
/// millisecond, a PDF in a debug build a second, and the request timeout ends anything longer.
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

impl Metrics {
    /// Zero everywhere.
    pub fn new() -> Metrics {
        Metrics {
            requests: Family::default(),
            latency: Family::new_with_constructor(latency_histogram),
            shed: Family::default(),
            renders: Family::default(),
            render_time: latency_histogram(),
        }
    }

    /// Notes a request shed by the load shedding.
    pub fn shed(&self, reason: Shed) {
        let reason = match reason {
            Shed::Busy => "busy",
            Shed::Timeout => "timeout",
        };
        self.shed.get_or_create(&ShedLabels { reason }).inc();
    }

    /// Notes a PDF render that ended as `outcome` after `started`.
    pub fn rendered(&self, outcome: Render, started: Instant) {
        let label = match outcome {
            Render::Done => "done",
            Render::QueueFull => "queue_full",
            Render::Failed => "failed",
        };
        self.renders
            .get_or_create(&RenderLabels { outcome: label })
            .inc();
        if outcome == Render::Done {
            self.render_time.observe(started.elapsed().as_secs_f64());
        }
    }

    /// Everything, with the store's numbers as they are now, in the text format.
    fn encode(&self, store: &Store) -> Result<String, std::fmt::Error> {
        let mut registry = Registry::with_prefix("outcry");
        registry.register(
            "http_requests",
            "Requests answered, by route pattern, method and status",
            self.requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time from a request's arrival to its answer, by route pattern and method",
            self.latency.clone(),
        );
        registry.register(
            "shed_requests",
            "Requests answered 503 by the load shedding: all permits taken (busy) or over time",
            self.shed.clone(),
        );
        registry.register(
            "pdf_renders",
            "Letters on paper rendered, refused for a full queue, or failed",
            self.renders.clone(),
        );
        registry.register(
            "pdf_render_duration_seconds",
            "Time a PDF took, from asking for it to having it, waiting included",
            self.render_time.clone(),
        );
        registry.register_collector(Box::new(StoreCollector(store.clone())));
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &registry)?;
        Ok(text)
    }
}

impl Default for Metrics {
    fn default() -> Metrics {
        Metrics::new()
    }
}

/// Counts every request by the route it matched; the outermost layer but one (`routes.rs`),
/// so it sees the status the visitor got, shed or not.
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str)
        .to_string();
    let method = method_label(request.method());
    let response = next.run(request).await;
    let status = response.status().as_u16();
    let metrics = &state.metrics;
    metrics
        .latency
        .get_or_create(&RouteLabels {
            route: route.clone(),
            method,
        })
        .observe(started.elapsed().as_secs_f64());
    metrics
        .requests
        .get_or_create(&RequestLabels {
            route,
            method,
            status,
        })
        .inc();
    response
}

/// The method as a label from a fixed set, whatever a client sends.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        _ => "other",
    }
}

/// `GET /metrics` and nothing else, for the metrics address only.
pub fn metrics_router(state: AppState) -> Router {
    Router::new()
        .route(METRICS_PATH, get(scrape))
        .with_state(state)
}

async fn scrape(State(state): State<AppState>) -> Response {
    match state.metrics.encode(&state.store) {
        Ok(text) => (
            [(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE))],
            text,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "encoding the metrics");
            axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Serves [`metrics_router`] on `listener` until `shutdown` resolves.
pub async fn serve_metrics(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, metrics_router(state))
        .with_graceful_shutdown(shutdown)
        .await
}

/// The store's numbers, read at each scrape.
#[derive(Debug)]
struct StoreCollector(Store);

impl Collector for StoreCollector {
    fn encode(&self, mut encoder: DescriptorEncoder<'_>) -> Result<(), std::fmt::Error> {
        let writers = [
            ("records", self.0.record_writer()),
            ("claims", self.0.claim_writer()),
        ];
        let mut queued = encoder.encode_descriptor(
            "writer_queued",
            "Items waiting for a group-commit writer (records: actions taken; claims: form ids)",
            None,
            MetricType::Gauge,
        )?;
        for (writer, stats) in &writers {
            queued
                .encode_family(&[("writer", *writer)])?
                .encode_gauge(&stats.queued)?;
        }
        let mut batches = encoder.encode_descriptor(
            "writer_batch_size",
            "Items per transaction of a group-commit writer",
            None,
            MetricType::Histogram,
        )?;
        for (writer, stats) in &writers {
            let buckets = batch_buckets(stats);
            batches
                .encode_family(&[("writer", *writer)])?
                .encode_histogram::<NoLabelSet>(
                    stats.items as f64,
                    stats.batches,
                    &buckets,
                    None,
                )?;
        }
        let pools = self.0.pools();
        let mut connections = encoder.encode_descriptor(
            "db_connections",
            "Database connections open, by pool and whether in use",
            None,
            MetricType::Gauge,
        )?;
        for (pool, stats) in [("main", pools.main), ("writer", pools.writer)] {
            let idle = u32::try_from(stats.idle).unwrap_or(u32::MAX);
            connections
                .encode_family(&[("pool", pool), ("state", "idle")])?
                .encode_gauge(&idle)?;
            connections
                .encode_family(&[("pool", pool), ("state", "in_use")])?
                .encode_gauge(&stats.size.saturating_sub(idle))?;
        }
        let mut most = encoder.encode_descriptor(
            "db_connections_max",
            "The most connections a pool may open",
            None,
            MetricType::Gauge,
        )?;
        for (pool, stats) in [("main", pools.main), ("writer", pools.writer)] {
            most.encode_family(&[("pool", pool)])?
                .encode_gauge(&stats.max)?;
        }
        Ok(())
    }
}

/// The writer's buckets as the encoder takes them (not cumulative), with the `+Inf` bucket
/// the format requires; a writer never takes more than the last bound at once.
fn batch_buckets(stats: &WriterStats) -> Vec<(f64, u64)> {
    let mut buckets: Vec<(f64, u64)> = stats
        .by_size
        .iter()
        .map(|&(le, n)| (le as f64, n))
        .collect();
    debug_assert_eq!(buckets.len(), BATCH_BUCKETS.len());
    buckets.push((f64::MAX, 0));
    buckets
}
