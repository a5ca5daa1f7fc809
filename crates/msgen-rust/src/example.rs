//! Example values: Rust expressions valid against a schema, and raw values for URLs.

use yaml_serde::{Mapping, Value};

use crate::RustError;
use crate::types::{NO_SCHEMAS, RType, SchemaNames, Shape, Site, child, rust_type, shape};
use msgen_openapi::examples::{integer_example, number_example, string_example};
use msgen_openapi::yaml_view::get;

/// Context for example expressions.
pub(crate) struct Examples<'a> {
    /// The whole document (to follow `$ref`).
    pub root: &'a Value,
    /// `components.schemas`.
    pub schemas: &'a Mapping,
    /// `""` inside `models.rs`, `"models::"` elsewhere.
    pub prefix: &'a str,
    /// The Rust names of the component schemas.
    pub names: &'a SchemaNames,
}

impl<'a> Examples<'a> {
    /// Example builders over `root`; `prefix` is `""` inside `models.rs`, `"models::"`
    /// elsewhere.
    pub(crate) fn new(
        root: &'a Value,
        schemas: &'a Mapping,
        names: &'a SchemaNames,
        prefix: &'a str,
    ) -> Self {
        Self {
            root,
            schemas,
            prefix,
            names,
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
                        names: site.names,
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
            (RType::Integer, _) => {
                format!(
                    "{}Integer::from({}_i64)",
                    self.prefix,
                    integer_example(schema)
                )
            }
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
        names: &NO_SCHEMAS,
        owner: "",
        pointer: String::new(),
        inline_name: Some(String::new()),
    };
    matches!(
        shape(schema, &site),
        Ok((Shape::Object | Shape::Enum(_) | Shape::Union(..), _))
    )
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
