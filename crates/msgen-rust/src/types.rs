//! JSON Schema → Rust types.

use std::collections::{BTreeMap, BTreeSet};

use yaml_serde::{Mapping, Value};

use crate::RustError;
use msgen_openapi::examples::bounds;
use msgen_openapi::names::type_ident;
use msgen_openapi::yaml_view::{SCHEMA_REF, entries, get, get_str};

/// A Rust type of a field, parameter or body.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum RType {
    String,
    I32,
    I64,
    /// An integer of any size: the template's `models::Integer` (see [`prim_type`]).
    Integer,
    F32,
    F64,
    Bool,
    Json,
    Vec(Box<RType>),
    Map(Box<RType>),
    /// A model type by its Rust name.
    Named(String),
    Option(Box<RType>),
}

impl RType {
    /// The Rust source, with `prefix` (`""` or `"models::"`) before model names.
    pub(crate) fn render(&self, prefix: &str) -> String {
        match self {
            Self::String => "String".into(),
            Self::I32 => "i32".into(),
            Self::I64 => "i64".into(),
            Self::Integer => format!("{prefix}Integer"),
            Self::F32 => "f32".into(),
            Self::F64 => "f64".into(),
            Self::Bool => "bool".into(),
            Self::Json => "serde_json::Value".into(),
            Self::Vec(inner) => format!("Vec<{}>", inner.render(prefix)),
            Self::Map(inner) => format!(
                "std::collections::BTreeMap<String, {}>",
                inner.render(prefix)
            ),
            Self::Named(name) => format!("{prefix}{name}"),
            Self::Option(inner) => format!("Option<{}>", inner.render(prefix)),
        }
    }
}

