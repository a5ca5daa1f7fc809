//! The operations of a contract: the render context's `operations[]`.

use std::borrow::Cow;

use heck::ToUpperCamelCase;
use yaml_serde::Value;

use crate::RustError;
use crate::example::Examples;
use crate::idents::field_idents;
use crate::param_examples::{
    BadRequest, NameValue, bad_request, bad_value, cookie_line, example_value, query_pair,
    required_examples,
};
use crate::params::{self};
use crate::request::RequestBody;
use crate::types::{Shape, Site, rust_type, shape};
use msgen_openapi::error_format::ErrorResponses;
use msgen_openapi::examples::{integer_example, number_example, percent_encode, string_example};
use msgen_openapi::names::sentence;
use msgen_openapi::operations::{ListedOperation, Param, params, path_param};
use msgen_openapi::route::{HttpMethod, Segment, route_pattern, segments};
use msgen_openapi::yaml_view::{deref, entries, escape, get, get_str};

/// One operation of `openapi.yaml`, shaped as the template context's `operations[]`.
#[derive(serde::Serialize, Clone, Debug, PartialEq)]
pub struct Operation {
    /// The Rust function name of the handler: the operation's unique `snake_case` module
    /// name (see `msgen_openapi::operations::list`).
    pub id: String,
    /// `operationId` as written in the contract; empty when the contract has none.
    pub operation_id: String,
    /// Lowercase method, the axum routing function.
    pub method: HttpMethod,
    /// Uppercase method.
    pub method_upper: String,
    /// The path key, as written in the contract.
    pub path: String,
    /// The path axum 0.8 routes: `path` with each segment holding a parameter captured
    /// whole (`/a/{Sid}.json` → `/a/{Sid}`).
    pub route: String,
    /// Whether a parameter sits beside static text in a segment (`{Sid}.json`): the
    /// route then checks and strips that text (`crate::extract::affixed`).
    pub affixed: bool,
    /// Handler module name (= `id`).
    pub module: String,
    /// `summary`, or a sentence made from the id.
    pub summary: String,
    /// The status the handler answers on success: the lowest `2xx`, else 200 for a `2XX`
    /// range or a `default`, else the lowest `3xx` (see
    /// `msgen_openapi::responses::success`); with `documented_only`, a documented error.
    pub status: u16,
    /// The operation documents no success (only `4xx`/`5xx`): `status` is the lowest it
    /// lists, the answer of the stub's example mode; nothing invents a success.
    pub documented_only: bool,
    /// The headers the success response requires: the handler sets them, its test checks
    /// them. A redirect (`301`, `302`, `303`, `307`, `308`) always has `Location`.
    pub response_headers: Vec<ResponseHeader>,
    /// A system endpoint (`GET` of a probe, the metrics or the contract), served by the
    /// template's plumbing: see [`msgen_openapi::system`].
    pub system: bool,
    /// Path parameters in path order.
    pub path_params: Vec<PathParam>,
    /// `Path<…>` type: `String` or `(String, i64)`; `None` without parameters.
    pub path_extractor: Option<String>,
    /// Destructuring pattern: `id` or `(order_id, line)`.
    pub path_pattern: Option<String>,
    /// The path with example values, for tests.
    pub example_path: String,
    /// Query parameters in document order.
    pub query_params: Vec<QueryParamInfo>,
    /// `<Id>Query` in `models`; `None` without query parameters.
    pub query_struct: Option<String>,
    /// `?a=1&b=x` with the required query parameters; empty when none are required.
    pub example_query: String,
    /// `<Id>Headers` in `models`; `None` without header parameters.
    pub header_struct: Option<String>,
    /// The required header parameters with example values, for tests.
    pub example_headers: Vec<NameValue>,
    /// `<Id>Cookies` in `models`; `None` without cookie parameters.
    pub cookie_struct: Option<String>,
    /// `a=1; b=x` with the required cookie parameters and the API key cookies of the
    /// first security requirement: one `Cookie` header carries them all; empty for none.
    pub example_cookie: String,
    /// The example request with one parameter given a value the contract refuses;
    /// `None` when no parameter can be given one.
    pub bad_request: Option<BadRequest>,
    /// The request body.
    pub request: Option<RequestBody>,
    /// JSON body of the success response.
    pub response: Option<Body>,
    /// The security requirements to enforce: any one entry suffices, each names the
    /// schemes (keys of `components.securitySchemes`) that must all pass. Empty: public
    /// (no `security`, `security: []`, an empty requirement `{}`, or a system endpoint).
    pub security: Vec<Vec<String>>,
    /// Headers that satisfy the first requirement, for tests (`Authorization`, an API
    /// key header); its API key cookies are in `example_cookie`.
    pub credentials: Vec<Credential>,
    /// The query string of the first requirement's query API keys, starting with `?`
    /// or `&` (after `example_query`); empty when none.
    pub credential_query: String,
    /// A request without credentials gets a `WWW-Authenticate` challenge (an HTTP,
    /// OAuth2 or OpenID Connect scheme is among those accepted).
    pub challenged: bool,
    /// The body of each error status and the status of a validation failure (see
    /// [`msgen_openapi::error_format`]).
    pub errors: ErrorResponses,
}

