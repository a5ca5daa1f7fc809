//! The typed view: reading `openapi.yaml` into a `yaml_serde::Value` and walking it.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::str::FromStr;

use yaml_edit::{Document, YamlNode};
use yaml_serde::{Mapping, Value};

use super::ContractError;

/// Prefix of a local schema reference.
pub const SCHEMA_REF: &str = "#/components/schemas/";

/// Parse YAML text into a value; errors carry line:column.
pub(crate) fn load(text: &str) -> Result<Value, ContractError> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    yaml_serde::from_str::<Value>(body).map_err(|error| {
        let (mut line, mut column) = error.location().map_or((1, 1), |l| (l.line(), l.column()));
        let mut message = error.to_string();
        // yaml_serde appends " at line L column C"; the prefix already says where.
        if let Some(cut) = message.find(" at line ") {
            message.truncate(cut);
        }
        // Errors of the reader (control characters) carry a byte offset instead.
        if let Some(cut) = message.find(" at position ") {
            let digits = &message[cut + " at position ".len()..];
            if let Some(before) = digits.parse().ok().and_then(|at: usize| body.get(..at)) {
                line = before.split('\n').count();
                column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
            }
            message.truncate(cut);
        }
        if message.contains("duplicate entry")
            && let Some((l, c)) = duplicate_key(body)
        {
            return ContractError::Syntax {
                line: l,
                column: c,
                message,
            };
        }
        ContractError::Syntax {
            line,
            column,
            message,
        }
    })
}

/// A mapping key as text (`200` → `"200"`), or `None` for complex keys.
#[must_use]
pub(crate) fn key_text(key: &Value) -> Option<String> {
    match key {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The entries of a mapping with text keys, in document order.
pub fn entries(map: &Mapping) -> impl Iterator<Item = (String, &Value)> {
    map.iter().filter_map(|(k, v)| key_text(k).map(|k| (k, v)))
}

/// `value[key]` for a string key.
#[must_use]
pub fn get<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    let map = value.as_mapping()?;
    // Hash lookup first; the scan only matters for numeric or boolean keys
    // written where a string was meant (`200:` for `"200":`).
    map.get(key).or_else(|| {
        map.iter()
            .find(|(k, _)| !k.is_string() && key_text(k).as_deref() == Some(key))
            .map(|(_, v)| v)
    })
}

/// `value[key]` as a string.
#[must_use]
pub fn get_str<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    get(value, key)?.as_str()
}

/// Escape one JSON-pointer token (borrowed when nothing needs escaping, the usual case).
#[must_use]
pub fn escape(token: &str) -> Cow<'_, str> {
    if token.contains(['~', '/']) {
        Cow::Owned(token.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(token)
    }
}

/// Unescape one JSON-pointer token.
fn unescape(token: &str) -> Cow<'_, str> {
    if token.contains('~') {
        Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(token)
    }
}

/// Resolve a local `#/…` reference.
#[must_use]
pub fn resolve<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix("#/")?;
    pointer.split('/').try_fold(root, |node, token| {
        let token = unescape(token);
        match node {
            Value::Sequence(items) => items.get(token.parse::<usize>().ok()?),
            _ => get(node, &token),
        }
    })
}

/// Follow `$ref` chains (at most 32 hops) to the referenced object.
///
/// # Errors
/// [`ContractError::UnresolvedRef`] for a `$ref` that does not resolve, and
/// [`ContractError::Invalid`] for a chain longer than 32.
pub fn deref<'a>(
    root: &'a Value,
    value: &'a Value,
    pointer: &str,
) -> Result<&'a Value, ContractError> {
    let mut current = value;
    for _ in 0..32 {
        let Some(reference) = get_str(current, "$ref") else {
            return Ok(current);
        };
        current = resolve(root, reference).ok_or_else(|| ContractError::UnresolvedRef {
            reference: reference.to_owned(),
            pointer: pointer.to_owned(),
        })?;
    }
    Err(ContractError::invalid(pointer, "has a `$ref` cycle"))
}

/// Check every `$ref` in the document: local and resolvable; each problem goes to `errors`.
pub(crate) fn check_refs(root: &Value, errors: &mut Vec<ContractError>) {
    walk_refs(root, root, &mut String::new(), &mut HashSet::new(), errors);
}

