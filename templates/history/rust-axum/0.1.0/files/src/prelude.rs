//! What handlers need, in one import: `use crate::prelude::*;`.

pub use axum::extract::State;
pub use axum::http::StatusCode;

pub use crate::error::ApiError;
pub use crate::extract::{Json, Path, Query};
pub use crate::models;
pub use crate::state::AppState;