/// A request header that carries an example credential.
#[derive(serde::Serialize, Clone, Debug, PartialEq, Eq)]
pub struct Credential {
    /// The header name.
    pub name: String,
    /// Its value.
    pub value: String,
}

/// A path parameter.
#[derive(serde::Serialize, Clone, Debug, PartialEq, Eq)]
pub struct PathParam {
    /// Name in the path.
    pub name: String,
    /// Rust variable name.
    pub rust_name: String,
    /// Rust type (`String`, `i64`, `models::Status`, …).
    pub rust_type: String,
}

/// A header the success response requires.
#[derive(serde::Serialize, Clone, Debug, PartialEq, Eq)]
pub struct ResponseHeader {
    /// The header name, as written.
    pub name: String,
    /// The header name in lowercase, as `http::HeaderName` holds it.
    pub header_name: String,
    /// The Rust type of its value (`String`, `i64`, `f64`, `bool`).
    pub rust_type: String,
    /// A value valid against its schema, as the header's text (visible ASCII).
    pub example: String,
}

/// A query parameter.
#[derive(serde::Serialize, Clone, Debug, PartialEq, Eq)]
pub struct QueryParamInfo {
    /// Name in the query string.
    pub name: String,
    /// Rust field name in the query struct.
    pub rust_name: String,
    /// Rust type, without the `Option` an optional parameter gets in the struct.
    pub rust_type: String,
    /// Whether the parameter is required.
    pub required: bool,
}

/// A JSON body.
#[derive(serde::Serialize, Clone, Debug, PartialEq, Eq)]
pub struct Body {
    /// Component schema name (the item's for arrays), or the JSON type for primitives.
    pub schema: String,
    /// Rust type, e.g. `models::Order` or `Vec<models::Order>`.
    pub rust_type: String,
    /// A Rust expression of that type, e.g. `models::Order::example()`.
    pub example: String,
    /// The `crate::extract` type that writes it: `Json`, or `Text` (`text/plain`),
    /// `Binary` (`application/octet-stream`) and `Media` (bytes of another one media type)
    /// for a response without JSON.
    pub wrapper: String,
    /// The handler's return type for it: `Json<ResponseBody>`, `Text`, `Binary` or
    /// `crate::extract::Media` (bytes of another media type).
    pub response_type: String,
    /// The response's `Content-Type` (without parameters), e.g. `image/png`.
    pub media_type: String,
}

