//! The system endpoints every generated service serves whatever its contract lists:
//! liveness, readiness, metrics and the contract itself.
//!
//! A contract operation is a system one when its method is `GET` (or `HEAD`, which axum
//! answers from the `GET` route) and its path is one of [`SYSTEM_PATHS`], written exactly
//! so. The `x-msgen-system` extension is not needed and changes nothing: it documents the
//! operation for readers, while the method and path decide. A system operation gets no
//! handler, no generated test and no contract-derived route: the template's own plumbing
//! serves it, so a contract may list it (for documentation and clients) or leave it out.

use yaml_serde::Value;

use crate::route::HttpMethod;
use crate::yaml_view::{deref, escape, get};

/// The paths of the system endpoints, served with `GET` at the root of every service.
pub const SYSTEM_PATHS: [&str; 4] = ["/healthz", "/readyz", "/metrics", "/openapi.yaml"];

/// Whether the operation `method path` of a contract is a system endpoint.
#[must_use]
pub fn is_system(method: HttpMethod, path: &str) -> bool {
    matches!(method, HttpMethod::Get | HttpMethod::Head) && SYSTEM_PATHS.contains(&path)
}

/// The JSON pointers of the system operations `root` lists that its security
/// requirements document as needing credentials: the global `security` applies to them, or
/// their own `security` does not allow anonymous access (`{}`). They are public whatever
/// the document says, so it should say `security: []`.
#[must_use]
pub fn documented_as_secured(root: &Value) -> Vec<String> {
    let allows_anonymous = |security: &Value| match security.as_sequence() {
        None => true,
        Some(all) => {
            all.is_empty()
                || all
                    .iter()
                    .any(|r| r.as_mapping().is_some_and(yaml_serde::Mapping::is_empty))
        }
    };
    let global = get(root, "security").unwrap_or(&Value::Null);
    let mut found = Vec::new();
    for path in SYSTEM_PATHS {
        let pointer = format!("/paths/{}", escape(path));
        let Some(item) = get(root, "paths")
            .and_then(|paths| get(paths, path))
            .and_then(|item| deref(root, item, &pointer).ok())
        else {
            continue;
        };
        for method in [HttpMethod::Get, HttpMethod::Head] {
            if let Some(op) = get(item, method.as_str())
                && !allows_anonymous(get(op, "security").unwrap_or(global))
            {
                found.push(format!("{pointer}/{}", method.as_str()));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_operations_documented_as_secured() {
        let root: Value = yaml_serde::from_str(
            "security: [{bearer: []}]\npaths:\n  /healthz: {get: {security: []}}\n  /readyz: {get: {}}\n  /metrics: {get: {security: [{}, {bearer: []}]}, post: {}}\n  /openapi.yaml: {get: {security: [{bearer: []}]}}\n  /orders: {get: {}}\n",
        )
        .unwrap();
        assert_eq!(
            documented_as_secured(&root),
            ["/paths/~1readyz/get", "/paths/~1openapi.yaml/get"]
        );
        let open: Value = yaml_serde::from_str(
            "paths:\n  /healthz: {get: {}}\n  /readyz: {get: {security: [{key: []}]}}\n",
        )
        .unwrap();
        assert_eq!(documented_as_secured(&open), ["/paths/~1readyz/get"]);
    }

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
