//! The request body of an operation and the `crate::extract` extractor that reads it,
//! picked by the media types the contract lists.

use heck::ToUpperCamelCase;
use yaml_serde::Value;

use crate::RustError;
use crate::example::Examples;
use crate::types::{Shape, Site, rust_type, shape};
use msgen_openapi::operations::ListedOperation;
use msgen_openapi::yaml_view::{deref, entries, escape, get};

/// A request body, read by one `crate::extract` extractor.
#[derive(serde::Serialize, Clone, Debug, PartialEq, Eq)]
pub struct RequestBody {
    /// Component schema name (the item's for arrays), or the JSON type for primitives.
    pub schema: String,
    /// Rust type, e.g. `models::Order`, `String` or `axum::body::Bytes`.
    pub rust_type: String,
    /// A Rust expression of that type.
    pub example: String,
    /// `required: true`: without it the handler gets an `Option`.
    pub required: bool,
    /// The extractor: `Json`, `Form`, `JsonOrForm`, `Multipart`, `Text` or `Binary`.
    pub extractor: String,
    /// The handler's parameter, e.g. `Json(_body): Json<RequestBody>` or
    /// `_body: Option<Text>`.
    pub parameter: String,
    /// The media type the generated test sends.
    pub media_type: String,
    /// The Rust expression of the test's body bytes from `body` (a `RequestBody`).
    pub test_body: String,
    /// Whether the contract also lists `application/x-www-form-urlencoded` next to JSON.
    pub also_form: bool,
    /// Whether the extractor takes the body's type (`Json<RequestBody>`); `Text` and
    /// `Binary` do not.
    pub generic: bool,
    /// XML media types the contract lists beside ones msgen reads: a request in them is
    /// answered 415, and generation warns about each.
    pub unread_media: Vec<String>,
}

/// The schema of the request body's JSON or form content and where it is typed (an
/// inline object is `<Id>Body`); `None` without one.
pub(crate) fn request_schema<'a>(
    root: &'a Value,
    names: &'a crate::types::SchemaNames,
    found: &'a ListedOperation<'_>,
) -> Result<Option<(&'a Value, Site<'a>)>, RustError> {
    let pointer = format!(
        "/paths/{}/{}/requestBody",
        escape(found.path),
        found.method.as_str()
    );
    let Some(raw) = get(found.op, "requestBody") else {
        return Ok(None);
    };
    let body = deref(root, raw, &pointer)?;
    let content = get(body, "content").and_then(Value::as_mapping);
    let Some((media, value)) = content.into_iter().flat_map(entries).find(|(media, _)| {
        let kind = media_kind(media);
        kind == MediaKind::Json || kind == MediaKind::Form
    }) else {
        return Ok(None);
    };
    let site = Site {
        names,
        owner: &found.id,
        pointer: format!("{pointer}/content/{}/schema", escape(&media)),
        inline_name: Some(format!("{}Body", found.module.to_upper_camel_case())),
    };
    Ok(Some((get(value, "schema").unwrap_or(&Value::Null), site)))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum MediaKind {
    Json,
    Form,
    Multipart,
    Text,
    Octets,
    Xml,
    Other,
}

fn media_kind(media: &str) -> MediaKind {
    let essence = media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "application/json" => MediaKind::Json,
        "application/x-www-form-urlencoded" => MediaKind::Form,
        "multipart/form-data" => MediaKind::Multipart,
        "text/plain" => MediaKind::Text,
        "application/octet-stream" => MediaKind::Octets,
        m if m.starts_with("application/") && m.ends_with("+json") && !m.contains("problem") => {
            MediaKind::Json
        }
        "application/xml" | "text/xml" => MediaKind::Xml,
        m if m.ends_with("+xml") => MediaKind::Xml,
        _ => MediaKind::Other,
    }
}

/// XML next to a type msgen reads is set aside: the others are read, XML requests get
/// 415 (a warning says so). XML alone is kept, to be refused with the others.
fn set_xml_aside(mut listed: Vec<(String, &Value)>) -> (Vec<(String, &Value)>, Vec<String>) {
    let mut unread_media = Vec::new();
    if listed.iter().any(|(m, _)| media_kind(m) != MediaKind::Xml) {
        listed.retain(|(m, _)| {
            let xml = media_kind(m) == MediaKind::Xml;
            if xml {
                unread_media.push(m.clone());
            }
            !xml
        });
    }
    (listed, unread_media)
}

/// Refuses what the `encoding` of a form listed in the body at `pointer` asks that
/// msgen does not do.
fn form_encodings(
    found: &ListedOperation<'_>,
    pointer: &str,
    listed: &[(String, &Value)],
) -> Result<(), RustError> {
    for (media, value) in listed {
        if media_kind(media) == MediaKind::Form {
            let at = format!("{pointer}/content/{}", escape(media));
            crate::encoding::form(found, &at, value)?;
        }
    }
    Ok(())
}

