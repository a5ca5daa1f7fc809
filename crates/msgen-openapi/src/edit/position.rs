//! Where an addition goes in the text of `openapi.yaml`: byte offsets and indentation,
//! found in yaml-edit's tree (`yaml_tree.rs`) and used by the splice (`splice.rs`).

/// Where a new child entry goes inside the value of a mapping entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Slot {
    /// A block mapping: insert whole lines at `at`, each indented by `indent` spaces.
    Block { at: usize, indent: usize },
    /// `key: {}` (or `key:` with no value): drop `remove` (the ` {}`), then insert
    /// lines at `at` indented by `indent`.
    Empty {
        remove: (usize, usize),
        at: usize,
        indent: usize,
    },
}

/// Where the additions go in the text, found with yaml-edit's tree.
pub(crate) struct Spots {
    /// The file's indentation step.
    pub unit: usize,
    /// Where the new operation goes.
    pub target: Target,
    /// The quote the first path key is written with, if any: a new key matches it.
    pub key_quote: Option<char>,
    /// Where new schemas go, when some are needed.
    pub schemas: Option<SchemaSpot>,
}

/// Where the new operation goes.
pub(crate) enum Target {
    /// The path is new: a path item at the end of `paths`.
    NewPath(Slot),
    /// The path exists: a method at the end of its item.
    Method(Slot),
}

/// Where new schemas go.
pub(crate) enum SchemaSpot {
    /// Inside `components.schemas`.
    Schemas(Slot),
    /// A new `schemas` inside `components`.
    Components(Slot),
    /// A new `components` at the end of the document, keys at `indent`.
    Document { at: usize, indent: usize },
}
