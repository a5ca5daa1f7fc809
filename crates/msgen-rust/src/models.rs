//! `components.schemas` (+ query parameters) → Rust source for the service's `models.rs`.
//!
//! Supported, per schema:
//! - `type: object` with `properties` → `pub struct` (fields in document order; `required`
//!   → `T`, optional → `Option<T>` with `skip_serializing_if`; `additionalProperties: false`
//!   → `#[serde(deny_unknown_fields)]`, a schema → a last `#[serde(flatten)]` field
//!   `additional_properties: BTreeMap<String, T>` of the other properties, each a valid
//!   `T`; otherwise unknown fields are ignored);
//! - string `enum` → `pub enum` with one `#[serde(rename)]` per variant;
//! - anything else (primitive, array, `$ref`, free-form object) → `pub type Name = …;`;
//! - nested inline objects/enums → their own item named `ParentField` (array items `…Item`,
//!   map values `…Value`);
//! - nullable (`type: [x, "null"]`, `nullable: true`, `null` in an enum) → `Option<T>`;
//! - `type: object` without `properties` → `BTreeMap<String, T>` of `additionalProperties`
//!   (`serde_json::Value` when free-form); no schema at all → `serde_json::Value`;
//! - `allOf` with a single `$ref` and only annotations beside it → that type; any other
//!   `allOf` (several members, inline members, `properties`/`required` beside it) → one
//!   struct with every member's fields, required sets and constraints (see `merge`);
//! - a `$ref` to a nullable struct or enum → `Option<T>` where it is used;
//! - a required nullable property must be present (`null` or a value); an optional
//!   nullable one reads absent and `null` alike as `None` and is left out when `None`;
//! - `readOnly` properties are optional in every struct (never demanded of a request;
//!   a required one is `Some` in examples), `writeOnly` ones are `skip_serializing`
//!   (read from requests, never sent back);
//! - structs refuse any JSON but an object (serde alone takes an array of the fields);
//! - `oneOf`/`anyOf` → `pub enum` with one variant per member (see `union`); `null`
//!   members make it nullable, and one `$ref` left beside them is that type;
//! - integers: `format: int32` → `i32`, `format: int64` → `i64` (the contract promises
//!   the value fits); without `format`, `i64` when the bounds (`minimum`/`maximum`,
//!   exclusive ones too) both lie within it or an `enum` lists only such values, else the
//!   template's `Integer`, which holds any integral JSON number (past 64 bits as the
//!   nearest `f64`), so no schema-valid value is refused. Unbounded integers are
//!   `Integer`; add `format: int64` or bounds to get `i64`. `i32`/`i64` fields read `2.0`
//!   as 2 (`json::int`) and refuse values that do not fit with a 4xx, never wrapped.
//!
//! Field and variant names are the `snake_case`/`PascalCase` forms of the JSON names; two
//! that map to one Rust name are told apart by a numeric suffix in document order, and
//! `#[serde(rename)]` keeps every wire name as written. Schema names that map to one Rust
//! type name are told apart the same way (`Order`, `order` → `Order`, `Order2`; see
//! `SchemaNames`); an inline item whose name (`ParentField`) another item has is refused,
//! naming both.
//!
//! Rejected with the schema name and JSON pointer: `not`, `properties` beside a
//! `oneOf`/`anyOf`, an `allOf` whose parts define one property or constraint
//! differently, non-string enums, several non-null types, non-local `$ref`, and types
//! that would contain themselves without an array in between.
//!
//! Every struct and enum derives `Debug, Clone, PartialEq, serde::Serialize,
//! serde::Deserialize` and has `pub fn example() -> Self` (required fields filled, optional
//! ones `None`, arrays with `minItems` elements). Output is rustfmt-formatted.

use std::fmt::Write as _;

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;
use yaml_serde::Value;