/// Build the full operation.
pub(crate) fn build(
    root: &Value,
    examples: &Examples<'_>,
    found: &ListedOperation<'_>,
) -> Result<Operation, RustError> {
    let params = params(root, found)?;
    let system = msgen_openapi::system::is_system(found.method, found.path);
    let path = path_part(examples, found, &params)?;
    let (path_params, example_path, bad_path) = (path.params, path.example, path.bad);
    let (query_params, example_query) = query_params(examples, found, &params)?;
    let headers = params::typed(examples.names, found, &params, "header")?;
    let cookies = params::typed(examples.names, found, &params, "cookie")?;
    let example_headers = required_examples(examples, &headers);
    let example_cookie = cookie_line(&required_examples(examples, &cookies));
    let example_query = query_line(&example_query);
    // System operations are public whatever the contract's global `security` says.
    let security = if system {
        Vec::new()
    } else {
        security(root, found.op)
    };
    let (credentials, credential_cookies, credential_query, challenged) =
        credentials(root, &security, &example_query);
    // One `Cookie` header: a second one would be a request that HTTP/1.1 forbids.
    let with_credentials = |line: &str| {
        let mut all: Vec<&str> = Some(line).filter(|l| !l.is_empty()).into_iter().collect();
        all.extend(credential_cookies.iter().map(String::as_str));
        all.join("; ")
    };
    let bad_request = bad_request(
        examples,
        found,
        &params,
        bad_path,
        (
            &example_path,
            &example_query,
            &example_headers,
            &example_cookie,
        ),
    )?
    .map(|bad| BadRequest {
        cookie: with_credentials(&bad.cookie),
        ..bad
    });
    let example_cookie = with_credentials(&example_cookie);
    let (status, documented_only, response, response_headers) =
        success(root, examples, found, system)?;
    let chosen = msgen_openapi::responses::success(root, found)?;
    let errors = msgen_openapi::error_format::error_responses(root, found, &chosen)?;
    Ok(Operation {
        id: found.module.clone(),
        operation_id: found.written.unwrap_or_default().to_owned(),
        method: found.method,
        method_upper: found.method.upper(),
        path: found.path.to_owned(),
        route: route_pattern(found.path)?,
        affixed: segments(found.path, false)?
            .iter()
            .any(|s| matches!(s, Segment::Affixed { .. })),
        module: found.module.clone(),
        summary: get_str(found.op, "summary")
            .map_or_else(|| sentence(&found.module), |s| s.trim().to_owned()),
        status,
        documented_only,
        response_headers,
        system,
        path_params,
        path_extractor: path.extractor,
        path_pattern: path.pattern,
        example_path,
        query_struct: (!query_params.is_empty())
            .then(|| format!("{}Query", found.module.to_upper_camel_case())),
        query_params,
        example_query,
        header_struct: (!headers.is_empty()).then(|| params::struct_name(found, "header")),
        example_headers,
        cookie_struct: (!cookies.is_empty()).then(|| params::struct_name(found, "cookie")),
        example_cookie,
        bad_request,
        request: crate::request::request_body(root, examples, found)?,
        response,
        security,
        credentials,
        credential_query,
        challenged,
        errors,
    })
}

