//! The language-neutral view of a contract: its schemas and operations as plain data, for
//! templates of any language (the render context's `contract`). Nothing here names a type
//! of a target language; a template maps `kind`, `type` and `format` to its own types.

use heck::{ToKebabCase, ToLowerCamelCase, ToSnakeCase, ToUpperCamelCase};
use serde::Serialize;
use yaml_serde::Value;

use crate::error_format::ErrorResponses;
use crate::examples::{integer_example, number_example, percent_encode, string_example};
use crate::names::sentence;
use crate::operations::{ListedOperation, Param, list, params, path_param};
use crate::route::{HttpMethod, Segment, segments};
use crate::yaml_view::{SCHEMA_REF, deref, entries, escape, get, get_str, resolve};
use crate::{Contract, ContractError};

/// Deepest nesting of inline schemas described; deeper ones are `any`.
const MAX_DEPTH: usize = 64;

/// A contract, language-neutral.
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct ContractView {
    /// `info.title`, `info.version`, `info.description`.
    pub info: Info,
    /// The path every operation is served under, from the first `servers` URL: `""` or
    /// `/v1` (see [`crate::servers::base_path`]).
    pub base_path: String,
    /// `components.schemas`, in document order.
    pub schemas: Vec<Schema>,
    /// Every operation, in document order.
    pub operations: Vec<Operation>,
    /// `components.securitySchemes`, in document order.
    pub security_schemes: Vec<SecurityScheme>,
}

/// The contract's `info`.
#[derive(Serialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct Info {
    /// `info.title`.
    pub title: Option<String>,
    /// `info.version`.
    pub version: Option<String>,
    /// `info.description`.
    pub description: Option<String>,
}

/// A named component schema.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Schema {
    /// Its key under `components.schemas`, as written.
    pub name: String,
    /// The name in case forms.
    pub names: Names,
    /// What it is.
    #[serde(flatten)]
    pub shape: Shape,
}

/// A name in the case forms templates need.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct Names {
    /// `order_line`.
    pub snake: String,
    /// `orderLine`.
    pub camel: String,
    /// `OrderLine`.
    pub pascal: String,
    /// `order-line`.
    pub kebab: String,
}

impl Names {
    fn of(name: &str) -> Self {
        Self {
            snake: name.to_snake_case(),
            camel: name.to_lower_camel_case(),
            pascal: name.to_upper_camel_case(),
            kebab: name.to_kebab_case(),
        }
    }
}

/// The kind of a schema.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub enum Kind {
    /// A `$ref` to a component schema (`ref` names it).
    Ref,
    /// An object with `fields`.
    Object,
    /// An object with only `additionalProperties` (`values` types them).
    Map,
    /// An array of `items`.
    Array,
    /// A string.
    String,
    /// An integer.
    Integer,
    /// A number.
    Number,
    /// A boolean.
    Boolean,
    /// A closed set of `enum` values.
    Enum,
    /// Exactly one of `variants`.
    OneOf,
    /// One or more of `variants`.
    AnyOf,
    /// All of `variants`.
    AllOf,
    /// Anything (no `type`, or `null` only).
    #[default]
    Any,
}

/// A schema described: what templates map to their own types.
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct Shape {
    /// What it is.
    pub kind: Kind,
    /// The JSON Schema `type` (`string`, `integer`, …; `null` when absent, e.g. for a `$ref`).
    #[serde(rename = "type")]
    pub json_type: Option<String>,
    /// The component schema a `ref` names.
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    /// `format`.
    pub format: Option<String>,
    /// Whether `null` is allowed (`nullable: true`, a `null` type, or a `null` variant).
    pub nullable: bool,
    /// `description`.
    pub description: Option<String>,
    /// `default`, as JSON.
    pub default: Option<serde_json::Value>,
    /// `example` (or the first of `examples`), as JSON.
    pub example: Option<serde_json::Value>,
    /// The `enum` values, as JSON (an `enum` kind).
    #[serde(rename = "enum")]
    pub values: Vec<serde_json::Value>,
    /// Properties of an object, in document order.
    pub fields: Vec<Field>,
    /// The item of an array.
    pub items: Option<Box<Shape>>,
    /// The value of a map, or of an object's `additionalProperties`.
    pub additional: Option<Box<Shape>>,
    /// The variants of a `oneOf`, `anyOf` or `allOf`.
    pub variants: Vec<Shape>,
    /// The `discriminator` of a `oneOf` or `anyOf`.
    pub discriminator: Option<Discriminator>,
    /// Validation keywords.
    pub constraints: Constraints,
    /// `readOnly`.
    pub read_only: bool,
    /// `writeOnly`.
    pub write_only: bool,
    /// `deprecated`.
    pub deprecated: bool,
}

