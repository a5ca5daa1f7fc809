//! Comparing two schemas in one direction: types, nullability, formats, enums,
//! constraints, properties, items and compositions.

use std::collections::BTreeSet;

use yaml_serde::Value;

use super::change::{ChangeKind, Verdict};
use super::walk::{At, Direction, Strictness, Walk, field, field_str};
use crate::yaml_view::entries;

impl<'a> Walk<'a> {
    /// Compares a schema of the old contract with its counterpart in the new one.
    pub(crate) fn schema(&mut self, old: At<'a>, new: At<'a>, direction: Direction) {
        let (old, old_moved) = unwrap(old, self.old_root);
        let (new, new_moved) = unwrap(new, self.new_root);
        if !(old_moved || new_moved) {
            self.schema_body(&old, &new, direction);
            return;
        }
        let pair = (direction, old.pointer.clone(), new.pointer.clone());
        if let Some(found) = self.memo.get(&pair) {
            for key in found.clone() {
                self.record(key);
            }
            return;
        }
        if !self.seen.insert(pair.clone()) {
            self.cuts += 1;
            return;
        }
        let (start, cuts) = (self.log.len(), self.cuts);
        self.schema_body(&old, &new, direction);
        if self.cuts == cuts {
            let found = self.log[start..].to_vec();
            self.memo.insert(pair, found);
        }
    }

