//! Example values: Rust expressions valid against a schema, and raw values for URLs.

use yaml_serde::{Mapping, Value};

use crate::RustError;
use crate::types::{RType, Shape, Site, child, rust_type, shape};
use msgen_openapi::yaml_view::{get, get_str};

/// Context for example expressions.
pub(crate) struct Examples<'a> {
    /// The whole document (to follow `$ref`).
    pub root: &'a Value,
    /// `components.schemas`.
    pub schemas: &'a Mapping,
    /// `""` inside `models.rs`, `"models::"` elsewhere.
    pub prefix: &'a str,
}

impl<'a> Examples<'a> {
    /// Example builders over `root`; `prefix` is `""` inside `models.rs`, `"models::"`
    /// elsewhere.
    pub(crate) fn new(root: &'a Value, schemas: &'a Mapping, prefix: &'a str) -> Self {
        Self {
            root,
            schemas,
            prefix,
        }
    }

    /// A Rust expression of type `ty`, valid against `schema`. Optional values are `None`,
    /// arrays hold `minItems` elements (at least one when `min_one`).
    pub(crate) fn expr(
        &self,
        schema: &Value,
        ty: &RType,
        site: &Site<'_>,
        min_one: bool,
    ) -> Result<String, RustError> {
        self.expr_at(schema, ty, site, min_one, 0)
    }

    fn expr_at(
        &self,
        schema: &Value,
        ty: &RType,
        site: &Site<'_>,
        min_one: bool,
        depth: usize,
    ) -> Result<String, RustError> {
        if depth > 32 {
            return Err(RustError::unsupported(
                site.owner,
                &site.pointer,
                "a `$ref` cycle of type aliases",
            ));
        }
        let (shape, _) = shape(schema, site)?;
        Ok(match (ty, shape) {
            (RType::Option(_), _) => "None".into(),
            (RType::Named(name), Shape::Ref(target)) => {
                let target_schema = component(self.schemas, target);
                if is_model_item(target_schema) {
                    format!("{}{name}::example()", self.prefix)
                } else {
                    let target_site = Site {
                        owner: target,
                        pointer: format!(
                            "/components/schemas/{}",
                            msgen_openapi::yaml_view::escape(target)
                        ),
                        inline_name: Some(name.clone()),
                    };
                    let alias_ty = rust_type(target_schema, &target_site)?;
                    self.expr_at(target_schema, &alias_ty, &target_site, min_one, depth + 1)?
                }
            }
            (RType::Named(name), _) => format!("{}{name}::example()", self.prefix),
            (RType::Vec(inner), Shape::Array(items)) => {
                let count = get(schema, "minItems")
                    .and_then(Value::as_u64)
                    .unwrap_or(0)
                    .max(u64::from(min_one));
                let element = self.expr_at(
                    items,
                    inner,
                    &child(site, "/items", "Item"),
                    false,
                    depth + 1,
                )?;
                match count {
                    0 => "Vec::new()".into(),
                    1 => format!("vec![{element}]"),
                    n => format!("vec![{element}; {n}]"),
                }
            }
            (RType::Map(_), _) => "std::collections::BTreeMap::new()".into(),
            (RType::Json, _) => "serde_json::Value::Null".into(),
            (RType::Bool, _) => get(schema, "example")
                .and_then(Value::as_bool)
                .unwrap_or(true)
                .to_string(),
            (RType::I32 | RType::I64, _) => integer_example(schema).to_string(),
            #[allow(clippy::cast_possible_truncation)]
            (RType::F32, _) => format!("{:?}", number_example(schema) as f32),
            (RType::F64, _) => format!("{:?}", number_example(schema)),
            (RType::String, _) => string_expr(schema),
            (RType::Vec(_), _) => "Vec::new()".into(),
        })
    }
}

/// The component schema `name` (`Null` when missing).
pub(crate) fn component<'a>(schemas: &'a Mapping, name: &str) -> &'a Value {
    schemas
        .iter()
        .find(|(k, _)| k.as_str() == Some(name))
        .map_or(&Value::Null, |(_, v)| v)
}

/// Whether a component schema becomes a struct or enum (with `example()`), not a type alias.
pub(crate) fn is_model_item(schema: &Value) -> bool {
    let site = Site {
        owner: "",
        pointer: String::new(),
        inline_name: Some(String::new()),
    };
    matches!(
        shape(schema, &site),
        Ok((Shape::Object | Shape::Enum(_), _))
    )
}

