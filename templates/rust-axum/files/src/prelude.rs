//! What handlers need, in one import: `use crate::prelude::*;`.

pub use axum::extract::State;
pub use axum::http::StatusCode;

pub use crate::error::ApiError;
pub use crate::extract::{Binary, Cookies, Form, Headers, Json, JsonOrForm, Path, Query, Text};
pub use crate::models;
pub use crate::state::AppState;
