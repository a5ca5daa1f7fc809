//! The middleware every route runs behind: request ids, tracing, metrics,
//! problem+json errors, timeout, body limit and panic catching.

use std::any::Any;
use std::borrow::Cow;
use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::http::{HeaderValue, Method, StatusCode, header};
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
            .layer(SetRequestIdLayer::x_request_id(RequestIds))
            .layer(
                TraceLayer::new_for_http()
                    .make_span_with(make_span)
                    .on_request(())
                    .on_response(AccessLog {
                        enabled: config.access_log,
                    }),
            )
            .layer(PropagateRequestIdLayer::x_request_id())
            .layer(axum::middleware::from_fn(track_metrics))
            .layer(axum::middleware::map_response(problem_for_errors))
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
/// per-process prefix and a counter, 32 hex digits. Cheaper than a UUID.
#[derive(Debug, Clone, Copy)]
struct RequestIds;

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

/// One span per request (method, route template, request id); the logs of
/// handlers inherit its fields. Cheap when no access log is written: it is
/// only formatted when an event inside it is logged.
fn make_span(request: &Request<Body>) -> Span {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or(UNMATCHED, MatchedPath::as_str);
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|id| id.to_str().ok())
        .unwrap_or_default();
    tracing::info_span!(
        "request",
        method = %request.method(),
        route,
        request_id,
    )
}

/// The access log: one INFO line per request when `ACCESS_LOG=on`.
///
/// Off by default: a JSON line per request adds 50–80 % to the CPU cost of a
/// small request. The request metrics and the ERROR line for every 5xx
/// remain either way.
#[derive(Debug, Clone, Copy)]
struct AccessLog {
    enabled: bool,
}

impl<B> OnResponse<B> for AccessLog {
    fn on_response(self, response: &axum::http::Response<B>, latency: Duration, _span: &Span) {
        // Fields on the event, not recorded into the span: re-formatting the
        // span costs more, and top-level fields are easier to query.
        if self.enabled {
            tracing::info!(
                status = response.status().as_u16(),
                latency_ms = latency.as_micros() as f64 / 1000.0,
                "request completed"
            );
        }
    }
}

/// Counts requests and records their latency by method, route template and status.
async fn track_metrics(request: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = method_label(request.method());
    let route: Cow<'static, str> = match request.extensions().get::<MatchedPath>() {
        Some(path) => Cow::Owned(path.as_str().to_owned()),
        None => Cow::Borrowed(UNMATCHED),
    };
    let response = next.run(request).await;
    let labels = [
        ("method", Cow::Borrowed(method)),
        ("route", route),
        ("status", Cow::Owned(response.status().as_u16().to_string())),
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
async fn problem_for_errors<B>(response: axum::http::Response<B>) -> Response
where
    B: axum::body::HttpBody<Data = axum::body::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    let status = response.status();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    if is_problem || !(status.is_client_error() || status.is_server_error()) {
        return response.map(Body::new);
    }
    let (mut parts, _) = response.into_parts();
    let (problem_parts, body) = ApiError::from_status(status).into_response().into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_ENCODING);
    parts.headers.extend(problem_parts.headers);
    Response::from_parts(parts, body)
}

/// A panicking handler answers 500; the panic hook has logged the message.
fn panic_response(_panic: Box<dyn Any + Send + 'static>) -> Response {
    ApiError::internal().into_response()
}
