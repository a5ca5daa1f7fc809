//! `components.schemas` as the model generator reads them: every `allOf` that is more than
//! an alias of one `$ref` merged into one schema, and every `$ref` to a nullable model
//! marked nullable where it is used.
//!
//! Merging an `allOf` takes its members in order (a `$ref` member is the referenced
//! schema, itself merged), then the keywords beside `allOf`: `properties` are united in
//! that order, `required` lists too; any other constraint (`type`, `minLength`, …) must be
//! the same wherever it appears. A property or constraint defined twice differently is
//! refused, naming the second place. Annotations (`description`, `example`, …) are taken
//! from the last place that has them, so the schema's own win. `nullable`, `readOnly`,
//! `writeOnly` and `additionalProperties` are the schema's own: a member's
//! `additionalProperties: false` would, read literally, refuse the other members'
//! properties, which no contract means.

use std::borrow::Cow;

use yaml_serde::{Mapping, Value};

use crate::RustError;
use crate::types::{SchemaNames, Shape, Site, ref_name, shape};
use msgen_openapi::ContractError;
use msgen_openapi::yaml_view::{entries, escape, get, get_str};

/// Keywords that describe a schema without constraining it: kept from the last place.
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "example",
    "examples",
    "default",
    "deprecated",
    "externalDocs",
    "xml",
    "discriminator",
];

/// Keywords that belong to the schema that says them, not to the members it merges.
const OWN: &[&str] = &["nullable", "readOnly", "writeOnly", "additionalProperties"];

/// How deep `$ref`s and `allOf`s may nest before msgen calls it a cycle.
const MAX_DEPTH: usize = 32;

/// `schemas` with every `allOf` merged and `$ref`s to nullable models marked nullable.
///
/// # Errors
/// A conflicting definition, a `$ref` msgen cannot follow, or an `allOf` cycle.
pub(crate) fn normalize(schemas: &Mapping, names: &SchemaNames) -> Result<Mapping, RustError> {
    let reader = Merger { schemas, names };
    let mut out = Mapping::new();
    for (name, schema) in entries(schemas) {
        let pointer = format!("/components/schemas/{}", escape(&name));
        let at = At {
            owner: &name,
            pointer,
        };
        let merged = reader.schema(schema, &at, 0)?;
        out.insert(Value::String(name.clone()), merged);
    }
    Ok(out)
}

/// The inline schema of an operation's request or response body at `site`: with an
/// `allOf` that is more than an alias, merged as a component's would be; any other
/// schema as it is.
///
/// # Errors
/// As [`normalize`], for this schema.
pub(crate) fn body<'v>(
    root: &Value,
    schema: &'v Value,
    site: &Site<'_>,
) -> Result<Cow<'v, Value>, RustError> {
    let merged_here = schema
        .as_mapping()
        .is_some_and(|map| map.get("allOf").is_some() && !is_alias(map));
    if !merged_here {
        return Ok(Cow::Borrowed(schema));
    }
    let schemas = msgen_openapi::yaml_view::schemas(root);
    let reader = Merger {
        schemas: &schemas,
        names: site.names,
    };
    let at = At {
        owner: site.owner,
        pointer: site.pointer.clone(),
    };
    reader.schema(schema, &at, 0).map(Cow::Owned)
}

struct Merger<'a> {
    schemas: &'a Mapping,
    names: &'a SchemaNames,
}

/// Where a schema sits, for errors.
struct At<'a> {
    owner: &'a str,
    pointer: String,
}

impl At<'_> {
    fn child(&self, suffix: &str) -> At<'_> {
        At {
            owner: self.owner,
            pointer: format!("{}{suffix}", self.pointer),
        }
    }

    fn unsupported(&self, what: impl Into<String>) -> RustError {
        RustError::unsupported(self.owner, &self.pointer, what)
    }
}

