//! The base path of a contract's operations: the path of its first `servers` URL.
//!
//! `OpenAPI` paths are relative to the server URL, so `servers: [{url: /v1}]` (or
//! `https://api.example.com/v1`) puts `GET /orders` at `/v1/orders`. Server variables are
//! replaced by their `default`; a trailing `/` is dropped; no `servers`, or a URL without a
//! path, gives `""`. Only the first server counts: the others are other hosts of the same API.

use yaml_serde::Value;

use crate::ContractError;
use crate::yaml_view::{get, get_str};

/// The path every operation of `root` is served under: `""` or `/seg[/seg…]`.
///
/// # Errors
/// A server URL whose path keeps a `{variable}` without a `default`, or holds characters
/// a route cannot (`*`, `:`, `?`, `#` or a space).
pub fn base_path(root: &Value) -> Result<String, ContractError> {
    let Some(server) = get(root, "servers")
        .and_then(Value::as_sequence)
        .and_then(|servers| servers.first())
    else {
        return Ok(String::new());
    };
    let Some(url) = get_str(server, "url") else {
        return Ok(String::new());
    };
    let pointer = "/servers/0/url";
    let mut url = url.trim().to_owned();
    if let Some(variables) = get(server, "variables").and_then(Value::as_mapping) {
        for (name, variable) in variables {
            if let (Some(name), Some(default)) = (name.as_str(), get_str(variable, "default")) {
                url = url.replace(&format!("{{{name}}}"), default);
            }
        }
    }
    let path = match url.find("://") {
        Some(scheme_end) => {
            let rest = &url[scheme_end + 3..];
            rest.find('/').map_or("", |slash| &rest[slash..])
        }
        None if url.starts_with("//") => url[2..].find('/').map_or("", |slash| &url[2 + slash..]),
        None => url.as_str(),
    };
    let path = path.trim_end_matches('/');
    if path.is_empty() {
        return Ok(String::new());
    }
    if path.contains(['{', '}']) {
        return Err(ContractError::invalid(
            pointer,
            "has a path variable without a `default`; give it one, msgen serves the routes under that path",
        ));
    }
    if path.contains(['*', ':', '?', '#', ' ']) {
        return Err(ContractError::invalid(
            pointer,
            "has a path msgen cannot serve the routes under (`*`, `:`, `?`, `#` or a space)",
        ));
    }
    Ok(if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(servers: &str) -> Result<String, ContractError> {
        let root = yaml_serde::from_str(&format!("openapi: 3.1.0\n{servers}")).unwrap();
        base_path(&root)
    }

    #[test]
    fn the_path_of_the_first_server() {
        assert_eq!(of("").unwrap(), "");
        assert_eq!(of("servers: []").unwrap(), "");
        assert_eq!(of("servers: [{url: 'http://localhost:8080'}]").unwrap(), "");
        assert_eq!(of("servers: [{url: /}]").unwrap(), "");
        assert_eq!(of("servers: [{url: /v1}]").unwrap(), "/v1");
        assert_eq!(of("servers: [{url: /v1/}]").unwrap(), "/v1");
        assert_eq!(of("servers: [{url: v1}]").unwrap(), "/v1");
        assert_eq!(
            of("servers: [{url: 'https://api.example.com/shop/v2'}, {url: /other}]").unwrap(),
            "/shop/v2"
        );
        assert_eq!(
            of("servers: [{url: '//api.example.com/v3'}]").unwrap(),
            "/v3"
        );
        assert_eq!(
            of("servers: [{url: 'https://{host}/api/{version}', variables: {host: {default: x.io}, version: {default: v4}}}]").unwrap(),
            "/api/v4"
        );
    }

    #[test]
    fn paths_a_route_cannot_take_are_refused() {
        assert!(of("servers: [{url: '/api/{version}'}]").is_err());
        assert!(of("servers: [{url: '/api/*'}]").is_err());
    }
}