    /// The comparison itself, once both sides are resolved.
    fn schema_body(&mut self, old: &At<'a>, new: &At<'a>, direction: Direction) {
        if self.types(old, new, direction) == Some(Strictness::Different) {
            return;
        }
        self.format(old, new, direction);
        self.enumeration(old, new, direction);
        self.constraints(old, new, direction);
        self.properties(old, new, direction);
        for key in ["items", "additionalProperties"] {
            if let (Some(old_items), Some(new_items)) = (old.get(key), new.get(key))
                && old_items.value.is_mapping()
                && new_items.value.is_mapping()
            {
                self.schema(old_items, new_items, direction);
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            self.composition(old, new, key, direction);
        }
    }

    fn types(&mut self, old: &At<'a>, new: &At<'a>, direction: Direction) -> Option<Strictness> {
        let (old_types, new_types) = (types(old.value), types(new.value));
        let lost = !covers(&new_types, &old_types);
        let gained = !covers(&old_types, &new_types);
        let strictness = match (lost, gained) {
            (false, false) => return None,
            (true, false) => Strictness::Stricter,
            (false, true) => Strictness::Looser,
            (true, true) => Strictness::Different,
        };
        let only_null: BTreeSet<&str> = old_types
            .symmetric_difference(&new_types)
            .copied()
            .collect();
        let (kind, description) = if only_null == BTreeSet::from(["null"]) {
            let now = if new_types.contains("null") {
                "made nullable"
            } else {
                "no longer nullable"
            };
            (ChangeKind::NullableChanged, now.to_owned())
        } else {
            (
                ChangeKind::TypeChanged,
                format!(
                    "type changed from {} to {}",
                    show_types(&old_types),
                    show_types(&new_types)
                ),
            )
        };
        self.push(
            &new.pointer,
            kind,
            strictness.verdict(direction),
            description,
        );
        Some(strictness)
    }

    fn format(&mut self, old: &At<'a>, new: &At<'a>, direction: Direction) {
        let (before, after) = (
            field_str(old.value, "format"),
            field_str(new.value, "format"),
        );
        let strictness = match (before, after) {
            (Some(a), Some(b)) if a == b => return,
            (None, None) => return,
            (Some("int32"), Some("int64")) | (Some("float"), Some("double")) | (Some(_), None) => {
                Strictness::Looser
            }
            (Some("int64"), Some("int32")) | (Some("double"), Some("float")) | (None, Some(_)) => {
                Strictness::Stricter
            }
            (Some(_), Some(_)) => Strictness::Different,
        };
        let show = |format: Option<&str>| format.map_or("none".to_owned(), |f| format!("`{f}`"));
        self.push(
            &new.key("format"),
            ChangeKind::FormatChanged,
            strictness.verdict(direction),
            format!("format changed from {} to {}", show(before), show(after)),
        );
    }

    fn enumeration(&mut self, old: &At<'a>, new: &At<'a>, direction: Direction) {
        let (before, after) = (enum_values(old.value), enum_values(new.value));
        let (strictness, description) = match (&before, &after) {
            (None, None) => return,
            (None, Some(_)) => (Strictness::Stricter, "enum added".to_owned()),
            (Some(_), None) => (Strictness::Looser, "enum removed".to_owned()),
            (Some(before), Some(after)) => {
                let removed: Vec<&str> = before.difference(after).map(String::as_str).collect();
                let added: Vec<&str> = after.difference(before).map(String::as_str).collect();
                let describe = |values: &[&str], what: &str| {
                    format!("enum value(s) {} {what}", values.join(", "))
                };
                match (removed.is_empty(), added.is_empty()) {
                    (true, true) => return,
                    (false, true) => (Strictness::Stricter, describe(&removed, "removed")),
                    (true, false) => (Strictness::Looser, describe(&added, "added")),
                    (false, false) => (
                        Strictness::Different,
                        format!(
                            "{}; {}",
                            describe(&removed, "removed"),
                            describe(&added, "added")
                        ),
                    ),
                }
            }
        };
        self.push(
            &new.key("enum"),
            ChangeKind::EnumChanged,
            strictness.verdict(direction),
            description,
        );
    }

    fn properties(&mut self, old: &At<'a>, new: &At<'a>, direction: Direction) {
        let (old_required, new_required) = (required(old.value), required(new.value));
        let old_props = visible(self.old_root, old, direction);
        let new_props = visible(self.new_root, new, direction);
        for (name, old_prop) in &old_props {
            let Some((_, new_prop)) = new_props.iter().find(|(n, _)| n == name) else {
                // Clients reading a response miss the field either way; clients sending a
                // request are refused only when the object is closed.
                let closed = matches!(
                    field(new.value, "additionalProperties"),
                    Some(Value::Bool(false))
                );
                let verdict = if direction == Direction::Request && !closed {
                    Verdict::Compatible
                } else {
                    Verdict::Breaking
                };
                self.push(
                    &old_prop.pointer,
                    ChangeKind::PropertyRemoved,
                    verdict,
                    format!("property `{name}` removed"),
                );
                continue;
            };
            match (old_required.contains(name), new_required.contains(name)) {
                (false, true) => self.push(
                    &new_prop.pointer,
                    ChangeKind::PropertyRequired,
                    Strictness::Stricter.verdict(direction),
                    format!("property `{name}` is now required"),
                ),
                (true, false) => self.push(
                    &new_prop.pointer,
                    ChangeKind::PropertyOptional,
                    Strictness::Looser.verdict(direction),
                    format!("property `{name}` is no longer required"),
                ),
                _ => {}
            }
            self.schema(old_prop.clone(), new_prop.clone(), direction);
        }
        for (name, new_prop) in &new_props {
            if old_props.iter().any(|(n, _)| n == name) {
                continue;
            }
            let (verdict, what) = if new_required.contains(name) {
                (Strictness::Stricter.verdict(direction), "required")
            } else {
                (Verdict::Compatible, "optional")
            };
            self.push(
                &new_prop.pointer,
                ChangeKind::PropertyAdded,
                verdict,
                format!("new {what} property `{name}`"),
            );
        }
    }

    fn composition(&mut self, old: &At<'a>, new: &At<'a>, key: &str, direction: Direction) {
        let (before, after) = (old.items(key), new.items(key));
        for (old_item, new_item) in before.iter().zip(&after) {
            self.schema(old_item.clone(), new_item.clone(), direction);
        }
        if before.len() == after.len() {
            return;
        }
        // More `allOf` parts allow fewer values; more `oneOf`/`anyOf` variants allow more.
        let more = if key == "allOf" {
            Strictness::Stricter
        } else {
            Strictness::Looser
        };
        let strictness = match (after.len() > before.len(), more) {
            (true, more) => more,
            (false, Strictness::Stricter) => Strictness::Looser,
            (false, _) => Strictness::Stricter,
        };
        self.push(
            &new.key(key),
            ChangeKind::CompositionChanged,
            strictness.verdict(direction),
            format!(
                "`{key}` went from {} to {} schemas",
                before.len(),
                after.len()
            ),
        );
    }
}

/// Follows `$ref`s and a lone `allOf: [x]` wrapper, which mean the same schema as `x`.
fn unwrap<'a>(at: At<'a>, root: &'a Value) -> (At<'a>, bool) {
    let (mut at, mut moved) = at.follow(root);
    for _ in 0..8 {
        let parts = at.items("allOf");
        let alone = parts.len() == 1
            && ["type", "properties", "items", "enum"]
                .iter()
                .all(|key| field(at.value, key).is_none());
        if !alone {
            break;
        }
        let Some(part) = parts.into_iter().next() else {
            break;
        };
        at = part.follow(root).0;
        moved = true;
    }
    (at, moved)
}