impl Merger<'_> {
    /// `schema` with its `allOf` merged, recursively below properties, items and maps.
    fn schema(&self, schema: &Value, at: &At<'_>, depth: usize) -> Result<Value, RustError> {
        if depth > MAX_DEPTH {
            return Err(at.unsupported("an `allOf` or `$ref` cycle"));
        }
        let Some(map) = schema.as_mapping() else {
            return Ok(schema.clone());
        };
        if get_str(schema, "$ref").is_some() {
            return Ok(self.reference(schema, at));
        }
        let mut map = if get(schema, "allOf").is_some() && !is_alias(map) {
            self.merge(map, at, depth)?
        } else {
            map.clone()
        };
        if let Some(Value::Mapping(props)) = map.get_mut("properties") {
            for (key, prop) in props.iter_mut() {
                let name = key.as_str().unwrap_or_default();
                let inner = at.child(&format!("/properties/{}", escape(name)));
                *prop = self.schema(prop, &inner, depth + 1)?;
            }
        }
        for key in ["items", "additionalProperties"] {
            if let Some(inner) = map.get_mut(key).filter(|v| v.is_mapping()) {
                *inner = self.schema(inner, &at.child(&format!("/{key}")), depth + 1)?;
            }
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(Value::Sequence(members)) = map.get_mut(key) {
                for (i, member) in members.iter_mut().enumerate() {
                    *member = self.schema(member, &at.child(&format!("/{key}/{i}")), depth + 1)?;
                }
            }
        }
        Ok(Value::Mapping(map))
    }

    /// A `$ref` use: marked nullable (as `allOf: [$ref]` + `nullable`) when it names a
    /// nullable struct or enum, whose own type cannot hold `null`.
    fn reference(&self, schema: &Value, at: &At<'_>) -> Value {
        let site = self.site(at);
        let target = get_str(schema, "$ref")
            .and_then(|r| ref_name(r, &site).ok())
            .and_then(|name| self.component(name));
        let nullable_model = target.is_some_and(|t| {
            matches!(
                shape(t, &site),
                Ok((Shape::Object | Shape::Enum(_) | Shape::Union(..), true))
            ) || (matches!(get(t, "nullable"), Some(Value::Bool(true)))
                && t.as_mapping()
                    .is_some_and(|m| m.get("allOf").is_some() && !is_alias(m)))
        });
        if !nullable_model {
            return schema.clone();
        }
        let mut map = Mapping::new();
        let mut reference = Mapping::new();
        reference.insert("$ref".into(), schema["$ref"].clone());
        map.insert(
            "allOf".into(),
            Value::Sequence(vec![Value::Mapping(reference)]),
        );
        map.insert("nullable".into(), Value::Bool(true));
        for (key, value) in schema.as_mapping().into_iter().flatten() {
            if key.as_str() != Some("$ref") {
                map.insert(key.clone(), value.clone());
            }
        }
        Value::Mapping(map)
    }

    fn site<'s>(&'s self, at: &'s At<'_>) -> Site<'s> {
        Site {
            names: self.names,
            owner: at.owner,
            pointer: at.pointer.clone(),
            inline_name: Some(String::new()),
        }
    }

    fn component(&self, name: &str) -> Option<&Value> {
        self.schemas
            .iter()
            .find(|(k, _)| k.as_str() == Some(name))
            .map(|(_, v)| v)
    }

    /// The members of `map`'s `allOf`, then its own keywords, merged into one schema.
    fn merge(&self, map: &Mapping, at: &At<'_>, depth: usize) -> Result<Mapping, RustError> {
        let members = map
            .get("allOf")
            .and_then(Value::as_sequence)
            .ok_or_else(|| at.unsupported("an `allOf` that is not a list"))?;
        let mut out = Mapping::new();
        for (i, member) in members.iter().enumerate() {
            let member_at = at.child(&format!("/allOf/{i}"));
            let resolved = self.member(member, &member_at, depth)?;
            let Value::Mapping(resolved) = resolved else {
                if resolved == Value::Bool(true) {
                    continue;
                }
                return Err(member_at.unsupported("an `allOf` member that is not a schema"));
            };
            for (key, value) in &resolved {
                let key_text = key.as_str().unwrap_or_default();
                if OWN.contains(&key_text) {
                    continue;
                }
                combine(&mut out, key_text, value, &member_at)?;
            }
        }
        let own_at = at.child("");
        for (key, value) in map {
            let key_text = key.as_str().unwrap_or_default();
            if key_text == "allOf" {
                continue;
            }
            if OWN.contains(&key_text) {
                out.insert(key.clone(), value.clone());
                continue;
            }
            combine(&mut out, key_text, value, &own_at)?;
        }
        Ok(out)
    }

    /// An `allOf` member as a schema: a `$ref` is the referenced schema, merged.
    fn member(&self, member: &Value, at: &At<'_>, depth: usize) -> Result<Value, RustError> {
        let Some(reference) = get_str(member, "$ref") else {
            return self.schema(member, at, depth + 1);
        };
        let site = self.site(at);
        let name = ref_name(reference, &site)?;
        let target = self.component(name).ok_or_else(|| {
            RustError::Contract(ContractError::invalid(
                at.pointer.clone(),
                format!("`$ref` to `{name}`, which is not in `components.schemas`"),
            ))
        })?;
        let target_at = At {
            owner: at.owner,
            pointer: format!("/components/schemas/{}", escape(name)),
        };
        let merged = self.schema(target, &target_at, depth + 1)?;
        match get_str(&merged, "$ref") {
            Some(_) => self.member(&merged, &target_at, depth + 1),
            None => Ok(merged),
        }
    }
}

