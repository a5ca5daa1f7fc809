//! One problem `msgen check` reports, whoever found it.

use serde::Serialize;

/// One problem found.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct Finding {
    /// A short stable kind: `contract`, `edited`, `missing`, `stale`, `orphan`, `layout`.
    pub kind: &'static str,
    /// The file concerned.
    pub path: String,
    /// One sentence.
    pub message: String,
}
