//! The system endpoints every service has: probes, metrics and the contract.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde::Serialize;

use crate::error::ApiError;
use crate::extract::Json;
use crate::state::AppState;

/// The API contract, served at `/openapi.yaml`.
pub const CONTRACT: &str = include_str!("../openapi.yaml");

/// The body of a successful probe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Health {
    /// Always `ok`.
    pub status: &'static str,
}

const OK: Health = Health { status: "ok" };

/// `GET /healthz`: liveness. Checks the process only, never dependencies,
/// so a slow database does not make the orchestrator restart every replica.
pub async fn healthz() -> Json<Health> {
    Json(OK)
}

/// `GET /readyz`: readiness. 503 once shutdown has begun.
///
/// Add checks of the dependencies the service cannot work without here.
pub async fn readyz(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    if state.is_ready() {
        Ok(Json(OK))
    } else {
        Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "The service is shutting down.",
        ))
    }
}

/// `GET /metrics`: Prometheus text exposition.
pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(),
    )
}

/// `GET /openapi.yaml`: the contract this service implements.
pub async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/yaml")], CONTRACT)
}