/// A property of an object schema.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Field {
    /// The property name, as written.
    pub name: String,
    /// The name in case forms.
    pub names: Names,
    /// Listed in the object's `required`.
    pub required: bool,
    /// Its schema.
    #[serde(flatten)]
    pub shape: Shape,
}

/// A `discriminator`.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct Discriminator {
    /// `propertyName`.
    pub property: String,
    /// `mapping`, in document order: the property's value and the schema it selects.
    pub mapping: Vec<Mapped>,
}

/// One entry of a discriminator's `mapping`.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct Mapped {
    /// The discriminating value.
    pub value: String,
    /// The component schema it selects (the `$ref` as written when not a component).
    pub schema: String,
}

/// Validation keywords, `null` (`false`) when not written.
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct Constraints {
    /// `minimum`.
    pub minimum: Option<serde_json::Value>,
    /// `maximum`.
    pub maximum: Option<serde_json::Value>,
    /// `exclusiveMinimum` (a number in 3.1, a boolean in 3.0).
    pub exclusive_minimum: Option<serde_json::Value>,
    /// `exclusiveMaximum` (a number in 3.1, a boolean in 3.0).
    pub exclusive_maximum: Option<serde_json::Value>,
    /// `multipleOf`.
    pub multiple_of: Option<serde_json::Value>,
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// `pattern`.
    pub pattern: Option<String>,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `uniqueItems`.
    pub unique_items: bool,
}

/// An operation.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Operation {
    /// `operationId` as written, or one derived from the method and path when the
    /// contract has none.
    pub id: String,
    /// Whether `id` was derived (the contract has no `operationId` here).
    pub derived_id: bool,
    /// The id in case forms.
    pub names: Names,
    /// Lowercase method.
    pub method: HttpMethod,
    /// Uppercase method.
    pub method_upper: String,
    /// The path key, as written.
    pub path: String,
    /// The path a router that captures whole segments matches: each segment holding a
    /// parameter is one `{name}` (`/a/{Sid}.json` → `/a/{Sid}`), see
    /// [`crate::route::route_pattern`].
    pub route: String,
    /// A `snake_case` identifier for the operation, unique in the contract: `id` mapped to
    /// lowercase ASCII words, digits and `_`, with a numeric suffix after a collision.
    pub module: String,
    /// `summary`, or a sentence made from the id.
    pub summary: String,
    /// `description`.
    pub description: Option<String>,
    /// A system endpoint (`GET` of a probe, the metrics or the contract), served by the
    /// template's plumbing: see [`crate::system`].
    pub system: bool,
    /// `deprecated`.
    pub deprecated: bool,
    /// `tags`.
    pub tags: Vec<String>,
    /// The status the handler answers on success: the lowest `2xx` listed, else 200 for a
    /// `2XX` range or a `default`, else the lowest `3xx`; for an operation that documents
    /// no success, the lowest status it lists (see [`crate::responses::success`]).
    pub status: u16,
    /// The operation documents no success (only `4xx`/`5xx` statuses): `status` is one of
    /// them, and a generator answers only what the contract lists.
    pub documented_only: bool,
    /// The key of the success response as written (`201`, `2XX`, `default`); empty when
    /// the operation lists no responses.
    pub success_key: String,
    /// The headers the success response requires, for the handler to set and its test to
    /// check.
    pub response_headers: Vec<Header>,
    /// The contract's error shape: the `default` response when another response is the
    /// success. The service's errors follow it when a template maps it.
    pub error_response: Option<Response>,
    /// The body of each error status and the status of a validation failure: see
    /// [`crate::error_format`].
    pub errors: ErrorResponses,
    /// The `4xx` and `5xx` statuses listed, ascending.
    pub error_statuses: Vec<u16>,
    /// Every response, in document order (`default` included).
    pub responses: Vec<Response>,
    /// Path parameters in path order.
    pub path_params: Vec<Parameter>,
    /// Query parameters in document order.
    pub query_params: Vec<Parameter>,
    /// Header parameters in document order.
    pub header_params: Vec<Parameter>,
    /// The path with example values (percent-encoded), for tests.
    pub example_path: String,
    /// `?a=1&b=x` with the required query parameters; empty when none are required.
    pub example_query: String,
    /// The request body.
    pub request: Option<Body>,
    /// The body of the success response.
    pub response: Option<Body>,
    /// The security requirements in effect (the operation's, else the contract's): any one
    /// entry suffices, and each entry needs all its schemes. Empty: no authentication.
    pub security: Vec<Vec<SecurityRequirement>>,
}