/// What a schema is, after reading `type`, `nullable`, `$ref` and single-`$ref` `allOf`.
#[derive(Clone, Debug)]
pub(crate) enum Shape<'a> {
    /// `$ref: '#/components/schemas/<name>'`.
    Ref(&'a str),
    /// string / integer / number / boolean.
    Prim(&'a str),
    /// A string enum.
    Enum(Vec<&'a str>),
    /// An array with its `items`.
    Array(&'a Value),
    /// An object with `properties`.
    Object,
    /// An object without properties: a map of `additionalProperties` (None = any value).
    Map(Option<&'a Value>),
    /// A `oneOf` (`true`) or `anyOf` (`false`) of several schemas, `null` members left out.
    Union(Vec<&'a Value>, bool),
    /// No constraint at all.
    Any,
}

/// The Rust type name of every component schema, unique in the contract.
///
/// A schema keeps the `PascalCase` form of its name ([`type_ident`]; `ResultModel` for a
/// name `models.rs` uses itself). When two names map to one form (`Order` and `order`),
/// a name that already is that form keeps it and the others, in document order, get the
/// first free `2`, `3`, … after it (`Order2`). The contract alone decides, so every run
/// gives the same names.
#[derive(Debug, Default)]
pub(crate) struct SchemaNames(BTreeMap<String, String>);

/// A [`SchemaNames`] without schemas, for typing that never meets a `$ref`.
pub(crate) static NO_SCHEMAS: SchemaNames = SchemaNames(BTreeMap::new());

impl SchemaNames {
    /// The names of `schemas` (`components.schemas`).
    pub(crate) fn new(schemas: &Mapping) -> Self {
        let names: Vec<String> = entries(schemas).map(|(name, _)| name).collect();
        let mut taken = BTreeSet::new();
        let mut map = BTreeMap::new();
        for name in &names {
            if let Some(form) = base_name(name)
                && form == *name
                && taken.insert(form.clone())
            {
                map.insert(name.clone(), form);
            }
        }
        for name in &names {
            if map.contains_key(name) {
                continue;
            }
            let Some(form) = base_name(name) else {
                continue;
            };
            let mut unique = form.clone();
            let mut n = 1;
            while !taken.insert(unique.clone()) {
                n += 1;
                unique = format!("{form}{n}");
            }
            map.insert(name.clone(), unique);
        }
        Self(map)
    }
}

/// Where a schema is being typed: names errors and inline items.
pub(crate) struct Site<'a> {
    /// The Rust names of the component schemas, for `$ref`s.
    pub names: &'a SchemaNames,
    /// The schema or operation being generated.
    pub owner: &'a str,
    /// JSON pointer of the schema.
    pub pointer: String,
    /// Rust name for an inline object or enum here; `None` where inline types are refused.
    pub inline_name: Option<String>,
}

/// Read the shape of `schema` and whether it is nullable.
pub(crate) fn shape<'a>(
    schema: &'a Value,
    site: &Site<'_>,
) -> Result<(Shape<'a>, bool), RustError> {
    let unsupported = |what: &str| RustError::unsupported(site.owner, &site.pointer, what);
    if !schema.is_mapping() {
        return match schema {
            Value::Bool(true) | Value::Null => Ok((Shape::Any, false)),
            _ => Err(unsupported("a schema that is not an object")),
        };
    }
    if let Some(reference) = get_str(schema, "$ref") {
        return Ok((Shape::Ref(ref_name(reference, site)?), false));
    }
    for (key, exclusive) in [("oneOf", true), ("anyOf", false)] {
        if let Some(list) = get(schema, key) {
            return union(schema, list, exclusive, site);
        }
    }
    for key in ["not", "if", "prefixItems", "patternProperties"] {
        if get(schema, key).is_some() {
            // The keyword's own place, so the finding points at it.
            return Err(RustError::unsupported(
                site.owner,
                &format!("{}/{key}", site.pointer),
                format!("`{key}`"),
            ));
        }
    }
    if let Some(all) = get(schema, "allOf") {
        let single = all
            .as_sequence()
            .filter(|s| s.len() == 1)
            .and_then(|s| get_str(&s[0], "$ref"));
        return match single {
            Some(reference) => Ok((
                Shape::Ref(ref_name(reference, site)?),
                nullable_flag(schema),
            )),
            None => Err(unsupported("an `allOf` other than a single `$ref`")),
        };
    }
    let (ty, mut nullable) = type_of(schema).map_err(|what| unsupported(&what))?;
    nullable |= nullable_flag(schema);
    let shape = match ty {
        Some("string") | None if get(schema, "enum").is_some() => {
            let (values, null) = string_enum(schema).map_err(|what| unsupported(&what))?;
            nullable |= null;
            Shape::Enum(values)
        }
        Some(prim @ ("string" | "integer" | "number" | "boolean")) => Shape::Prim(prim),
        Some("array") => Shape::Array(
            get(schema, "items").ok_or_else(|| unsupported("an array without `items`"))?,
        ),
        None if get(schema, "items").is_some() => Shape::Array(&schema["items"]),
        Some("object") | None if get(schema, "properties").is_some() => {
            object_shape(schema).map_err(|w| unsupported(&w))?
        }
        Some("object") => Shape::Map(match get(schema, "additionalProperties") {
            Some(Value::Bool(_)) | None => None,
            Some(inner) => Some(inner),
        }),
        None => Shape::Any,
        Some(other) => return Err(unsupported(&format!("`type: {other}`"))),
    };
    Ok((shape, nullable))
}

/// A `oneOf`/`anyOf`: `null` members make it nullable; a single `$ref` left is that type.
fn union<'a>(
    schema: &'a Value,
    list: &'a Value,
    exclusive: bool,
    site: &Site<'_>,
) -> Result<(Shape<'a>, bool), RustError> {
    let key = if exclusive { "oneOf" } else { "anyOf" };
    let unsupported = |what: String| RustError::unsupported(site.owner, &site.pointer, what);
    let members = list
        .as_sequence()
        .ok_or_else(|| unsupported(format!("a `{key}` that is not a list")))?;
    for beside in ["properties", "allOf", "items"] {
        if get(schema, beside).is_some() {
            return Err(unsupported(format!("`{beside}` beside `{key}`")));
        }
    }
    let is_null = |m: &Value| {
        matches!(get_str(m, "type"), Some("null"))
            || get(m, "enum")
                .and_then(Value::as_sequence)
                .is_some_and(|e| e.iter().all(Value::is_null))
    };
    let real: Vec<&Value> = members.iter().filter(|m| !is_null(m)).collect();
    let nullable = real.len() < members.len() || nullable_flag(schema);
    match real.as_slice() {
        [] => Err(unsupported(format!("a `{key}` of only `null`"))),
        [one] if get_str(one, "$ref").is_some() => {
            let reference = get_str(one, "$ref").unwrap_or_default();
            Ok((Shape::Ref(ref_name(reference, site)?), nullable))
        }
        _ => Ok((Shape::Union(real, exclusive), nullable)),
    }
}

fn object_shape(schema: &Value) -> Result<Shape<'_>, String> {
    match get(schema, "additionalProperties") {
        Some(Value::Bool(_) | Value::Mapping(_)) | None => Ok(Shape::Object),
        Some(_) => Err("an `additionalProperties` that is neither a boolean nor a schema".into()),
    }
}

fn nullable_flag(schema: &Value) -> bool {
    matches!(get(schema, "nullable"), Some(Value::Bool(true)))
}

/// `type` as one non-null type plus whether `"null"` was listed.
fn type_of(schema: &Value) -> Result<(Option<&str>, bool), String> {
    match get(schema, "type") {
        None => Ok((None, false)),
        Some(Value::String(t)) if t == "null" => Err("`type: null` alone".into()),
        Some(Value::String(t)) => Ok((Some(t.as_str()), false)),
        Some(Value::Sequence(types)) => {
            let names: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
            let real: Vec<&str> = names.iter().copied().filter(|t| *t != "null").collect();
            match real.as_slice() {
                [one] => Ok((Some(one), names.len() > real.len())),
                _ => Err(format!(
                    "`type: [{}]` (more than one non-null type)",
                    names.join(", ")
                )),
            }
        }
        Some(_) => Err("a `type` that is not a string".into()),
    }
}

fn string_enum(schema: &Value) -> Result<(Vec<&str>, bool), String> {
    let items = get(schema, "enum")
        .and_then(Value::as_sequence)
        .ok_or("an `enum` that is not a list")?;
    let mut values = Vec::new();
    let mut null = false;
    for item in items {
        match item {
            Value::String(s) => values.push(s.as_str()),
            Value::Null => null = true,
            _ => return Err("an `enum` with non-string values".into()),
        }
    }
    if values.is_empty() {
        return Err("an empty `enum`".into());
    }
    Ok((values, null))
}

/// The component name of a schema `$ref`.
pub(crate) fn ref_name<'a>(reference: &'a str, site: &Site<'_>) -> Result<&'a str, RustError> {
    reference
        .strip_prefix(SCHEMA_REF)
        .filter(|n| !n.contains('/'))
        .ok_or_else(|| {
            RustError::unsupported(
                site.owner,
                &site.pointer,
                format!("`$ref: {reference}` (only `{SCHEMA_REF}<name>` is supported here)"),
            )
        })
}

/// The `PascalCase` form of a schema name before collisions are told apart.
fn base_name(name: &str) -> Option<String> {
    // A schema named like a type `models.rs` uses itself (`Result`, `String`) or a keyword
    // (`Self`) keeps a distinct name: `ResultModel`.
    type_ident(name).or_else(|| {
        let usable = name.chars().any(|c| c.is_ascii_alphanumeric());
        usable
            .then(|| type_ident(&format!("{name} model")))
            .flatten()
    })
}

/// Rust name of a component schema (see [`SchemaNames`]).
pub(crate) fn model_name(name: &str, site: &Site<'_>) -> Result<String, RustError> {
    site.names
        .0
        .get(name)
        .cloned()
        .or_else(|| base_name(name))
        .ok_or_else(|| {
            RustError::unsupported(
                name,
                &site.pointer,
                format!("the name `{name}`, which has no usable Rust type name"),
            )
        })
}

/// The Rust type of `schema`; inline objects/enums become `Named(site.inline_name)`.
pub(crate) fn rust_type(schema: &Value, site: &Site<'_>) -> Result<RType, RustError> {
    let (shape, nullable) = shape(schema, site)?;
    let ty = match shape {
        Shape::Ref(name) => RType::Named(model_name(name, site)?),
        Shape::Prim(prim) => prim_type(prim, schema),
        Shape::Enum(_) if site.inline_name.is_none() => RType::String,
        Shape::Enum(_) | Shape::Object | Shape::Union(..) => match &site.inline_name {
            Some(name) => RType::Named(name.clone()),
            None => {
                return Err(RustError::unsupported(
                    site.owner,
                    &site.pointer,
                    "an inline object schema (move it to `components.schemas` and use `$ref`)",
                ));
            }
        },
        Shape::Array(items) => {
            RType::Vec(Box::new(rust_type(items, &child(site, "/items", "Item"))?))
        }
        Shape::Map(Some(inner)) => RType::Map(Box::new(rust_type(
            inner,
            &child(site, "/additionalProperties", "Value"),
        )?)),
        Shape::Map(None) => RType::Map(Box::new(RType::Json)),
        Shape::Any => RType::Json,
    };
    Ok(if nullable {
        RType::Option(Box::new(ty))
    } else {
        ty
    })
}

/// The site of a sub-schema: pointer extended, inline name suffixed.
pub(crate) fn child<'a>(site: &Site<'a>, pointer: &str, suffix: &str) -> Site<'a> {
    Site {
        names: site.names,
        owner: site.owner,
        pointer: format!("{}{pointer}", site.pointer),
        inline_name: site.inline_name.as_ref().map(|n| format!("{n}{suffix}")),
    }
}

