//! Which response of an operation is its success, which is its error shape, and the
//! headers a response requires: the choices every generator makes alike.
//!
//! The success is the lowest explicit `2xx` status; without one, a `2XX` range (answered
//! as 200); without that, `default` (answered as 200). An operation with no `responses`
//! at all (allowed in 3.1) succeeds with 200 and no body. Without any of these, the
//! answer is the lowest explicit `3xx` (a redirect, such as a `307` that sends the
//! client elsewhere); without one, the operation documents no success at all (only a
//! `400` or a `404`, say) and its answer is a status it documents
//! ([`Success::documented_only`]): `404` when listed (a valid request for a resource
//! the service does not hold), else the lowest; a generator must not invent a success
//! the contract does not list. Only ranges (`4XX`) leave nothing to answer, and are refused.
//! A `default` next to a success is the contract's error shape ([`error_shape`]).

use yaml_serde::Value;

use crate::ContractError;
use crate::operations::ListedOperation;
use crate::yaml_view::{deref, entries, escape, get};

/// The success response of an operation.
#[derive(Clone, Debug)]
pub struct Success<'a> {
    /// The key under `responses`, as written: `201`, `2XX`, `default`; empty when the
    /// operation lists no responses.
    pub key: String,
    /// The status the generated handler answers: the code, or 200 for `2XX` and `default`.
    pub status: u16,
    /// The response object (`$ref` resolved); `None` when there are no responses.
    pub response: Option<&'a Value>,
    /// JSON pointer of the response, e.g. `/paths/~1orders/post/responses/201`.
    pub pointer: String,
    /// The operation documents no success (no `2xx`, `2XX`, `default` or `3xx`): `status`
    /// is a status it documents, a `4xx` or `5xx` (`404` when listed, else the lowest).
    pub documented_only: bool,
}

impl Success<'_> {
    /// A redirect (`3xx`): the answer carries a `Location` header.
    #[must_use]
    pub fn redirects(&self) -> bool {
        matches!(self.status, 301 | 302 | 303 | 307 | 308)
    }
}

/// The pointer of `found`, e.g. `/paths/~1orders/post`.
#[must_use]
pub fn operation_pointer(found: &ListedOperation<'_>) -> String {
    format!("/paths/{}/{}", escape(found.path), found.method.as_str())
}

/// The success response of `found` (see the module docs); a system operation without one
/// succeeds with 200 and no body.
///
/// # Errors
/// A response `$ref` that does not resolve, or an operation whose responses hold no
/// success msgen can answer.
pub fn success<'a>(
    root: &'a Value,
    found: &ListedOperation<'a>,
) -> Result<Success<'a>, ContractError> {
    let base = format!("{}/responses", operation_pointer(found));
    let none = || Success {
        key: String::new(),
        status: 200,
        response: None,
        pointer: base.clone(),
        documented_only: false,
    };
    let map = match get(found.op, "responses") {
        None | Some(Value::Null) => return Ok(none()),
        Some(Value::Mapping(map)) if map.is_empty() => return Ok(none()),
        Some(Value::Mapping(map)) => map,
        Some(_) => return Err(ContractError::invalid(base, "is not a mapping")),
    };
    let listed: Vec<(String, &Value)> = entries(map).collect();
    let lowest = |codes: std::ops::Range<u16>| {
        listed
            .iter()
            .filter_map(|(key, value)| {
                key.parse::<u16>()
                    .ok()
                    .filter(|code| codes.contains(code))
                    .map(|code| (code, key, *value))
            })
            .min_by_key(|(code, _, _)| *code)
    };
    let chosen = lowest(200..300)
        .or_else(|| {
            ["2XX", "default"].iter().find_map(|wanted| {
                listed
                    .iter()
                    .find(|(key, _)| key.eq_ignore_ascii_case(wanted))
                    .map(|(key, value)| (200, key, *value))
            })
        })
        .or_else(|| lowest(300..400));
    let documented_only = chosen.is_none();
    let chosen = chosen
        .or_else(|| lowest(404..405))
        .or_else(|| lowest(400..600));
    let Some((status, key, raw)) = chosen else {
        if crate::system::is_system(found.method, found.path) {
            return Ok(none());
        }
        let keys: Vec<&str> = listed.iter().map(|(key, _)| key.as_str()).collect();
        return Err(ContractError::NoSuccess {
            pointer: base,
            statuses: keys.join(", "),
        });
    };
    let pointer = format!("{base}/{}", escape(key));
    Ok(Success {
        key: key.clone(),
        status,
        response: Some(deref(root, raw, &pointer)?),
        pointer,
        documented_only,
    })
}

/// The contract's error shape of `found`: its `default` response when another response
/// is the success. A generator makes the service's errors follow it.
///
/// # Errors
/// A `$ref` that does not resolve.
pub fn error_shape<'a>(
    root: &'a Value,
    found: &ListedOperation<'a>,
    success: &Success<'_>,
) -> Result<Option<(String, &'a Value)>, ContractError> {
    if success.key.eq_ignore_ascii_case("default") {
        return Ok(None);
    }
    let Some(map) = get(found.op, "responses").and_then(Value::as_mapping) else {
        return Ok(None);
    };
    let Some((key, raw)) = entries(map).find(|(key, _)| key == "default") else {
        return Ok(None);
    };
    let pointer = format!("{}/responses/{}", operation_pointer(found), escape(&key));
    Ok(Some((pointer.clone(), deref(root, raw, &pointer)?)))
}

