//! The contract's own error format: which body each error status of an operation
//! has, and how a generated service fills it from an error (a status and a detail).
//!
//! An operation's error responses are its `4xx`/`5xx` statuses, its `4XX`/`5XX`
//! ranges and its `default` (when another response is the success). A status is
//! answered as `OpenAPI` looks it up: the exact code, else its range, else `default`.
//! A response with a JSON schema (`application/json` or a `+json` type) is written
//! in that schema, with that media type; one without keeps RFC 9457 problem details.
//!
//! The fields of the schema (its `properties`, through `$ref` and `allOf`, nested
//! objects included) are filled by name, case, `_` and `-` ignored:
//!
//! | name | string field | integer or number field |
//! | --- | --- | --- |
//! | `code`, `status`, `statusCode`, `httpStatus`, `httpCode`, `errorCode` | the status as text (`"404"`) | the status (`404`) |
//! | `message`, `detail`, `error`, `errorMessage`, `errorDescription`, `description`, `msg` | the error's detail | — |
//! | `title`, `reason`, `reasonPhrase` | the status's reason phrase (`Not Found`) | — |
//! | `type` | `about:blank` | — |
//!
//! A body that is a string holds the detail; one that is an integer, the status.
//! A field of another name or type, or whose constraints the value may break (`enum`,
//! `const`, `pattern`, `format`, `minLength` over 1, bounds that exclude a status), is
//! left out when optional; a required one refuses the contract
//! ([`ContractError::ErrorFormat`]), never a body silently wrong. A string's
//! `maxLength` cuts the value. A schema without `properties` (free-form) gets the
//! problem fields `type`, `title`, `status` and `detail`; so does an
//! `application/problem+json` body for the members its schema leaves out (unless
//! `additionalProperties: false`).
//!
//! Validation failures answer the status the operation documents: 400 when it lists
//! `400` and not `422`, 422 when it lists `422` and not `400`; otherwise as the
//! extractor decides (400 for unreadable input, 422 for a constraint broken).

use serde::Serialize;
use yaml_serde::Value;

use crate::ContractError;
use crate::operations::ListedOperation;
use crate::responses::{Success, operation_pointer};
use crate::yaml_view::{deref, entries, escape, get, get_str};

/// Deepest nesting of objects filled (`{error: {code, message}}` is 2).
const MAX_NESTING: usize = 4;

/// What a generated service writes into a field of an error body.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum Fill {
    /// The HTTP status as a number.
    Status,
    /// The HTTP status as text: `"404"`.
    StatusText,
    /// The reason phrase of the status: `Not Found`.
    Title,
    /// The error's explanation (the problem's `detail`).
    Detail,
    /// `about:blank`, the problem type of an error with no type of its own.
    Type,
}

/// One field of an error body.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct ErrorField {
    /// The property names from the body's root: `["message"]`, `["error", "code"]`;
    /// empty when the field is the whole body (a string or an integer).
    pub path: Vec<String>,
    /// What fills it.
    pub fill: Fill,
    /// The string's `maxLength`, which cuts the value.
    pub max_length: Option<u64>,
}

/// The body of one error response of an operation.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct ErrorBody {
    /// The key under `responses`, as written: `404`, `4XX`, `default`.
    pub status: String,
    /// The JSON media type the contract lists; `None` when the response has no JSON
    /// schema (the service answers problem details).
    pub media_type: Option<String>,
    /// The fields filled, in document order.
    pub fields: Vec<ErrorField>,
}

/// The error responses of one operation.
#[derive(Serialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct ErrorResponses {
    /// The status of a validation failure: 400 or 422 when the contract documents only
    /// that one, 0 to leave it to the extractor.
    pub input_status: u16,
    /// Every error response the operation lists, in document order.
    pub bodies: Vec<ErrorBody>,
}

impl ErrorResponses {
    /// Whether any error is written in a format of the contract's (not problem details).
    #[must_use]
    pub fn declared(&self) -> bool {
        self.bodies.iter().any(|b| b.media_type.is_some())
    }
}

