//! The state of one comparison: both documents, where it is, and the changes found so far.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use yaml_serde::Value;

use super::change::{Change, ChangeKind, Verdict};
use crate::yaml_view::{escape, key_text, resolve};

/// Which way data flows through a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Direction {
    /// Clients send it; the server must still accept what old clients send.
    Request,
    /// The server sends it; old clients must still understand it.
    Response,
}

/// How the set of values a schema allows moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Strictness {
    /// It allows fewer values.
    Stricter,
    /// It allows more values.
    Looser,
    /// Some values left and others came: neither contains the other.
    Different,
}

impl Strictness {
    /// Stricter requests and looser responses break clients.
    pub(crate) fn verdict(self, direction: Direction) -> Verdict {
        match (self, direction) {
            (Self::Stricter, Direction::Response) | (Self::Looser, Direction::Request) => {
                Verdict::Compatible
            }
            _ => Verdict::Breaking,
        }
    }
}

/// A node of one document and its JSON pointer.
#[derive(Debug, Clone)]
pub(crate) struct At<'a> {
    pub value: &'a Value,
    pub pointer: String,
}

impl<'a> At<'a> {
    pub(crate) fn new(value: &'a Value, pointer: impl Into<String>) -> Self {
        Self {
            value,
            pointer: pointer.into(),
        }
    }

    /// The child under `key`, if present.
    pub(crate) fn get(&self, key: &str) -> Option<Self> {
        field(self.value, key).map(|value| Self::new(value, self.key(key)))
    }

    /// The pointer of the child under `key`, present or not.
    pub(crate) fn key(&self, key: &str) -> String {
        format!("{}/{}", self.pointer, escape(key))
    }

    /// The items of a sequence under `key`, with their pointers.
    pub(crate) fn items(&self, key: &str) -> Vec<Self> {
        let Some(items) = field(self.value, key).and_then(Value::as_sequence) else {
            return Vec::new();
        };
        let base = self.key(key);
        items
            .iter()
            .enumerate()
            .map(|(i, value)| Self::new(value, format!("{base}/{i}")))
            .collect()
    }

    /// Follows `$ref` chains (at most 32 hops); the pointer becomes the target's.
    pub(crate) fn follow(self, root: &'a Value) -> (Self, bool) {
        let mut current = self;
        let mut moved = false;
        for _ in 0..32 {
            let Some(reference) = field_str(current.value, "$ref") else {
                break;
            };
            let Some(target) = resolve(root, reference) else {
                break;
            };
            current = Self::new(target, reference.trim_start_matches('#'));
            moved = true;
        }
        (current, moved)
    }
}

/// One comparison in progress.
pub(crate) struct Walk<'a> {
    pub old_root: &'a Value,
    pub new_root: &'a Value,
    /// The operation being compared (`GET /orders`), empty outside operations.
    pub operation: String,
    /// Its `operationId` in the old contract, the name its clients call it by.
    pub operation_id: Option<String>,
    /// Pairs of referenced schemas already compared in this operation: guards cycles.
    pub seen: HashSet<Pair>,
    /// How many times `seen` cut a walk short; a result found with a cut is not memoized.
    pub cuts: usize,
    /// The changes found under each pair of referenced schemas, replayed when another
    /// operation uses the same pair: a shared schema is compared once.
    pub memo: HashMap<Pair, Vec<Key>>,
    /// Every change recorded, in order (with repeats), so a walk can tell what it found.
    pub log: Vec<Key>,
    found: BTreeMap<Key, Affected>,
}

/// The operations a change touches: labels, and old `operationId`s.
#[derive(Default)]
struct Affected {
    labels: BTreeSet<String>,
    ids: BTreeSet<String>,
}

/// A pair of referenced schemas: the direction, the old target and the new target.
pub(crate) type Pair = (Direction, String, String);

/// What identifies a change: pointer, kind, verdict, description.
pub(crate) type Key = (String, ChangeKind, Verdict, String);

impl<'a> Walk<'a> {
    pub(crate) fn new(old_root: &'a Value, new_root: &'a Value) -> Self {
        Self {
            old_root,
            new_root,
            operation: String::new(),
            operation_id: None,
            seen: HashSet::new(),
            cuts: 0,
            memo: HashMap::new(),
            log: Vec::new(),
            found: BTreeMap::new(),
        }
    }

    /// Records a change; the same change reached from several operations is kept once.
    pub(crate) fn push(
        &mut self,
        pointer: &str,
        kind: ChangeKind,
        verdict: Verdict,
        description: String,
    ) {
        self.record((pointer.to_owned(), kind, verdict, description));
    }

    /// Records a change by its key, for the current operation.
    pub(crate) fn record(&mut self, key: Key) {
        self.log.push(key.clone());
        let affected = self.found.entry(key).or_default();
        if !self.operation.is_empty() && !affected.labels.contains(&self.operation) {
            affected.labels.insert(self.operation.clone());
        }
        if let Some(id) = &self.operation_id
            && !affected.ids.contains(id)
        {
            affected.ids.insert(id.clone());
        }
    }

    /// Sets the operation that the next changes belong to (`None` to leave it).
    pub(crate) fn enter(&mut self, operation: Option<(String, Option<&str>)>) {
        let (label, id) = operation.unwrap_or_default();
        self.operation = label;
        self.operation_id = id.map(str::to_owned);
        self.seen.clear();
    }

    /// The changes, ordered by pointer.
    pub(crate) fn finish(self) -> Vec<Change> {
        self.found
            .into_iter()
            .map(|((pointer, kind, verdict, description), affected)| Change {
                pointer,
                kind,
                verdict,
                description,
                operations: affected.labels.into_iter().collect(),
                operation_ids: affected.ids.into_iter().collect(),
            })
            .collect()
    }
}

/// `value[key]`. Schemas and operations are small mappings, where comparing a handful of
/// keys is cheaper than hashing one; large ones use the index.
pub(crate) fn field<'v>(value: &'v Value, key: &str) -> Option<&'v Value> {
    let map = value.as_mapping()?;
    if map.len() > 12 {
        return crate::yaml_view::get(value, key);
    }
    map.iter()
        .find(|(name, _)| match name {
            Value::String(name) => name == key,
            _ => key_text(name).as_deref() == Some(key),
        })
        .map(|(_, value)| value)
}

/// `value[key]` as a string.
pub(crate) fn field_str<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    field(value, key)?.as_str()
}
