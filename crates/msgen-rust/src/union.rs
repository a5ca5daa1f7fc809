//! `oneOf`/`anyOf` → a Rust enum with one variant per member.
//!
//! Serialization is serde's `untagged` (each variant as its own JSON). Deserialization is
//! the template's `json::one_of!`/`json::tagged!`, not serde's: with a `discriminator`
//! whose every member is a `$ref` (value from `mapping`, else the schema name), the
//! property picks the variant; else every variant is tried, and one counts when it
//! deserializes and the enum's `validate` finds nothing in it (inline members' own
//! constraints included): a `oneOf` takes exactly one (a value
//! several variants accept is refused, as JSON Schema says), an `anyOf` the first. serde's
//! `#[serde(tag)]` is not used: it takes the tag away from the variant, whose struct holds
//! the discriminator property too.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use yaml_serde::{Mapping, Value};

use crate::RustError;
use crate::example::{Examples, component};
use crate::idents::field_idents;
use crate::rustfmt::{doc_comment, impl_open, item_open, tuple_variant};
use crate::structs::example_impl;
use crate::types::{RType, Site, ref_name, rust_type};
use crate::validate::{Rule, rules, variant_checks};
use msgen_openapi::yaml_view::{SCHEMA_REF, entries, get, get_str};

/// One variant: its Rust name, the type it holds, its discriminator value, and the
/// checks of an inline member (a `$ref`'s type validates itself).
pub(crate) struct Variant {
    pub ident: String,
    pub ty: RType,
    pub tag: Option<String>,
    pub rules: Vec<Rule>,
}

/// The variants of `members`; inline object/enum members are named `{rust}{n}` (1-based)
/// and left for the caller to generate (the `Site`s returned).
pub(crate) fn variants<'s>(
    schemas: &Mapping,
    rust: &str,
    schema: &Value,
    members: &[&Value],
    site: &Site<'s>,
) -> Result<(Vec<Variant>, Vec<Site<'s>>), RustError> {
    let key = if get(schema, "oneOf").is_some() {
        "oneOf"
    } else {
        "anyOf"
    };
    let discriminator = get(schema, "discriminator").and_then(|d| get_str(d, "propertyName"));
    // Tagged only when every member is a `$ref` to an object whose discriminator property
    // is a plain string, so that the example can carry the tag.
    let tagged = discriminator.is_some_and(|property| {
        members.iter().all(|m| {
            get_str(m, "$ref")
                .and_then(|r| r.strip_prefix(SCHEMA_REF))
                .and_then(|name| tag_property(schemas, name, property))
                .is_some()
        })
    });
    let mut seen = BTreeSet::new();
    let mut variants = Vec::new();
    let mut sites = Vec::new();
    for (i, member) in members.iter().enumerate() {
        let member_site = Site {
            names: site.names,
            owner: site.owner,
            pointer: format!("{}/{key}/{i}", site.pointer),
            inline_name: Some(format!("{rust}{}", i + 1)),
        };
        let ty = rust_type(member, &member_site)?;
        let base = match (&ty, get_str(member, "$ref")) {
            (RType::Named(name), Some(_)) => name.clone(),
            (RType::String, _) => "String".into(),
            (RType::I32 | RType::I64 | RType::Integer, _) => "Integer".into(),
            (RType::F32 | RType::F64, _) => "Number".into(),
            (RType::Bool, _) => "Boolean".into(),
            (RType::Vec(_), _) => "Array".into(),
            (RType::Map(_), _) => "Map".into(),
            _ => format!("Variant{}", i + 1),
        };
        let mut ident = base.clone();
        let mut n = 1;
        while !seen.insert(ident.clone()) {
            n += 1;
            ident = format!("{base}{n}");
        }
        let tag = if tagged {
            let reference = get_str(member, "$ref").unwrap_or_default();
            Some(tag_value(schema, reference, ref_name(reference, site)?))
        } else {
            None
        };
        let rules = if get_str(member, "$ref").is_none() {
            rules(schemas, member, &ty, &member_site)?
        } else {
            Vec::new()
        };
        if get_str(member, "$ref").is_none() {
            sites.push(member_site);
        }
        variants.push(Variant {
            ident,
            ty,
            tag,
            rules,
        });
    }
    Ok((variants, sites))
}

/// The Rust field of `property` in component `name`, when it is a plain string, and
/// whether it is required.
fn tag_property(schemas: &Mapping, name: &str, property: &str) -> Option<(String, bool)> {
    let target = component(schemas, name);
    let props = get(target, "properties")?.as_mapping()?;
    let names: Vec<String> = entries(props).map(|(n, _)| n).collect();
    let index = names.iter().position(|n| n == property)?;
    let prop = &props[property];
    let plain = get_str(prop, "type") == Some("string")
        && get(prop, "enum").is_none()
        && get(prop, "$ref").is_none();
    let required = get(target, "required")
        .and_then(Value::as_sequence)
        .is_some_and(|r| r.iter().any(|n| n.as_str() == Some(property)));
    let ident = field_idents(names.iter().map(String::as_str))
        .into_iter()
        .nth(index)?;
    plain.then_some((ident, required))
}

