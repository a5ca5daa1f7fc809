//! Removing an operation and renaming an `operationId`, keeping every other byte.
//!
//! Like the insertion, each edit is a text splice at positions found in yaml-edit's tree;
//! the result is re-parsed and must equal the old tree minus the operation (or with only
//! the id changed), key order included.

use yaml_edit::{Mapping, MappingEntry, YamlNode};
use yaml_serde::Value;

use super::splice::{split_bom, verify};
use super::yaml_tree::{Tree, entry, mapping_value};
use crate::names::check_operation_id;
use crate::operations::{self, ListedOperation};
use crate::route::HttpMethod;
use crate::yaml_view::escape;
use crate::{Contract, ContractError};

/// What [`remove_operation`] took out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Removed {
    /// The `operationId` of the removed operation.
    pub id: String,
    /// Whether the whole path item went with it (it was the path's only operation).
    pub whole_path: bool,
}

/// Remove the operation at `method` `path`: its block, or the whole path item when it
/// was the path's only operation. Schemas are left alone.
///
/// # Errors
/// The contract is invalid, has no such operation, the path item is a `$ref` or written
/// in flow style, or the re-parse differs from the old tree minus the operation.
pub fn remove_operation(
    contract_text: &str,
    method: HttpMethod,
    path: &str,
) -> Result<(Contract, Removed), ContractError> {
    let contract = Contract::parse(contract_text)?;
    let pointer = format!("/paths/{}", escape(path));
    let found = operations::find(&contract.root, path, method)?.ok_or_else(|| {
        ContractError::invalid(
            format!("{pointer}/{}", method.as_str()),
            "is not in openapi.yaml",
        )
    })?;
    let id = found.id.clone();
    let whole_path = operation_count(&found) == 1;
    let (bom, base) = split_bom(contract_text);
    let tree = Tree::parse(base)?;
    let paths = block_value(tree.root(), "paths", "/paths")?;
    let item_entry = entry(&paths, path)
        .ok_or_else(|| ContractError::EditFailed(format!("`{pointer}` is not in the tree")))?;
    let mut edits = Vec::new();
    if whole_path {
        edits.push((
            entry_lines(&tree, base, &item_entry, &pointer)?,
            String::new(),
        ));
        if paths.entries().count() == 1 {
            // The last path: `paths: {}` keeps `paths` a mapping.
            let key = entry(tree.root(), "paths")
                .and_then(|e| e.key_node())
                .ok_or_else(|| ContractError::EditFailed("`paths` has no key".into()))?;
            let end = key.byte_range().end as usize;
            let colon = base[end..]
                .find(':')
                .map(|i| end + i + 1)
                .ok_or_else(|| ContractError::EditFailed("`paths` has no `:`".into()))?;
            edits.push(((colon, colon), " {}".to_owned()));
        }
    } else {
        let item = block_value(&paths, path, &pointer)?;
        let method_entry = entry(&item, method.as_str()).ok_or_else(|| {
            ContractError::EditFailed(format!(
                "`{pointer}/{}` is not in the tree",
                method.as_str()
            ))
        })?;
        let at = format!("{pointer}/{}", method.as_str());
        edits.push((entry_lines(&tree, base, &method_entry, &at)?, String::new()));
    }
    drop(tree);
    let text = format!("{bom}{}", splice_all(base, edits));
    let mut root = contract.root;
    let paths = root
        .get_mut("paths")
        .and_then(Value::as_mapping_mut)
        .ok_or_else(|| ContractError::EditFailed("no `paths` mapping".into()))?;
    if whole_path {
        paths.shift_remove(path);
    } else if let Some(item) = paths.get_mut(path).and_then(Value::as_mapping_mut) {
        item.shift_remove(method.as_str());
    }
    let shrunk = Contract { text, root };
    verify(&shrunk)?;
    Ok((shrunk, Removed { id, whole_path }))
}

