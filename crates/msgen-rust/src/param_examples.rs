//! Example values of an operation's parameters for its generated test: the query string,
//! headers and cookies of a valid request, and a request with one value the contract
//! refuses.

use yaml_serde::Value;

use crate::RustError;
use crate::example::Examples;
use crate::params::{self, Typed};
use crate::types::RType;
use msgen_openapi::examples::{integer_example, number_example, percent_encode, string_example};
use msgen_openapi::operations::{ListedOperation, Param};
use msgen_openapi::yaml_view::{get, get_str};

/// A name and a raw (unencoded) value: a header of a test request.
#[derive(serde::Serialize, Clone, Debug, PartialEq, Eq)]
pub struct NameValue {
    /// The name.
    pub name: String,
    /// The value.
    pub value: String,
}

/// The example request with one bad parameter value.
#[derive(serde::Serialize, Clone, Debug, PartialEq, Eq)]
pub struct BadRequest {
    /// Which parameter is bad: `query parameter `limit``.
    pub what: String,
    /// The path (percent-encoded).
    pub path: String,
    /// The query string, `?…` or empty.
    pub query: String,
    /// The headers.
    pub headers: Vec<NameValue>,
    /// The `Cookie` header, empty for none.
    pub cookie: String,
}

/// The schema of an array parameter's items (`$ref` resolved), else the schema itself.
fn items_schema<'a>(examples: &Examples<'a>, schema: &'a Value) -> &'a Value {
    let schema = resolved(examples, schema);
    get(schema, "items").unwrap_or(schema)
}

fn resolved<'a>(examples: &Examples<'a>, schema: &'a Value) -> &'a Value {
    match get_str(schema, "$ref") {
        Some(reference) => {
            msgen_openapi::yaml_view::resolve(examples.root, reference).unwrap_or(&Value::Null)
        }
        None => schema,
    }
}

/// The raw example values of a parameter: one, or `minItems` (at least one) for an array.
pub(crate) fn example_values(examples: &Examples<'_>, typed: &Typed<'_>) -> Vec<String> {
    match &typed.ty {
        RType::Vec(item) => {
            let schema = resolved(examples, typed.param.schema);
            let count = get(schema, "minItems")
                .and_then(Value::as_u64)
                .unwrap_or(1)
                .clamp(1, 16);
            let one = example_value(examples, items_schema(examples, typed.param.schema), item);
            let mut values = vec![one; usize::try_from(count).unwrap_or(1)];
            // Distinct items, for `uniqueItems`.
            if values.len() > 1 && matches!(**item, RType::String) {
                for (i, value) in values.iter_mut().enumerate().skip(1) {
                    value.push_str(&i.to_string());
                }
            }
            values
        }
        ty => vec![example_value(examples, typed.param.schema, ty)],
    }
}