use crate::RustError;
use crate::example::Examples;
use crate::rustfmt::{doc_comment, item_open, serde_attr, type_alias};
use crate::structs::{Field, Strict, example_impl, render_struct};
use crate::types::{RType, Shape, Site, child, model_name, rust_type, shape};
use crate::union;
use crate::validate::{Rule, rules, validate_impl};
use msgen_openapi::names::type_ident;

/// A property's schema, pointer and inline item name, for the items below a struct.
type Nested = (Value, String, Option<String>);
use msgen_openapi::yaml_view::{entries, escape, get, get_str};

/// Collects the Rust items in output order.
pub(crate) struct Generator<'a> {
    examples: Examples<'a>,
    out: Vec<String>,
    /// Rust name → source name, to report collisions.
    names: BTreeMap<String, String>,
    /// Rust name → names it contains by value (for cycle checks).
    contains: BTreeMap<String, Vec<String>>,
    /// Rust name → (schema name, JSON pointer), for errors.
    origin: BTreeMap<String, (String, String)>,
    /// Rust names of component schemas that are integer type aliases.
    int_aliases: BTreeSet<String>,
}

impl<'a> Generator<'a> {
    pub(crate) fn new(examples: Examples<'a>) -> Self {
        Self {
            examples,
            out: Vec::new(),
            names: BTreeMap::new(),
            contains: BTreeMap::new(),
            origin: BTreeMap::new(),
            int_aliases: BTreeSet::new(),
        }
    }

    /// Every component schema, in document order.
    pub(crate) fn schemas(&mut self) -> Result<(), RustError> {
        let schemas = self.examples.schemas;
        for (name, schema) in entries(schemas) {
            let site = Site {
                names: self.examples.names,
                owner: &name,
                pointer: String::new(),
                inline_name: None,
            };
            // An alias of `Integer` reads integers itself; `i32`/`i64` ones need `json::int`.
            let fixed = matches!(rust_type(schema, &site), Ok(RType::I32 | RType::I64));
            if let (Ok((Shape::Prim("integer"), false)), Some(rust), true) =
                (shape(schema, &site), model_name(&name, &site).ok(), fixed)
            {
                self.int_aliases.insert(rust);
            }
        }
        // Every schema is tried, so that one run reports all their problems.
        let mut errors = Vec::new();
        for (name, schema) in entries(schemas) {
            let pointer = format!("/components/schemas/{}", escape(&name));
            let site = Site {
                names: self.examples.names,
                owner: &name,
                pointer,
                inline_name: None,
            };
            let item = model_name(&name, &site).and_then(|rust| {
                let site = Site {
                    inline_name: Some(rust.clone()),
                    ..site
                };
                self.item(&rust, &name, schema, &site)
            });
            if let Err(error) = item {
                errors.push(error);
            }
        }
        RustError::collect(errors)
    }

    /// Register `rust` as the name of `source`, refusing collisions.
    pub(crate) fn claim(&mut self, rust: &str, source: &str) -> Result<(), RustError> {
        if let Some(first) = self.names.insert(rust.to_owned(), source.to_owned()) {
            return Err(RustError::NameCollision {
                rust: rust.to_owned(),
                first,
                second: source.to_owned(),
            });
        }
        Ok(())
    }

    fn item(
        &mut self,
        rust: &str,
        source: &str,
        schema: &Value,
        site: &Site<'_>,
    ) -> Result<(), RustError> {
        self.claim(rust, source)?;
        self.origin.insert(
            rust.to_owned(),
            (site.owner.to_owned(), site.pointer.clone()),
        );
        let doc = describe(schema);
        match shape(schema, site)?.0 {
            Shape::Object => self.object(rust, schema, site, doc.as_deref()),
            Shape::Union(members, exclusive) => {
                self.union(rust, schema, &members, exclusive, site, doc.as_deref())
            }
            Shape::Enum(values) => {
                self.enumeration(rust, &values, doc.as_deref());
                Ok(())
            }
            _ => {
                let ty = rust_type(schema, site)?;
                self.contains
                    .insert(rust.to_owned(), by_value(&ty).into_iter().collect());
                let mut text = doc_comment(doc.as_deref(), "");
                text.push_str(&type_alias(rust, &ty.render("")));
                self.out.push(text);
                self.inline_items(schema, site)
            }
        }
    }

