//! The operations of a contract: the render context's `operations[]`.

use heck::ToUpperCamelCase;
use yaml_serde::Value;

use crate::RustError;
use crate::example::Examples;
use crate::idents::field_idents;
use crate::types::{RType, Shape, Site, param_site, param_type, rust_type, shape};
use msgen_openapi::examples::{integer_example, number_example, percent_encode, string_example};
use msgen_openapi::names::sentence;
use msgen_openapi::operations::{ListedOperation, Param, params, path_param};
use msgen_openapi::route::{HttpMethod, Segment, segments};
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
    /// The path, identical in `OpenAPI` and axum 0.8.
    pub path: String,
    /// Handler module name (= `id`).
    pub module: String,
    /// `summary`, or a sentence made from the id.
    pub summary: String,
    /// The success status (lowest `2xx`).
    pub status: u16,
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
    /// JSON request body.
    pub request: Option<Body>,
    /// JSON body of the success response.
    pub response: Option<Body>,
    /// The security requirements to enforce: any one entry suffices, each names the
    /// schemes (keys of `components.securitySchemes`) that must all pass. Empty: public
    /// (no `security`, `security: []`, an empty requirement `{}`, or a system endpoint).
    pub security: Vec<Vec<String>>,
    /// Headers that satisfy the first requirement, for tests (`Authorization`,
    /// an API key header, `Cookie`).
    pub credentials: Vec<Credential>,
    /// The query string of the first requirement's query API keys, starting with `?`
    /// or `&` (after `example_query`); empty when none.
    pub credential_query: String,
    /// A request without credentials gets a `WWW-Authenticate` challenge (an HTTP,
    /// OAuth2 or OpenID Connect scheme is among those accepted).
    pub challenged: bool,
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
}

