//! `add-dependency --update`: what changed between the pinned copy of a provider's
//! contract and the one replacing it, and which changes break a call of this service.

use std::path::Path;

use msgen_openapi::diff::{self, Verdict};
use serde::Serialize;

use crate::error::UserError;
use crate::manifest::VendoredContract;

/// One change of the provider's contract, as the consumer sees it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PinChange {
    /// `breaking` or `compatible`.
    pub verdict: &'static str,
    /// One line, e.g. "property `email` removed".
    pub description: String,
    /// Where, in the new contract (the old one for what was removed).
    pub pointer: String,
    /// The operations it affects (`GET /payments/{id}`).
    pub operations: Vec<String>,
    /// The `operationId`s among them that this service calls, when the change breaks them.
    pub breaks: Vec<String>,
}

/// The changes from the copy pinned at `old.contract` (in the service at `root`) to `new`.
///
/// # Errors
/// A usage error when either side is not a contract msgen can compare.
pub(crate) fn changes(
    root: &Path,
    old: &VendoredContract,
    new: &str,
) -> Result<Vec<PinChange>, UserError> {
    let unreadable = |which: &str, message: String| {
        UserError::usage(format!("cannot compare {which} with the new one: {message}"))
            .hint("restore the pinned copy from version control, or `msgen remove-dependency NAME` and add it again")
    };
    let old_text = std::fs::read_to_string(root.join(&old.contract)).map_err(|error| {
        unreadable(
            &format!("the pinned copy `{}`", old.contract),
            error.to_string(),
        )
    })?;
    let old_tree = diff::parse(&old_text).map_err(|error| {
        unreadable(
            &format!("the pinned copy `{}`", old.contract),
            error.to_string(),
        )
    })?;
    let new_tree = diff::parse(new)
        .map_err(|error| unreadable("the provider's contract", error.to_string()))?;
    Ok(diff::diff(&old_tree, &new_tree)
        .changes
        .into_iter()
        .map(|change| {
            let breaks = if change.verdict == Verdict::Breaking {
                change
                    .operation_ids
                    .iter()
                    .filter(|id| old.calls.contains(id))
                    .cloned()
                    .collect()
            } else {
                Vec::new()
            };
            PinChange {
                verdict: change.verdict.as_str(),
                description: change.description,
                pointer: change.pointer,
                operations: change.operations,
                breaks,
            }
        })
        .collect())
}