    /// Generate the items of inline objects/enums below `schema` (not `schema` itself).
    fn inline_items(&mut self, schema: &Value, site: &Site<'_>) -> Result<(), RustError> {
        match shape(schema, site)?.0 {
            Shape::Array(items) => self.inline_here(items, &child(site, "/items", "Item")),
            Shape::Map(Some(values)) => {
                self.inline_here(values, &child(site, "/additionalProperties", "Value"))
            }
            _ => Ok(()),
        }
    }

    /// Generate `schema` as an item if it is an inline object/enum, else look below it.
    pub(crate) fn inline_here(&mut self, schema: &Value, site: &Site<'_>) -> Result<(), RustError> {
        match (shape(schema, site)?.0, &site.inline_name) {
            (Shape::Object | Shape::Enum(_) | Shape::Union(..), Some(name)) => {
                let source = format!("{}#{}", site.owner, site.pointer);
                self.item(&name.clone(), &source, schema, site)
            }
            _ => self.inline_items(schema, site),
        }
    }

    fn is_int(&self, ty: &RType) -> bool {
        match ty {
            RType::I32 | RType::I64 => true,
            RType::Named(name) => self.int_aliases.contains(name),
            _ => false,
        }
    }

    fn object(
        &mut self,
        rust: &str,
        schema: &Value,
        site: &Site<'_>,
        doc: Option<&str>,
    ) -> Result<(), RustError> {
        let required: BTreeSet<&str> = get(schema, "required")
            .and_then(Value::as_sequence)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let props = get(schema, "properties")
            .and_then(Value::as_mapping)
            .cloned()
            .unwrap_or_default();
        let mut fields = Vec::new();
        let mut nested = Vec::new();
        for (name, prop) in entries(&props) {
            let prop_site = Site {
                names: site.names,
                owner: site.owner,
                pointer: format!("{}/properties/{}", site.pointer, escape(&name)),
                inline_name: Some(format!("{rust}{}", name.to_upper_camel_case())),
            };
            let mut ty = rust_type(prop, &prop_site)?;
            let required = required.contains(name.as_str());
            // One struct serves requests and responses. A `readOnly` property is never
            // demanded of a request (a client cannot send it), so it reads as optional; a
            // `writeOnly` one is never sent back, so it is optional too (responses, and the
            // service's own tests reading them, lack it) and `validate` demands it of
            // requests when it is required.
            let read_only = flag(prop, "readOnly");
            let write_only = flag(prop, "writeOnly");
            let optional = !required || read_only || write_only;
            let nullable = matches!(ty, RType::Option(_));
            let int = match &ty {
                RType::Option(inner) => self.is_int(inner),
                other => self.is_int(other),
            };
            // A required `readOnly` property is in every response, examples included.
            let example = if required && (read_only || write_only) && !nullable {
                format!(
                    "Some({})",
                    self.examples.expr(prop, &ty, &prop_site, false)?
                )
            } else if optional && !nullable {
                "None".to_owned()
            } else {
                self.examples.expr(prop, &ty, &prop_site, false)?
            };
            if optional && !nullable {
                ty = RType::Option(Box::new(ty));
            }
            // JSON Schema semantics: `2.0` is an integer, an optional property is not `null`,
            // a required nullable one must be present (serde would let an `Option` be absent).
            let deserialize_with = match (optional, nullable, int) {
                (false, false, true) => Some("json::int"),
                (_, true, true) => Some("json::nullable_int"),
                (true, false, true) => Some("json::non_null_int"),
                (true, false, false) => Some("json::non_null"),
                (false, true, false) => Some("json::nullable"),
                (true, true, false) | (false, false, false) => None,
            };
            let mut rules = rules(self.examples.schemas, prop, &ty, &prop_site)?;
            if required && write_only && !read_only {
                rules.insert(0, Rule::Required);
            }
            nested.push((
                prop.clone(),
                prop_site.pointer.clone(),
                prop_site.inline_name.clone(),
            ));
            fields.push(Field {
                name,
                ty,
                optional,
                doc: describe(prop),
                example,
                deserialize_with,
                write_only,
                rules,
                flatten: false,
            });
        }
        if let Some((field, inline)) = self.other_properties(rust, schema, site)? {
            fields.push(field);
            nested.push(inline);
        }
        let deny = crate::structs::closed(schema);
        self.contains.insert(
            rust.to_owned(),
            fields.iter().filter_map(|f| by_value(&f.ty)).collect(),
        );
        self.out.push(render_struct(
            rust,
            doc,
            &fields,
            Strict {
                deny,
                object_only: true,
            },
        ));
        self.inline_all(nested, site)
    }

