//! One classified change.

use serde::Serialize;

/// What a change means for the clients of the old contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Some existing client can fail.
    Breaking,
    /// Existing clients keep working.
    Compatible,
}

impl Verdict {
    /// `breaking` or `compatible`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Breaking => "breaking",
            Self::Compatible => "compatible",
        }
    }
}

/// The kind of a change, stable for scripts (`--json` spells it in kebab-case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs, reason = "each name says what changed")]
pub enum ChangeKind {
    PathAdded,
    PathRemoved,
    OperationAdded,
    OperationRemoved,
    OperationIdChanged,
    ParameterAdded,
    ParameterRemoved,
    ParameterRequired,
    ParameterOptional,
    PathParameterRenamed,
    PathParameterMoved,
    RequestBodyAdded,
    RequestBodyRemoved,
    RequestBodyRequired,
    RequestBodyOptional,
    ResponseAdded,
    ResponseRemoved,
    MediaTypeAdded,
    MediaTypeRemoved,
    HeaderAdded,
    HeaderRemoved,
    PropertyAdded,
    PropertyRemoved,
    PropertyRequired,
    PropertyOptional,
    TypeChanged,
    NullableChanged,
    FormatChanged,
    EnumChanged,
    ConstraintChanged,
    CompositionChanged,
    SecurityChanged,
}

/// One change, where it is and what it means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// JSON pointer into the new contract, or into the old one for what was removed.
    pub pointer: String,
    /// What changed.
    pub kind: ChangeKind,
    /// Breaking or compatible.
    pub verdict: Verdict,
    /// One line, e.g. "property `email` removed".
    pub description: String,
    /// The operations it affects (`GET /orders/{id}`), when it is inside one or more.
    pub operations: Vec<String>,
    /// The old contract's `operationId`s of those operations: what their clients call.
    pub operation_ids: Vec<String>,
}