/// The error responses of `found`, whose success is `success`.
///
/// # Errors
/// A `$ref` that does not resolve, or an error schema with a required field msgen cannot
/// fill ([`ContractError::ErrorFormat`]).
pub fn error_responses(
    root: &Value,
    found: &ListedOperation<'_>,
    success: &Success<'_>,
) -> Result<ErrorResponses, ContractError> {
    let Some(map) = get(found.op, "responses").and_then(Value::as_mapping) else {
        return Ok(ErrorResponses::default());
    };
    let mut bodies = Vec::new();
    let mut codes = Vec::new();
    for (key, raw) in entries(map) {
        let is_error = match key.parse::<u16>() {
            Ok(code) => {
                codes.push(code);
                code >= 400
            }
            Err(_) => {
                ["4XX", "5XX"].iter().any(|r| key.eq_ignore_ascii_case(r))
                    || (key == "default" && key != success.key)
            }
        };
        if !is_error {
            continue;
        }
        let pointer = format!("{}/responses/{}", operation_pointer(found), escape(&key));
        let response = deref(root, raw, &pointer)?;
        bodies.push(body(root, key, response, &pointer)?);
    }
    let input_status = match (codes.contains(&400), codes.contains(&422)) {
        (true, false) => 400,
        (false, true) => 422,
        _ => 0,
    };
    Ok(ErrorResponses {
        input_status,
        bodies,
    })
}

/// The error responses every operation of the contract shares, for requests that match
/// no route; empty when they differ.
///
/// # Errors
/// As [`error_responses`].
pub fn shared(root: &Value) -> Result<ErrorResponses, ContractError> {
    let mut shared: Option<ErrorResponses> = None;
    for found in crate::operations::list(root)? {
        if crate::system::is_system(found.method, found.path) {
            continue;
        }
        let success = crate::responses::success(root, &found)?;
        let mut these = error_responses(root, &found, &success)?;
        these.input_status = 0;
        match &shared {
            None => shared = Some(these),
            Some(first) if *first == these => {}
            Some(_) => return Ok(ErrorResponses::default()),
        }
    }
    Ok(shared.unwrap_or_default())
}

/// The body of one error response: its JSON schema's fields, or problem details.
fn body(
    root: &Value,
    status: String,
    response: &Value,
    pointer: &str,
) -> Result<ErrorBody, ContractError> {
    let problem = |status| ErrorBody {
        status,
        media_type: None,
        fields: Vec::new(),
    };
    let Some(content) = get(response, "content").and_then(Value::as_mapping) else {
        return Ok(problem(status));
    };
    let json = entries(content).find(|(media, _)| {
        let media = media.to_ascii_lowercase();
        media == "application/json"
            || (media.starts_with("application/") && media.ends_with("+json"))
    });
    let Some((media, object)) = json else {
        return Ok(problem(status));
    };
    let pointer = format!("{pointer}/content/{}/schema", escape(&media));
    let Some(schema) = get(object, "schema") else {
        return Ok(problem(status));
    };
    let mut fields = Vec::new();
    match object_fields(root, schema, &pointer, &[], &mut fields)? {
        Filled::Object => {
            // Problem details keep their RFC 9457 members where the schema allows more.
            let (resolved, _) = located(root, schema, &pointer)?;
            let closed = matches!(
                get(resolved, "additionalProperties"),
                Some(Value::Bool(false))
            );
            if media.to_ascii_lowercase().ends_with("problem+json") && !closed {
                for member in problem_fields() {
                    if !fields.iter().any(|f| f.path == member.path) {
                        fields.push(member);
                    }
                }
            }
        }
        Filled::FreeForm => fields = problem_fields(),
        Filled::NotObject(kind) => fields = vec![whole(root, schema, &pointer, &kind)?],
    }
    Ok(ErrorBody {
        status,
        media_type: Some(media),
        fields,
    })
}

/// The one field of a body that is a string (the detail) or an integer (the status).
fn whole(
    root: &Value,
    schema: &Value,
    pointer: &str,
    kind: &str,
) -> Result<ErrorField, ContractError> {
    let (resolved, _) = located(root, schema, pointer)?;
    let fill = match kind {
        "string" => Fill::Detail,
        "integer" | "number" => Fill::Status,
        _ => {
            return Err(ContractError::ErrorFormat {
                pointer: pointer.to_owned(),
                reason: format!("is of type `{kind}`, not an object, a string or an integer"),
            });
        }
    };
    if let Some(reason) = unfillable(resolved, fill) {
        return Err(ContractError::ErrorFormat {
            pointer: pointer.to_owned(),
            reason,
        });
    }
    Ok(ErrorField {
        path: Vec::new(),
        fill,
        max_length: (fill == Fill::Detail)
            .then(|| get(resolved, "maxLength").and_then(Value::as_u64))
            .flatten(),
    })
}

