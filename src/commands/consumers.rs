//! For `msgen check` in a service that calls others: has a provider's contract moved away
//! from the copy this service was built against, and does the move break an operation this
//! service calls?

use std::path::Path;

use msgen_openapi::diff::{self, Change, Verdict};

use super::diff_source::Source;
use super::existing::ExistingService;
use super::finding::Finding;
use crate::manifest::VendoredContract;

/// What the providers' changes mean here: findings that fail the check, and notes.
#[derive(Debug, Default)]
pub(crate) struct ProviderReport {
    /// Breaking changes to called operations, and providers that cannot be read.
    pub findings: Vec<Finding>,
    /// Changes that do not break anything this service calls.
    pub notes: Vec<Finding>,
}

/// Compares every vendored contract with its provider's current one.
#[must_use]
pub(crate) fn check(service: &ExistingService) -> ProviderReport {
    let mut report = ProviderReport::default();
    for (name, vendored) in &service.manifest.vendored {
        if let Some(note) = repinned(&service.root, name, vendored) {
            report.notes.push(note);
        }
        match compare(&service.root, vendored) {
            Ok(changes) => classify(name, vendored, &changes, &mut report),
            Err(error) => report.findings.push(Finding {
                kind: "provider",
                path: vendored.contract.clone(),
                message: format!(
                    "cannot compare with provider `{name}`: {}",
                    crate::error::user_error(&error)
                        .map_or_else(|| error.to_string(), |user| user.message.clone())
                ),
                ..Finding::default()
            }),
        }
    }
    report
}

/// A note when the pinned copy no longer has the hash `add-dependency` recorded: it was
/// replaced or edited after vendoring (the client follows it at the next `sync`).
fn repinned(root: &Path, name: &str, vendored: &VendoredContract) -> Option<Finding> {
    let recorded = vendored.hash.as_deref()?;
    let bytes = std::fs::read(root.join(&vendored.contract)).ok()?;
    (crate::manifest::hash(&bytes) != recorded).then(|| Finding {
        kind: "provider-note",
        path: vendored.contract.clone(),
        message: format!(
            "the copy of `{name}`'s contract changed since `msgen add-dependency` pinned it; `msgen add-dependency {name} --contract PATH --update` pins the provider's current one"
        ),
        ..Finding::default()
    })
}

/// The changes from the vendored copy to the provider's contract now.
fn compare(root: &Path, vendored: &VendoredContract) -> anyhow::Result<Vec<Change>> {
    let copy = Source::File(root.join(&vendored.contract));
    let local = root.join(&vendored.provider);
    let provider = if local.is_file() {
        Source::File(local)
    } else if local.is_dir() {
        Source::Service(Some(local))
    } else {
        Source::parse(&vendored.provider, Some(root))?
    };
    let (_, old) = copy.read()?;
    let (_, new) = provider.read()?;
    Ok(diff::diff(&old, &new).changes)
}

fn classify(name: &str, vendored: &VendoredContract, changes: &[Change], out: &mut ProviderReport) {
    for change in changes {
        let called: Vec<&str> = change
            .operation_ids
            .iter()
            .filter(|id| vendored.calls.contains(id))
            .map(String::as_str)
            .collect();
        let breaks = change.verdict == Verdict::Breaking && !called.is_empty();
        let which = if called.is_empty() {
            "not called here".to_owned()
        } else {
            format!("called here: `{}`", called.join("`, `"))
        };
        let finding = Finding {
            kind: if breaks { "provider" } else { "provider-note" },
            path: vendored.contract.clone(),
            message: format!(
                "provider `{name}` changed: {} {} at {} ({which})",
                change.verdict.as_str(),
                change.description,
                change.pointer
            ),
            ..Finding::default()
        };
        if breaks {
            out.findings.push(finding);
        } else {
            out.notes.push(finding);
        }
    }
}