/// `name=value` for a query parameter (`bad` in place of its example), arrays exploded
/// (`a=1&a=2`) or comma-separated (`a=1,2`) as the contract says.
pub(crate) fn query_pair(examples: &Examples<'_>, typed: &Typed<'_>, bad: Option<&str>) -> String {
    let mut values = example_values(examples, typed);
    if let Some(bad) = bad {
        bad.clone_into(&mut values[0]);
    }
    let name = percent_encode(typed.param.name);
    if typed.deserialize_with.is_some() {
        let joined: Vec<String> = values.iter().map(|v| percent_encode(v)).collect();
        format!("{name}={}", joined.join(","))
    } else {
        values
            .iter()
            .map(|v| format!("{name}={}", percent_encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// The required parameters of `typed` with raw example values (arrays comma-separated).
pub(crate) fn required_examples(examples: &Examples<'_>, typed: &[Typed<'_>]) -> Vec<NameValue> {
    typed
        .iter()
        .filter(|t| t.param.required)
        .map(|t| NameValue {
            name: t.param.name.to_owned(),
            value: example_values(examples, t).join(","),
        })
        .collect()
}

pub(crate) fn cookie_line(cookies: &[NameValue]) -> String {
    cookies
        .iter()
        .map(|c| format!("{}={}", c.name, c.value))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A value of type `ty` that `schema` refuses: past a bound, too long, not in the enum,
/// malformed; `None` when nothing is refused that a URL can carry.
pub(crate) fn bad_value(examples: &Examples<'_>, schema: &Value, ty: &RType) -> Option<String> {
    let schema = resolved(examples, schema);
    let number = |key: &str| get(schema, key).and_then(Value::as_f64);
    match ty {
        RType::Option(inner) => bad_value(examples, schema, inner),
        RType::Vec(item) => bad_value(examples, items_schema(examples, schema), item),
        RType::I32 | RType::I64 | RType::Integer | RType::F32 | RType::F64 => {
            #[allow(clippy::cast_possible_truncation)]
            let past = |bound: f64, step: f64| {
                if ty.is_integer() {
                    format!("{}", (bound.floor() + step) as i64)
                } else {
                    format!("{}", bound + step)
                }
            };
            Some(match (number("maximum"), number("minimum")) {
                (Some(max), _) => past(max, 1.0),
                (None, Some(min)) => past(min, -1.0),
                _ => "not-a-number".to_owned(),
            })
        }
        RType::Bool => Some("maybe".to_owned()),
        RType::Named(_) if get(schema, "enum").is_some() => Some("not-a-listed-value".to_owned()),
        RType::String => {
            if let Some(max) = get(schema, "maxLength").and_then(Value::as_u64) {
                return Some("x".repeat(usize::try_from(max).ok()?.checked_add(1)?));
            }
            match get_str(schema, "format") {
                Some("uuid" | "date" | "date-time" | "email" | "ipv4" | "ipv6" | "uri") => {
                    Some("not-valid".to_owned())
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// The example request with the first parameter that can be given a bad value given
/// one: `bad_path` (what, path) when a path parameter can, else a query, header or
/// cookie parameter.
pub(crate) fn bad_request(
    examples: &Examples<'_>,
    found: &ListedOperation<'_>,
    params: &[Param<'_>],
    bad_path: Option<(String, String)>,
    (path, query, headers, cookie): (&str, &str, &[NameValue], &str),
) -> Result<Option<BadRequest>, RustError> {
    let request = |what: String| BadRequest {
        what,
        path: path.to_owned(),
        query: query.to_owned(),
        headers: headers.to_vec(),
        cookie: cookie.to_owned(),
    };
    if let Some((what, bad)) = bad_path {
        return Ok(Some(BadRequest {
            path: bad,
            ..request(what)
        }));
    }
    for location in ["query", "header", "cookie"] {
        let typed = params::typed(examples.names, found, params, location)?;
        for (i, target) in typed.iter().enumerate() {
            let Some(bad) = bad_value(examples, target.param.schema, &target.ty) else {
                continue;
            };
            let mut out = request(format!("{location} parameter `{}`", target.param.name));
            let others = typed
                .iter()
                .enumerate()
                .filter(|(j, t)| *j != i && t.param.required)
                .map(|(_, t)| t);
            if location == "query" {
                let mut pairs: Vec<String> =
                    others.map(|t| query_pair(examples, t, None)).collect();
                pairs.push(query_pair(examples, target, Some(&bad)));
                out.query = format!("?{}", pairs.join("&"));
                return Ok(Some(out));
            }
            let mut values: Vec<NameValue> = others
                .map(|t| NameValue {
                    name: t.param.name.to_owned(),
                    value: example_values(examples, t).join(","),
                })
                .collect();
            values.push(NameValue {
                name: target.param.name.to_owned(),
                value: bad,
            });
            if location == "header" {
                out.headers = values;
            } else {
                out.cookie = cookie_line(&values);
            }
            return Ok(Some(out));
        }
    }
    Ok(None)
}

/// A raw (unencoded) example value for a path or query parameter.
pub(crate) fn example_value(examples: &Examples<'_>, schema: &Value, ty: &RType) -> String {
    let schema = match get_str(schema, "$ref") {
        Some(reference) => {
            msgen_openapi::yaml_view::resolve(examples.root, reference).unwrap_or(&Value::Null)
        }
        None => schema,
    };
    match ty {
        RType::I32 | RType::I64 | RType::Integer => integer_example(schema).to_string(),
        RType::F32 | RType::F64 => number_example(schema).to_string(),
        RType::Bool => "true".into(),
        _ => string_example(schema),
    }
}
