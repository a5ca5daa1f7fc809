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
    /// The status the handler answers on success: the lowest `2xx`, else 200 for a `2XX`
    /// range or a `default` (see `msgen_openapi::responses::success`).
    pub status: u16,
    /// The headers the success response requires: the handler sets them, its test checks
    /// them.
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
    /// JSON request body.
    pub request: Option<Body>,
    /// JSON body of the success response.
    pub response: Option<Body>,
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
    let (status, response, response_headers) = success(root, examples, found, system)?;
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
        response_headers,
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
    })
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

/// The success status, its JSON body and the headers it requires.
fn success(
    root: &Value,
    examples: &Examples<'_>,
    found: &ListedOperation<'_>,
    system: bool,
) -> Result<(u16, Option<Body>, Vec<ResponseHeader>), RustError> {
    let chosen = msgen_openapi::responses::success(root, found)?;
    let Some(response) = chosen.response else {
        return Ok((chosen.status, None, Vec::new()));
    };
    let body = json_body(examples, response, found, &chosen.pointer, system)?;
    let mut headers = Vec::new();
    for header in msgen_openapi::responses::headers(root, response, &chosen.pointer)? {
        if header.required {
            headers.push(response_header(root, &found.id, &header)?);
        }
    }
    Ok((chosen.status, body, headers))
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