/// The fields of RFC 9457 problem details.
fn problem_fields() -> Vec<ErrorField> {
    [
        ("type", Fill::Type),
        ("title", Fill::Title),
        ("status", Fill::Status),
        ("detail", Fill::Detail),
    ]
    .into_iter()
    .map(|(name, fill)| ErrorField {
        path: vec![name.to_owned()],
        fill,
        max_length: None,
    })
    .collect()
}

/// What a schema turned out to be.
enum Filled {
    /// An object with properties: its fields were added.
    Object,
    /// An object without properties: anything goes.
    FreeForm,
    /// Not an object: the JSON type found.
    NotObject(String),
}

/// The properties and required names of an object schema, through `$ref` and `allOf`.
struct Properties<'a> {
    listed: Vec<(String, &'a Value, String)>,
    required: Vec<String>,
    object: bool,
    other_type: Option<String>,
}

fn properties<'a>(
    root: &'a Value,
    schema: &'a Value,
    pointer: &str,
    out: &mut Properties<'a>,
    depth: usize,
) -> Result<(), ContractError> {
    let (schema, pointer) = located(root, schema, pointer)?;
    let pointer = pointer.as_str();
    if depth > 16 {
        return Ok(());
    }
    match json_type(schema).as_deref() {
        Some("object") => out.object = true,
        Some(other) => out.other_type = Some(other.to_owned()),
        None => {}
    }
    if let Some(map) = get(schema, "properties").and_then(Value::as_mapping) {
        out.object = true;
        for (name, value) in entries(map) {
            let at = format!("{pointer}/properties/{}", escape(&name));
            if !out.listed.iter().any(|(n, _, _)| *n == name) {
                out.listed.push((name, value, at));
            }
        }
    }
    if let Some(required) = get(schema, "required").and_then(Value::as_sequence) {
        out.required
            .extend(required.iter().filter_map(Value::as_str).map(str::to_owned));
    }
    if let Some(all) = get(schema, "allOf").and_then(Value::as_sequence) {
        for (index, member) in all.iter().enumerate() {
            properties(
                root,
                member,
                &format!("{pointer}/allOf/{index}"),
                out,
                depth + 1,
            )?;
        }
    }
    Ok(())
}

/// `schema` with its `$ref` followed, and the pointer where it is written.
fn located<'a>(
    root: &'a Value,
    schema: &'a Value,
    pointer: &str,
) -> Result<(&'a Value, String), ContractError> {
    let at = match get_str(schema, "$ref").and_then(|r| r.strip_prefix('#')) {
        Some(target) => target.to_owned(),
        None => pointer.to_owned(),
    };
    Ok((deref(root, schema, pointer)?, at))
}

/// The JSON type of a schema: `type`, the one non-`null` entry of a 3.1 type list.
fn json_type(schema: &Value) -> Option<String> {
    match get(schema, "type")? {
        Value::String(one) => Some(one.clone()),
        Value::Sequence(all) => {
            let mut types = all
                .iter()
                .filter_map(Value::as_str)
                .filter(|t| *t != "null");
            let first = types.next()?;
            types.next().is_none().then(|| first.to_owned())
        }
        _ => None,
    }
}

/// Adds the fields of the object `schema` under `prefix` to `out`.
fn object_fields(
    root: &Value,
    schema: &Value,
    pointer: &str,
    prefix: &[String],
    out: &mut Vec<ErrorField>,
) -> Result<Filled, ContractError> {
    let mut found = Properties {
        listed: Vec::new(),
        required: Vec::new(),
        object: false,
        other_type: None,
    };
    properties(root, schema, pointer, &mut found, 0)?;
    if let Some(other) = found.other_type.filter(|_| found.listed.is_empty()) {
        return Ok(Filled::NotObject(other));
    }
    if found.listed.is_empty() {
        return Ok(Filled::FreeForm);
    }
    for (name, raw, at) in &found.listed {
        let required = found.required.contains(name);
        let mut path = prefix.to_vec();
        path.push(name.clone());
        match field(root, name, raw, at, &path, out)? {
            Ok(()) => {}
            Err(_) if !required => {}
            Err(reason) => {
                return Err(ContractError::ErrorFormat {
                    pointer: at.clone(),
                    reason,
                });
            }
        }
    }
    for name in &found.required {
        if !found.listed.iter().any(|(n, _, _)| n == name) {
            return Err(ContractError::ErrorFormat {
                pointer: pointer.to_owned(),
                reason: format!("requires `{name}`, which it does not describe"),
            });
        }
    }
    Ok(Filled::Object)
}