/// The discriminator value of a `$ref` member: its `mapping` key, else the schema name.
fn tag_value(schema: &Value, reference: &str, name: &str) -> String {
    let mapping = get(schema, "discriminator").and_then(|d| get(d, "mapping"));
    mapping
        .and_then(Value::as_mapping)
        .and_then(|m| {
            entries(m).find_map(|(value, target)| {
                let target = target.as_str()?;
                (target == reference || target == name || target == format!("{SCHEMA_REF}{name}"))
                    .then_some(value)
            })
        })
        .unwrap_or_else(|| name.to_owned())
}

/// The enum, its deserializer, `example()` (the first variant) and `impl Validate`.
pub(crate) fn render(
    rust: &str,
    doc: Option<&str>,
    schema: &Value,
    variants: &[Variant],
    exclusive: bool,
    first_example: &str,
) -> String {
    let mut text = doc_comment(doc, "");
    // Boxing a large member would change the type every handler builds.
    text.push_str("#[allow(clippy::large_enum_variant, reason = \"the contract's members\")]\n");
    text.push_str("#[derive(Debug, Clone, PartialEq, serde::Serialize)]\n#[serde(untagged)]\n");
    let _ = writeln!(text, "{}", item_open(&format!("pub enum {rust}"), false));
    for variant in variants {
        text.push_str(&tuple_variant(&variant.ident, &variant.ty.render("")));
    }
    text.push_str("}\n\n");
    let property = get(schema, "discriminator").and_then(|d| get_str(d, "propertyName"));
    match property {
        Some(property) if variants.iter().all(|v| v.tag.is_some()) => {
            let _ = writeln!(text, "json::tagged!({rust}, {property:?} {{");
            for variant in variants {
                let tag = variant.tag.as_deref().unwrap_or_default();
                let _ = writeln!(
                    text,
                    "    {tag:?} => {}({}),",
                    variant.ident,
                    variant.ty.render("")
                );
            }
        }
        _ => {
            let _ = writeln!(text, "json::one_of!({rust}, {exclusive} {{");
            for variant in variants {
                let _ = writeln!(text, "    {}({}),", variant.ident, variant.ty.render(""));
            }
        }
    }
    text.push_str("});\n\n");
    let first = variants.first().map_or("", |v| v.ident.as_str());
    text.push_str(&example_impl(
        rust,
        &format!("Self::{first}({first_example})"),
    ));
    text.push('\n');
    let _ = writeln!(text, "{}", impl_open(Some("Validate"), rust));
    text.push_str("    fn validate(&self, path: &str, errors: &mut Vec<String>) {\n");
    text.push_str("        match self {\n");
    for variant in variants {
        let checks = if variant.rules.is_empty() || variant.rules == [Rule::Nested] {
            String::new()
        } else {
            variant_checks(&variant.rules, 16)
        };
        if checks.is_empty() {
            let _ = writeln!(
                text,
                "            Self::{}(value) => value.validate(path, errors),",
                variant.ident
            );
        } else {
            let _ = write!(
                text,
                "            Self::{}(value) => {{\n{checks}            }}\n",
                variant.ident
            );
        }
    }
    text.push_str("        }\n    }\n}\n");
    text
}

/// The example of the first member.
pub(crate) fn first_example(
    examples: &Examples<'_>,
    schema: &Value,
    members: &[&Value],
    variants: &[Variant],
    site: &Site<'_>,
) -> Result<String, RustError> {
    let (Some(member), Some(variant)) = (members.first(), variants.first()) else {
        return Ok(String::new());
    };
    let example = examples.expr(member, &variant.ty, site, false)?;
    let property = get(schema, "discriminator").and_then(|d| get_str(d, "propertyName"));
    let name = get_str(member, "$ref").and_then(|r| r.strip_prefix(SCHEMA_REF));
    let (Some(tag), Some(property), Some(name)) = (&variant.tag, property, name) else {
        return Ok(example);
    };
    let Some((field, required)) = tag_property(examples.schemas, name, property) else {
        return Ok(example);
    };
    // The example carries the tag that names its variant.
    let value = if required {
        format!("String::from({tag:?})")
    } else {
        format!("Some(String::from({tag:?}))")
    };
    let pad = " ".repeat(12);
    Ok(format!(
        "{{\n{pad}let mut value = {example};\n{pad}value.{field} = {value};\n{pad}value\n        }}"
    ))
}

#[cfg(test)]
#[path = "union_tests.rs"]
mod tests;
