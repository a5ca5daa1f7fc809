//! Logs (tracing) and metrics (Prometheus) set-up.

use std::io::IsTerminal;
use std::sync::OnceLock;

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tracing::Subscriber;
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::{Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::util::SubscriberInitExt;

use crate::config::{Config, LogFormat};

/// Counter of handled requests, by `method`, `route` and `status`.
pub const REQUESTS_TOTAL: &str = "http_server_requests_total";
/// Histogram of request latency in seconds, by `method`, `route` and `status`.
pub const REQUEST_DURATION: &str = "http_server_request_duration_seconds";

/// Latency buckets, in seconds.
const DURATION_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Installs the global log subscriber: JSON lines or human text, filtered by `RUST_LOG`.
///
/// Call it once, at start-up; later calls are ignored.
pub fn init_logging(config: &Config) {
    // Config checked RUST_LOG at start-up; the fallback only guards direct callers.
    let filter: Targets = config
        .log_filter
        .parse()
        .unwrap_or_else(|_| Targets::new().with_default(LevelFilter::INFO));
    let registry = tracing_subscriber::registry().with(filter);
    let installed = match config.log_format {
        LogFormat::Json => registry.with(json_layer(std::io::stdout)).try_init(),
        LogFormat::Text => registry
            .with(
                tracing_subscriber::fmt::layer()
                    .with_ansi(std::io::stdout().is_terminal())
                    .with_writer(std::io::stdout),
            )
            .try_init(),
    };
    if installed.is_ok() {
        // Panics are caught and answered with a 500 problem; log them as events
        // so they reach the log pipeline in the configured format.
        std::panic::set_hook(Box::new(|info| {
            tracing::error!(panic = %info, "a request handler panicked");
        }));
    }
}

/// The JSON log lines: one object per event, its fields at the top level and
/// the fields of its innermost span (the request's) in `span`.
pub fn json_layer<S, W>(writer: W) -> impl Layer<S> + Send + Sync
where
    S: Subscriber + for<'span> LookupSpan<'span>,
    W: for<'writer> MakeWriter<'writer> + Send + Sync + 'static,
{
    tracing_subscriber::fmt::layer()
        .json()
        .flatten_event(true)
        .with_current_span(true)
        .with_span_list(false)
        .with_writer(writer)
}

/// The process-wide Prometheus recorder, installed on first use.
///
/// A process has one global `metrics` recorder, so every [`crate::AppState`]
/// (and every in-process test) shares this handle.
pub fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new();
            let recorder = builder
                .set_buckets_for_metric(
                    Matcher::Full(REQUEST_DURATION.to_owned()),
                    DURATION_BUCKETS,
                )
                .unwrap_or_else(|_| PrometheusBuilder::new())
                .build_recorder();
            let handle = recorder.handle();
            if metrics::set_global_recorder(recorder).is_err() {
                tracing::warn!("another metrics recorder is installed; /metrics stays empty");
            }
            metrics::describe_counter!(REQUESTS_TOTAL, "HTTP requests handled");
            metrics::describe_histogram!(
                REQUEST_DURATION,
                metrics::Unit::Seconds,
                "HTTP request latency"
            );
            handle
        })
        .clone()
}
