//! The middleware every route runs behind, built from tower-http's standard
//! layers: request ids, the request span and its log lines, metrics,
//! problem+json errors, timeout, panic catching and the body limit.

use std::any::Any;
use std::borrow::Cow;
use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{OnResponse, TraceLayer};
use tracing::Span;

use crate::config::Config;
use crate::error::{ApiError, PROBLEM_JSON};
use crate::telemetry::{REQUEST_DURATION, REQUESTS_TOTAL};

/// The request id header, read from requests and set on every response.
pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The route label of requests that matched no route (never the raw path:
/// that would let clients create unbounded metric series).
const UNMATCHED: &str = "unmatched";

/// Wraps every route of `router` (and its fallback) in the middleware stack,
/// outermost first:
///
/// 1. `x-request-id`: the client's, or a new one ([`RequestIds`]); echoed in
///    the response;
/// 2. the INFO span `request` (`method`, `route`, `request_id`) around the
///    request, an ERROR line for every 5xx and, with `ACCESS_LOG=on`, an INFO
///    line for every other request ([`AccessLog`]);
/// 3. the request metrics and the problem+json mapping of every bare 4xx/5xx
///    ([`metrics_and_problems`]);
/// 4. the body limit (`BODY_LIMIT_BYTES`, 413), the timeout
///    (`REQUEST_TIMEOUT_SECS`, 408) and panic catching (500).
pub fn apply<S>(router: Router<S>, config: &Config) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    router.layer(
        ServiceBuilder::new()
            .layer(SetRequestIdLayer::x_request_id(RequestIds))
            .layer(PropagateRequestIdLayer::x_request_id())
            .layer(
                TraceLayer::new_for_http()
                    .make_span_with(make_span)
                    .on_request(())
                    .on_response(AccessLog {
                        enabled: config.access_log,
                    })
                    .on_failure(()),
            )
            .layer(axum::middleware::from_fn(metrics_and_problems))
            .layer(DefaultBodyLimit::disable())
            .layer(RequestBodyLimitLayer::new(config.body_limit_bytes))
            .layer(TimeoutLayer::with_status_code(
                StatusCode::REQUEST_TIMEOUT,
                config.request_timeout,
            ))
            .layer(CatchPanicLayer::custom(panic_response)),
    )
}

/// Request ids for requests that arrive without `x-request-id`: a random
/// per-process prefix and a per-process counter, 32 hex digits. Unique within
/// the process, and across processes but for a 2^-64 chance; cheaper than a
/// UUID. Ids are not secrets and must not be used as such.
#[derive(Debug, Clone, Copy)]
pub struct RequestIds;

impl MakeRequestId for RequestIds {
    fn make_request_id<B>(&mut self, _request: &axum::http::Request<B>) -> Option<RequestId> {
        static PREFIX: OnceLock<u64> = OnceLock::new();
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let prefix = *PREFIX.get_or_init(|| {
            let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
            hasher.write_u128(
                std::time::UNIX_EPOCH
                    .elapsed()
                    .unwrap_or_default()
                    .as_nanos(),
            );
            hasher.write_u32(std::process::id());
            hasher.finish()
        });
        let count = COUNTER.fetch_add(1, Ordering::Relaxed);
        HeaderValue::from_str(&format!("{prefix:016x}{count:016x}"))
            .ok()
            .map(RequestId::new)
    }
}

/// One span per request (method, route template, request id); every line
/// logged while handling the request carries its fields.
fn make_span(request: &Request) -> Span {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or(UNMATCHED, MatchedPath::as_str);
    let request_id = request
        .headers()
        .get(X_REQUEST_ID)
        .and_then(|id| id.to_str().ok())
        .unwrap_or_default();
    tracing::info_span!(
        "request",
        method = method_label(request.method()),
        route,
        request_id,
        status = tracing::field::Empty,
        latency_ms = tracing::field::Empty,
    )
}

/// The request's log line: ERROR for every 5xx, INFO for every other request
/// when `ACCESS_LOG=on` (off by default: see the service README).
#[derive(Debug, Clone, Copy)]
pub struct AccessLog {
    /// `ACCESS_LOG=on`.
    pub enabled: bool,
}

impl<B> OnResponse<B> for AccessLog {
    fn on_response(self, response: &axum::http::Response<B>, latency: Duration, span: &Span) {
        let status = response.status();
        let failed = status.is_server_error();
        if !(failed || self.enabled) {
            return;
        }
        // Recorded only when a line is written: recording re-formats the span.
        let latency_ms = latency.as_micros() as f64 / 1000.0;
        span.record("status", status.as_u16());
        span.record("latency_ms", latency_ms);
        // Also top-level fields of the line: easier to query than the span's.
        if failed {
            tracing::error!(status = status.as_u16(), latency_ms, "request failed");
        } else {
            tracing::info!(status = status.as_u16(), latency_ms, "request completed");
        }
    }
}