/// The request body and the extractor that reads it.
pub(crate) fn request_body(
    root: &Value,
    examples: &Examples<'_>,
    found: &ListedOperation<'_>,
) -> Result<Option<RequestBody>, RustError> {
    let pointer = format!(
        "/paths/{}/{}/requestBody",
        escape(found.path),
        found.method.as_str()
    );
    let Some(raw) = get(found.op, "requestBody") else {
        return Ok(None);
    };
    let body = deref(root, raw, &pointer)?;
    let required = matches!(get(body, "required"), Some(Value::Bool(true)));
    let Some(content) = get(body, "content")
        .and_then(Value::as_mapping)
        .filter(|c| !c.is_empty())
    else {
        return Ok(None);
    };
    let (listed, unread_media) = set_xml_aside(entries(content).collect());
    form_encodings(found, &pointer, &listed)?;
    let (extractor, media_type) = extractor(&listed).ok_or_else(|| {
        let media: Vec<String> = listed.iter().map(|(m, _)| format!("`{m}`")).collect();
        RustError::unsupported(
            &found.id,
            &pointer,
            format!(
                "a request body of {} (msgen reads `application/json`, \
                 `application/x-www-form-urlencoded`, both with one schema, or \
                 `multipart/form-data`, `text/plain` or `application/octet-stream` alone)",
                media.join(", ")
            ),
        )
    })?;
    let (schema, rust_type, example, test_body) = match extractor {
        "Text" => (
            "string".to_owned(),
            "String".to_owned(),
            "String::from(\"example\")".to_owned(),
            "body".to_owned(),
        ),
        "Binary" => (
            "binary".to_owned(),
            "axum::body::Bytes".to_owned(),
            "axum::body::Bytes::from_static(b\"example\")".to_owned(),
            "body".to_owned(),
        ),
        "Multipart" => {
            let parts = crate::multipart::struct_name(found);
            // Typing the parts reports what cannot be read, before the models do.
            if let Some((schema, at)) = crate::multipart::body_schema(root, found)? {
                let types = crate::multipart::part_types(root, found, schema)?;
                crate::multipart::fields(examples, found, schema, &at, &types)?;
            }
            (
                "object".to_owned(),
                format!("models::{parts}"),
                format!("models::{parts}::example()"),
                "multipart_body(&body)".to_owned(),
            )
        }
        _ => {
            let Some((schema, site)) = request_schema(root, examples.names, found)? else {
                return Ok(None);
            };
            let schema = crate::merge::body(root, schema, &site)?;
            let parsed = typed_body(examples, &schema, &site)?;
            let test_body = if extractor == "Form" {
                "form_body(&body)"
            } else {
                "serde_json::to_vec(&body).unwrap()"
            };
            (parsed.0, parsed.1, parsed.2, test_body.to_owned())
        }
    };
    let generic = !matches!(extractor, "Text" | "Binary");
    // Services made before `Multipart` have it in `crate::extract` only, not in the
    // prelude they own.
    let path = if extractor == "Multipart" {
        "crate::extract::Multipart"
    } else {
        extractor
    };
    let extractor_type = if generic {
        format!("{path}<RequestBody>")
    } else {
        path.to_owned()
    };
    Ok(Some(RequestBody {
        schema,
        rust_type,
        example,
        required,
        parameter: if required {
            format!("{path}(_body): {extractor_type}")
        } else {
            format!("_body: Option<{extractor_type}>")
        },
        extractor: extractor.to_owned(),
        media_type: media_type.to_owned(),
        test_body,
        also_form: extractor == "JsonOrForm",
        generic,
        unread_media,
    }))
}

/// The `Content-Type` of a test's multipart body: the boundary its encoder writes.
const MULTIPART_EXAMPLE: &str = "multipart/form-data; boundary=0xMs";

/// The extractor of a body listing `listed` media types, and the media type a test
/// sends; `None` when no extractor reads them.
fn extractor(listed: &[(String, &Value)]) -> Option<(&'static str, &'static str)> {
    let kinds: Vec<MediaKind> = listed.iter().map(|(m, _)| media_kind(m)).collect();
    let has = |kind: MediaKind| kinds.contains(&kind);
    let schema_of = |kind: MediaKind| {
        listed
            .iter()
            .zip(&kinds)
            .find(|(_, k)| **k == kind)
            .map(|((_, v), _)| get(v, "schema").unwrap_or(&Value::Null))
    };
    let json_and_form = kinds
        .iter()
        .all(|k| matches!(k, MediaKind::Json | MediaKind::Form));
    let one_schema = schema_of(MediaKind::Json)
        .zip(schema_of(MediaKind::Form))
        .is_none_or(|(json, form)| json == form);
    Some(match (kinds.as_slice(), json_and_form && one_schema) {
        (_, true) if has(MediaKind::Json) && has(MediaKind::Form) => {
            ("JsonOrForm", "application/json")
        }
        (_, true) if has(MediaKind::Json) => ("Json", "application/json"),
        (_, true) => ("Form", "application/x-www-form-urlencoded"),
        ([MediaKind::Multipart], _) => ("Multipart", MULTIPART_EXAMPLE),
        ([MediaKind::Text], _) => ("Text", "text/plain"),
        ([MediaKind::Octets], _) => ("Binary", "application/octet-stream"),
        _ => return None,
    })
}

/// The schema name, Rust type and example of a JSON or form body.
fn typed_body(
    examples: &Examples<'_>,
    schema: &Value,
    site: &Site<'_>,
) -> Result<(String, String, String), RustError> {
    let ty = rust_type(schema, site)?;
    let name = match shape(schema, site)?.0 {
        Shape::Ref(name) => name.to_owned(),
        Shape::Array(items) => match shape(items, site)?.0 {
            Shape::Ref(name) => name.to_owned(),
            _ => "array".to_owned(),
        },
        Shape::Prim(prim) => prim.to_owned(),
        _ => "object".to_owned(),
    };
    let example = examples.expr(schema, &ty, site, true)?;
    Ok((name, ty.render("models::"), example))
}