/// Adds the field `name` (schema `raw` at `at`) to `out`; `Ok(Err(reason))` when msgen
/// cannot fill it.
fn field(
    root: &Value,
    name: &str,
    raw: &Value,
    at: &str,
    path: &[String],
    out: &mut Vec<ErrorField>,
) -> Result<Result<(), String>, ContractError> {
    let (schema, _) = located(root, raw, at)?;
    let kind = json_type(schema);
    let nested = kind.as_deref() == Some("object")
        || get(schema, "properties").is_some()
        || get(schema, "allOf").is_some();
    if nested {
        if path.len() >= MAX_NESTING {
            return Ok(Err("nests objects too deep to fill".to_owned()));
        }
        let mut inner = Vec::new();
        return match object_fields(root, raw, at, path, &mut inner) {
            Ok(Filled::Object) => {
                out.extend(inner);
                Ok(Ok(()))
            }
            Ok(_) => Ok(Err(
                "is an object without properties msgen can fill".to_owned()
            )),
            Err(ContractError::ErrorFormat { reason, pointer }) => {
                Ok(Err(format!("holds `{pointer}`, which {reason}")))
            }
            Err(other) => Err(other),
        };
    }
    let key: String = name
        .chars()
        .filter(|c| !matches!(c, '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect();
    let numeric = matches!(kind.as_deref(), Some("integer" | "number"));
    let textual = matches!(kind.as_deref(), Some("string") | None);
    let fill = match key.as_str() {
        "code" | "status" | "statuscode" | "httpstatus" | "httpcode" | "errorcode"
        | "httpstatuscode" => {
            if numeric || kind.is_none() {
                Some(Fill::Status)
            } else if textual {
                Some(Fill::StatusText)
            } else {
                None
            }
        }
        "message" | "detail" | "error" | "errormessage" | "errordescription" | "description"
        | "msg" => textual.then_some(Fill::Detail),
        "title" | "reason" | "reasonphrase" => textual.then_some(Fill::Title),
        "type" => textual.then_some(Fill::Type),
        _ => None,
    };
    let Some(fill) = fill else {
        return Ok(Err(format!(
            "is a field msgen does not know how to fill (of type `{}`)",
            kind.as_deref().unwrap_or("any")
        )));
    };
    if let Some(reason) = unfillable(schema, fill) {
        return Ok(Err(reason));
    }
    out.push(ErrorField {
        path: path.to_vec(),
        fill,
        max_length: (fill != Fill::Status)
            .then(|| get(schema, "maxLength").and_then(Value::as_u64))
            .flatten(),
    });
    Ok(Ok(()))
}

/// Why a constraint of `schema` may refuse the value `fill` gives, if it may.
fn unfillable(schema: &Value, fill: Fill) -> Option<String> {
    for keyword in ["enum", "const", "pattern", "multipleOf"] {
        if get(schema, keyword).is_some() {
            return Some(format!("has `{keyword}`, which an error's value may break"));
        }
    }
    if let Some(format) = get_str(schema, "format") {
        let fits = match fill {
            Fill::Status => true,
            Fill::Type => matches!(format, "uri" | "uri-reference" | "iri" | "iri-reference"),
            _ => false,
        };
        if !fits {
            return Some(format!(
                "has `format: {format}`, which an error's value may break"
            ));
        }
    }
    if get(schema, "minLength")
        .and_then(Value::as_u64)
        .is_some_and(|n| n > 1)
    {
        return Some("has `minLength` over 1, which an error's value may break".to_owned());
    }
    if fill == Fill::Status {
        let number = |key: &str| get(schema, key).and_then(Value::as_f64);
        let low = number("minimum").is_some_and(|m| m > 400.0)
            || number("exclusiveMinimum").is_some_and(|m| m >= 400.0);
        let high = number("maximum").is_some_and(|m| m < 599.0)
            || number("exclusiveMaximum").is_some_and(|m| m <= 599.0);
        if low || high {
            return Some("has bounds that leave out some error statuses (400 to 599)".to_owned());
        }
    }
    None
}

#[cfg(test)]
#[path = "error_format_tests.rs"]
mod tests;