    /// The items of the inline objects/enums below a struct's fields.
    fn inline_all(&mut self, nested: Vec<Nested>, site: &Site<'_>) -> Result<(), RustError> {
        for (prop, pointer, inline_name) in nested {
            self.inline_here(
                &prop,
                &Site {
                    names: site.names,
                    owner: site.owner,
                    pointer,
                    inline_name,
                },
            )?;
        }
        Ok(())
    }

    /// The field that holds the properties beyond those listed when
    /// `additionalProperties` is a schema: a flattened map of its type, each value
    /// validated like a map's.
    fn other_properties(
        &self,
        rust: &str,
        schema: &Value,
        site: &Site<'_>,
    ) -> Result<Option<(Field, Nested)>, RustError> {
        let Some(values) = get(schema, "additionalProperties").filter(|v| v.is_mapping()) else {
            return Ok(None);
        };
        let map_site = Site {
            names: site.names,
            owner: site.owner,
            pointer: site.pointer.clone(),
            inline_name: Some(rust.to_owned()),
        };
        let value_site = child(&map_site, "/additionalProperties", "Value");
        let ty = RType::Map(Box::new(rust_type(values, &value_site)?));
        let mut as_map = yaml_serde::Mapping::new();
        as_map.insert("type".into(), "object".into());
        as_map.insert("additionalProperties".into(), values.clone());
        let rules = rules(
            self.examples.schemas,
            &Value::Mapping(as_map),
            &ty,
            &map_site,
        )?;
        let listed = get(schema, "properties")
            .and_then(Value::as_mapping)
            .map_or(0, yaml_serde::Mapping::len);
        let field = Field {
            name: "additionalProperties".to_owned(),
            ty,
            optional: false,
            doc: Some(format!(
                "The properties besides the {listed} listed: additionalProperties."
            )),
            example: "std::collections::BTreeMap::new()".to_owned(),
            deserialize_with: None,
            write_only: false,
            rules,
            flatten: true,
        };
        let inline = (
            values.clone(),
            value_site.pointer.clone(),
            value_site.inline_name.clone(),
        );
        Ok(Some((field, inline)))
    }

    fn union(
        &mut self,
        rust: &str,
        schema: &Value,
        members: &[&Value],
        exclusive: bool,
        site: &Site<'_>,
        doc: Option<&str>,
    ) -> Result<(), RustError> {
        let (variants, inline) =
            union::variants(self.examples.schemas, rust, schema, members, site)?;
        let first_site = inline
            .first()
            .filter(|_| get_str(members[0], "$ref").is_none());
        let example = union::first_example(
            &self.examples,
            schema,
            members,
            &variants,
            first_site.unwrap_or(site),
        )?;
        self.contains.insert(
            rust.to_owned(),
            variants.iter().filter_map(|v| by_value(&v.ty)).collect(),
        );
        self.out.push(union::render(
            rust, doc, schema, &variants, exclusive, &example,
        ));
        let inline_members = members.iter().filter(|m| get_str(m, "$ref").is_none());
        for (member, member_site) in inline_members.zip(inline) {
            self.inline_here(member, &member_site)?;
        }
        Ok(())
    }