/// A path, query or header parameter.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Parameter {
    /// The name, as written.
    pub name: String,
    /// The name in case forms.
    pub names: Names,
    /// `required: true`, or a path parameter.
    pub required: bool,
    /// Its `schema` (the parameter's `description` when the schema has none).
    #[serde(flatten)]
    pub shape: Shape,
}

/// A request or response body.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Body {
    /// The media type described: `application/json` or a `+json` type when listed, else the
    /// first.
    pub media_type: String,
    /// Every media type listed, in document order.
    pub media_types: Vec<String>,
    /// `required` (request bodies).
    pub required: bool,
    /// The component schema (an array's item schema), else the JSON type, else `object`.
    pub schema: String,
    /// Its schema.
    #[serde(flatten)]
    pub shape: Shape,
}

/// One response of an operation.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Response {
    /// The status key, as written (`200`, `4XX`, `default`).
    pub status: String,
    /// `description`.
    pub description: Option<String>,
    /// Its body, when it has content.
    pub body: Option<Body>,
    /// Its headers, in document order (`Content-Type` left out).
    pub headers: Vec<Header>,
}

/// A header of a response.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Header {
    /// The name, as written.
    pub name: String,
    /// The name in case forms.
    pub names: Names,
    /// `required: true`.
    pub required: bool,
    /// A value valid against its schema, as the header's text.
    pub example_value: String,
    /// Its `schema` (the header's `description` when the schema has none).
    #[serde(flatten)]
    pub shape: Shape,
}

/// One scheme of a security requirement.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct SecurityRequirement {
    /// The name under `components.securitySchemes`.
    pub scheme: String,
    /// The scopes required.
    pub scopes: Vec<String>,
}

/// An entry of `components.securitySchemes`.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct SecurityScheme {
    /// Its key.
    pub name: String,
    /// `type`: `http`, `apiKey`, `oauth2`, `openIdConnect`, `mutualTLS`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// `scheme` of an `http` scheme (`bearer`, `basic`).
    pub scheme: Option<String>,
    /// `bearerFormat`.
    pub bearer_format: Option<String>,
    /// `in` of an `apiKey` scheme (`header`, `query`, `cookie`).
    #[serde(rename = "in")]
    pub location: Option<String>,
    /// `name` of an `apiKey` scheme: the header, query or cookie name.
    pub parameter: Option<String>,
    /// `description`.
    pub description: Option<String>,
}

impl Contract {
    /// The language-neutral view of the contract.
    ///
    /// # Errors
    /// A `$ref` that does not resolve, a parameter without `name` or `in`, or an operation
    /// without a success (`2xx`) response.
    pub fn view(&self) -> Result<ContractView, ContractError> {
        let root = self.root();
        let info = get(root, "info").map_or_else(Info::default, |info| Info {
            title: text(info, "title"),
            version: text(info, "version"),
            description: text(info, "description"),
        });
        let components = get(root, "components");
        let schemas = components
            .and_then(|c| get(c, "schemas"))
            .and_then(Value::as_mapping)
            .into_iter()
            .flat_map(entries)
            .map(|(name, schema)| Schema {
                names: Names::of(&name),
                shape: describe(root, schema, 0),
                name,
            })
            .collect();
        let security_schemes = security_schemes(root);
        // Every operation is described, so that one run reports all their problems.
        let mut errors = Vec::new();
        let mut operations = Vec::new();
        for found in &list(root)? {
            match operation(root, found) {
                Ok(described) => operations.push(described),
                Err(error) => errors.push(error),
            }
        }
        let base_path = crate::servers::base_path(root).unwrap_or_else(|error| {
            errors.push(error);
            String::new()
        });
        ContractError::collect(errors)?;
        Ok(ContractView {
            info,
            base_path,
            schemas,
            operations,
            security_schemes,
        })
    }
}