/// Change the `operationId` `old_id` to `new_id`, keeping its quoting.
///
/// # Errors
/// The contract is invalid, has no operation `old_id`, `new_id` is unusable or taken,
/// the path item is a `$ref`, or the re-parse differs from the old tree with the new id.
pub fn rename_operation(
    contract_text: &str,
    old_id: &str,
    new_id: &str,
) -> Result<Contract, ContractError> {
    let contract = Contract::parse(contract_text)?;
    let listed = operations::list(&contract.root)?;
    let found = listed.iter().find(|op| op.id == old_id).ok_or_else(|| {
        ContractError::invalid(
            "/paths",
            format!("has no operation with operationId `{old_id}`"),
        )
    })?;
    let (path, method) = (found.path.to_owned(), found.method);
    check_operation_id(new_id).map_err(|reason| ContractError::InvalidOperationId {
        id: new_id.to_owned(),
        method: method.upper(),
        path: path.clone(),
        reason: reason.to_owned(),
    })?;
    if let Some(taken) = listed.iter().find(|op| op.id == new_id) {
        return Err(ContractError::DuplicateOperationId {
            id: new_id.to_owned(),
            first: format!("{} {}", taken.method.upper(), taken.path),
            second: format!("{} {path}", method.upper()),
        });
    }
    drop(listed);
    let pointer = format!("/paths/{}/{}", escape(&path), method.as_str());
    let (bom, base) = split_bom(contract_text);
    let tree = Tree::parse(base)?;
    let paths = block_value(tree.root(), "paths", "/paths")?;
    let item = mapping_of(&paths, &path, &pointer)?;
    let operation = mapping_of(&item, method.as_str(), &pointer)?;
    let value = entry(&operation, "operationId")
        .and_then(|e| e.value_node())
        .ok_or_else(|| {
            ContractError::EditFailed(format!("`{pointer}/operationId` is not in the tree"))
        })?;
    let range = value.byte_range();
    let (start, end) = (range.start as usize, range.end as usize);
    let raw = &base[start..end];
    let written = match raw.chars().next() {
        Some(quote @ ('"' | '\'')) => format!("{quote}{new_id}{quote}"),
        _ if plain_is_string(new_id) => new_id.to_owned(),
        _ => format!("\"{new_id}\""),
    };
    drop(tree);
    let text = format!("{bom}{}", splice_all(base, vec![((start, end), written)]));
    let mut root = contract.root;
    let operation = root
        .get_mut("paths")
        .and_then(|paths| paths.get_mut(path.as_str()))
        .and_then(|item| item.get_mut(method.as_str()))
        .and_then(Value::as_mapping_mut)
        .ok_or_else(|| ContractError::EditFailed(format!("`{pointer}` is not a mapping")))?;
    operation.insert("operationId".into(), new_id.into());
    let renamed = Contract { text, root };
    verify(&renamed)?;
    Ok(renamed)
}

/// How many operations the path item holding `found` has.
fn operation_count(found: &ListedOperation<'_>) -> usize {
    found.item.as_mapping().map_or(0, |item| {
        item.keys()
            .filter_map(Value::as_str)
            .filter(|key| *key == "trace" || key.parse::<HttpMethod>().is_ok())
            .count()
    })
}

/// Whether `id` written without quotes reads back as the same string.
fn plain_is_string(id: &str) -> bool {
    matches!(yaml_serde::from_str::<Value>(id), Ok(Value::String(s)) if s == id)
}

/// The block mapping under `key` of `map`; `what` names it in errors.
fn block_value(map: &Mapping, key: &str, what: &str) -> Result<Mapping, ContractError> {
    let found = entry(map, key)
        .ok_or_else(|| ContractError::EditFailed(format!("`{what}` is not in the tree")))?;
    let value =
        mapping_value(&found).ok_or_else(|| ContractError::invalid(what, "is not a mapping"))?;
    if value.is_flow_style() {
        return Err(ContractError::invalid(
            what,
            "is written in flow style (`{ … }`); msgen can only edit block mappings, so rewrite it in block style",
        ));
    }
    if entry(&value, "$ref").is_some() {
        return Err(ContractError::invalid(
            what,
            "is a `$ref`; edit the operation where it is defined, by hand",
        ));
    }
    Ok(value)
}

