//! The middleware every route runs behind: request ids, the request span and
//! its log lines, metrics, problem+json errors, timeout, panic catching and
//! the body limit.
//!
//! The body limit is tower-http's. The rest is one hand-written layer,
//! [`RequestLayer`], in place of tower-http's `SetRequestId`, `Trace`,
//! `PropagateRequestId`, `Timeout` and `CatchPanic` plus two axum `from_fn`
//! middlewares: the same behaviour for less than half the CPU per request.
//! Each of those layers wraps the future and often the body once more (a
//! boxed future per `from_fn`, a boxed body per layer that changes the body
//! type), the timeout armed a timer for every request, and the trace layer
//! entered its span again for every poll of the body. Here one future does it
//! all, and arms the timer only for a request that is not done on its first
//! poll.

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::hash::{BuildHasher, Hasher};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use metrics::{Counter, Histogram};
use tower::{Layer, Service, ServiceBuilder};
use tower_http::limit::RequestBodyLimitLayer;
use tracing::Span;
use tracing::field::Empty;

use crate::config::Config;
use crate::error::{ApiError, PROBLEM_JSON};
use crate::telemetry::{REQUEST_DURATION, REQUESTS_TOTAL};

/// The request id header, read from requests and set on every response.
pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The route label of requests that matched no route (never the raw path:
/// that would let clients create unbounded metric series).
const UNMATCHED: &str = "unmatched";

/// Wraps every route of `router` (and its fallback) in the middleware stack.
pub fn apply<S>(router: Router<S>, config: &Config) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    router.layer(
        ServiceBuilder::new()
            .layer(RequestLayer::new(config))
            .layer(DefaultBodyLimit::disable())
            .layer(RequestBodyLimitLayer::new(config.body_limit_bytes)),
    )
}

/// For every request: takes its `x-request-id` or generates one, echoes it
/// in the response, runs the request in an INFO span `request` (`method`,
/// `route`, `request_id`, then `status` and `latency_ms`), answers 408 after
/// `REQUEST_TIMEOUT_SECS` and 500 when the handler panics, turns every bare
/// 4xx/5xx into a problem, counts the request in the metrics, logs every 5xx
/// at ERROR and, with `ACCESS_LOG=on`, every other request at INFO.
#[derive(Debug, Clone, Copy)]
pub struct RequestLayer {
    timeout: Duration,
    access_log: bool,
}

impl RequestLayer {
    /// The layer configured by `REQUEST_TIMEOUT_SECS` and `ACCESS_LOG`.
    pub fn new(config: &Config) -> Self {
        // The metric handles are cached per thread (`record_metrics`): the
        // recorder must be in place before the first request caches a no-op.
        let _ = crate::telemetry::metrics_handle();
        Self {
            timeout: config.request_timeout,
            access_log: config.access_log,
        }
    }
}

impl<S> Layer<S> for RequestLayer {
    type Service = RequestService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        RequestService {
            inner,
            layer: *self,
        }
    }
}

/// The service of [`RequestLayer`].
#[derive(Debug, Clone)]
pub struct RequestService<S> {
    inner: S,
    layer: RequestLayer,
}

impl<S, B> Service<Request> for RequestService<S>
where
    S: Service<Request, Response = axum::http::Response<B>>,
    S::Future: Unpin,
    B: HttpBody<Data = Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = RequestFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request) -> Self::Future {
        let start = Instant::now();
        let request_id = request_id(request.headers_mut());
        let route = request.extensions().get::<MatchedPath>().cloned();
        let span = tracing::info_span!(
            "request",
            method = request.method().as_str(),
            route = route.as_ref().map_or(UNMATCHED, MatchedPath::as_str),
            request_id = request_id.to_str().unwrap_or_default(),
            status = Empty,
            latency_ms = Empty,
        );
        let method = method_label(request.method());
        // The handler runs when the future is polled; what `call` runs before
        // that is axum's routing, but a panic there must not escape either.
        let inner = catch_unwind(AssertUnwindSafe(|| self.inner.call(request))).ok();
        RequestFuture {
            inner,
            timer: None,
            timeout: self.layer.timeout,
            access_log: self.layer.access_log,
            start,
            method,
            route,
            request_id,
            span,
        }
    }
}

/// The future of [`RequestService`].
pub struct RequestFuture<F> {
    /// `None` once the handler panicked in `call`.
    inner: Option<F>,
    /// Armed on the first poll that finds the handler not done yet.
    timer: Option<Pin<Box<tokio::time::Sleep>>>,
    timeout: Duration,
    access_log: bool,
    start: Instant,
    method: &'static str,
    route: Option<MatchedPath>,
    request_id: HeaderValue,
    span: Span,
}

impl<F, B, E> Future for RequestFuture<F>
where
    F: Future<Output = Result<axum::http::Response<B>, E>> + Unpin,
    B: HttpBody<Data = Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let _entered = this.span.enter();
        let response = match this.inner.as_mut() {
            None => ApiError::internal().into_response(),
            Some(inner) => match catch_unwind(AssertUnwindSafe(|| Pin::new(inner).poll(cx))) {
                Ok(Poll::Ready(Ok(response))) => problem_for_errors(response.map(Body::new)),
                Ok(Poll::Ready(Err(error))) => return Poll::Ready(Err(error)),
                // The panic hook has logged the message; the client gets no internals.
                Err(_panic) => ApiError::internal().into_response(),
                Ok(Poll::Pending) => {
                    let timeout = this.timeout;
                    let start = this.start;
                    let timer = this.timer.get_or_insert_with(|| {
                        Box::pin(tokio::time::sleep(timeout.saturating_sub(start.elapsed())))
                    });
                    if timer.as_mut().poll(cx).is_pending() {
                        return Poll::Pending;
                    }
                    ApiError::from_status(StatusCode::REQUEST_TIMEOUT).into_response()
                }
            },
        };
        // Drops the handler's future (on timeout: cancels it) inside the span.
        this.inner = None;
        Poll::Ready(Ok(this.finish(response)))
    }
}