pub(crate) fn integer_example(schema: &Value) -> i64 {
    let first = get(schema, "enum")
        .and_then(Value::as_sequence)
        .and_then(|s| s.iter().find_map(Value::as_i64));
    if let Some(example) = first.or_else(|| get(schema, "example").and_then(Value::as_i64)) {
        return example;
    }
    let (low, high) = bounds(schema);
    #[allow(clippy::cast_possible_truncation)]
    let low = low.map_or(i64::MIN, |(b, exclusive)| {
        if exclusive {
            b.floor() as i64 + 1
        } else {
            b.ceil() as i64
        }
    });
    #[allow(clippy::cast_possible_truncation)]
    let high = high.map_or(i64::MAX, |(b, exclusive)| {
        if exclusive {
            b.ceil() as i64 - 1
        } else {
            b.floor() as i64
        }
    });
    1_i64.max(low).min(high)
}

/// A numeric bound and whether it is exclusive.
type Bound = Option<(f64, bool)>;

/// `(minimum, exclusive)` and `(maximum, exclusive)`, for 3.0 boolean and 3.1 numeric exclusives.
pub(crate) fn bounds(schema: &Value) -> (Bound, Bound) {
    let bound = |plain: &str, exclusive: &str| {
        let flag = matches!(get(schema, exclusive), Some(Value::Bool(true)));
        match (
            get(schema, plain).and_then(Value::as_f64),
            get(schema, exclusive).and_then(Value::as_f64),
        ) {
            (_, Some(e)) => Some((e, true)),
            (Some(p), None) => Some((p, flag)),
            (None, None) => None,
        }
    };
    (
        bound("minimum", "exclusiveMinimum"),
        bound("maximum", "exclusiveMaximum"),
    )
}

pub(crate) fn number_example(schema: &Value) -> f64 {
    let first = get(schema, "enum")
        .and_then(Value::as_sequence)
        .and_then(|s| s.iter().find_map(Value::as_f64));
    if let Some(example) = first.or_else(|| get(schema, "example").and_then(Value::as_f64)) {
        return example;
    }
    match bounds(schema) {
        (Some((lo, _)), Some((hi, _))) => f64::midpoint(lo, hi),
        (Some((lo, _)), None) if lo >= 1.5 => lo + 1.0,
        (None, Some((hi, _))) if hi <= 1.5 => hi - 1.0,
        _ => 1.5,
    }
}

/// A `String` expression valid against the schema; long padding uses `"x".repeat(n)`.
fn string_expr(schema: &Value) -> String {
    let value = string_example(schema);
    if value.len() > 24 && value.bytes().skip(7).all(|b| b == b'x') {
        format!("\"x\".repeat({})", value.len())
    } else {
        format!("String::from({value:?})")
    }
}

/// A string valid against `enum`, `format`, `minLength`/`maxLength`, or the schema's `example`.
pub(crate) fn string_example(schema: &Value) -> String {
    if let Some(first) = get(schema, "enum")
        .and_then(Value::as_sequence)
        .and_then(|s| s.iter().find_map(Value::as_str))
    {
        return first.to_owned();
    }
    if let Some(example) = get(schema, "example")
        .and_then(Value::as_str)
        .filter(|e| e.len() <= 40)
    {
        return example.to_owned();
    }
    let by_format = match get_str(schema, "format") {
        Some("date-time") => Some("2024-01-01T00:00:00Z"),
        Some("date") => Some("2024-01-01"),
        Some("time") => Some("12:00:00Z"),
        Some("uuid") => Some("00000000-0000-4000-8000-000000000000"),
        Some("email") => Some("user@example.com"),
        Some("uri" | "url") => Some("https://example.com/"),
        Some("hostname") => Some("example.com"),
        Some("ipv4") => Some("192.0.2.1"),
        Some("ipv6") => Some("2001:db8::1"),
        _ => None,
    };
    if let Some(value) = by_format {
        return value.to_owned();
    }
    let len = |key: &str| {
        get(schema, key)
            .and_then(Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
    };
    let mut value = String::from("example");
    if let Some(min) = len("minLength") {
        while value.len() < min {
            value.push('x');
        }
    }
    if let Some(max) = len("maxLength") {
        value.truncate(max);
    }
    value
}
