//! Text splicing for `edit/mod.rs`: where the new lines go, applying them, and checking the result.

use yaml_serde::{Mapping, Value};

use super::position::{SchemaSpot, Slot, Spots, Target};
use super::request::NewOperation;
use super::yaml_tree::{Tree, entry, mapping_value};
use super::yaml_writer::{Lines, OperationYaml, Stub, Style, stub_schema};
use crate::yaml_view::escape;
use crate::{Contract, ContractError};

pub(crate) fn split_bom(text: &str) -> (&str, &str) {
    text.strip_prefix('\u{feff}')
        .map_or(("", text), |rest| ("\u{feff}", rest))
}

pub(crate) fn style(base: &str, unit: usize) -> Style {
    let single = base
        .match_indices("$ref: ")
        .filter_map(|(i, m)| base[i + m.len()..].chars().next())
        .find(|c| *c == '\'' || *c == '"');
    Style {
        unit,
        quote: single.unwrap_or('"'),
    }
}

/// [`Spots`] from yaml-edit's tree; `schemas` asks for the schema spot too.
pub(crate) fn spots_from_tree(
    tree: &Tree<'_>,
    path: &str,
    schemas: bool,
) -> Result<Spots, ContractError> {
    let paths = entry(tree.root(), "paths")
        .ok_or_else(|| ContractError::EditFailed("no `paths` in the tree".into()))?;
    let paths_map = mapping_value(&paths);
    let target = match paths_map.as_ref().and_then(|m| entry(m, path)) {
        Some(item) => Target::Method(tree.slot(&item, &format!("/paths/{}", escape(path)))?),
        None => Target::NewPath(tree.slot(&paths, "/paths")?),
    };
    let key_quote = paths_map
        .as_ref()
        .and_then(|m| m.entries().next())
        .and_then(|e| e.key_node())
        .and_then(|k| k.as_scalar().map(yaml_edit::Scalar::value))
        .and_then(|raw| raw.chars().next().filter(|c| *c == '"' || *c == '\''));
    let schemas = if schemas {
        Some(schema_spot(tree)?)
    } else {
        None
    };
    Ok(Spots {
        unit: tree.unit(),
        target,
        key_quote,
        schemas,
    })
}

pub(crate) fn schema_spot(tree: &Tree<'_>) -> Result<SchemaSpot, ContractError> {
    let Some(components) = entry(tree.root(), "components") else {
        let indent = tree
            .root()
            .entries()
            .next()
            .and_then(|e| e.key_node())
            .map_or(0, |k| tree.column(k.byte_range().start as usize));
        return Ok(SchemaSpot::Document {
            at: tree.end_of_document(),
            indent,
        });
    };
    if let Some(schemas) = mapping_value(&components).and_then(|m| entry(&m, "schemas")) {
        return Ok(SchemaSpot::Schemas(
            tree.slot(&schemas, "/components/schemas")?,
        ));
    }
    Ok(SchemaSpot::Components(
        tree.slot(&components, "/components")?,
    ))
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
    spots: &Spots,
    base: &str,
    style: Style,
    path: &str,
    yaml: &OperationYaml<'_>,
) -> Vec<Edit> {
    match spots.target {
        Target::Method(slot) => place(base, slot, |lines, col| {
            yaml.lines(lines, style, col);
        }),
        Target::NewPath(slot) => {
            let key = match spots.key_quote {
                Some(q) => Style { quote: q, ..style }.quoted(path),
                None => style.scalar(path),
            };
            place(base, slot, |lines, col| {
                lines.push(col, format!("{key}:"));
                yaml.lines(lines, style, col + style.unit);
            })
        }
    }
}