/// The query string of an example request: `?a=1&b=2`, or empty.
fn query_line(pairs: &[String]) -> String {
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

/// The path parameters of an operation and how its handler extracts them.
struct PathPart {
    params: Vec<PathParam>,
    extractor: Option<String>,
    pattern: Option<String>,
    /// The path with example values.
    example: String,
    /// Which path parameter is given a bad value, and the path with it.
    bad: Option<(String, String)>,
}

/// The path parameters in path order: bounded or formatted ones are read into the
/// `<Id>Path` struct that checks them, others into a tuple.
fn path_part(
    examples: &Examples<'_>,
    found: &ListedOperation<'_>,
    params: &[Param<'_>],
) -> Result<PathPart, RustError> {
    let mut path_params = Vec::new();
    let mut path_typed = Vec::new();
    let mut example_path = String::new();
    let mut bad_path = None;
    for seg in segments(found.path, false)? {
        example_path.push('/');
        let (prefix, name, suffix) = match seg {
            Segment::Literal(lit) => {
                example_path.push_str(lit);
                continue;
            }
            Segment::Param(name) => ("", name, ""),
            Segment::Affixed {
                prefix,
                name,
                suffix,
            } => (prefix, name, suffix),
        };
        let typed = params::one(examples.names, found, path_param(params, name))?;
        if bad_path.is_none()
            && let Some(bad) = bad_value(examples, typed.param.schema, &typed.ty)
        {
            let bad = format!("{prefix}{}{suffix}", percent_encode(&bad));
            bad_path = Some((example_path.len(), name.to_owned(), bad));
        }
        example_path.push_str(prefix);
        example_path.push_str(&percent_encode(&example_value(
            examples,
            typed.param.schema,
            &typed.ty,
        )));
        example_path.push_str(suffix);
        path_params.push(PathParam {
            name: name.to_owned(),
            rust_name: String::new(),
            rust_type: typed.ty.render("models::"),
        });
        path_typed.push(typed);
    }
    if example_path.is_empty() {
        example_path.push('/');
    }
    // `{id}` and `{Id}` in one path are two variables.
    let names = field_idents(path_params.iter().map(|p| p.name.as_str()));
    for (param, name) in path_params.iter_mut().zip(names) {
        param.rust_name = name;
    }
    let path_checked = params::fields(examples, &path_typed)?.1;
    let (path_extractor, path_pattern) = match path_params.as_slice() {
        [] => (None, None),
        _ if path_checked => (
            Some(format!("models::{}", params::struct_name(found, "path"))),
            Some("path".to_owned()),
        ),
        [one] => (Some(one.rust_type.clone()), Some(one.rust_name.clone())),
        many => (
            Some(format!(
                "({})",
                many.iter()
                    .map(|p| p.rust_type.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            Some(format!(
                "({})",
                many.iter()
                    .map(|p| p.rust_name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        ),
    };
    let bad = bad_path.map(|(at, name, bad)| {
        let end = at
            + example_path[at..]
                .find('/')
                .unwrap_or(example_path.len() - at);
        (
            format!("path parameter `{name}`"),
            format!("{}{bad}{}", &example_path[..at], &example_path[end..]),
        )
    });
    Ok(PathPart {
        params: path_params,
        extractor: path_extractor,
        pattern: path_pattern,
        example: example_path,
        bad,
    })
}

/// The requirements of `op` as scheme names; none when any requirement is empty (`{}`:
/// anonymous access allowed).
fn security(root: &Value, op: &Value) -> Vec<Vec<String>> {
    let requirements = msgen_openapi::view::security_requirements(root, op);
    if requirements.iter().any(Vec::is_empty) {
        return Vec::new();
    }
    requirements
        .into_iter()
        .map(|requirement| requirement.into_iter().map(|r| r.scheme).collect())
        .collect()
}

/// Example credentials that satisfy the first of `security`: headers, cookies
/// (`name=value`), the query string to append after `example_query`, and whether a 401
/// carries a challenge.
fn credentials(
    root: &Value,
    security: &[Vec<String>],
    example_query: &str,
) -> (Vec<Credential>, Vec<String>, String, bool) {
    let scheme = |name: &str| {
        get(root, "components")
            .and_then(|components| get(components, "securitySchemes"))
            .and_then(|schemes| get(schemes, name))
            .map(|scheme| deref(root, scheme, "").unwrap_or(scheme))
    };
    let challenged = security.iter().flatten().any(|name| {
        scheme(name).is_some_and(|s| {
            matches!(get_str(s, "type"), Some("oauth2" | "openIdConnect"))
                || (get_str(s, "type") == Some("http")
                    && get_str(s, "scheme").is_some_and(|h| {
                        h.eq_ignore_ascii_case("bearer") || h.eq_ignore_ascii_case("basic")
                    }))
        })
    });
    let mut headers = Vec::new();
    let mut cookies = Vec::new();
    let mut query = Vec::new();
    for name in security.first().into_iter().flatten() {
        let Some(s) = scheme(name) else { continue };
        let parameter = get_str(s, "name").unwrap_or_default();
        match (get_str(s, "type"), get_str(s, "in")) {
            (Some("apiKey"), Some("header")) => headers.push(Credential {
                name: parameter.to_owned(),
                value: "example-key".into(),
            }),
            (Some("apiKey"), Some("cookie")) => cookies.push(format!("{parameter}=example-key")),
            (Some("apiKey"), Some("query")) => {
                query.push(format!("{}=example-key", percent_encode(parameter)));
            }
            (Some("http"), _) => {
                let http = get_str(s, "scheme").unwrap_or("bearer");
                let value = if http.eq_ignore_ascii_case("basic") {
                    // `example:example`
                    "Basic ZXhhbXBsZTpleGFtcGxl".to_owned()
                } else if http.eq_ignore_ascii_case("bearer") {
                    "Bearer example-token".to_owned()
                } else {
                    format!("{http} example-token")
                };
                headers.push(Credential {
                    name: "authorization".into(),
                    value,
                });
            }
            (Some("oauth2" | "openIdConnect"), _) => headers.push(Credential {
                name: "authorization".into(),
                value: "Bearer example-token".into(),
            }),
            _ => {}
        }
    }
    let query = if query.is_empty() {
        String::new()
    } else {
        let separator = if example_query.is_empty() { '?' } else { '&' };
        format!("{separator}{}", query.join("&"))
    };
    (headers, cookies, query, challenged)
}

/// The query parameters of `found` in document order, and the example query string of
/// the required ones.
fn query_params(
    examples: &Examples<'_>,
    found: &ListedOperation<'_>,
    params: &[Param<'_>],
) -> Result<(Vec<QueryParamInfo>, Vec<String>), RustError> {
    let mut query_params = Vec::new();
    let mut example_query = Vec::new();
    let query = params::typed(examples.names, found, params, "query")?;
    let rust_names = field_idents(query.iter().map(|p| p.param.name));
    for (typed, rust_name) in query.into_iter().zip(rust_names) {
        if typed.param.required {
            example_query.push(query_pair(examples, &typed, None));
        }
        query_params.push(QueryParamInfo {
            name: typed.param.name.to_owned(),
            rust_name,
            rust_type: typed.ty.render("models::"),
            required: typed.param.required,
        });
    }
    Ok((query_params, example_query))
}

/// The success status, whether the contract documents no success, its body and the
/// headers it requires.
fn success(
    root: &Value,
    examples: &Examples<'_>,
    found: &ListedOperation<'_>,
    system: bool,
) -> Result<(u16, bool, Option<Body>, Vec<ResponseHeader>), RustError> {
    let chosen = msgen_openapi::responses::success(root, found)?;
    let Some(response) = chosen.response else {
        return Ok((chosen.status, false, None, Vec::new()));
    };
    let body = json_body(examples, response, found, &chosen.pointer, system)?;
    let mut headers = Vec::new();
    let mut location = None;
    for header in msgen_openapi::responses::headers(root, response, &chosen.pointer)? {
        let is_location = header.name.eq_ignore_ascii_case("location");
        if header.required || (is_location && chosen.redirects()) {
            headers.push(response_header(root, &found.id, &header)?);
        }
        location = location.or(is_location.then_some(()));
    }
    if chosen.redirects() && location.is_none() {
        // A redirect without `Location` sends the client nowhere; the contract names no
        // target, so the stub points at a reserved example host.
        headers.push(ResponseHeader {
            name: "Location".to_owned(),
            header_name: "location".to_owned(),
            rust_type: "String".to_owned(),
            example: "https://example.com/".to_owned(),
        });
    }
    Ok((chosen.status, chosen.documented_only, body, headers))
}

/// A required response header: its Rust type and an example value.
fn response_header(
    root: &Value,
    owner: &str,
    header: &msgen_openapi::responses::ResponseHeader<'_>,
) -> Result<ResponseHeader, RustError> {
    let schema = match get_str(header.schema, "$ref") {
        Some(reference) => {
            msgen_openapi::yaml_view::resolve(root, reference).unwrap_or(&Value::Null)
        }
        None => header.schema,
    };
    let (rust_type, example) = match get_str(schema, "type") {
        Some("integer") => ("i64", integer_example(schema).to_string()),
        Some("number") => ("f64", number_example(schema).to_string()),
        Some("boolean") => ("bool", "true".to_owned()),
        Some("string") | None => ("String", string_example(schema)),
        Some(other) => {
            return Err(RustError::unsupported(
                owner,
                &header.pointer,
                format!(
                    "a required response header of type `{other}` (use a string, integer, number or boolean)"
                ),
            ));
        }
    };
    let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    if header.name.is_empty() || !header.name.chars().all(token) {
        return Err(RustError::unsupported(
            owner,
            &header.pointer,
            "a required response header whose name is not an HTTP token",
        ));
    }
    if example.is_empty() || !example.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return Err(RustError::unsupported(
            owner,
            &header.pointer,
            "a required response header whose example is not visible ASCII (give the header's schema an ASCII `example`)",
        ));
    }
    Ok(ResponseHeader {
        name: header.name.to_owned(),
        header_name: header.name.to_ascii_lowercase(),
        rust_type: rust_type.to_owned(),
        example,
    })
}

/// The model of an inline object (or enum) in the success response: `<Id>Response`.
fn response_model_name(found: &ListedOperation<'_>) -> String {
    format!("{}Response", found.module.to_upper_camel_case())
}

/// The schema of the success response's JSON content and where it is typed (an inline
/// object is `<Id>Response`; an inline `allOf` merged into it); `None` without one, or
/// for a system operation.
pub(crate) fn response_schema<'a>(
    root: &'a Value,
    names: &'a crate::types::SchemaNames,
    found: &'a ListedOperation<'a>,
) -> Result<Option<(Cow<'a, Value>, Site<'a>)>, RustError> {
    if msgen_openapi::system::is_system(found.method, found.path) {
        return Ok(None);
    }
    let chosen = msgen_openapi::responses::success(root, found)?;
    let content = chosen
        .response
        .and_then(|response| get(response, "content"))
        .and_then(Value::as_mapping);
    content
        .and_then(|content| json_schema(content, names, found, &chosen.pointer))
        .map(|(schema, site)| Ok((crate::merge::body(root, schema, &site)?, site)))
        .transpose()
}

/// The schema of a response's JSON content (`application/json` or a `+json` type other
/// than a problem) and where it is typed; `pointer` is the response's.
fn json_schema<'a>(
    content: &'a yaml_serde::Mapping,
    names: &'a crate::types::SchemaNames,
    found: &'a ListedOperation<'_>,
    pointer: &str,
) -> Option<(&'a Value, Site<'a>)> {
    let (media, value) = entries(content).find(|(media, _)| {
        media == "application/json" || (media.ends_with("+json") && !media.contains("problem"))
    })?;
    let site = Site {
        names,
        owner: &found.id,
        pointer: format!("{pointer}/content/{}/schema", escape(&media)),
        inline_name: Some(response_model_name(found)),
    };
    Some((get(value, "schema").unwrap_or(&Value::Null), site))
}

fn json_body(
    examples: &Examples<'_>,
    body: &Value,
    found: &ListedOperation<'_>,
    pointer: &str,
    system: bool,
) -> Result<Option<Body>, RustError> {
    let Some(content) = get(body, "content")
        .and_then(Value::as_mapping)
        .filter(|c| !c.is_empty())
    else {
        return Ok(None);
    };
    let Some((schema, site)) = json_schema(content, examples.names, found, pointer) else {
        if system {
            return Ok(None);
        }
        return not_json(content, found, pointer);
    };
    let schema = &*crate::merge::body(examples.root, schema, &site)?;
    let ty = rust_type(schema, &site)?;
    let name = match shape(schema, &site)?.0 {
        Shape::Ref(name) => name.to_owned(),
        Shape::Array(items) => match shape(items, &site)?.0 {
            Shape::Ref(name) => name.to_owned(),
            _ => "array".to_owned(),
        },
        Shape::Prim(prim) => prim.to_owned(),
        _ => "object".to_owned(),
    };
    let example = examples.expr(schema, &ty, &site, true)?;
    Ok(Some(Body {
        schema: name,
        rust_type: ty.render("models::"),
        example,
        wrapper: "Json".to_owned(),
        response_type: "Json<ResponseBody>".to_owned(),
        media_type: "application/json".to_owned(),
    }))
}

/// A response body of text or bytes: `text/plain` is a `String` written by `Text`,
/// `application/octet-stream` bytes written by `Binary`, any other one media type that is
/// neither JSON, XML nor a form (`image/png`, `application/pdf`, …) bytes written by
/// `crate::extract::Media` with that `Content-Type`; other media are refused.
fn not_json(
    content: &yaml_serde::Mapping,
    found: &ListedOperation<'_>,
    pointer: &str,
) -> Result<Option<Body>, RustError> {
    let media: Vec<String> = entries(content).map(|(m, _)| m).collect();
    let essence = |m: &String| {
        m.split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase()
    };
    let (schema, rust_type, example, wrapper, response_type, media_type) =
        match media.iter().map(essence).collect::<Vec<_>>().as_slice() {
            [m] if m == "text/plain" => (
                "string",
                "String",
                "String::from(\"example\")".to_owned(),
                "Text",
                "Text",
                m.clone(),
            ),
            [m] if m == "application/octet-stream" => (
                "binary",
                "axum::body::Bytes",
                "axum::body::Bytes::from_static(b\"example\")".to_owned(),
                "Binary",
                "Binary",
                m.clone(),
            ),
            [m] if is_bytes(m) => (
                "binary",
                "axum::body::Bytes",
                format!("crate::extract::example_bytes({m:?})"),
                "Media",
                "crate::extract::Media",
                m.clone(),
            ),
            _ => {
                let listed: Vec<String> = media.iter().map(|m| format!("`{m}`")).collect();
                return Err(RustError::unsupported(
                    &found.id,
                    pointer,
                    format!(
                        "a body of {} (msgen writes `application/json`, or one other media \
                         type alone that is not XML or a form: text, or bytes)",
                        listed.join(", ")
                    ),
                ));
            }
        };
    Ok(Some(Body {
        schema: schema.to_owned(),
        rust_type: rust_type.to_owned(),
        example,
        wrapper: wrapper.to_owned(),
        response_type: response_type.to_owned(),
        media_type,
    }))
}

/// A media type whose body msgen answers as opaque bytes: a valid `type/subtype` that
/// is not JSON, XML, a form or a wildcard (the response's `Content-Type` must be one
/// type).
fn is_bytes(media: &str) -> bool {
    let Some((kind, sub)) = media.split_once('/') else {
        return false;
    };
    let token = |t: &str| {
        !t.is_empty()
            && t.chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$&-^_.+".contains(c))
    };
    token(kind)
        && token(sub)
        && !(sub == "json" || sub.ends_with("+json") || sub.contains("xml"))
        && !matches!(kind, "multipart")
        && sub != "x-www-form-urlencoded"
}

#[cfg(test)]
#[path = "operation_tests.rs"]
mod tests;
