//! Logs (tracing) and metrics (Prometheus) set-up.

use std::io::IsTerminal;
use std::sync::OnceLock;

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tracing_subscriber::EnvFilter;

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
    let filter = EnvFilter::builder()
        .parse(&config.log_filter)
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stdout);
    let installed = match config.log_format {
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .try_init(),
        LogFormat::Text => builder
            .with_ansi(std::io::stdout().is_terminal())
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