pub(crate) fn schema_edits(
    target: &SchemaSpot,
    base: &str,
    style: Style,
    add: &dyn Fn(&mut Lines, usize),
) -> Vec<Edit> {
    match *target {
        SchemaSpot::Schemas(slot) => place(base, slot, add),
        SchemaSpot::Components(slot) => place(base, slot, |lines, col| {
            lines.push(col, "schemas:");
            add(lines, col + style.unit);
        }),
        SchemaSpot::Document { at, indent } => {
            place(base, Slot::Block { at, indent }, |lines, col| {
                lines.push(col, "components:");
                lines.push(col + style.unit, "schemas:");
                add(lines, col + 2 * style.unit);
            })
        }
    }
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

/// The old tree plus the new operation and stub schemas, each parsed from the same lines
/// that go into the text: what the re-parse of the new text must give.
pub(crate) fn expected(
    mut old: Value,
    op: &NewOperation,
    yaml: &OperationYaml<'_>,
    style: Style,
    stubs: &[Stub],
) -> Result<Value, ContractError> {
    let missing = || ContractError::EditFailed("no mapping where the addition goes".into());
    let paths =
        mapping_at(old.as_mapping_mut().ok_or_else(missing)?, "paths").ok_or_else(missing)?;
    let mut lines = Lines::default();
    yaml.lines(&mut lines, style, 0);
    let added = fragment(&lines)?;
    match paths.get_mut(op.path.as_str()) {
        Some(item) => {
            if item.is_null() {
                *item = Value::Mapping(Mapping::new());
            }
            item.as_mapping_mut().ok_or_else(missing)?.extend(added);
        }
        None => {
            paths.insert(op.path.as_str().into(), Value::Mapping(added));
        }
    }
    if !stubs.is_empty() {
        let mut lines = Lines::default();
        for stub in stubs {
            stub_schema(&mut lines, style, 0, stub);
        }
        let added = fragment(&lines)?;
        schemas_mut(&mut old).ok_or_else(missing)?.extend(added);
    }
    Ok(old)
}

/// `components.schemas` of `root`, made (with `components`) when absent or null.
pub(crate) fn schemas_mut(root: &mut Value) -> Option<&mut Mapping> {
    let components = mapping_at(root.as_mapping_mut()?, "components")?;
    mapping_at(components, "schemas")
}

/// Parse lines built at column 0 into the mapping they hold.
pub(crate) fn fragment(lines: &Lines) -> Result<Mapping, ContractError> {
    match yaml_serde::from_str::<Value>(&lines.render("\n")) {
        Ok(Value::Mapping(map)) => Ok(map),
        Ok(_) => Err(ContractError::EditFailed(
            "the addition is not a mapping".into(),
        )),
        Err(e) => Err(ContractError::EditFailed(format!("the addition: {e}"))),
    }
}

/// The mapping under `key`, made when absent or null.
fn mapping_at<'a>(map: &'a mut Mapping, key: &str) -> Option<&'a mut Mapping> {
    let value = map
        .entry(key.into())
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    if value.is_null() {
        *value = Value::Mapping(Mapping::new());
    }
    value.as_mapping_mut()
}

/// Re-parse the new text: it must be a valid contract equal to `grown`'s tree, key order
/// included, so nothing but the addition changed.
pub(crate) fn verify(grown: &Contract) -> Result<(), ContractError> {
    let new = Contract::parse(&grown.text)
        .map_err(|e| ContractError::EditFailed(format!("re-parse: {e}")))?;
    if identical(&new.root, &grown.root) {
        Ok(())
    } else {
        Err(ContractError::EditFailed(
            "the document changed outside the new operation".into(),
        ))
    }
}

/// Equal, with mapping keys in the same order (`Value`'s `==` ignores their order).
pub(crate) fn identical(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Mapping(a), Value::Mapping(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b.iter())
                    .all(|((ka, va), (kb, vb))| identical(ka, kb) && identical(va, vb))
        }
        (Value::Sequence(a), Value::Sequence(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| identical(a, b))
        }
        (Value::Tagged(a), Value::Tagged(b)) => a.tag == b.tag && identical(&a.value, &b.value),
        _ => a == b,
    }
}