/// The types a schema allows, with `null` for 3.0's `nullable: true`; empty means any.
fn types(schema: &Value) -> BTreeSet<&str> {
    let mut found: BTreeSet<&str> = match field(schema, "type") {
        Some(Value::String(name)) => BTreeSet::from([name.as_str()]),
        Some(Value::Sequence(names)) => names.iter().filter_map(Value::as_str).collect(),
        _ => BTreeSet::new(),
    };
    if !found.is_empty() && matches!(field(schema, "nullable"), Some(Value::Bool(true))) {
        found.insert("null");
    }
    found
}

/// Whether every value of types `inner` is allowed by types `outer`.
fn covers(outer: &BTreeSet<&str>, inner: &BTreeSet<&str>) -> bool {
    if outer.is_empty() {
        return true;
    }
    if inner.is_empty() {
        return false;
    }
    inner
        .iter()
        .all(|name| outer.contains(name) || (*name == "integer" && outer.contains("number")))
}

fn show_types(found: &BTreeSet<&str>) -> String {
    if found.is_empty() {
        return "any".to_owned();
    }
    found
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(" or ")
}

/// The enum values as text, or `None` without `enum`.
fn enum_values(schema: &Value) -> Option<BTreeSet<String>> {
    let values = field(schema, "enum")?.as_sequence()?;
    Some(values.iter().map(|value| show_value(Some(value))).collect())
}

/// A scalar for a description: `` `text` ``, `5`, `none` when absent.
pub(super) fn show_value(value: Option<&Value>) -> String {
    match value {
        None => "none".to_owned(),
        Some(Value::String(text)) => format!("`{text}`"),
        Some(Value::Number(number)) => number.to_string(),
        Some(Value::Bool(flag)) => flag.to_string(),
        Some(Value::Null) => "null".to_owned(),
        Some(_) => "a structure".to_owned(),
    }
}

/// The names in `required`.
fn required(schema: &Value) -> BTreeSet<String> {
    field(schema, "required")
        .and_then(Value::as_sequence)
        .map(|names| {
            names
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// The properties that travel in `direction`: `readOnly` ones are never sent by clients,
/// `writeOnly` ones never returned.
fn visible<'a>(root: &'a Value, schema: &At<'a>, direction: Direction) -> Vec<(String, At<'a>)> {
    let Some(properties) = schema.get("properties") else {
        return Vec::new();
    };
    let Some(map) = properties.value.as_mapping() else {
        return Vec::new();
    };
    let hidden = match direction {
        Direction::Request => "readOnly",
        Direction::Response => "writeOnly",
    };
    entries(map)
        .filter_map(|(name, value)| {
            let at = At::new(value, properties.key(&name));
            let (target, _) = at.clone().follow(root);
            let skip = matches!(field(target.value, hidden), Some(Value::Bool(true)));
            (!skip).then_some((name, at))
        })
        .collect()
}
