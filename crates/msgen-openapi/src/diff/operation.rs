//! Comparing paths and operations: ids, parameters, request bodies and responses.

use std::collections::BTreeMap;

use yaml_serde::Value;

use super::change::{ChangeKind, Verdict};
use super::walk::{At, Direction, Walk, field, field_str};
use crate::yaml_view::entries;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

impl<'a> Walk<'a> {
    /// Compares every path of both contracts, matched by their shape (`/orders/{}`), so a
    /// renamed path parameter is the same path.
    pub(crate) fn paths(&mut self) {
        let old_paths = paths(self.old_root);
        let new_paths = paths(self.new_root);
        for (shape, old) in &old_paths {
            match new_paths.get(shape) {
                Some(new) => self.path_item(old, new),
                None => self.path_removed(old),
            }
        }
        for (shape, new) in &new_paths {
            if !old_paths.contains_key(shape) {
                self.push(
                    &new.1.pointer,
                    ChangeKind::PathAdded,
                    Verdict::Compatible,
                    format!("path `{}` added", new.0),
                );
            }
        }
    }

    /// A removed path, once, naming every operation it held.
    fn path_removed(&mut self, old: &(String, At<'a>)) {
        let (item, _) = old.1.clone().follow(self.old_root);
        let description = format!("path `{}` removed", old.0);
        let mut any = false;
        for method in METHODS {
            if let Some(op) = item.get(method) {
                let label = format!("{} {}", method.to_uppercase(), old.0);
                self.enter(Some((label, field_str(op.value, "operationId"))));
                self.push(
                    &old.1.pointer,
                    ChangeKind::PathRemoved,
                    Verdict::Breaking,
                    description.clone(),
                );
                any = true;
            }
        }
        self.enter(None);
        if !any {
            self.push(
                &old.1.pointer,
                ChangeKind::PathRemoved,
                Verdict::Breaking,
                description,
            );
        }
    }

    fn path_item(&mut self, old: &(String, At<'a>), new: &(String, At<'a>)) {
        let (old_item, _) = old.1.clone().follow(self.old_root);
        let (new_item, _) = new.1.clone().follow(self.new_root);
        for method in METHODS {
            let label = || format!("{} {}", method.to_uppercase(), new.0);
            match (old_item.get(method), new_item.get(method)) {
                (None, None) => {}
                (Some(removed), None) => {
                    let label = format!("{} {}", method.to_uppercase(), old.0);
                    let description = format!("operation `{label}` removed");
                    self.enter(Some((label, field_str(removed.value, "operationId"))));
                    self.push(
                        &removed.pointer,
                        ChangeKind::OperationRemoved,
                        Verdict::Breaking,
                        description,
                    );
                    self.enter(None);
                }
                (None, Some(added)) => self.push(
                    &added.pointer,
                    ChangeKind::OperationAdded,
                    Verdict::Compatible,
                    format!("operation `{}` added", label()),
                ),
                (Some(old_op), Some(new_op)) => {
                    self.enter(Some((label(), field_str(old_op.value, "operationId"))));
                    let old_side = Side::new(self.old_root, &old.0, &old_item, old_op);
                    let new_side = Side::new(self.new_root, &new.0, &new_item, new_op);
                    self.operation_pair(&old_side, &new_side);
                    self.enter(None);
                }
            }
        }
    }

    fn operation_pair(&mut self, old: &Side<'a>, new: &Side<'a>) {
        let (before, after) = (
            field_str(old.op.value, "operationId"),
            field_str(new.op.value, "operationId"),
        );
        if before != after {
            let show = |id: Option<&str>| id.map_or("none".to_owned(), |id| format!("`{id}`"));
            let verdict = if before.is_some() {
                Verdict::Breaking
            } else {
                Verdict::Compatible
            };
            self.push(
                &new.op.key("operationId"),
                ChangeKind::OperationIdChanged,
                verdict,
                format!(
                    "operationId changed from {} to {}",
                    show(before),
                    show(after)
                ),
            );
        }
        self.path_params(old, new);
        self.params(old, new);
        self.request_body(old, new);
        self.responses(old, new);
        self.security(&old.op, &new.op);
    }

    fn path_params(&mut self, old: &Side<'a>, new: &Side<'a>) {
        let old_names = path_names(&old.path);
        let new_names = path_names(&new.path);
        for (position, (before, after)) in old_names.iter().zip(&new_names).enumerate() {
            let old_param = old.params.get(&("path", before.clone()));
            let new_param = new.params.get(&("path", after.clone()));
            let pointer = new_param.map_or_else(|| new.op.pointer.clone(), |p| p.pointer.clone());
            if before != after {
                if let Some(from) = old_names.iter().position(|name| name == after) {
                    self.push(
                        &pointer,
                        ChangeKind::PathParameterMoved,
                        Verdict::Breaking,
                        format!(
                            "path parameter `{after}` moved from position {} to {}",
                            from + 1,
                            position + 1
                        ),
                    );
                } else {
                    self.push(
                        &pointer,
                        ChangeKind::PathParameterRenamed,
                        Verdict::Compatible,
                        format!("path parameter `{before}` renamed to `{after}`"),
                    );
                }
            }
            if let (Some(old_param), Some(new_param)) = (old_param, new_param) {
                self.param_schema(old_param, new_param);
            }
        }
    }

    fn params(&mut self, old: &Side<'a>, new: &Side<'a>) {
        let not_path = |key: &&(&str, String)| key.0 != "path";
        for key in old.params.keys().filter(not_path) {
            let old_param = &old.params[key];
            let Some(new_param) = new.params.get(key) else {
                self.push(
                    &old_param.pointer,
                    ChangeKind::ParameterRemoved,
                    Verdict::Compatible,
                    format!("{} parameter `{}` removed", key.0, key.1),
                );
                continue;
            };
            match (is_required(old_param), is_required(new_param)) {
                (false, true) => self.push(
                    &new_param.pointer,
                    ChangeKind::ParameterRequired,
                    Verdict::Breaking,
                    format!("{} parameter `{}` is now required", key.0, key.1),
                ),
                (true, false) => self.push(
                    &new_param.pointer,
                    ChangeKind::ParameterOptional,
                    Verdict::Compatible,
                    format!("{} parameter `{}` is no longer required", key.0, key.1),
                ),
                _ => {}
            }
            self.param_schema(old_param, new_param);
        }
        for key in new.params.keys().filter(not_path) {
            if old.params.contains_key(key) {
                continue;
            }
            let new_param = &new.params[key];
            let (verdict, what) = if is_required(new_param) {
                (Verdict::Breaking, "required")
            } else {
                (Verdict::Compatible, "optional")
            };
            self.push(
                &new_param.pointer,
                ChangeKind::ParameterAdded,
                verdict,
                format!("new {what} {} parameter `{}`", key.0, key.1),
            );
        }
    }

    fn param_schema(&mut self, old: &At<'a>, new: &At<'a>) {
        if let (Some(old_schema), Some(new_schema)) = (old.get("schema"), new.get("schema")) {
            self.schema(old_schema, new_schema, Direction::Request);
        }
    }
}

/// One side of an operation pair: its path, and its parameters merged from the path item.
pub(crate) struct Side<'a> {
    pub path: String,
    pub op: At<'a>,
    /// Parameters by (`in`, name), `$ref`s followed; the operation's override the path item's.
    pub params: BTreeMap<(&'a str, String), At<'a>>,
}

impl<'a> Side<'a> {
    fn new(root: &'a Value, path: &str, item: &At<'a>, op: At<'a>) -> Self {
        let mut params = BTreeMap::new();
        for owner in [item, &op] {
            for raw in owner.items("parameters") {
                let param = raw.follow(root).0;
                if let (Some(name), Some(location)) =
                    (field_str(param.value, "name"), field_str(param.value, "in"))
                {
                    params.insert((location, name.to_owned()), param);
                }
            }
        }
        Self {
            path: path.to_owned(),
            op,
            params,
        }
    }
}

/// `paths` by shape (`/orders/{}`) → (the path as written, its item).
fn paths(root: &Value) -> BTreeMap<String, (String, At<'_>)> {
    let Some(map) = field(root, "paths").and_then(Value::as_mapping) else {
        return BTreeMap::new();
    };
    let base = At::new(root, "").get("paths");
    let Some(base) = base else {
        return BTreeMap::new();
    };
    entries(map)
        .map(|(path, item)| {
            let at = At::new(item, base.key(&path));
            (shape(&path), (path, at))
        })
        .collect()
}

/// The path with each `{name}` replaced by `{}`.
fn shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                out.push('{');
            }
            '}' => {
                inside = false;
                out.push('}');
            }
            _ if inside => {}
            _ => out.push(c),
        }
    }
    out
}

/// The names of the path parameters, in order.
fn path_names(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name.to_owned()))
        .collect()
}

pub(super) fn is_required(at: &At<'_>) -> bool {
    matches!(field(at.value, "required"), Some(Value::Bool(true)))
}