impl<F> RequestFuture<F> {
    /// Echoes the request id, records the metrics and writes the log line.
    fn finish(&self, mut response: Response) -> Response {
        let status = response.status();
        let latency = self.start.elapsed();
        response
            .headers_mut()
            .entry(X_REQUEST_ID)
            .or_insert_with(|| self.request_id.clone());
        let route = self.route.as_ref().map_or(UNMATCHED, MatchedPath::as_str);
        record_metrics(self.method, route, status, latency);
        // Recorded only when a line is written: recording re-formats the
        // span's fields, and nothing else reads them.
        let failed = status.is_server_error();
        if failed || self.access_log {
            let latency_ms = latency.as_micros() as f64 / 1000.0;
            self.span.record("status", status.as_u16());
            self.span.record("latency_ms", latency_ms);
            // Also top-level fields of the line: easier to query than the span's.
            if failed {
                tracing::error!(status = status.as_u16(), latency_ms, "request failed");
            } else {
                tracing::info!(status = status.as_u16(), latency_ms, "request completed");
            }
        }
        response
    }
}

/// The request's `x-request-id`, or a new one that is also set on the request
/// so handlers can read it.
///
/// A new id is a random per-process prefix and a per-process counter, each
/// 16 hex digits: unique within the process, and across processes but for a
/// 2^-64 chance, and cheaper than a UUID. The counter is scrambled by a
/// bijection (so ids stay unique) with a random key, so one id does not tell
/// the next; ids are not secrets, though, and must not be used as such.
fn request_id(headers: &mut HeaderMap) -> HeaderValue {
    if let Some(id) = headers.get(X_REQUEST_ID) {
        return id.clone();
    }
    static KEYS: OnceLock<(u64, u64)> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let &(prefix, key) = KEYS.get_or_init(|| {
        let random = || {
            let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
            hasher.write_u128(
                std::time::UNIX_EPOCH
                    .elapsed()
                    .unwrap_or_default()
                    .as_nanos(),
            );
            hasher.write_u32(std::process::id());
            hasher.finish()
        };
        (random(), random())
    });
    let count = scramble(COUNTER.fetch_add(1, Ordering::Relaxed) ^ key);
    let hex = hex_digits((u128::from(prefix) << 64) | u128::from(count));
    let id = HeaderValue::from_bytes(&hex).unwrap_or(HeaderValue::from_static("0"));
    headers.insert(X_REQUEST_ID, id.clone());
    id
}

/// The splitmix64 finalizer: a bijection on u64 that mixes every bit.
fn scramble(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// `value` as 32 lowercase hex digits.
fn hex_digits(value: u128) -> [u8; 32] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut hex = [0; 32];
    for (i, digit) in hex.iter_mut().rev().enumerate() {
        *digit = DIGITS[((value >> (4 * i)) & 0xf) as usize];
    }
    hex
}

/// The metric handles of one method, route and status.
struct Handles {
    method: &'static str,
    status: StatusCode,
    requests: Counter,
    duration: Histogram,
}

thread_local! {
    /// Handles by route, cached per thread: `counter!`/`histogram!` with
    /// labels build and hash a label set and look it up in the shared
    /// registry on every call. Bounded like the series themselves.
    static HANDLES: RefCell<HashMap<Box<str>, Vec<Handles>>> = RefCell::new(HashMap::new());
}

/// Counts the request and records its latency by method, route template and status.
fn record_metrics(method: &'static str, route: &str, status: StatusCode, latency: Duration) {
    HANDLES.with_borrow_mut(|routes| {
        if !routes.contains_key(route) {
            routes.insert(route.into(), Vec::new());
        }
        let Some(handles) = routes.get_mut(route) else {
            return;
        };
        let index = match handles
            .iter()
            .position(|h| h.method == method && h.status == status)
        {
            Some(index) => index,
            None => {
                let labels = [
                    ("method", method.to_owned()),
                    ("route", route.to_owned()),
                    ("status", status.as_str().to_owned()),
                ];
                handles.push(Handles {
                    method,
                    status,
                    requests: metrics::counter!(REQUESTS_TOTAL, &labels),
                    duration: metrics::histogram!(REQUEST_DURATION, &labels),
                });
                handles.len() - 1
            }
        };
        handles[index].requests.increment(1);
        handles[index].duration.record(latency.as_secs_f64());
    });
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

/// Turns every 4xx/5xx that is not already a problem (axum's 405, the body
/// limit's 413, a handler's bare status code) into `application/problem+json`,
/// keeping the other headers such as `Allow`.
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

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

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
    fn hex_digits_are_the_value_in_hex() {
        assert_eq!(
            &hex_digits(0x0123_4567_89ab_cdef_fedc_ba98_7654_3210),
            b"0123456789abcdeffedcba9876543210"
        );
    }

    #[test]
    fn generated_ids_are_unique_and_set_on_the_request() {
        let mut seen = std::collections::HashSet::new();
        for _ in 0..1000 {
            let mut headers = HeaderMap::new();
            let id = request_id(&mut headers);
            assert_eq!(headers[X_REQUEST_ID], id);
            assert!(seen.insert(id));
        }
    }
}
