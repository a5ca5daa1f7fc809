//! A `multipart/form-data` request body: its parts as the fields of one struct,
//! `<Id>Parts`, that the template's `crate::extract::Multipart` fills.
//!
//! A file part (`type: string` with `format: binary`, or with `contentMediaType` and no
//! `format`, as `OpenAPI` 3.1 writes it) is a `crate::extract::FilePart`: its bytes, file
//! name and content type, sent as a part with a `filename`; an array of them is several
//! parts of one name. Every other part is text, typed and checked like a form field: a
//! scalar, an enum, or an array of those as repeated parts. A required part must be sent. Refused, naming the property:
//! objects and nested arrays in a part, and a body schema without `properties`.

use heck::ToUpperCamelCase;
use yaml_serde::Value;

use crate::RustError;
use crate::encoding::{self, PartTypes};
use crate::example::Examples;
use crate::structs::Field;
use crate::types::{RType, Site, rust_type};
use crate::validate::rules;
use msgen_openapi::operations::ListedOperation;
use msgen_openapi::yaml_view::{deref, entries, escape, get, get_str, resolve};

/// The Rust type of a file part, as `models.rs` names it.
const FILE_PART: &str = "crate::extract::FilePart";

/// The name of the struct of `found`'s parts.
pub(crate) fn struct_name(found: &ListedOperation<'_>) -> String {
    format!("{}Parts", found.module.to_upper_camel_case())
}

/// `found`'s `multipart/form-data` content entry (a `$ref`'d body resolved) and its
/// pointer; `None` when the body lists no such content.
fn body_content<'a>(
    root: &'a Value,
    found: &'a ListedOperation<'_>,
) -> Result<Option<(&'a Value, String)>, RustError> {
    let pointer = format!(
        "/paths/{}/{}/requestBody",
        escape(found.path),
        found.method.as_str()
    );
    let Some(raw) = get(found.op, "requestBody") else {
        return Ok(None);
    };
    let body = deref(root, raw, &pointer)?;
    Ok(get(body, "content")
        .and_then(Value::as_mapping)
        .into_iter()
        .flat_map(entries)
        .find(|(media, _)| is_multipart(media))
        .map(|(media, content)| (content, format!("{pointer}/content/{}", escape(&media)))))
}

/// The schema of `found`'s `multipart/form-data` body (a `$ref` resolved) and its
/// pointer; `None` when the body lists no such content.
pub(crate) fn body_schema<'a>(
    root: &'a Value,
    found: &'a ListedOperation<'_>,
) -> Result<Option<(&'a Value, String)>, RustError> {
    let Some((content, pointer)) = body_content(root, found)? else {
        return Ok(None);
    };
    let schema = get(content, "schema").unwrap_or(&Value::Null);
    Ok(Some(match get_str(schema, "$ref") {
        Some(reference) => (
            resolve(root, reference).unwrap_or(&Value::Null),
            reference.trim_start_matches('#').to_owned(),
        ),
        None => (schema, format!("{pointer}/schema")),
    }))
}

/// The media types the body's `encoding` lists per part (see `crate::encoding`),
/// `schema` being its [`body_schema`].
pub(crate) fn part_types(
    root: &Value,
    found: &ListedOperation<'_>,
    schema: &Value,
) -> Result<PartTypes, RustError> {
    let Some((content, pointer)) = body_content(root, found)? else {
        return Ok(Vec::new());
    };
    let properties = get(schema, "properties").and_then(Value::as_mapping);
    let names: Vec<String> = properties
        .into_iter()
        .flat_map(entries)
        .map(|(name, _)| name)
        .collect();
    let file = |name: &str| {
        get(schema, "properties")
            .and_then(|p| get(p, name))
            .is_some_and(|prop| file_type(root, prop).is_some())
    };
    encoding::multipart(found, &pointer, content, &names, &file)
}

/// Whether `media` is `multipart/form-data` (parameters and case aside).
pub(crate) fn is_multipart(media: &str) -> bool {
    media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .eq_ignore_ascii_case("multipart/form-data")
}

/// The schema of a text part and its site: its inline enums become items.
pub(crate) type TextPart<'a> = (&'a Value, Site<'a>);