/// A header of a response object.
#[derive(Clone, Debug)]
pub struct ResponseHeader<'a> {
    /// The header name, as written.
    pub name: &'a str,
    /// `required: true`.
    pub required: bool,
    /// Its `schema` (`null` when absent).
    pub schema: &'a Value,
    /// Its `description`.
    pub description: Option<&'a str>,
    /// JSON pointer of the header object.
    pub pointer: String,
}

/// The headers of a response object, in document order (`$ref`s to
/// `components/headers` resolved; `Content-Type`, which `OpenAPI` says to ignore, left out).
///
/// # Errors
/// A header `$ref` that does not resolve.
pub fn headers<'a>(
    root: &'a Value,
    response: &'a Value,
    pointer: &str,
) -> Result<Vec<ResponseHeader<'a>>, ContractError> {
    let Some(map) = get(response, "headers").and_then(Value::as_mapping) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (key, raw) in map {
        let Some(name) = key.as_str() else { continue };
        if name.eq_ignore_ascii_case("content-type") {
            continue;
        }
        let pointer = format!("{pointer}/headers/{}", escape(name));
        let header = deref(root, raw, &pointer)?;
        out.push(ResponseHeader {
            name,
            required: matches!(get(header, "required"), Some(Value::Bool(true))),
            schema: get(header, "schema").unwrap_or(&Value::Null),
            description: get(header, "description").and_then(Value::as_str),
            pointer,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Contract;
    use crate::operations::list;

    fn contract(responses: &str) -> Contract {
        Contract::parse(&format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      operationId: a\n{responses}components:\n  responses:\n    Ok: {{description: ok}}\n"
        ))
        .unwrap()
    }

    fn chosen(responses: &str) -> Result<(String, u16), ContractError> {
        let contract = contract(responses);
        let found = list(contract.root()).unwrap();
        success(contract.root(), &found[0]).map(|s| (s.key, s.status))
    }

    #[test]
    fn the_success_is_the_lowest_2xx_then_2xx_range_then_default() {
        let ok = |r: &str| chosen(r).unwrap();
        assert_eq!(
            ok(
                "      responses:\n        default: {description: e}\n        '204': {description: n}\n        201: {description: c}\n"
            ),
            ("201".to_owned(), 201)
        );
        assert_eq!(
            ok(
                "      responses:\n        default: {description: e}\n        2XX: {description: s}\n"
            ),
            ("2XX".to_owned(), 200)
        );
        assert_eq!(
            ok("      responses:\n        default: {$ref: '#/components/responses/Ok'}\n"),
            ("default".to_owned(), 200)
        );
        assert_eq!(ok(""), (String::new(), 200));
    }

    #[test]
    fn without_a_success_a_redirect_then_a_documented_404_then_the_lowest_status_is_the_answer() {
        let redirect = contract(
            "      responses:\n        '404': {description: n}\n        '307': {description: r}\n",
        );
        let found = list(redirect.root()).unwrap();
        let chosen = success(redirect.root(), &found[0]).unwrap();
        assert_eq!((chosen.status, chosen.documented_only), (307, false));
        assert!(chosen.redirects());
        let errors = contract(
            "      responses:\n        '404': {description: n}\n        '400': {description: b}\n",
        );
        let found = list(errors.root()).unwrap();
        let chosen = success(errors.root(), &found[0]).unwrap();
        assert_eq!(
            (chosen.key.as_str(), chosen.status, chosen.documented_only),
            ("404", 404, true)
        );
        assert!(!chosen.redirects());
        let errors = contract(
            "      responses:\n        '409': {description: c}\n        '400': {description: b}\n",
        );
        let found = list(errors.root()).unwrap();
        let chosen = success(errors.root(), &found[0]).unwrap();
        assert_eq!((chosen.status, chosen.documented_only), (400, true));
    }

    #[test]
    fn only_ranges_are_refused_with_the_pointer() {
        let error = chosen(
            "      responses:\n        3XX: {description: r}\n        4XX: {description: e}\n",
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "`/paths/~1a/get/responses` lists no success response msgen can answer (only 3XX, 4XX)"
        );
        assert!(error.hint().unwrap().contains("`2XX`"));
    }

    #[test]
    fn default_beside_a_success_is_the_error_shape() {
        let contract = contract(
            "      responses:\n        '200': {description: ok}\n        default: {description: e}\n",
        );
        let found = list(contract.root()).unwrap();
        let s = success(contract.root(), &found[0]).unwrap();
        let (pointer, _) = error_shape(contract.root(), &found[0], &s)
            .unwrap()
            .unwrap();
        assert_eq!(pointer, "/paths/~1a/get/responses/default");
        let contract = contract_only_default();
        let found = list(contract.root()).unwrap();
        let s = success(contract.root(), &found[0]).unwrap();
        assert!(
            error_shape(contract.root(), &found[0], &s)
                .unwrap()
                .is_none()
        );
    }

    fn contract_only_default() -> Contract {
        contract("      responses:\n        default: {description: e}\n")
    }

    #[test]
    fn headers_resolve_refs_and_skip_content_type() {
        let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  headers:\n    Rate: {required: true, schema: {type: integer}}\n  responses:\n    R:\n      description: r\n      headers:\n        X-Rate: {$ref: '#/components/headers/Rate'}\n        Content-Type: {schema: {type: string}}\n        X-Next: {schema: {type: string}}\n";
        let contract = Contract::parse(text).unwrap();
        let response =
            crate::yaml_view::resolve(contract.root(), "#/components/responses/R").unwrap();
        let all = headers(contract.root(), response, "/r").unwrap();
        let names: Vec<(&str, bool)> = all.iter().map(|h| (h.name, h.required)).collect();
        assert_eq!(names, [("X-Rate", true), ("X-Next", false)]);
    }
}
