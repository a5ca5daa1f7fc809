//! One problem `msgen check` reports, whoever found it.

use serde::Serialize;

/// One problem found.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Default)]
pub(crate) struct Finding {
    /// A short stable kind: `contract`, `edited`, `missing`, `stale`, `orphan`, `layout`,
    /// `feature`;
    /// `system`, `media` for a note.
    pub kind: &'static str,
    /// The file concerned.
    pub path: String,
    /// One sentence.
    pub message: String,
    /// JSON pointer into the contract (`contract` findings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    /// 1-based line in the file (`contract` findings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column in the file (`contract` findings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// The way out (`contract` and `feature` findings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}
