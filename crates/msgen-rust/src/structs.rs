//! Rust source of one generated struct and its `example()`.

use std::fmt::Write as _;

use crate::idents::{field_idents, unraw};
use crate::rustfmt::{
    doc_comment, field_decl, impl_open, item_open, macro_item, serde_attr, struct_literal,
};
use crate::types::RType;
use crate::validate::{Rule, validate_impl};

/// One field of a generated struct.
pub(crate) struct Field {
    /// Name in JSON.
    pub name: String,
    /// Rust type (already `Option` when optional).
    pub ty: RType,
    /// Whether the key may be absent.
    pub optional: bool,
    /// Doc text.
    pub doc: Option<String>,
    /// Example expression.
    pub example: String,
    /// A `json::…` helper of the template's `models.rs` for JSON Schema semantics.
    pub deserialize_with: Option<&'static str>,
    /// `writeOnly` (then also `optional`): read from requests, never in responses.
    pub write_only: bool,
    /// The constraints `impl Validate` checks.
    pub rules: Vec<Rule>,
    /// `#[serde(flatten)]`: the map of the properties beyond those listed
    /// (`additionalProperties` with a schema beside `properties`).
    pub flatten: bool,
}

/// What a struct refuses besides wrong field types.
#[derive(Clone, Copy)]
pub(crate) struct Strict {
    /// `additionalProperties: false`: unknown fields.
    pub deny: bool,
    /// Any JSON but an object (serde alone takes an array of the fields in order);
    /// the template's `json::object_only!` writes the serde impls.
    pub object_only: bool,
}

/// Whether an object schema refuses properties it does not list
/// (`additionalProperties: false`).
pub(crate) fn closed(schema: &yaml_serde::Value) -> bool {
    matches!(
        msgen_openapi::yaml_view::get(schema, "additionalProperties"),
        Some(yaml_serde::Value::Bool(false))
    )
}

/// A struct, its `example()` and `impl Validate`.
pub(crate) fn render_struct(
    rust: &str,
    doc: Option<&str>,
    fields: &[Field],
    strict: Strict,
) -> String {
    let mut text = doc_comment(doc, "");
    text.push_str("#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]\n");
    let mut attrs = Vec::new();
    if strict.object_only {
        attrs.push("remote = \"Self\"".to_owned());
    }
    if strict.deny {
        attrs.push("deny_unknown_fields".to_owned());
    }
    if !attrs.is_empty() {
        text.push_str(&serde_attr("", &attrs));
    }
    let object_only = if strict.object_only {
        format!("{}\n\n", macro_item("json::object_only", rust))
    } else {
        String::new()
    };
    if fields.is_empty() {
        let _ = writeln!(text, "{}\n", item_open(&format!("pub struct {rust}"), true));
        text.push_str(&object_only);
        text.push_str(&example_impl(rust, "Self {}"));
        text.push('\n');
        text.push_str(&validate_impl(rust, &[]));
        return text;
    }
    let _ = writeln!(text, "{}", item_open(&format!("pub struct {rust}"), false));
    let idents = field_idents(fields.iter().map(|f| f.name.as_str()));
    let mut literal = Vec::new();
    let mut checks = Vec::new();
    for (field, ident) in fields.iter().zip(idents) {
        text.push_str(&doc_comment(field.doc.as_deref(), "    "));
        if field.flatten {
            text.push_str(&serde_attr("    ", &["flatten".to_owned()]));
        } else if unraw(&ident) != field.name {
            text.push_str(&serde_attr("    ", &[format!("rename = {:?}", field.name)]));
        }
        let mut args = Vec::new();
        if field.optional {
            let skip = if field.write_only {
                "json::write_only"
            } else {
                "Option::is_none"
            };
            args.extend([
                format!("skip_serializing_if = {skip:?}"),
                "default".to_owned(),
            ]);
        }
        if let Some(with) = field.deserialize_with {
            args.push(format!("deserialize_with = {with:?}"));
        }
        if !args.is_empty() {
            text.push_str(&serde_attr("    ", &args));
        }
        text.push_str(&field_decl(&ident, &field.ty.render("")));
        if !field.rules.is_empty() {
            let wire = (!field.flatten).then(|| field.name.clone());
            checks.push((ident.clone(), wire, field.rules.clone()));
        }
        literal.push((ident, field.example.clone()));
    }
    text.push_str("}\n\n");
    text.push_str(&object_only);
    text.push_str(&example_impl(rust, &struct_literal("Self", &literal, 8)));
    text.push('\n');
    text.push_str(&validate_impl(rust, &checks));
    text
}

pub(crate) fn example_impl(rust: &str, body: &str) -> String {
    format!(
        "{}\n    /// An example value that is valid against the schema.\n    #[must_use]\n    pub fn example() -> Self {{\n        {body}\n    }}\n}}\n",
        impl_open(None, rust)
    )
}