    fn enumeration(&mut self, rust: &str, values: &[&str], doc: Option<&str>) {
        let mut seen = BTreeSet::new();
        let mut text = doc_comment(doc, "");
        text.push_str("#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]\n");
        let _ = writeln!(text, "{}", item_open(&format!("pub enum {rust}"), false));
        let mut first = None;
        for value in values {
            // Values that map to one variant name (`in-stock`, `IN_STOCK`) are told apart
            // by a numeric suffix in document order; `rename` keeps each wire value.
            let base = variant_ident(value);
            let mut variant = base.clone();
            let mut n = 1;
            while !seen.insert(variant.clone()) {
                n += 1;
                variant = format!("{base}{n}");
            }
            first.get_or_insert_with(|| variant.clone());
            text.push_str(&serde_attr("    ", &[format!("rename = {value:?}")]));
            let _ = writeln!(text, "    {variant},");
        }
        text.push_str("}\n\n");
        text.push_str(&example_impl(
            rust,
            &format!("Self::{}", first.unwrap_or_default()),
        ));
        text.push('\n');
        text.push_str(&validate_impl(rust, &[]));
        self.out.push(text);
    }

    /// A `<Op>Query` (`…Path`, `…Headers`, `…Cookies`) struct for the parameters
    /// `what` names (`Query parameters`); `deny` refuses fields it does not list.
    pub(crate) fn params_struct(
        &mut self,
        rust: &str,
        what: &str,
        op_id: &str,
        fields: &[Field],
        deny: bool,
    ) -> Result<(), RustError> {
        self.claim(rust, &format!("{} of `{op_id}`", what.to_lowercase()))?;
        let strict = Strict {
            deny,
            object_only: false,
        };
        let struct_text = render_struct(rust, None, fields, strict);
        self.out
            .push(format!("/// {what} of `{op_id}`.\n{struct_text}"));
        Ok(())
    }

    /// An item written elsewhere (an impl of a generated struct), in output order.
    pub(crate) fn push_item(&mut self, text: String) {
        self.out.push(text);
    }

    /// Refuse types that contain themselves by value; then the finished source.
    pub(crate) fn finish(self) -> Result<String, RustError> {
        for start in self.contains.keys() {
            let mut stack: Vec<(&str, Vec<&str>)> = vec![(start.as_str(), vec![start.as_str()])];
            while let Some((node, path)) = stack.pop() {
                for next in self.contains.get(node).into_iter().flatten() {
                    if next == start {
                        let cycle = path.join(" → ");
                        let (schema, pointer) = self.origin.get(start).cloned().unwrap_or_default();
                        let what = format!(
                            "a type that contains itself without an array in between ({cycle} → {start})"
                        );
                        return Err(RustError::unsupported(&schema, &pointer, what));
                    }
                    if !path.contains(&next.as_str()) {
                        let mut longer = path.clone();
                        longer.push(next);
                        stack.push((next, longer));
                    }
                }
            }
        }
        Ok(self.out.join("\n"))
    }
}

/// Names a type holds by value (not behind `Vec` or a map).
fn by_value(ty: &RType) -> Option<String> {
    match ty {
        RType::Named(name) => Some(name.clone()),
        RType::Option(inner) => by_value(inner),
        _ => None,
    }
}

fn flag(schema: &Value, key: &str) -> bool {
    matches!(get(schema, key), Some(Value::Bool(true)))
}

fn describe(schema: &Value) -> Option<String> {
    get_str(schema, "description")
        .or_else(|| get_str(schema, "title"))
        .map(str::to_owned)
}

fn variant_ident(value: &str) -> String {
    if let Some(name) = type_ident(value) {
        return name;
    }
    let pascal = value.to_upper_camel_case();
    if pascal.is_empty() {
        "Empty".into()
    } else {
        format!("{pascal}Value")
    }
}

#[cfg(test)]
#[path = "models_tests.rs"]
mod tests;
