//! YAML text for what `insert_operation`/`insert_schema` add: built line by line at
//! absolute columns, so the indentation matches the file it goes into.

use std::fmt::Write as _;

use serde_json::Value as Json;

/// Lines at absolute columns.
#[derive(Default)]
pub(crate) struct Lines {
    lines: Vec<(usize, String)>,
}

impl Lines {
    /// Add `text` at column `col`.
    pub(crate) fn push(&mut self, col: usize, text: impl Into<String>) {
        self.lines.push((col, text.into()));
    }

    /// The text, each line ending in `newline`.
    pub(crate) fn render(&self, newline: &str) -> String {
        let mut out = String::new();
        for (col, text) in &self.lines {
            out.extend(std::iter::repeat_n(' ', *col));
            out.push_str(text);
            out.push_str(newline);
        }
        out
    }
}

/// Quoting style of the file: the quote character new strings use.
#[derive(Clone, Copy)]
pub(crate) struct Style {
    /// Spaces per indentation level.
    pub unit: usize,
    /// `'` or `"`.
    pub quote: char,
}

impl Style {
    /// `text` as a quoted scalar in the file's quote style.
    pub(crate) fn quoted(self, text: &str) -> String {
        if self.quote == '\'' && !text.chars().any(char::is_control) {
            format!("'{}'", text.replace('\'', "''"))
        } else {
            double_quoted(text)
        }
    }

    /// `text` as a key or value: plain when unambiguous, else quoted.
    pub(crate) fn scalar(self, text: &str) -> String {
        if is_plain_safe(text) {
            text.to_owned()
        } else {
            self.quoted(text)
        }
    }
}

/// A YAML double-quoted scalar: `"`, `\` and the usual control characters escaped, and
/// `\uXXXX` for other control characters, the BOM and the line and paragraph separators.
/// The same text is a valid TOML basic string, so templates quote TOML with it too.
#[must_use]
pub fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}') => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Plain scalars msgen writes unquoted: identifier-like, not a YAML 1.1/1.2 bool/null/number.
fn is_plain_safe(text: &str) -> bool {
    const SPECIAL: &[&str] = &[
        "null", "true", "false", "yes", "no", "on", "off", "y", "n", "~",
    ];
    !text.is_empty()
        && text.starts_with(|c: char| c.is_ascii_alphabetic() || matches!(c, '/' | '_' | '$'))
        && text.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | '{' | '}' | '$')
        })
        && !SPECIAL.contains(&text.to_ascii_lowercase().as_str())
}

/// Emit a JSON value as a block YAML value of the key already written at `col`.
/// Returns the text for after `key:` on the key's line (`""` when the value follows below).
pub(crate) fn json_value(lines: &mut Lines, style: Style, col: usize, value: &Json) -> String {
    match value {
        Json::Object(map) if !map.is_empty() => {
            // Schema keys in the order people write them; the rest as given.
            const FIRST: &[&str] = &[
                "$ref",
                "type",
                "format",
                "title",
                "description",
                "enum",
                "required",
                "properties",
                "items",
            ];
            let rank = |k: &str| FIRST.iter().position(|f| *f == k).unwrap_or(FIRST.len());
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by_key(|k| rank(k));
            for key in keys {
                let inner = &map[key];
                let at = lines.lines.len();
                lines.push(col + style.unit, format!("{}:", style.scalar(key)));
                let inline = json_value(lines, style, col + style.unit, inner);
                if !inline.is_empty() {
                    lines.lines[at].1.push(' ');
                    lines.lines[at].1.push_str(&inline);
                }
            }
            String::new()
        }
        Json::Object(_) => "{}".into(),
        Json::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            // Flow context: `{`, `}`, `[`, `]` and `,` end a plain scalar there.
            let parts: Vec<String> = items
                .iter()
                .map(|i| match i {
                    Json::String(s) if s.contains(['{', '}', '[', ']', ',']) => style.quoted(s),
                    _ => json_value(&mut Lines::default(), style, 0, i),
                })
                .collect();
            format!("[{}]", parts.join(", "))
        }
        Json::Array(items) => {
            for item in items {
                let mut nested = Lines::default();
                let inline = json_value(&mut nested, style, col, item);
                if inline.is_empty() {
                    // First key of the item goes on the dash line, the rest align under it.
                    let mut rest = nested.lines.into_iter();
                    if let Some((_, first)) = rest.next() {
                        lines.push(col + style.unit, format!("- {first}"));
                    }
                    for (c, text) in rest {
                        lines.push(c + 2, text);
                    }
                } else {
                    lines.push(col + style.unit, format!("- {inline}"));
                }
            }
            String::new()
        }
        Json::String(s) => style.scalar(s),
        Json::Number(n) => n.to_string(),
        Json::Bool(b) => b.to_string(),
        Json::Null => "null".into(),
    }
}