/// `resolved` holds the references already found good: most documents repeat a few
/// (`#/components/responses/Problem`) many times.
fn walk_refs<'a>(
    root: &Value,
    node: &'a Value,
    pointer: &mut String,
    resolved: &mut HashSet<&'a str>,
    errors: &mut Vec<ContractError>,
) {
    match node {
        Value::Mapping(map) => {
            for (key, value) in map {
                let Some(key) = key.as_str() else { continue };
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&escape(key));
                if key == "$ref" {
                    match value.as_str() {
                        None => errors.push(ContractError::invalid(&*pointer, "must be a string")),
                        Some(reference) if !resolved.contains(reference) => {
                            if resolve(root, reference).is_some() {
                                resolved.insert(reference);
                            } else {
                                errors.push(ContractError::UnresolvedRef {
                                    reference: reference.to_owned(),
                                    pointer: pointer.clone(),
                                });
                            }
                        }
                        Some(_) => {}
                    }
                } else if key != "example" && key != "examples" && !key.starts_with("x-") {
                    walk_refs(root, value, pointer, resolved, errors);
                }
                pointer.truncate(len);
            }
        }
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                let _ = write!(pointer, "/{i}");
                walk_refs(root, item, pointer, resolved, errors);
                pointer.truncate(len);
            }
        }
        Value::Tagged(tagged) => walk_refs(root, &tagged.value, pointer, resolved, errors),
        _ => {}
    }
}

/// Check `openapi:` / `swagger:`.
pub(crate) fn check_version(root: &Value) -> Result<(), ContractError> {
    if get(root, "swagger").is_some() {
        return Err(ContractError::Swagger2);
    }
    let found = match get(root, "openapi") {
        None => "<missing>".to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => "<not a string>".to_owned(),
    };
    let ok = ["3.0.", "3.1."].iter().any(|p| found.starts_with(p))
        && found[4..].chars().all(|c| c.is_ascii_digit())
        && found.len() > 4;
    if ok {
        Ok(())
    } else {
        Err(ContractError::UnsupportedVersion { found })
    }
}

/// The `components.schemas` mapping (empty when absent).
pub fn schemas(root: &Value) -> Mapping {
    get(root, "components")
        .and_then(|c| get(c, "schemas"))
        .and_then(Value::as_mapping)
        .cloned()
        .unwrap_or_default()
}

/// Line and column (1-based) of each JSON pointer in `text`: the key of the last mapping
/// entry it names (or the item of a sequence), or the deepest part of it that exists.
/// The text is read once for all of them; `None` when it cannot be read.
#[must_use]
pub fn locate(text: &str, pointers: &[&str]) -> Vec<Option<(usize, usize)>> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root = Document::from_str(body)
        .ok()
        .and_then(|doc| doc.as_mapping())
        .map(YamlNode::Mapping);
    let lines = LineStarts::new(body);
    pointers
        .iter()
        .map(|pointer| {
            let root = root.as_ref()?;
            let offset = locate_one(root, pointer)?;
            Some(lines.line_column(offset))
        })
        .collect()
}

/// Where each line of a text starts, found once so that any number of offsets become
/// line and column by a binary search. (`yaml_edit::byte_offset_to_line_column` indexes
/// the whole text on every call: fifty findings in a 1.5 MB contract read it fifty times.)
struct LineStarts<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineStarts<'t> {
    /// Line breaks as YAML 1.2 has them, as yaml-edit counts them: `\n`, `\r\n`, a lone `\r`.
    fn new(text: &'t str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                starts.push(i + 1);
            }
        }
        Self { text, starts }
    }

    /// The 1-based line and column of `offset`; the column is yaml-edit's, computed on
    /// that one line (characters, not bytes; a leading byte order mark takes none).
    fn line_column(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        let at = yaml_edit::byte_offset_to_line_column(&self.text[start..end], offset - start);
        (line + 1, at.column)
    }
}

/// The byte offset `pointer` names under `root` (see [`locate`]).
fn locate_one(root: &YamlNode, pointer: &str) -> Option<usize> {
    let mut node = root.clone();
    let mut offset = None;
    for token in pointer.split('/').skip(1) {
        let token = unescape(token);
        let next = match &node {
            YamlNode::Mapping(m) => m.entries().find_map(|e| {
                let key = e.key_node()?;
                let text = key
                    .as_scalar()
                    .map_or_else(|| key.to_string(), yaml_edit::Scalar::as_string);
                (text == token).then(|| (key.byte_range().start as usize, e.value_node()))
            }),
            YamlNode::Sequence(seq) => token
                .parse::<usize>()
                .ok()
                .and_then(|i| seq.values().nth(i))
                .map(|v| (v.byte_range().start as usize, Some(v))),
            _ => None,
        };
        let Some((at, value)) = next else { break };
        offset = Some(at);
        let Some(value) = value else { break };
        node = value;
    }
    offset
}

/// Line and column (1-based) of the first key that repeats within one mapping.
fn duplicate_key(text: &str) -> Option<(usize, usize)> {
    let doc = Document::from_str(text).ok()?;
    let root = YamlNode::Mapping(doc.as_mapping()?);
    let offset = find_duplicate(&root, 0)?;
    let line_col = yaml_edit::byte_offset_to_line_column(text, offset);
    Some((line_col.line, line_col.column))
}

