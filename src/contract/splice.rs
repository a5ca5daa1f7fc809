//! Text splicing for `edit.rs`: where the new lines go, applying them, and checking the result.

use yaml_serde::Value;

use super::doc::{escape, get};
use super::edit::NewOperation;
use super::fragment::{Lines, OperationYaml, Style};
use super::locate::{Slot, Tree, entry, mapping_value};
use super::operation::Operation;
use super::{Contract, ContractError};

pub(crate) fn split_bom(text: &str) -> (&str, &str) {
    text.strip_prefix('\u{feff}')
        .map_or(("", text), |rest| ("\u{feff}", rest))
}

pub(crate) fn style(base: &str, tree: &Tree<'_>) -> Style {
    let single = base
        .match_indices("$ref: ")
        .filter_map(|(i, m)| base[i + m.len()..].chars().next())
        .find(|c| *c == '\'' || *c == '"');
    Style {
        unit: tree.unit(),
        quote: single.unwrap_or('"'),
    }
}

/// One replacement of `start..end` by `text`.
pub(crate) struct Edit {
    start: usize,
    end: usize,
    text: String,
}

fn place(base: &str, slot: Slot, build: impl Fn(&mut Lines, usize)) -> Vec<Edit> {
    let newline = if base.contains("\r\n") { "\r\n" } else { "\n" };
    let (at, indent, remove) = match slot {
        Slot::Block { at, indent } => (at, indent, None),
        Slot::Empty { remove, at, indent } => (at, indent, Some(remove).filter(|(s, e)| s < e)),
    };
    let mut lines = Lines::default();
    build(&mut lines, indent);
    let mut text = lines.render(newline);
    if at == base.len() && !base.is_empty() && !base.ends_with('\n') {
        text.insert_str(0, newline);
    }
    let mut edits = vec![Edit {
        start: at,
        end: at,
        text,
    }];
    if let Some((start, end)) = remove {
        edits.push(Edit {
            start,
            end,
            text: String::new(),
        });
    }
    edits
}

pub(crate) fn path_edits(
    tree: &Tree<'_>,
    base: &str,
    style: Style,
    path: &str,
    yaml: &OperationYaml<'_>,
) -> Result<Vec<Edit>, ContractError> {
    let paths = entry(tree.root(), "paths")
        .ok_or_else(|| ContractError::EditFailed("no `paths` in the tree".into()))?;
    let paths_map = mapping_value(&paths);
    if let Some(item) = paths_map.as_ref().and_then(|m| entry(m, path)) {
        let slot = tree.slot(&item, &format!("/paths/{}", escape(path)))?;
        return Ok(place(base, slot, |lines, col| {
            yaml.lines(lines, style, col);
        }));
    }
    let quote = paths_map
        .as_ref()
        .and_then(|m| m.entries().next())
        .and_then(|e| e.key_node())
        .and_then(|k| k.as_scalar().map(yaml_edit::Scalar::value))
        .and_then(|raw| raw.chars().next().filter(|c| *c == '"' || *c == '\''));
    let key = match quote {
        Some(q) => Style { quote: q, ..style }.quoted(path),
        None => style.scalar(path),
    };
    let slot = tree.slot(&paths, "/paths")?;
    Ok(place(base, slot, |lines, col| {
        lines.push(col, format!("{key}:"));
        yaml.lines(lines, style, col + style.unit);
    }))
}