fn text(value: &Value, key: &str) -> Option<String> {
    match get(value, key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn json(value: &Value) -> Option<serde_json::Value> {
    serde_json::to_value(value).ok()
}

/// The component name of a local schema `$ref`, when it names one directly.
fn component_name(reference: &str) -> Option<&str> {
    reference
        .strip_prefix(SCHEMA_REF)
        .filter(|name| !name.contains('/'))
}

fn is_null_schema(schema: &Value) -> bool {
    get_str(schema, "type") == Some("null")
        || matches!(get(schema, "enum"), Some(Value::Sequence(values)) if values.iter().all(Value::is_null))
}

/// Describes `schema`; `depth` bounds the inline nesting followed.
fn describe(root: &Value, schema: &Value, depth: usize) -> Shape {
    let mut shape = Shape {
        description: text(schema, "description"),
        default: get(schema, "default").and_then(json),
        example: get(schema, "example").and_then(json).or_else(|| {
            get(schema, "examples")
                .and_then(Value::as_sequence)
                .and_then(|all| all.first())
                .and_then(json)
        }),
        format: text(schema, "format"),
        nullable: matches!(get(schema, "nullable"), Some(Value::Bool(true))),
        read_only: matches!(get(schema, "readOnly"), Some(Value::Bool(true))),
        write_only: matches!(get(schema, "writeOnly"), Some(Value::Bool(true))),
        deprecated: matches!(get(schema, "deprecated"), Some(Value::Bool(true))),
        constraints: constraints(schema),
        ..Shape::default()
    };
    if depth > MAX_DEPTH {
        shape.kind = Kind::Any;
        return shape;
    }
    if let Some(reference) = get_str(schema, "$ref") {
        if let Some(name) = component_name(reference) {
            shape.kind = Kind::Ref;
            shape.reference = Some(name.to_owned());
            return shape;
        }
        // A reference into another schema: described in place.
        let target = resolve(root, reference).unwrap_or(&Value::Null);
        let inner = describe(root, target, depth + 1);
        return merge_outer(inner, shape);
    }
    if let Some(composed) = composition(root, schema, &mut shape, depth) {
        return composed;
    }
    typed(root, schema, shape, depth)
}

/// A `oneOf`, `anyOf` or `allOf`, when `schema` is one.
fn composition(root: &Value, schema: &Value, shape: &mut Shape, depth: usize) -> Option<Shape> {
    for (key, kind) in [
        ("oneOf", Kind::OneOf),
        ("anyOf", Kind::AnyOf),
        ("allOf", Kind::AllOf),
    ] {
        let Some(variants) = get(schema, key).and_then(Value::as_sequence) else {
            continue;
        };
        let (nulls, others): (Vec<&Value>, Vec<&Value>) =
            variants.iter().partition(|v| is_null_schema(v));
        shape.nullable |= !nulls.is_empty() && kind != Kind::AllOf;
        if let [only] = others.as_slice()
            && (kind == Kind::AllOf || !nulls.is_empty())
        {
            // `allOf: [X]` and `oneOf: [X, {type: null}]` describe X.
            let inner = describe(root, only, depth + 1);
            return Some(merge_outer(inner, std::mem::take(shape)));
        }
        let mut composed = std::mem::take(shape);
        composed.kind = kind;
        composed.variants = others
            .iter()
            .map(|v| describe(root, v, depth + 1))
            .collect();
        composed.discriminator = get(schema, "discriminator").map(discriminator);
        return Some(composed);
    }
    None
}

/// A schema by its `type` (and `enum`, `properties`, `items`).
fn typed(root: &Value, schema: &Value, mut shape: Shape, depth: usize) -> Shape {
    let mut types: Vec<String> = match get(schema, "type") {
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Sequence(all)) => all
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    };
    if types.iter().any(|t| t == "null") {
        shape.nullable = true;
        types.retain(|t| t != "null");
    }
    let json_type = types.first().cloned();
    if let Some(values) = get(schema, "enum").and_then(Value::as_sequence) {
        shape.nullable |= values.iter().any(Value::is_null);
        shape.values = values
            .iter()
            .filter(|v| !v.is_null())
            .filter_map(json)
            .collect();
        shape.kind = Kind::Enum;
        shape.json_type = json_type;
        return shape;
    }
    let properties = get(schema, "properties").and_then(Value::as_mapping);
    let additional = get(schema, "additionalProperties").filter(|a| a.is_mapping());
    let kind = match json_type.as_deref() {
        Some("string") => Kind::String,
        Some("integer") => Kind::Integer,
        Some("number") => Kind::Number,
        Some("boolean") => Kind::Boolean,
        Some("array") => Kind::Array,
        Some("object") | None if properties.is_some() => Kind::Object,
        Some("object") if additional.is_some() => Kind::Map,
        Some("object") => Kind::Object,
        _ if get(schema, "items").is_some() => Kind::Array,
        _ => Kind::Any,
    };
    shape.kind = kind;
    shape.json_type = json_type.or_else(|| match kind {
        Kind::Object => Some("object".to_owned()),
        Kind::Array => Some("array".to_owned()),
        _ => None,
    });
    if kind == Kind::Array {
        shape.items = Some(Box::new(
            get(schema, "items")
                .map_or_else(Shape::default, |items| describe(root, items, depth + 1)),
        ));
    }
    if let Some(additional) = additional {
        shape.additional = Some(Box::new(describe(root, additional, depth + 1)));
    }
    if let Some(properties) = properties {
        let required: Vec<&str> = get(schema, "required")
            .and_then(Value::as_sequence)
            .map(|all| all.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        shape.fields = entries(properties)
            .map(|(name, property)| Field {
                names: Names::of(&name),
                required: required.contains(&name.as_str()),
                shape: describe(root, property, depth + 1),
                name,
            })
            .collect();
    }
    shape
}

/// The inner shape, with what the outer schema says about itself laid over it.
fn merge_outer(mut inner: Shape, outer: Shape) -> Shape {
    inner.nullable |= outer.nullable;
    inner.description = outer.description.or(inner.description);
    inner.default = outer.default.or(inner.default);
    inner.example = outer.example.or(inner.example);
    inner.format = outer.format.or(inner.format);
    inner.read_only |= outer.read_only;
    inner.write_only |= outer.write_only;
    inner.deprecated |= outer.deprecated;
    if outer.constraints != Constraints::default() {
        inner.constraints = outer.constraints;
    }
    inner
}

fn discriminator(value: &Value) -> Discriminator {
    Discriminator {
        property: text(value, "propertyName").unwrap_or_default(),
        mapping: get(value, "mapping")
            .and_then(Value::as_mapping)
            .into_iter()
            .flat_map(entries)
            .filter_map(|(key, target)| {
                let target = target.as_str()?;
                Some(Mapped {
                    value: key,
                    schema: component_name(target).unwrap_or(target).to_owned(),
                })
            })
            .collect(),
    }
}

fn constraints(schema: &Value) -> Constraints {
    let number = |key: &str| get(schema, key).filter(|v| v.is_number()).and_then(json);
    let exclusive = |key: &str| {
        get(schema, key)
            .filter(|v| v.is_number() || v.is_bool())
            .and_then(json)
    };
    let count = |key: &str| get(schema, key).and_then(Value::as_u64);
    Constraints {
        minimum: number("minimum"),
        maximum: number("maximum"),
        exclusive_minimum: exclusive("exclusiveMinimum"),
        exclusive_maximum: exclusive("exclusiveMaximum"),
        multiple_of: number("multipleOf"),
        min_length: count("minLength"),
        max_length: count("maxLength"),
        pattern: text(schema, "pattern"),
        min_items: count("minItems"),
        max_items: count("maxItems"),
        unique_items: matches!(get(schema, "uniqueItems"), Some(Value::Bool(true))),
    }
}

fn operation(root: &Value, found: &ListedOperation<'_>) -> Result<Operation, ContractError> {
    let params = params(root, found)?;
    let system = crate::system::is_system(found.method, found.path);
    let (path_params, example_path) = path_params(root, found, &params)?;
    let located = |location: &str| {
        params
            .iter()
            .filter(|p| p.location == location)
            .map(|p| parameter(root, p))
            .collect::<Vec<_>>()
    };
    let example_query = example_query(root, &params);
    let pointer = format!("/paths/{}/{}", escape(found.path), found.method.as_str());
    let request = match get(found.op, "requestBody") {
        Some(raw) => {
            let body = deref(root, raw, &format!("{pointer}/requestBody"))?;
            content(root, body).map(|mut b| {
                b.required = matches!(get(body, "required"), Some(Value::Bool(true)));
                b
            })
        }
        None => None,
    };
    let responses = responses(root, found.op, &pointer)?;
    let chosen = crate::responses::success(root, found)?;
    let (status, response) = match chosen.response {
        Some(r) => (chosen.status, content(root, r)),
        None => (chosen.status, None),
    };
    let response_headers = match chosen.response {
        Some(r) => headers(root, r, &chosen.pointer)?
            .into_iter()
            .filter(|h| h.required)
            .collect(),
        None => Vec::new(),
    };
    let error_response = crate::responses::error_shape(root, found, &chosen)?
        .map(|(pointer, r)| describe_response(root, "default".to_owned(), r, &pointer))
        .transpose()?;
    let errors = crate::error_format::error_responses(root, found, &chosen)?;
    let mut error_statuses: Vec<u16> = responses
        .iter()
        .filter_map(|r| r.status.parse::<u16>().ok())
        .filter(|c| *c >= 400)
        .collect();
    error_statuses.sort_unstable();
    let security = security_requirements(root, found.op);
    Ok(Operation {
        id: found.id.clone(),
        derived_id: found.written.is_none(),
        names: Names::of(&found.id),
        method: found.method,
        method_upper: found.method.upper(),
        path: found.path.to_owned(),
        route: crate::route::route_pattern(found.path)?,
        module: found.module.clone(),
        summary: get_str(found.op, "summary")
            .map_or_else(|| sentence(&found.module), |s| s.trim().to_owned()),
        description: text(found.op, "description"),
        system,
        deprecated: matches!(get(found.op, "deprecated"), Some(Value::Bool(true))),
        tags: get(found.op, "tags")
            .and_then(Value::as_sequence)
            .map(|all| {
                all.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
        status,
        documented_only: chosen.documented_only,
        success_key: chosen.key,
        response_headers,
        error_response,
        errors,
        error_statuses,
        responses,
        path_params,
        query_params: located("query"),
        header_params: located("header"),
        example_path,
        example_query,
        request,
        response,
        security,
    })
}

/// A parameter described (its `description` when its schema has none).
fn parameter(root: &Value, param: &Param<'_>) -> Parameter {
    let mut shape = describe(root, param.schema, 0);
    if shape.description.is_none() {
        shape.description = param.description.map(str::to_owned);
    }
    Parameter {
        name: param.name.to_owned(),
        names: Names::of(param.name),
        required: param.required,
        shape,
    }
}

/// The path parameters in path order (undeclared ones as strings), and the path with
/// example values.
fn path_params(
    root: &Value,
    found: &ListedOperation<'_>,
    params: &[Param<'_>],
) -> Result<(Vec<Parameter>, String), ContractError> {
    let mut path_params = Vec::new();
    let mut example_path = String::new();
    for segment in segments(found.path, false)? {
        example_path.push('/');
        match segment {
            Segment::Literal(literal) => example_path.push_str(literal),
            Segment::Param(name) => {
                let param = path_param(params, name);
                example_path.push_str(&percent_encode(&example_value(root, param.schema)));
                path_params.push(parameter(root, &param));
            }
            Segment::Affixed {
                prefix,
                name,
                suffix,
            } => {
                let param = path_param(params, name);
                example_path.push_str(prefix);
                example_path.push_str(&percent_encode(&example_value(root, param.schema)));
                example_path.push_str(suffix);
                path_params.push(parameter(root, &param));
            }
        }
    }
    if example_path.is_empty() {
        example_path.push('/');
    }
    Ok((path_params, example_path))
}

/// `?a=1&b=x` with the required query parameters; empty when none are required.
fn example_query(root: &Value, params: &[Param<'_>]) -> String {
    let pairs: Vec<String> = params
        .iter()
        .filter(|p| p.location == "query" && p.required)
        .map(|p| {
            format!(
                "{}={}",
                percent_encode(p.name),
                percent_encode(&example_value(root, p.schema))
            )
        })
        .collect();
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

/// Every response of `op`, in document order.
fn responses(root: &Value, op: &Value, pointer: &str) -> Result<Vec<Response>, ContractError> {
    let mut responses = Vec::new();
    if let Some(map) = get(op, "responses").and_then(Value::as_mapping) {
        for (status, raw) in entries(map) {
            let pointer = format!("{pointer}/responses/{}", escape(&status));
            let object = deref(root, raw, &pointer)?;
            responses.push(describe_response(root, status, object, &pointer)?);
        }
    }
    Ok(responses)
}

/// One response object described.
fn describe_response(
    root: &Value,
    status: String,
    object: &Value,
    pointer: &str,
) -> Result<Response, ContractError> {
    Ok(Response {
        description: text(object, "description"),
        body: content(root, object),
        headers: headers(root, object, pointer)?,
        status,
    })
}

/// The headers of a response object described.
fn headers(root: &Value, object: &Value, pointer: &str) -> Result<Vec<Header>, ContractError> {
    Ok(crate::responses::headers(root, object, pointer)?
        .into_iter()
        .map(|header| {
            let mut shape = describe(root, header.schema, 0);
            if shape.description.is_none() {
                shape.description = header.description.map(str::to_owned);
            }
            Header {
                name: header.name.to_owned(),
                names: Names::of(header.name),
                required: header.required,
                example_value: example_value(root, header.schema),
                shape,
            }
        })
        .collect())
}

/// `components.securitySchemes`, in document order.
#[must_use]
pub fn security_schemes(root: &Value) -> Vec<SecurityScheme> {
    get(root, "components")
        .and_then(|c| get(c, "securitySchemes"))
        .and_then(Value::as_mapping)
        .into_iter()
        .flat_map(entries)
        .map(|(name, scheme)| {
            let scheme = deref(root, scheme, "").unwrap_or(scheme);
            SecurityScheme {
                name,
                kind: text(scheme, "type"),
                scheme: text(scheme, "scheme"),
                bearer_format: text(scheme, "bearerFormat"),
                location: text(scheme, "in"),
                parameter: text(scheme, "name"),
                description: text(scheme, "description"),
            }
        })
        .collect()
}

/// The security requirements in effect for the operation `op`: its own `security`, else
/// the contract's; any one entry suffices, and `{}` (anonymous access) is an empty entry.
#[must_use]
pub fn security_requirements(root: &Value, op: &Value) -> Vec<Vec<SecurityRequirement>> {
    get(op, "security")
        .or_else(|| get(root, "security"))
        .and_then(Value::as_sequence)
        .map(|all| all.iter().filter_map(requirement).collect())
        .unwrap_or_default()
}

/// One security requirement object; `{}` (anonymous access allowed) is an empty entry.
fn requirement(value: &Value) -> Option<Vec<SecurityRequirement>> {
    Some(
        entries(value.as_mapping()?)
            .map(|(scheme, scopes)| SecurityRequirement {
                scheme,
                scopes: scopes
                    .as_sequence()
                    .map(|all| {
                        all.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .collect(),
    )
}

/// The body of a request or response object, when it has content.
fn content(root: &Value, body: &Value) -> Option<Body> {
    let content = get(body, "content").and_then(Value::as_mapping)?;
    let media_types: Vec<String> = entries(content).map(|(media, _)| media).collect();
    let (media_type, media) = entries(content)
        .find(|(media, _)| {
            media == "application/json" || (media.ends_with("+json") && !media.contains("problem"))
        })
        .or_else(|| entries(content).next())?;
    let schema = get(media, "schema").unwrap_or(&Value::Null);
    let shape = describe(root, schema, 0);
    let named = |s: &Shape| match s.kind {
        Kind::Ref => s.reference.clone(),
        _ => s.json_type.clone(),
    };
    let name = match shape.kind {
        Kind::Array => shape
            .items
            .as_deref()
            .filter(|items| items.kind == Kind::Ref)
            .and_then(named)
            .unwrap_or_else(|| "array".to_owned()),
        _ => named(&shape).unwrap_or_else(|| "object".to_owned()),
    };
    Some(Body {
        media_type,
        media_types,
        required: false,
        schema: name,
        shape,
    })
}

/// A raw (unencoded) example value for a path or query parameter.
fn example_value(root: &Value, schema: &Value) -> String {
    let schema = get_str(schema, "$ref")
        .and_then(|reference| resolve(root, reference))
        .unwrap_or(schema);
    match get(schema, "type") {
        Some(Value::String(t)) if t == "integer" => integer_example(schema).to_string(),
        Some(Value::String(t)) if t == "number" => number_example(schema).to_string(),
        Some(Value::String(t)) if t == "boolean" => "true".to_owned(),
        _ => string_example(schema),
    }
}

#[cfg(test)]
#[path = "view_tests.rs"]
mod tests;