/// Build the full operation.
pub(crate) fn build(
    root: &Value,
    examples: &Examples<'_>,
    found: &ListedOperation<'_>,
) -> Result<Operation, RustError> {
    let params = params(root, found)?;
    let system = msgen_openapi::system::is_system(found.method, found.path);
    let mut path_params = Vec::new();
    let mut example_path = String::new();
    for seg in segments(found.path, false)? {
        example_path.push('/');
        match seg {
            Segment::Literal(lit) => example_path.push_str(lit),
            Segment::Param(name) => {
                let param = path_param(&params, name);
                let ty = param_type(&param, &param_site(examples.names, found, &param))?;
                example_path.push_str(&percent_encode(&example_value(examples, param.schema, &ty)));
                path_params.push(PathParam {
                    name: name.to_owned(),
                    rust_name: String::new(),
                    rust_type: ty.render("models::"),
                });
            }
        }
    }
    if example_path.is_empty() {
        example_path.push('/');
    }
    // `{id}` and `{Id}` in one path are two variables.
    let names = field_idents(path_params.iter().map(|p| p.name.as_str()));
    for (param, name) in path_params.iter_mut().zip(names) {
        param.rust_name = name;
    }
    let (path_extractor, path_pattern) = match path_params.as_slice() {
        [] => (None, None),
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
    let (query_params, example_query) = query_params(examples, found, &params)?;
    let (status, response) = success(root, examples, found, system)?;
    let security = if system {
        Vec::new()
    } else {
        security(root, found.op)
    };
    let (credentials, credential_query, challenged) = credentials(root, &security, &example_query);
    Ok(Operation {
        id: found.module.clone(),
        operation_id: found.written.unwrap_or_default().to_owned(),
        method: found.method,
        method_upper: found.method.upper(),
        path: found.path.to_owned(),
        module: found.module.clone(),
        summary: get_str(found.op, "summary")
            .map_or_else(|| sentence(&found.module), |s| s.trim().to_owned()),
        status,
        system,
        path_params,
        path_extractor,
        path_pattern,
        example_path,
        query_struct: (!query_params.is_empty())
            .then(|| format!("{}Query", found.module.to_upper_camel_case())),
        query_params,
        example_query: if example_query.is_empty() {
            String::new()
        } else {
            format!("?{}", example_query.join("&"))
        },
        request: request(root, examples, found, system)?,
        response,
        security,
        credentials,
        credential_query,
        challenged,
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

/// Example credentials that satisfy the first of `security`: headers, the query string
/// to append after `example_query`, and whether a 401 carries a challenge.
fn credentials(
    root: &Value,
    security: &[Vec<String>],
    example_query: &[String],
) -> (Vec<Credential>, String, bool) {
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
    if !cookies.is_empty() {
        headers.push(Credential {
            name: "cookie".into(),
            value: cookies.join("; "),
        });
    }
    let query = if query.is_empty() {
        String::new()
    } else {
        let separator = if example_query.is_empty() { '?' } else { '&' };
        format!("{separator}{}", query.join("&"))
    };
    (headers, query, challenged)
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
    let query: Vec<&Param<'_>> = params.iter().filter(|p| p.location == "query").collect();
    let rust_names = field_idents(query.iter().map(|p| p.name));
    for (param, rust_name) in query.into_iter().zip(rust_names) {
        let ty = param_type(param, &param_site(examples.names, found, param))?;
        if param.required {
            example_query.push(format!(
                "{}={}",
                percent_encode(param.name),
                percent_encode(&example_value(examples, param.schema, &ty))
            ));
        }
        query_params.push(QueryParamInfo {
            name: param.name.to_owned(),
            rust_name,
            rust_type: ty.render("models::"),
            required: param.required,
        });
    }
    Ok((query_params, example_query))
}

fn request(
    root: &Value,
    examples: &Examples<'_>,
    found: &ListedOperation<'_>,
    system: bool,
) -> Result<Option<Body>, RustError> {
    let pointer = format!(
        "/paths/{}/{}/requestBody",
        escape(found.path),
        found.method.as_str()
    );
    let Some(raw) = get(found.op, "requestBody") else {
        return Ok(None);
    };
    let body = deref(root, raw, &pointer)?;
    json_body(examples, body, found, &pointer, system)
}

fn success(
    root: &Value,
    examples: &Examples<'_>,
    found: &ListedOperation<'_>,
    system: bool,
) -> Result<(u16, Option<Body>), RustError> {
    let pointer = format!(
        "/paths/{}/{}/responses",
        escape(found.path),
        found.method.as_str()
    );
    let responses = get(found.op, "responses").and_then(Value::as_mapping);
    let best = responses
        .into_iter()
        .flat_map(entries)
        .filter_map(|(code, v)| {
            code.parse::<u16>()
                .ok()
                .filter(|c| (200..300).contains(c))
                .map(|c| (c, v))
        })
        .min_by_key(|(c, _)| *c);
    let Some((status, raw)) = best else {
        if system {
            return Ok((200, None));
        }
        return Err(RustError::invalid(pointer, "has no success (2xx) response"));
    };
    let pointer = format!("{pointer}/{status}");
    let response = deref(root, raw, &pointer)?;
    Ok((
        status,
        json_body(examples, response, found, &pointer, system)?,
    ))
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
    let json = entries(content).find(|(media, _)| {
        media == "application/json" || (media.ends_with("+json") && !media.contains("problem"))
    });
    let Some((media, media_value)) = json else {
        if system {
            return Ok(None);
        }
        return Err(RustError::unsupported(
            &found.id,
            pointer,
            "a body without `application/json` content (msgen generates JSON handlers)",
        ));
    };
    let schema = get(media_value, "schema").unwrap_or(&Value::Null);
    let site = Site {
        names: examples.names,
        owner: &found.id,
        pointer: format!("{pointer}/content/{}/schema", escape(&media)),
        inline_name: None,
    };
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
    }))
}

/// A raw (unencoded) example value for a path or query parameter.
fn example_value(examples: &Examples<'_>, schema: &Value, ty: &RType) -> String {
    let schema = match get_str(schema, "$ref") {
        Some(reference) => {
            msgen_openapi::yaml_view::resolve(examples.root, reference).unwrap_or(&Value::Null)
        }
        None => schema,
    };
    match ty {
        RType::I32 | RType::I64 => integer_example(schema).to_string(),
        RType::F32 | RType::F64 => number_example(schema).to_string(),
        RType::Bool => "true".into(),
        _ => string_example(schema),
    }
}

#[cfg(test)]
#[path = "operation_tests.rs"]
mod tests;