pub(crate) fn schema_edits(
    tree: &Tree<'_>,
    base: &str,
    style: Style,
    add: &dyn Fn(&mut Lines, usize),
) -> Result<Vec<Edit>, ContractError> {
    let Some(components) = entry(tree.root(), "components") else {
        let at = tree.end_of_document();
        let col = tree
            .root()
            .entries()
            .next()
            .and_then(|e| e.key_node())
            .map_or(0, |k| tree.column(k.byte_range().start as usize));
        let slot = Slot::Block { at, indent: col };
        return Ok(place(base, slot, |lines, col| {
            lines.push(col, "components:");
            lines.push(col + style.unit, "schemas:");
            add(lines, col + 2 * style.unit);
        }));
    };
    if let Some(schemas) = mapping_value(&components).and_then(|m| entry(&m, "schemas")) {
        let slot = tree.slot(&schemas, "/components/schemas")?;
        return Ok(place(base, slot, add));
    }
    let slot = tree.slot(&components, "/components")?;
    Ok(place(base, slot, |lines, col| {
        lines.push(col, "schemas:");
        add(lines, col + style.unit);
    }))
}

/// Apply edits back to front; at one position, earlier edits end up first in the text.
pub(crate) fn apply(base: &str, edits: Vec<Edit>) -> String {
    let mut edits: Vec<(usize, Edit)> = edits.into_iter().enumerate().collect();
    edits.sort_by(|(i, a), (j, b)| b.start.cmp(&a.start).then(j.cmp(i)));
    let mut text = base.to_owned();
    for (_, edit) in edits {
        text.replace_range(edit.start..edit.end, &edit.text);
    }
    text
}

/// Re-parse the result; everything but the addition must equal the input.
pub(crate) fn verify(
    old: &Contract,
    text: &str,
    op: &NewOperation,
    id: &str,
    stubs: &[String],
) -> Result<(Operation, Contract), ContractError> {
    let new =
        Contract::parse(text).map_err(|e| ContractError::EditFailed(format!("re-parse: {e}")))?;
    let mut rest = new.root.clone();
    let had_path = get(&old.root, "paths")
        .and_then(|p| get(p, &op.path))
        .is_some();
    if let Some(paths) = rest.get_mut("paths") {
        if had_path {
            if let Some(item) = paths
                .get_mut(op.path.as_str())
                .and_then(Value::as_mapping_mut)
            {
                item.shift_remove(op.method.as_str());
            }
        } else if let Some(map) = paths.as_mapping_mut() {
            map.shift_remove(op.path.as_str());
        }
        if paths
            .as_mapping()
            .is_some_and(yaml_serde::Mapping::is_empty)
            && get(&old.root, "paths").is_some_and(Value::is_null)
        {
            *paths = Value::Null;
        }
    }
    remove_schemas(&mut rest, &old.root, stubs);
    if rest != old.root {
        return Err(ContractError::EditFailed(
            "the document changed outside the new operation".into(),
        ));
    }
    let added = new.operations()?.into_iter().find(|o| o.id == id);
    let added = added
        .filter(|o| o.method == op.method && o.path == op.path)
        .ok_or_else(|| {
            ContractError::EditFailed(format!("operation `{id}` is not in the result"))
        })?;
    Ok((added, new))
}

/// Remove added schemas (and the `schemas`/`components` keys when they were added too).
pub(crate) fn remove_schemas(root: &mut Value, old: &Value, names: &[String]) {
    let old_components = get(old, "components");
    let was = old_components.and_then(|c| get(c, "schemas"));
    let Some(components) = root.get_mut("components") else {
        return;
    };
    if let Some(schemas) = components.get_mut("schemas") {
        if let Some(map) = schemas.as_mapping_mut() {
            for name in names {
                map.shift_remove(name.as_str());
            }
        }
        if schemas
            .as_mapping()
            .is_some_and(yaml_serde::Mapping::is_empty)
            && was.is_none_or(Value::is_null)
        {
            *schemas = Value::Null;
        }
    }
    if was.is_none()
        && let Some(map) = components.as_mapping_mut()
    {
        map.shift_remove("schemas");
    }
    let emptied = components
        .as_mapping()
        .is_some_and(yaml_serde::Mapping::is_empty);
    if emptied && old_components.is_none_or(Value::is_null) {
        if old_components.is_none() {
            if let Some(map) = root.as_mapping_mut() {
                map.shift_remove("components");
            }
        } else {
            *components = Value::Null;
        }
    }
}
