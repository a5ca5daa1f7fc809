//! Comparing the constraints of two schemas: bounds, lengths, counts, patterns.

use yaml_serde::Value;

use super::change::ChangeKind;
use super::schema::show_value;
use super::walk::{At, Direction, Strictness, Walk, field};

/// Lower bounds: raising one makes the schema stricter.
const LOWER: [&str; 4] = ["minimum", "minLength", "minItems", "minProperties"];
/// Upper bounds: lowering one makes the schema stricter.
const UPPER: [&str; 4] = ["maximum", "maxLength", "maxItems", "maxProperties"];

impl<'a> Walk<'a> {
    pub(super) fn constraints(&mut self, old: &At<'a>, new: &At<'a>, direction: Direction) {
        let keys = LOWER.iter().map(|key| (*key, true));
        let keys = keys.chain(UPPER.iter().map(|key| (*key, false)));
        let keys = keys.chain([("exclusiveMinimum", true), ("exclusiveMaximum", false)]);
        for (key, lower) in keys {
            let (before, after) = (field(old.value, key), field(new.value, key));
            if let Some(strictness) = bound(before, after, lower) {
                self.constraint(new, key, before, after, strictness, direction);
            }
        }
        for key in ["pattern", "multipleOf", "uniqueItems"] {
            let (before, after) = (field(old.value, key), field(new.value, key));
            let strictness = match (before, after) {
                (Some(a), Some(b)) if a == b => continue,
                (None | Some(Value::Bool(false)), None | Some(Value::Bool(false))) => continue,
                (None | Some(Value::Bool(false)), Some(_)) => Strictness::Stricter,
                (Some(_), None | Some(Value::Bool(false))) => Strictness::Looser,
                (Some(_), Some(_)) => Strictness::Different,
            };
            self.constraint(new, key, before, after, strictness, direction);
        }
    }

    fn constraint(
        &mut self,
        new: &At<'a>,
        key: &str,
        before: Option<&Value>,
        after: Option<&Value>,
        strictness: Strictness,
        direction: Direction,
    ) {
        let description = format!(
            "`{key}` changed from {} to {}",
            show_value(before),
            show_value(after)
        );
        self.push(
            &new.key(key),
            ChangeKind::ConstraintChanged,
            strictness.verdict(direction),
            description,
        );
    }
}

/// How a numeric bound moved, or a 3.0 boolean `exclusiveMinimum` / `exclusiveMaximum`.
fn bound(before: Option<&Value>, after: Option<&Value>, lower: bool) -> Option<Strictness> {
    let number = |value: Option<&Value>| value.and_then(Value::as_f64);
    let flag = |value: Option<&Value>| matches!(value, Some(Value::Bool(true)));
    if matches!(before, Some(Value::Bool(_))) || matches!(after, Some(Value::Bool(_))) {
        return match (flag(before), flag(after)) {
            (false, true) => Some(Strictness::Stricter),
            (true, false) => Some(Strictness::Looser),
            _ => None,
        };
    }
    match (number(before), number(after)) {
        (None, None) => None,
        (None, Some(_)) => Some(Strictness::Stricter),
        (Some(_), None) => Some(Strictness::Looser),
        (Some(a), Some(b)) if (a - b).abs() < f64::EPSILON => None,
        (Some(a), Some(b)) => Some(if (b > a) == lower {
            Strictness::Stricter
        } else {
            Strictness::Looser
        }),
    }
}