/// Add `key: value` from one part of an `allOf` to the merged schema `out`.
fn combine(out: &mut Mapping, key: &str, value: &Value, at: &At<'_>) -> Result<(), RustError> {
    match key {
        "properties" => {
            let props = value
                .as_mapping()
                .ok_or_else(|| at.unsupported("`properties` that are not a mapping"))?;
            let merged = out
                .entry("properties".into())
                .or_insert_with(|| Value::Mapping(Mapping::new()));
            let Value::Mapping(merged) = merged else {
                return Ok(());
            };
            for (name, prop) in props {
                match merged.get_mut(name) {
                    Some(existing) if existing != prop => {
                        let name = name.as_str().unwrap_or_default();
                        let at = at.child(&format!("/properties/{}", escape(name)));
                        both(existing, prop, name, &at)?;
                    }
                    Some(_) => {}
                    None => {
                        merged.insert(name.clone(), prop.clone());
                    }
                }
            }
        }
        "required" => {
            let names = value.as_sequence().cloned().unwrap_or_default();
            let merged = out
                .entry("required".into())
                .or_insert_with(|| Value::Sequence(Vec::new()));
            if let Value::Sequence(merged) = merged {
                for name in names {
                    if !merged.contains(&name) {
                        merged.push(name);
                    }
                }
            }
        }
        _ if ANNOTATIONS.contains(&key) || key.starts_with("x-") => {
            out.insert(key.into(), value.clone());
        }
        _ => match out.get(key) {
            Some(existing) if existing != value => {
                return Err(at.child(&format!("/{}", escape(key))).unsupported(format!(
                    "an `allOf` whose parts give `{key}` different values (give it once)"
                )));
            }
            Some(_) => {}
            None => {
                out.insert(key.into(), value.clone());
            }
        },
    }
    Ok(())
}

/// A property defined in two parts of an `allOf`: both apply, so their keywords combine
/// as the parts' do (annotations from the later, constraints equal). A `$ref` is only
/// combined with the same `$ref`.
fn both(existing: &mut Value, prop: &Value, name: &str, at: &At<'_>) -> Result<(), RustError> {
    let refused = || {
        at.unsupported(format!(
            "a second, different definition of property `{name}` in an `allOf` \
             (define it once, or identically)"
        ))
    };
    let has_ref = |v: &Value| get(v, "$ref").is_some();
    if has_ref(existing) || has_ref(prop) {
        return Err(refused());
    }
    let (Value::Mapping(out), Some(more)) = (existing, prop.as_mapping()) else {
        return Err(refused());
    };
    for (key, value) in more {
        let key = key.as_str().unwrap_or_default();
        if ["properties", "required", "items", "additionalProperties"].contains(&key)
            && out.get(key).is_some_and(|old| old != value)
        {
            return Err(refused());
        }
        if OWN.contains(&key) && out.get(key).is_some_and(|old| old != value) {
            return Err(refused());
        }
        combine(out, key, value, at).map_err(|_| refused())?;
    }
    Ok(())
}

/// `allOf: [$ref]` with nothing beside it but annotations and own keywords: an alias of
/// the referenced type, kept as it is.
fn is_alias(map: &Mapping) -> bool {
    let single_ref = map
        .get("allOf")
        .and_then(Value::as_sequence)
        .is_some_and(|members| {
            members.len() == 1
                && members[0]
                    .as_mapping()
                    .is_some_and(|m| m.len() == 1 && m.get("$ref").is_some_and(Value::is_string))
        });
    single_ref
        && map.keys().filter_map(Value::as_str).all(|key| {
            key == "allOf"
                || ANNOTATIONS.contains(&key)
                || (OWN.contains(&key) && key != "additionalProperties")
                || key.starts_with("x-")
        })
}

#[cfg(test)]
#[path = "merge_tests.rs"]
mod tests;