/// Counts the request and records its latency by method, route template and
/// status, after turning a bare 4xx/5xx into a problem.
async fn metrics_and_problems(request: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = method_label(request.method());
    let route: Cow<'static, str> = match request.extensions().get::<MatchedPath>() {
        Some(path) => Cow::Owned(path.as_str().to_owned()),
        None => Cow::Borrowed(UNMATCHED),
    };
    let response = problem_for_errors(next.run(request).await);
    let labels = [
        ("method", Cow::Borrowed(method)),
        ("route", route),
        ("status", Cow::Owned(response.status().as_str().to_owned())),
    ];
    metrics::counter!(REQUESTS_TOTAL, &labels).increment(1);
    metrics::histogram!(REQUEST_DURATION, &labels).record(start.elapsed().as_secs_f64());
    response
}

/// A bounded label for the method (custom methods would be unbounded).
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        Method::TRACE => "TRACE",
        Method::CONNECT => "CONNECT",
        _ => "OTHER",
    }
}

/// Turns every 4xx/5xx that is not already a problem (axum's 405, the
/// timeout's 408, the body limit's 413, a handler's bare status code) into
/// `application/problem+json`, keeping the other headers such as `Allow`.
fn problem_for_errors(response: Response) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    if is_problem {
        return response;
    }
    let (mut parts, _) = response.into_parts();
    let (problem_parts, body) = ApiError::from_status(status).into_response().into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_ENCODING);
    parts.headers.extend(problem_parts.headers);
    Response::from_parts(parts, body)
}

/// A panicking handler answers 500; the panic hook has logged the message,
/// and the client gets no internals.
fn panic_response(_panic: Box<dyn Any + Send + 'static>) -> Response {
    ApiError::internal().into_response()
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use axum::body::Body;
    use axum::routing::get;
    use tower::ServiceExt;
    use tracing_subscriber::layer::SubscriberExt;

    use super::*;

    /// Collects log lines.
    #[derive(Clone, Default)]
    struct Lines(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Lines {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// The JSON log lines written while `app` answers a GET of `path` with
    /// `x-request-id: abc`.
    fn logs_of(app: Router, path: &str) -> Vec<serde_json::Value> {
        let lines = Lines::default();
        let writer = lines.clone();
        let subscriber = tracing_subscriber::registry()
            .with(crate::telemetry::json_layer(move || writer.clone()));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let request = axum::http::Request::get(path)
            .header(X_REQUEST_ID, "abc")
            .body(Body::empty())
            .unwrap();
        tracing::subscriber::with_default(subscriber, || {
            runtime.block_on(app.oneshot(request)).unwrap();
        });
        let text = String::from_utf8(lines.0.lock().unwrap().clone()).unwrap();
        text.lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    }

    #[test]
    fn log_lines_of_a_request_carry_its_id_method_route_status_and_latency() {
        async fn handler() -> &'static str {
            tracing::info!("handling");
            "ok"
        }
        let config = Config {
            access_log: true,
            ..Config::default()
        };
        let app = apply(Router::new().route("/items/{id}", get(handler)), &config);
        let logs = logs_of(app, "/items/7");
        assert_eq!(logs.len(), 2, "{logs:?}");
        for line in &logs {
            assert_eq!(line["span"]["request_id"], "abc", "{line}");
            assert_eq!(line["span"]["method"], "GET", "{line}");
            assert_eq!(line["span"]["route"], "/items/{id}", "{line}");
        }
        assert_eq!(logs[0]["message"], "handling");
        let done = &logs[1];
        assert_eq!(done["message"], "request completed");
        assert_eq!(done["level"], "INFO");
        assert_eq!(done["status"], 200);
        assert_eq!(done["span"]["status"], 200);
        assert!(done["latency_ms"].is_number(), "{done}");
        assert!(done["span"]["latency_ms"].is_number(), "{done}");
    }

    #[test]
    fn a_5xx_is_logged_at_error_without_the_access_log() {
        let app = apply(
            Router::new().route("/down", get(|| async { StatusCode::BAD_GATEWAY })),
            &Config::default(),
        );
        let logs = logs_of(app.clone(), "/down");
        assert_eq!(logs.len(), 1, "{logs:?}");
        assert_eq!(logs[0]["level"], "ERROR");
        assert_eq!(logs[0]["status"], 502);
        assert_eq!(logs[0]["span"]["request_id"], "abc");
        assert_eq!(logs[0]["span"]["route"], "/down");
        assert!(logs_of(app, "/no-such-route").is_empty());
    }

    #[test]
    fn generated_ids_are_unique_32_hex_digits() {
        let request = axum::http::Request::new(());
        let mut seen = std::collections::HashSet::new();
        for _ in 0..1000 {
            let id = RequestIds.make_request_id(&request).unwrap();
            let id = id.header_value().to_str().unwrap().to_owned();
            assert_eq!(id.len(), 32);
            assert!(id.chars().all(|c| c.is_ascii_hexdigit()));
            assert!(seen.insert(id));
        }
    }
}