/// The mapping under `key` of `map`, block or flow.
fn mapping_of(map: &Mapping, key: &str, what: &str) -> Result<Mapping, ContractError> {
    let found = entry(map, key)
        .ok_or_else(|| ContractError::EditFailed(format!("`{what}` is not in the tree")))?;
    let value =
        mapping_value(&found).ok_or_else(|| ContractError::invalid(what, "is not a mapping"))?;
    if entry(&value, "$ref").is_some() {
        return Err(ContractError::invalid(
            what,
            "is a `$ref`; edit the operation where it is defined, by hand",
        ));
    }
    Ok(value)
}

/// The byte range of the whole lines `entry` takes: from the start of its key's line to
/// the end of its last content line (comments after it stay).
fn entry_lines(
    tree: &Tree<'_>,
    base: &str,
    entry: &MappingEntry,
    what: &str,
) -> Result<(usize, usize), ContractError> {
    let key = entry
        .key_node()
        .ok_or_else(|| ContractError::EditFailed(format!("`{what}` has no key")))?;
    let key_start = key.byte_range().start as usize;
    let line_start = base[..key_start].rfind('\n').map_or(0, |i| i + 1);
    if !base[line_start..key_start]
        .chars()
        .all(|c| c == ' ' || c == '\t')
    {
        return Err(ContractError::invalid(
            what,
            "does not start its own line; msgen can only remove entries written in block style",
        ));
    }
    let end = match entry.value_node() {
        Some(value) if !is_empty_node(&value) => tree.after_content(&value),
        _ => {
            let key_end = key.byte_range().end as usize;
            base[key_end..]
                .find('\n')
                .map_or(base.len(), |i| key_end + i + 1)
        }
    };
    Ok((line_start, end.max(line_start)))
}

fn is_empty_node(node: &YamlNode) -> bool {
    let range = node.byte_range();
    range.start >= range.end
}

