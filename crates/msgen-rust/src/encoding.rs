//! A request body's `encoding`: per part of a `multipart/form-data` body, the media
//! types it may have (`contentType`, enforced by the template's extractor); for a
//! form, only what msgen reads anyway. Whatever else it asks for is refused, never
//! ignored.
//!
//! Read: `contentType` (one media type or a comma-separated list, wildcards such as
//! `image/*` included) on multipart parts; `style: form`, `explode: true` and
//! `allowReserved: false` (how msgen reads repeated parts and form fields anyway).
//! Refused: `headers`, other `style`/`explode`/`allowReserved` values, a key that
//! names no property, and `contentType` on a form field or on a text part that
//! excludes `text/plain` (msgen reads those as text).

use std::fmt::Write as _;

use yaml_serde::Value;

use crate::RustError;
use msgen_openapi::operations::ListedOperation;
use msgen_openapi::yaml_view::{entries, escape, get};

/// The media types each restricted part may have: (part name, media types in
/// lowercase without parameters), in document order.
pub(crate) type PartTypes = Vec<(String, Vec<String>)>;

/// The part types of a multipart body's `encoding` at `pointer` (its content
/// entry), checked against `properties` (`file(name)` says a part is a file).
pub(crate) fn multipart(
    found: &ListedOperation<'_>,
    pointer: &str,
    content: &Value,
    properties: &[String],
    file: &dyn Fn(&str) -> bool,
) -> Result<PartTypes, RustError> {
    let mut types = Vec::new();
    let mut errors = Vec::new();
    for (name, entry, at) in encoding_entries(pointer, content) {
        let checked = known_part(found, &at, &name, properties)
            .and_then(|()| styles(found, &at, entry))
            .and_then(|()| no_headers(found, &at, entry))
            .and_then(|()| content_types(found, &at, entry));
        match checked {
            Ok(Some(listed))
                if !file(&name) && !listed.iter().any(|m| matches(m, "text/plain")) =>
            {
                errors.push(RustError::unsupported(
                    &found.id,
                    &format!("{at}/contentType"),
                    format!(
                        "`{}` for the text part `{name}` (msgen reads a part that is not a \
                         file as `text/plain`)",
                        listed.join(", ")
                    ),
                ));
            }
            Ok(Some(listed)) => types.push((name, listed)),
            Ok(None) => {}
            Err(error) => errors.push(error),
        }
    }
    RustError::collect(errors)?;
    Ok(types)
}

/// Refuses what a form body's `encoding` at `pointer` asks that msgen does not do.
pub(crate) fn form(
    found: &ListedOperation<'_>,
    pointer: &str,
    content: &Value,
) -> Result<(), RustError> {
    let mut errors = Vec::new();
    for (_, entry, at) in encoding_entries(pointer, content) {
        let checked = styles(found, &at, entry)
            .and_then(|()| no_headers(found, &at, entry))
            .and_then(|()| match get(entry, "contentType") {
                None => Ok(()),
                Some(_) => Err(RustError::unsupported(
                    &found.id,
                    &format!("{at}/contentType"),
                    "`contentType` on a field of an `application/x-www-form-urlencoded` body \
                     (msgen reads each field as text)",
                )),
            });
        if let Err(error) = checked {
            errors.push(error);
        }
    }
    RustError::collect(errors)
}

/// Each `encoding` entry of `content`: (part name, entry, its pointer).
fn encoding_entries<'a>(
    pointer: &str,
    content: &'a Value,
) -> impl Iterator<Item = (String, &'a Value, String)> {
    let pointer = pointer.to_owned();
    get(content, "encoding")
        .and_then(Value::as_mapping)
        .into_iter()
        .flat_map(entries)
        .map(move |(name, entry)| {
            let at = format!("{pointer}/encoding/{}", escape(&name));
            (name, entry, at)
        })
}

/// An `encoding` key must name a property of the body's schema.
fn known_part(
    found: &ListedOperation<'_>,
    at: &str,
    name: &str,
    properties: &[String],
) -> Result<(), RustError> {
    if properties.iter().any(|p| p == name) {
        return Ok(());
    }
    Err(RustError::unsupported(
        &found.id,
        at,
        format!("an `encoding` for `{name}`, which is not a property of the body's schema"),
    ))
}

/// `style`, `explode` and `allowReserved` as msgen reads anyway: repeated parts or
/// fields, values percent-decoded.
fn styles(found: &ListedOperation<'_>, at: &str, entry: &Value) -> Result<(), RustError> {
    let wrong = |key: &str, what: &str| {
        Err(RustError::unsupported(
            &found.id,
            &format!("{at}/{key}"),
            format!(
                "`{key}: {what}` in an `encoding` (msgen reads `style: form`, `explode: true`)"
            ),
        ))
    };
    match get(entry, "style") {
        None => {}
        Some(Value::String(style)) if style == "form" => {}
        Some(other) => return wrong("style", &scalar(other)),
    }
    match get(entry, "explode") {
        None | Some(Value::Bool(true)) => {}
        Some(other) => return wrong("explode", &scalar(other)),
    }
    match get(entry, "allowReserved") {
        None | Some(Value::Bool(false)) => Ok(()),
        Some(other) => wrong("allowReserved", &scalar(other)),
    }
}

fn scalar(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Bool(flag) => flag.to_string(),
        Value::Number(number) => number.to_string(),
        _ => "…".to_owned(),
    }
}