/// `name:` followed by `schema` as a block mapping, key at `col`.
pub(crate) fn named_json(lines: &mut Lines, style: Style, col: usize, name: &str, schema: &Json) {
    let at = lines.lines.len();
    lines.push(col, format!("{}:", style.scalar(name)));
    let inline = json_value(lines, style, col, schema);
    if !inline.is_empty() {
        lines.lines[at].1.push(' ');
        lines.lines[at].1.push_str(&inline);
    }
}

/// A request or response body by schema name; `array` for `Name[]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct BodyRef {
    pub name: String,
    pub array: bool,
}

/// How error responses point at the problem+json definition of the base contract.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Problem {
    /// `components.responses.<name>` exists: `$ref` it.
    Response(String),
    /// Only `components.schemas.<name>` exists: inline responses with that schema.
    Schema(String),
    /// Neither: no error responses are added.
    Absent,
}

/// Everything the YAML of a new operation needs.
pub(crate) struct OperationYaml<'a> {
    pub method: &'a str,
    pub id: &'a str,
    pub summary: &'a str,
    /// `(name, in, required, type, format)`.
    pub params: Vec<(&'a str, &'static str, bool, &'a str, Option<&'a str>)>,
    pub request: Option<BodyRef>,
    pub response: Option<BodyRef>,
    pub status: u16,
    /// Error statuses to add, with their descriptions.
    pub errors: Vec<(u16, &'static str)>,
    pub problem: Problem,
}

impl OperationYaml<'_> {
    /// `method:` at `col` and the operation below it.
    pub(crate) fn lines(&self, lines: &mut Lines, style: Style, col: usize) {
        let u = style.unit;
        lines.push(col, format!("{}:", self.method));
        lines.push(col + u, format!("operationId: {}", style.scalar(self.id)));
        lines.push(col + u, format!("summary: {}", style.quoted(self.summary)));
        if !self.params.is_empty() {
            lines.push(col + u, "parameters:");
            for (name, location, required, ty, format) in &self.params {
                let item = col + 2 * u + 2;
                lines.push(col + 2 * u, format!("- name: {}", style.scalar(name)));
                lines.push(item, format!("in: {location}"));
                lines.push(item, format!("required: {required}"));
                lines.push(item, "schema:");
                // The type may come from the contract: written as a scalar, quoted if need be.
                lines.push(item + u, format!("type: {}", style.scalar(ty)));
                if let Some(format) = format {
                    lines.push(item + u, format!("format: {}", style.scalar(format)));
                }
            }
        }
        if let Some(body) = &self.request {
            lines.push(col + u, "requestBody:");
            lines.push(col + 2 * u, "required: true");
            json_content(lines, style, col + 2 * u, "application/json", body);
        }
        lines.push(col + u, "responses:");
        lines.push(
            col + 2 * u,
            format!("{}:", style.quoted(&self.status.to_string())),
        );
        lines.push(col + 3 * u, format!("description: {}", reason(self.status)));
        if let Some(body) = &self.response {
            json_content(lines, style, col + 3 * u, "application/json", body);
        }
        // Every listed error status, then `default` for the rest (404, 415, 500, 503, …).
        let keys = self.errors.iter().map(|(status, description)| {
            (
                format!("{}:", style.quoted(&status.to_string())),
                *description,
            )
        });
        for (key, description) in keys.chain([("default:".to_owned(), "Problem")]) {
            match &self.problem {
                Problem::Response(name) => {
                    lines.push(col + 2 * u, key);
                    let reference = format!("#/components/responses/{name}");
                    lines.push(col + 3 * u, format!("$ref: {}", style.quoted(&reference)));
                }
                Problem::Schema(name) => {
                    lines.push(col + 2 * u, key);
                    lines.push(col + 3 * u, format!("description: {description}"));
                    let body = BodyRef {
                        name: name.clone(),
                        array: false,
                    };
                    json_content(lines, style, col + 3 * u, "application/problem+json", &body);
                }
                Problem::Absent => {}
            }
        }
    }
}

