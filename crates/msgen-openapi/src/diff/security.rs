//! Comparing the security requirements of an operation (its own, or the document's).

use std::collections::{BTreeMap, BTreeSet};

use yaml_serde::Value;

use super::change::{ChangeKind, Verdict};
use super::walk::{At, Walk, field};
use crate::yaml_view::entries;

/// One alternative: every scheme it names, with the scopes it asks for.
type Requirement = BTreeMap<String, BTreeSet<String>>;

impl<'a> Walk<'a> {
    /// A client passes if it meets one alternative. Old clients keep passing when each old
    /// alternative still has a new one that asks for no more than it did.
    pub(crate) fn security(&mut self, old_op: &At<'a>, new_op: &At<'a>) {
        let before = effective(self.old_root, old_op.value);
        let after = effective(self.new_root, new_op.value);
        if before == after {
            return;
        }
        let kept = before
            .iter()
            .all(|old| after.iter().any(|new| asks_no_more(new, old)));
        let verdict = if kept {
            Verdict::Compatible
        } else {
            Verdict::Breaking
        };
        let pointer = if field(new_op.value, "security").is_some() {
            new_op.key("security")
        } else {
            "/security".to_owned()
        };
        self.push(
            &pointer,
            ChangeKind::SecurityChanged,
            verdict,
            format!(
                "security changed from {} to {}",
                show(&before),
                show(&after)
            ),
        );
    }
}

/// The requirements that apply: the operation's `security`, else the document's; none
/// means anyone may call, written as one empty alternative.
fn effective(root: &Value, op: &Value) -> BTreeSet<Requirement> {
    let list = field(op, "security")
        .or_else(|| field(root, "security"))
        .and_then(Value::as_sequence);
    let mut alternatives: BTreeSet<Requirement> = list
        .map(|items| items.iter().map(requirement).collect())
        .unwrap_or_default();
    if alternatives.is_empty() {
        alternatives.insert(Requirement::new());
    }
    alternatives
}

fn requirement(item: &Value) -> Requirement {
    let Some(map) = item.as_mapping() else {
        return Requirement::new();
    };
    entries(map)
        .map(|(scheme, scopes)| {
            let scopes = scopes
                .as_sequence()
                .map(|list| {
                    list.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            (scheme, scopes)
        })
        .collect()
}

/// Whether `new` needs nothing that `old` did not already need.
fn asks_no_more(new: &Requirement, old: &Requirement) -> bool {
    new.iter().all(|(scheme, scopes)| {
        old.get(scheme)
            .is_some_and(|granted| scopes.is_subset(granted))
    })
}

fn show(alternatives: &BTreeSet<Requirement>) -> String {
    alternatives
        .iter()
        .map(|requirement| {
            if requirement.is_empty() {
                return "none".to_owned();
            }
            let parts: Vec<String> = requirement
                .iter()
                .map(|(scheme, scopes)| {
                    if scopes.is_empty() {
                        format!("`{scheme}`")
                    } else {
                        let scopes: Vec<&str> = scopes.iter().map(String::as_str).collect();
                        format!("`{scheme}` [{}]", scopes.join(", "))
                    }
                })
                .collect();
            parts.join(" and ")
        })
        .collect::<Vec<_>>()
        .join(" or ")
}