/// Part headers besides `Content-Type` are not read: a contract that lists some is
/// refused rather than left unchecked.
fn no_headers(found: &ListedOperation<'_>, at: &str, entry: &Value) -> Result<(), RustError> {
    match get(entry, "headers").and_then(Value::as_mapping) {
        Some(headers) if !headers.is_empty() => Err(RustError::unsupported(
            &found.id,
            &format!("{at}/headers"),
            "`headers` of a part in an `encoding` (msgen checks a part's `Content-Type` only)",
        )),
        _ => Ok(()),
    }
}

/// The media types of `contentType`, lowercase without parameters; `None` without one.
fn content_types(
    found: &ListedOperation<'_>,
    at: &str,
    entry: &Value,
) -> Result<Option<Vec<String>>, RustError> {
    let Some(value) = get(entry, "contentType") else {
        return Ok(None);
    };
    let pointer = format!("{at}/contentType");
    let refused = |what: String| RustError::unsupported(&found.id, &pointer, what);
    let Value::String(text) = value else {
        return Err(refused(
            "a `contentType` that is not a string (list several media types in one \
             string, comma-separated)"
                .to_owned(),
        ));
    };
    let mut listed = Vec::new();
    for media in text.split(',') {
        let essence = media.split(';').next().unwrap_or_default().trim();
        let essence = essence.to_ascii_lowercase();
        if !well_formed(&essence) {
            return Err(refused(format!(
                "the `contentType` `{text}`, where `{}` is not a media type such as \
                 `image/png` or `image/*`",
                media.trim()
            )));
        }
        if !listed.contains(&essence) {
            listed.push(essence);
        }
    }
    Ok(Some(listed))
}

/// `type/subtype`, `type/*` or `*/*`, in the characters of an RFC 9110 token.
fn well_formed(media: &str) -> bool {
    let token = |t: &str| {
        !t.is_empty()
            && t.chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$&-^_.+".contains(c))
    };
    match media.split_once('/') {
        Some(("*", "*")) => true,
        Some((kind, "*")) => token(kind),
        Some((kind, subtype)) => token(kind) && token(subtype),
        None => false,
    }
}

/// Whether the listed `pattern` (maybe a wildcard) takes `media`.
pub(crate) fn matches(pattern: &str, media: &str) -> bool {
    match pattern.strip_suffix("/*") {
        Some("*") => true,
        Some(kind) => media
            .split_once('/')
            .is_some_and(|(media_kind, _)| media_kind == kind),
        None => pattern == media,
    }
}

/// A media type that `listed` takes, for the example a test sends: `text/plain` if
/// taken, else the first, a wildcard made concrete (`image/*` → `image/example`).
pub(crate) fn example_type(listed: &[String]) -> String {
    if listed.iter().any(|m| matches(m, "text/plain")) {
        return "text/plain".to_owned();
    }
    match listed.first().map(String::as_str) {
        None => "application/octet-stream".to_owned(),
        Some(first) => match first.strip_suffix("/*") {
            Some(kind) => format!("{kind}/example"),
            None => first.to_owned(),
        },
    }
}

/// The source of `impl crate::extract::PartTypes for <rust>`, which the extractor
/// checks each part's `Content-Type` against, laid out as rustfmt does.
pub(crate) fn part_types_impl(rust: &str, types: &PartTypes) -> String {
    let trait_path = "crate::extract::PartTypes";
    if types.is_empty() {
        return format!("impl {trait_path} for {rust} {{}}\n");
    }
    let mut text = format!(
        "impl {trait_path} for {rust} {{\n    fn part_types(part: &str) -> &'static [&'static str] {{\n        match part {{\n"
    );
    for (name, listed) in types {
        text.push_str(&arm(&format!("{name:?}"), listed));
    }
    text.push_str("            _ => &[],\n        }\n    }\n}\n");
    text
}

/// rustfmt's `array_width`, `max_width` and `short_array_element_width_threshold`.
const ARRAY_WIDTH: usize = 60;
const MAX_WIDTH: usize = 100;
const SHORT_ITEM: usize = 10;

/// `"name" => &["a", "b"],` in the match, or one item a line when rustfmt breaks it
/// (several a line when every item is short).
fn arm(pattern: &str, listed: &[String]) -> String {
    let pad = " ".repeat(12);
    let items: Vec<String> = listed.iter().map(|m| format!("{m:?}")).collect();
    let joined = items.join(", ");
    let line = format!("{pad}{pattern} => &[{joined}],\n");
    if joined.chars().count() + 2 <= ARRAY_WIDTH && line.chars().count() <= MAX_WIDTH + 1 {
        return line;
    }
    let inner = " ".repeat(16);
    let mut text = format!("{pad}{pattern} => &[\n");
    if items.iter().all(|item| item.chars().count() <= SHORT_ITEM) {
        let mut current = String::new();
        for item in &items {
            if !current.is_empty() && inner.len() + current.len() + 1 + item.len() + 1 > MAX_WIDTH {
                let _ = writeln!(text, "{inner}{current}");
                current.clear();
            }
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(item);
            current.push(',');
        }
        let _ = writeln!(text, "{inner}{current}");
    } else {
        for item in &items {
            let _ = writeln!(text, "{inner}{item},");
        }
    }
    let _ = writeln!(text, "{pad}],");
    text
}

#[cfg(test)]
#[path = "encoding_tests.rs"]
mod tests;
