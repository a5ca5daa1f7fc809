//! The system endpoints every generated service serves whatever its contract lists:
//! liveness, readiness, metrics and the contract itself.
//!
//! A contract operation is a system one when its method is `GET` (or `HEAD`, which axum
//! answers from the `GET` route) and its path is one of [`SYSTEM_PATHS`], written exactly
//! so. The `x-msgen-system` extension is not needed and changes nothing: it documents the
//! operation for readers, while the method and path decide. A system operation gets no
//! handler, no generated test and no contract-derived route: the template's own plumbing
//! serves it, so a contract may list it (for documentation and clients) or leave it out.

use crate::route::HttpMethod;

/// The paths of the system endpoints, served with `GET` at the root of every service.
pub const SYSTEM_PATHS: [&str; 4] = ["/healthz", "/readyz", "/metrics", "/openapi.yaml"];

/// Whether the operation `method path` of a contract is a system endpoint.
#[must_use]
pub fn is_system(method: HttpMethod, path: &str) -> bool {
    matches!(method, HttpMethod::Get | HttpMethod::Head) && SYSTEM_PATHS.contains(&path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_by_method_and_path_only() {
        assert!(is_system(HttpMethod::Get, "/healthz"));
        assert!(is_system(HttpMethod::Head, "/openapi.yaml"));
        assert!(!is_system(HttpMethod::Post, "/metrics"));
        assert!(!is_system(HttpMethod::Get, "/healthz/"));
        assert!(!is_system(HttpMethod::Get, "/v1/healthz"));
        assert!(!is_system(HttpMethod::Get, "/orders"));
    }
}
