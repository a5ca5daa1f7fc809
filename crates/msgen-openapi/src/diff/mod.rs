//! Compare two versions of a contract and classify every change: breaking for the clients
//! of the old version, or compatible.
//!
//! `$ref`s are followed on both sides, so moving a schema into `components` without
//! changing it is no change. Requests and responses go in opposite directions: a request
//! that accepts less breaks the clients that send it; a response that may hold more breaks
//! the clients that read it. `nullable: true` (3.0) and `type: [x, "null"]` (3.1) are the
//! same thing here.

mod body;
mod change;
mod constraints;
mod operation;
mod schema;
mod security;
mod walk;

use yaml_serde::Value;

use crate::ContractError;
use crate::yaml_view::{self, get, get_str};

pub use change::{Change, ChangeKind, Verdict};

/// Every change between two contracts, and what their `info.version`s say.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diff {
    /// The changes, ordered by pointer.
    pub changes: Vec<Change>,
    /// `info.version` of the old contract.
    pub old_version: Option<String>,
    /// `info.version` of the new contract.
    pub new_version: Option<String>,
}

impl Diff {
    /// How many changes break existing clients.
    #[must_use]
    pub fn breaking(&self) -> usize {
        self.changes
            .iter()
            .filter(|change| change.verdict == Verdict::Breaking)
            .count()
    }

    /// Whether the major number of `info.version` went up, which announces breaking changes.
    #[must_use]
    pub fn major_bump(&self) -> bool {
        match (
            self.old_version.as_deref().and_then(major),
            self.new_version.as_deref().and_then(major),
        ) {
            (Some(old), Some(new)) => new > old,
            _ => false,
        }
    }

    /// Whether the new contract breaks clients without announcing it: breaking changes and
    /// no major version bump.
    #[must_use]
    pub fn blocks(&self) -> bool {
        self.breaking() > 0 && !self.major_bump()
    }
}

/// The major number of a version such as `2.1.0` or `v3`.
fn major(version: &str) -> Option<u64> {
    let digits: String = version
        .trim()
        .trim_start_matches(['v', 'V'])
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Reads a contract for comparison: YAML syntax, `openapi: 3.0.x|3.1.x`, a `paths`
/// mapping and resolvable `$ref`s. Unlike [`crate::Contract::parse`], it does not ask for
/// msgen's own rules (`snake_case` operationIds, axum routes), so any contract can be compared.
///
/// # Errors
/// A [`ContractError`] naming the line:column or JSON pointer.
pub fn parse(text: &str) -> Result<Value, ContractError> {
    crate::check_size(text.len())?;
    let root = yaml_view::load(text)?;
    if !root.is_mapping() {
        return Err(ContractError::invalid(
            "",
            "is not a mapping (expected `openapi: 3.1.0` at the top)",
        ));
    }
    yaml_view::check_version(&root)?;
    if !get(&root, "paths").is_some_and(Value::is_mapping) {
        return Err(ContractError::invalid(
            "/paths",
            "is missing or not a mapping",
        ));
    }
    let mut errors = Vec::new();
    yaml_view::check_refs(&root, &mut errors);
    ContractError::collect(errors)?;
    Ok(root)
}

/// Compares two contract trees (as read by [`parse`] or [`crate::Contract::root`]).
#[must_use]
pub fn diff(old: &Value, new: &Value) -> Diff {
    let mut walk = walk::Walk::new(old, new);
    walk.paths();
    let version = |root: &Value| get(root, "info").and_then(|info| scalar(info, "version"));
    Diff {
        changes: walk.finish(),
        old_version: version(old),
        new_version: version(new),
    }
}

/// `value[key]` as text, for strings and numbers (`version: 1.0` is a number in YAML).
fn scalar(value: &Value, key: &str) -> Option<String> {
    match get(value, key)? {
        Value::Number(number) => Some(number.to_string()),
        _ => get_str(value, key).map(str::to_owned),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn major_reads_plain_and_prefixed_versions() {
        assert_eq!(major("2.1.0"), Some(2));
        assert_eq!(major("v3"), Some(3));
        assert_eq!(major("beta"), None);
    }

    #[test]
    fn a_shared_schema_change_is_one_change_naming_every_operation() {
        let contract = |order: &str| {
            format!(
                "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n\
                 {}\ncomponents: {{schemas: {{Order: {order}}}}}\n",
                ["a", "b", "c"]
                    .map(|name| format!(
                        "  /{name}: {{get: {{operationId: get_{name}, responses: {{'200': {{description: ok, content: \
                         {{application/json: {{schema: {{$ref: '#/components/schemas/Order'}}}}}}}}}}}}}}"
                    ))
                    .join("\n")
            )
        };
        let old = parse(&contract(
            "{type: object, properties: {id: {type: string}}}",
        ))
        .unwrap();
        let new = parse(&contract("{type: object}")).unwrap();
        let found = diff(&old, &new);
        assert_eq!(found.changes.len(), 1, "{:?}", found.changes);
        assert_eq!(
            found.changes[0].pointer,
            "/components/schemas/Order/properties/id"
        );
        assert_eq!(found.changes[0].operations, ["GET /a", "GET /b", "GET /c"]);
        assert_eq!(found.changes[0].operation_ids, ["get_a", "get_b", "get_c"]);
    }

    #[test]
    fn a_removed_path_names_the_operations_it_held() {
        let old = parse(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    \
             get: {operationId: list_a, responses: {'200': {description: ok}}}\n    \
             post: {operationId: make_a, responses: {'201': {description: ok}}}\n",
        )
        .unwrap();
        let new = parse("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap();
        let found = diff(&old, &new);
        assert_eq!(found.changes.len(), 1, "{:?}", found.changes);
        assert_eq!(found.changes[0].operations, ["GET /a", "POST /a"]);
        assert_eq!(found.changes[0].operation_ids, ["list_a", "make_a"]);
    }

    #[test]
    fn parse_refuses_a_document_without_paths() {
        let error = parse("openapi: 3.1.0\ninfo: {title: t, version: '1'}\n").unwrap_err();
        assert!(error.to_string().contains("/paths"), "{error}");
    }
}