fn find_duplicate(node: &YamlNode, depth: usize) -> Option<usize> {
    if depth > 200 {
        return None;
    }
    match node {
        YamlNode::Mapping(m) => {
            let mut seen = HashSet::new();
            for e in m.entries() {
                if let Some(key) = e.key_node() {
                    let text = key
                        .as_scalar()
                        .map_or_else(|| key.to_string(), yaml_edit::Scalar::as_string);
                    if !seen.insert(text) {
                        return Some(key.byte_range().start as usize);
                    }
                }
                if let Some(found) = e.value_node().and_then(|v| find_duplicate(&v, depth + 1)) {
                    return Some(found);
                }
            }
            None
        }
        YamlNode::Sequence(s) => s.values().find_map(|v| find_duplicate(&v, depth + 1)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_text_in_document_order() {
        let value = load("b: 1\n200: x\na: 2\n").unwrap();
        let keys: Vec<String> = entries(value.as_mapping().unwrap())
            .map(|(k, _)| k)
            .collect();
        assert_eq!(keys, ["b", "200", "a"]);
        assert_eq!(get(&value, "200").and_then(Value::as_str), Some("x"));
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let error = load("a: 1\nb: [1, 2\n").unwrap_err();
        assert!(
            matches!(error, ContractError::Syntax { line: 2.., .. }),
            "{error}"
        );
    }

    #[test]
    fn control_characters_are_located() {
        let error = load("a: 1\nb: x\u{1}\n").unwrap_err();
        assert_eq!(
            error,
            ContractError::Syntax {
                line: 2,
                column: 5,
                message: "control characters are not allowed".into()
            }
        );
    }

    #[test]
    fn duplicate_keys_are_located() {
        let error = load("a:\n  x: 1\n  y: 2\n  x: 3\n").unwrap_err();
        assert_eq!(
            error,
            ContractError::Syntax {
                line: 4,
                column: 3,
                message: "a: duplicate entry with key \"x\"".into()
            }
        );
    }

    #[test]
    fn deep_nesting_and_alias_bombs_fail_cleanly() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(load(&deep).is_err());
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..9 {
            let prev = if i == 0 {
                "a".to_owned()
            } else {
                format!("l{}", i - 1)
            };
            let _ = writeln!(
                bomb,
                "l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]"
            );
        }
        assert!(load(&bomb).is_err());
    }

    #[test]
    fn pointers_are_located_in_block_and_flow_text() {
        let text = "openapi: 3.1.0\npaths:\n  /a~b:\n    get:\n      responses:\n        '200': {description: x}\n      tags: [x, y]\n";
        assert_eq!(
            locate(
                text,
                &[
                    "/paths/~1a~0b/get/responses/200",
                    "/paths/~1a~0b/get/tags/1",
                    "/paths/~1a~0b/get/nope",
                    ""
                ]
            ),
            [Some((6, 9)), Some((7, 17)), Some((4, 5)), None]
        );
        let json = "{\n  \"paths\": {\n    \"/a\": {\"get\": {\"operationId\": 1}}\n  }\n}";
        assert_eq!(
            locate(json, &["/paths/~1a/get/operationId"]),
            [Some((3, 20))]
        );
    }

    #[test]
    fn line_starts_agree_with_yaml_edit_at_every_offset() {
        let text = "a: 1\r\nb: \"é\u{1F44D}x\"\rc:\n\u{feff}d: [1,\n  2]\n\n";
        let lines = LineStarts::new(text);
        for offset in 0..=text.len() + 2 {
            let expected = yaml_edit::byte_offset_to_line_column(text, offset);
            assert_eq!(
                lines.line_column(offset),
                (expected.line, expected.column),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn resolves_escaped_pointers() {
        let value = load("paths:\n  /a~b:\n    get: {x: 1}\n").unwrap();
        assert!(resolve(&value, "#/paths/~1a~0b/get").is_some());
        assert!(resolve(&value, "#/paths/~1nope").is_none());
        assert!(resolve(&value, "other.yaml#/x").is_none());
    }

    #[test]
    fn versions() {
        for ok in ["openapi: 3.1.0", "openapi: '3.0.3'", "openapi: 3.1.1"] {
            assert!(check_version(&load(ok).unwrap()).is_ok(), "{ok}");
        }
        assert_eq!(
            check_version(&load("swagger: '2.0'").unwrap()),
            Err(ContractError::Swagger2)
        );
        for bad in ["openapi: 3.1", "openapi: 4.0.0", "x: 1", "openapi: 3.1.x"] {
            assert!(
                matches!(
                    check_version(&load(bad).unwrap()),
                    Err(ContractError::UnsupportedVersion { .. })
                ),
                "{bad}"
            );
        }
    }
}