fn json_content(lines: &mut Lines, style: Style, col: usize, media: &str, body: &BodyRef) {
    let u = style.unit;
    lines.push(col, "content:");
    lines.push(col + u, format!("{media}:"));
    lines.push(col + 2 * u, "schema:");
    let reference = format!(
        "$ref: {}",
        style.quoted(&format!("#/components/schemas/{}", body.name))
    );
    if body.array {
        lines.push(col + 3 * u, "type: array");
        lines.push(col + 3 * u, "items:");
        lines.push(col + 4 * u, reference);
    } else {
        lines.push(col + 3 * u, reference);
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        _ => "Success",
    }
}

/// A stub object schema with one required string `id`: compiles to a struct with `example()`.
/// A placeholder schema for a body whose schema is missing.
pub(crate) struct Stub {
    pub name: String,
    /// Whether its placeholder `id` is required (not for a request body).
    pub required_id: bool,
}

pub(crate) fn stub_schema(lines: &mut Lines, style: Style, col: usize, stub: &Stub) {
    let u = style.unit;
    lines.push(col, format!("{}:", style.scalar(&stub.name)));
    lines.push(col + u, "type: object");
    // A client sending the body has no id to give: only a response stub requires one.
    if stub.required_id {
        lines.push(col + u, "required:");
        lines.push(col + 2 * u, "- id");
    }
    lines.push(col + u, "properties:");
    lines.push(col + 2 * u, "id:");
    lines.push(col + 3 * u, "type: string");
}

#[cfg(test)]
mod tests {
    use super::*;

    const STYLE: Style = Style {
        unit: 2,
        quote: '"',
    };

    #[test]
    fn quoting_keeps_values_intact() {
        assert_eq!(
            double_quoted("a \"b\" \\ \n\u{7}"),
            "\"a \\\"b\\\" \\\\ \\n\\u0007\""
        );
        assert_eq!(
            Style {
                unit: 2,
                quote: '\''
            }
            .quoted("it's"),
            "'it''s'"
        );
        assert_eq!(STYLE.scalar("Order"), "Order");
        assert_eq!(STYLE.scalar("yes"), "\"yes\"");
        assert_eq!(STYLE.scalar("1.0"), "\"1.0\"");
        assert_eq!(STYLE.scalar("a: b"), "\"a: b\"");
        assert_eq!(STYLE.scalar("#/x"), "\"#/x\"");
    }

    #[test]
    fn json_schemas_become_block_yaml() {
        let schema = serde_json::json!({
            "type": "object",
            "required": ["id", "{x}", "a,b"],
            "properties": {"id": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}}},
            "allOf": [{"$ref": "#/components/schemas/X", "description": "d"}],
            "x-empty": {}
        });
        let mut lines = Lines::default();
        named_json(&mut lines, STYLE, 4, "Order", &schema);
        let text = lines.render("\n");
        let back: serde_json::Value = yaml_serde::from_str(&format!("root:\n{text}")).unwrap();
        assert_eq!(back["root"]["Order"], schema, "{text}");
        assert!(text.starts_with("    Order:\n"), "{text}");
    }
}
