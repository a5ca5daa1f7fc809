//! Extractors that reject with `application/problem+json` instead of axum's
//! `text/plain` rejections. Use these in handlers in place of axum's own:
//! `crate::extract::{Json, Path, Query}`.
//!
//! `Json` and `Query` also check the schema constraints of the contract
//! ([`Validate`]: `minLength`, `maximum`, `minItems`, …) and answer a request
//! that violates them with 422 and every violation in the problem's `detail`.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::ApiError;
use crate::models::Validate;

/// A JSON request body (`Content-Type: application/json`) or response body.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

/// The typed path parameters of the matched route.
#[derive(Debug, Clone, Copy, Default)]
pub struct Path<T>(pub T);

/// The typed query string.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned + Validate,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => validated(value, "request body").map(Self),
            Err(rejection) => Err(rejection.into()),
        }
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Self(value)),
            Err(rejection) => Err(rejection.into()),
        }
    }
}

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned + Validate,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => validated(value, "query string").map(Self),
            Err(rejection) => Err(rejection.into()),
        }
    }
}

/// How many violations a 422 lists; the rest are counted.
const LISTED_VIOLATIONS: usize = 20;

/// `value` when it satisfies the contract's constraints, else a 422 problem listing
/// the violations (`/lines/0/quantity: must be >= 1`) of `what`.
fn validated<T: Validate>(value: T, what: &str) -> Result<T, ApiError> {
    let mut errors = Vec::new();
    value.validate("", &mut errors);
    if errors.is_empty() {
        return Ok(value);
    }
    let listed = errors.len().min(LISTED_VIOLATIONS);
    let mut detail = format!(
        "The {what} violates the contract: {}",
        errors[..listed].join("; ")
    );
    if errors.len() > listed {
        detail.push_str(&format!(" (and {} more)", errors.len() - listed));
    }
    Err(ApiError::unprocessable(detail))
}

/// Client errors keep axum's explanation (it names the field or the parse
/// error, never server internals); server errors and 413 get a generic detail.
fn rejected(status: StatusCode, body_text: String) -> ApiError {
    if status.is_server_error() {
        tracing::error!(%status, error = %body_text, "extractor failed");
        ApiError::internal()
    } else if status == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::from_status(status)
    } else {
        ApiError::new(status, body_text)
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        rejected(rejection.status(), rejection.body_text())
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        rejected(rejection.status(), rejection.body_text())
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        rejected(rejection.status(), rejection.body_text())
    }
}