/// Replace each range by its text (ranges do not overlap).
fn splice_all(base: &str, mut edits: Vec<((usize, usize), String)>) -> String {
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.0.0));
    let mut text = base.to_owned();
    for ((start, end), with) in edits {
        text.replace_range(start..end, &with);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::HAND;

    const SMALL: &str = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  # orders\n  /orders:\n    get:\n      operationId: list_orders\n      responses:\n        '200': {description: ok}\n    post:\n      operationId: 'create_order'\n      responses:\n        '201':\n          description: made\n  # one order\n  /orders/{id}:\n    parameters:\n      - {name: id, in: path, required: true, schema: {type: string}}\n    get:\n      operationId: get_order\n      responses:\n        '200': {description: ok}\n# end\n";

    #[test]
    fn removes_one_method_keeping_every_other_byte() {
        let (shrunk, removed) = remove_operation(SMALL, HttpMethod::Post, "/orders").unwrap();
        assert_eq!(removed.id, "create_order");
        assert!(!removed.whole_path);
        let expected = SMALL.replace(
            "    post:\n      operationId: 'create_order'\n      responses:\n        '201':\n          description: made\n",
            "",
        );
        assert_eq!(shrunk.text(), expected);
    }

    #[test]
    fn removes_the_path_item_with_its_only_operation() {
        let (shrunk, removed) = remove_operation(SMALL, HttpMethod::Get, "/orders/{id}").unwrap();
        assert!(removed.whole_path);
        let expected = SMALL.replace(
            "  /orders/{id}:\n    parameters:\n      - {name: id, in: path, required: true, schema: {type: string}}\n    get:\n      operationId: get_order\n      responses:\n        '200': {description: ok}\n",
            "",
        );
        assert_eq!(shrunk.text(), expected);
    }

    #[test]
    fn removing_the_last_path_leaves_an_empty_mapping() {
        let text = "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      operationId: a\n      responses: {'204': {description: x}}\n";
        let (shrunk, _) = remove_operation(text, HttpMethod::Get, "/a").unwrap();
        assert_eq!(shrunk.text(), "openapi: 3.1.0\npaths: {}\n");
    }

    #[test]
    fn removes_from_a_hand_formatted_contract() {
        let (shrunk, removed) = remove_operation(HAND, HttpMethod::Get, "/orders").unwrap();
        assert_eq!(removed.id, "list_orders");
        assert!(!shrunk.text().contains("list_orders"));
        assert!(shrunk.text().contains("# --- orders ---"));
    }

    #[test]
    fn keeps_crlf_and_a_bom() {
        let text = format!("\u{feff}{}", SMALL.replace('\n', "\r\n"));
        let (shrunk, _) = remove_operation(&text, HttpMethod::Post, "/orders").unwrap();
        assert_eq!(
            shrunk.text(),
            text.replace(
                "    post:\r\n      operationId: 'create_order'\r\n      responses:\r\n        '201':\r\n          description: made\r\n",
                ""
            )
        );
        let renamed = rename_operation(&text, "get_order", "fetch_order").unwrap();
        assert_eq!(renamed.text(), text.replace("get_order", "fetch_order"));
    }

    #[test]
    fn refuses_path_items_it_cannot_edit() {
        // A path item defined elsewhere: its only operation goes with the reference; one of
        // two cannot, as the definition is shared.
        let reference = "openapi: 3.1.0\npaths:\n  /a:\n    $ref: '#/components/pathItems/A'\ncomponents:\n  pathItems:\n    A:\n      get:\n        operationId: a\n        responses: {'204': {description: x}}\n";
        let (shrunk, removed) = remove_operation(reference, HttpMethod::Get, "/a").unwrap();
        assert!(removed.whole_path);
        assert!(
            shrunk
                .text()
                .starts_with("openapi: 3.1.0\npaths: {}\ncomponents:\n")
        );
        let two = reference.replace(
            "        responses: {'204': {description: x}}\n",
            "        responses: {'204': {description: x}}\n      put:\n        operationId: b\n        responses: {'204': {description: x}}\n",
        );
        let error = remove_operation(&two, HttpMethod::Get, "/a").unwrap_err();
        assert!(error.to_string().contains("is a `$ref`"), "{error}");
        let flow = "openapi: 3.1.0\npaths:\n  /a: {get: {operationId: a, responses: {'204': {description: x}}}, put: {operationId: b, responses: {'204': {description: x}}}}\n";
        let error = remove_operation(flow, HttpMethod::Get, "/a").unwrap_err();
        assert!(error.to_string().contains("flow style"), "{error}");
        // A flow-style operation can still be renamed: only its id changes.
        let renamed = rename_operation(flow, "a", "c").unwrap();
        assert_eq!(
            renamed.text(),
            flow.replace("operationId: a", "operationId: c")
        );
    }

    #[test]
    fn refuses_an_operation_that_is_not_there() {
        let error = remove_operation(SMALL, HttpMethod::Delete, "/orders").unwrap_err();
        assert!(
            error.to_string().contains("is not in openapi.yaml"),
            "{error}"
        );
    }

    #[test]
    fn renames_keeping_the_quotes() {
        let renamed = rename_operation(SMALL, "create_order", "place_order").unwrap();
        assert_eq!(
            renamed.text(),
            SMALL.replace("'create_order'", "'place_order'")
        );
        let renamed = rename_operation(SMALL, "get_order", "null").unwrap();
        assert_eq!(
            renamed.text(),
            SMALL.replace("operationId: get_order", "operationId: \"null\"")
        );
    }

    #[test]
    fn rename_refuses_taken_and_invalid_ids() {
        assert!(matches!(
            rename_operation(SMALL, "get_order", "list_orders"),
            Err(ContractError::DuplicateOperationId { .. })
        ));
        assert!(matches!(
            rename_operation(SMALL, "get_order", ""),
            Err(ContractError::InvalidOperationId { .. })
        ));
        assert!(rename_operation(SMALL, "nope", "x").is_err());
        // Any operationId is fine; the contract's own style is kept.
        let renamed = rename_operation(SMALL, "get_order", "getOrder").unwrap();
        assert!(renamed.text().contains("operationId: getOrder"));
    }
}