/// The fields of the parts struct, in document order, and the text parts.
pub(crate) fn fields<'a>(
    examples: &Examples<'a>,
    found: &'a ListedOperation<'_>,
    schema: &'a Value,
    pointer: &str,
    types: &PartTypes,
) -> Result<(Vec<Field>, Vec<TextPart<'a>>), RustError> {
    let owner = found.id.as_str();
    let properties = get(schema, "properties").and_then(Value::as_mapping);
    let Some(properties) = properties.filter(|p| !p.is_empty()) else {
        return Err(RustError::unsupported(
            owner,
            pointer,
            "a `multipart/form-data` body without `properties` (msgen reads each part by \
             its property)",
        ));
    };
    let required: Vec<&str> = get(schema, "required")
        .and_then(Value::as_sequence)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let parts_name = struct_name(found);
    let mut fields = Vec::new();
    let mut inline = Vec::new();
    for (name, prop) in entries(properties) {
        let site = Site {
            names: examples.names,
            owner,
            pointer: format!("{pointer}/properties/{}", escape(&name)),
            inline_name: Some(format!("{parts_name}{}", name.to_upper_camel_case())),
        };
        let required = required.contains(&name.as_str());
        if let Some(ty) = file_type(examples.root, prop) {
            let listed = types.iter().find(|(part, _)| *part == name);
            let media = listed.map(|(_, listed)| encoding::example_type(listed));
            fields.push(file_field(&name, ty, required, prop, media.as_deref()));
        } else {
            fields.push(text_field(examples, &name, prop, &site, required)?);
            inline.push((prop, site));
        }
    }
    Ok((fields, inline))
}

/// `FilePart` for a binary string, `Vec<FilePart>` for an array of them.
fn file_type(root: &Value, schema: &Value) -> Option<RType> {
    let schema = resolved(root, schema);
    let binary = |s: &Value| {
        let s = resolved(root, s);
        get_str(s, "type").is_none_or(|t| t == "string")
            && match get_str(s, "format") {
                Some(format) => format == "binary",
                None => get(s, "contentMediaType").is_some(),
            }
    };
    let file = RType::Named(FILE_PART.to_owned());
    if binary(schema) {
        return Some(file);
    }
    let items = get(schema, "items")?;
    binary(items).then(|| RType::Vec(Box::new(file)))
}

fn resolved<'a>(root: &'a Value, schema: &'a Value) -> &'a Value {
    get_str(schema, "$ref")
        .and_then(|reference| resolve(root, reference))
        .unwrap_or(schema)
}

/// A file part's field; its example has the `media` type the contract lists for it
/// (`text/plain` without one).
fn file_field(name: &str, ty: RType, required: bool, prop: &Value, media: Option<&str>) -> Field {
    let one = match media.filter(|m| *m != "text/plain") {
        Some(media) => format!("{FILE_PART}::example_of({media:?})"),
        None => format!("{FILE_PART}::example()"),
    };
    let example = match &ty {
        RType::Vec(_) => format!("vec![{one}]"),
        _ => one,
    };
    let (ty, example) = if required {
        (ty, example)
    } else {
        (RType::Option(Box::new(ty)), "None".to_owned())
    };
    Field {
        name: name.to_owned(),
        ty,
        optional: !required,
        doc: get_str(prop, "description").map(str::to_owned),
        example,
        deserialize_with: None,
        write_only: false,
        rules: Vec::new(),
        flatten: false,
    }
}

fn text_field(
    examples: &Examples<'_>,
    name: &str,
    prop: &Value,
    site: &Site<'_>,
    required: bool,
) -> Result<Field, RustError> {
    let ty = rust_type(prop, site)?;
    let scalar = |ty: &RType| {
        matches!(
            ty,
            RType::String
                | RType::I32
                | RType::I64
                | RType::Integer
                | RType::F32
                | RType::F64
                | RType::Bool
                | RType::Named(_)
        )
    };
    let readable = match &ty {
        RType::Vec(item) => scalar(item),
        other => scalar(other),
    };
    if !readable || matches!(resolved_shape(examples, prop), Some("object")) {
        return Err(RustError::unsupported(
            site.owner,
            &site.pointer,
            format!(
                "the `multipart/form-data` part `{name}` of type `{}` (a part holds a file, \
                 or text: a string, integer, number, boolean, enum, or an array of those)",
                ty.render("")
            ),
        ));
    }
    let (ty, example) = if required {
        let example = examples.expr(prop, &ty, site, true)?;
        (ty, example)
    } else {
        (RType::Option(Box::new(ty)), "None".to_owned())
    };
    let rules = rules(examples.schemas, prop, &ty, site)?;
    Ok(Field {
        name: name.to_owned(),
        ty,
        optional: !required,
        doc: get_str(prop, "description").map(str::to_owned),
        example,
        deserialize_with: None,
        write_only: false,
        rules,
        flatten: false,
    })
}

/// The `type` of `schema` after a `$ref`.
fn resolved_shape<'a>(examples: &Examples<'a>, schema: &'a Value) -> Option<&'a str> {
    get_str(resolved(examples.root, schema), "type")
}

#[cfg(test)]
#[path = "multipart_tests.rs"]
mod tests;