impl RType {
    /// Whether it is one of the integer types (`i32`, `i64`, `Integer`).
    pub(crate) fn is_integer(&self) -> bool {
        matches!(self, Self::I32 | Self::I64 | Self::Integer)
    }
}

/// The Rust type of a primitive schema. An integer is `i32` for `format: int32` (and
/// smaller), `i64` for `format: int64` or when its bounds (`minimum`/`maximum`, exclusive
/// ones too, or an `enum`) lie within `i64`, and `Integer` otherwise: an unbounded
/// integer has schema-valid values past 64 bits, which `i64` would refuse.
fn prim_type(prim: &str, schema: &Value) -> RType {
    match (prim, get_str(schema, "format")) {
        ("integer", Some("int32" | "int16" | "int8")) => RType::I32,
        ("integer", Some("int64")) => RType::I64,
        ("integer", _) if fits_i64(schema) => RType::I64,
        ("integer", _) => RType::Integer,
        ("number", Some("float")) => RType::F32,
        ("number", _) => RType::F64,
        ("boolean", _) => RType::Bool,
        _ => RType::String,
    }
}

/// Whether every value `schema` allows is an `i64`: both bounds lie within it, or an
/// `enum` lists only `i64` values.
fn fits_i64(schema: &Value) -> bool {
    // 2^63 is exact as an f64; `i64::MAX as f64` rounds up to it.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    let fits = |v: &Value| {
        v.as_i64().is_some() || v.as_f64().is_some_and(|b| (-LIMIT..LIMIT).contains(&b))
    };
    let listed = get(schema, "enum")
        .and_then(Value::as_sequence)
        .is_some_and(|e| !e.is_empty() && e.iter().all(|v| v.is_null() || v.as_i64().is_some()));
    let (low, high) = bounds(schema);
    let numbers_fit = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]
        .into_iter()
        .filter_map(|key| get(schema, key))
        .filter(|v| !v.is_bool())
        .all(fits);
    listed || (low.is_some() && high.is_some() && numbers_fit)
}

#[cfg(test)]
#[path = "types_tests.rs"]
mod tests;
