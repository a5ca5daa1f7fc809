//! The service's own routes and middleware. This file is yours: msgen never
//! rewrites it.
//!
//! [`layers`] receives the router of every contract route and the 404
//! fallback, and returns it with what the service adds. msgen's middleware
//! (`src/middleware.rs`) wraps the result, so the layers added here run inside
//! the request span with the request id set, and their error responses (a
//! 401 from an auth check, a 408 from a shorter timeout) become
//! `application/problem+json`, are counted in the metrics and logged like a
//! handler's. Any tower layer fits, for example:
//!
//! ```ignore
//! router
//!     .layer(tower_http::cors::CorsLayer::permissive())
//!     .layer(axum::middleware::from_fn_with_state(state.clone(), auth))
//! ```
//!
//! with the tower-http features they need enabled in `Cargo.toml`. A later
//! `.layer` wraps the earlier ones, and wraps only the routes added before it.
//! The API's routes belong in the contract (`msgen add-endpoint`); add routes
//! here only for what the contract does not describe.

use axum::Router;

use crate::state::AppState;

/// The service's own layers and routes around the contract's routes.
pub fn layers(router: Router<AppState>, _state: &AppState) -> Router<AppState> {
    router
}
