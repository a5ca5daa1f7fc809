//! Who may call the operations the contract secures: yours to edit.
//!
//! msgen's plumbing (`src/security.rs`) takes the credential each security scheme
//! of the contract names from the request (API key header, query parameter or
//! cookie; `Authorization: Bearer …` for HTTP bearer, OAuth2 and OpenID Connect)
//! and asks [`authorize`] whether it is valid.

use axum::http::StatusCode;

use crate::error::ApiError;
use crate::security::Scheme;
use crate::state::AppState;

/// Who made a request, once [`authorize`] accepted its credential. A handler reads
/// it with `axum::Extension<Principal>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The security scheme that accepted the request (its key in the contract).
    pub scheme: &'static str,
}

/// Decides whether `credential` (the API key, or the token after `Bearer `) is valid
/// for `scheme`.
///
/// REPLACE THIS before the service holds anything worth protecting: the default
/// accepts any non-empty credential, so the service runs and its tests pass, but it
/// checks nothing. Look the key or token up in your store or identity provider
/// (`state` holds your resources); answer 401 for an invalid credential and 403 for
/// a valid one without the rights.
///
/// # Errors
/// The error answers the request; a 401 carries a `WWW-Authenticate` challenge for
/// HTTP schemes.
#[allow(
    clippy::unused_async,
    reason = "a real check awaits a store or a provider"
)]
pub async fn authorize(
    scheme: &Scheme,
    credential: &str,
    state: &AppState,
) -> Result<Principal, ApiError> {
    let _ = state;
    if credential.trim().is_empty() {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "The credential is empty.",
        ));
    }
    Ok(Principal {
        scheme: scheme.name,
    })
}
