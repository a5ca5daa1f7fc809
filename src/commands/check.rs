//! `msgen check`: every way a service can drift from its contract, as a
//! list of findings for CI.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde::Serialize;

use super::existing::{Derived, ExistingService, ServiceOptions};
pub(crate) use super::finding::Finding;
use super::team_files;
use crate::lock::Access;

/// The result of a check.
#[derive(Debug, Serialize)]
pub(crate) struct CheckOutcome {
    /// The service folder.
    pub root: PathBuf,
    /// Operations in the contract.
    pub operations: usize,
    /// Problems; empty means clean.
    pub findings: Vec<Finding>,
    /// What does not fail the check: providers' contract changes that break nothing this
    /// service calls, system operations the contract documents as secured, and request
    /// media types the service answers 415 (`media`).
    pub notes: Vec<Finding>,
}

/// Files the forge reads only at a repository's root, left in a service folder that
/// sits inside a larger work tree.
fn layout_findings(service: &ExistingService, derived: &Derived) -> Vec<Finding> {
    let Some((top, _)) = &service.repo else {
        return Vec::new();
    };
    derived
        .root_files
        .iter()
        .filter(|(path, _)| service.root.join(path).is_file())
        .map(|(path, target)| Finding {
            kind: "layout",
            path: path.clone(),
            message: format!(
                "the forge never reads this file inside the git work tree `{}`; move it to `{target}` at the work tree's root, scoped to this service's folder",
                top.display()
            ), ..Finding::default() })
        .collect()
}

/// The largest file searched for conflict markers; bigger ones are data, not code.
const MAX_SCANNED: u64 = 4 * 1024 * 1024;

/// Files that still hold the conflict markers of a merge (`msgen upgrade`, or git's):
/// every file of the service outside `.git`, `.venv`, `target` and `node_modules`.
fn conflict_findings(root: &std::path::Path) -> Vec<Finding> {
    let walk = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            let name = entry.file_name().to_string_lossy();
            entry.depth() == 0 || !matches!(&*name, ".git" | ".venv" | "target" | "node_modules")
        });
    let mut found = Vec::new();
    for entry in walk.flatten().filter(|entry| entry.file_type().is_file()) {
        if entry
            .metadata()
            .map_or(true, |meta| meta.len() > MAX_SCANNED)
        {
            continue;
        }
        let Ok(bytes) = std::fs::read(entry.path()) else {
            continue;
        };
        let lines = crate::merge::conflict_lines(&bytes);
        if lines.is_empty() {
            continue;
        }
        let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
        found.push(Finding {
            kind: "conflict",
            path: relative.to_string_lossy().replace('\\', "/"),
            message: format!(
                "holds conflict markers (line {}); resolve each marked block, keeping what both sides need",
                lines.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
            ),
            ..Finding::default()
        });
    }
    found
}

/// One finding per problem of a refused contract, at its line and column, then the
/// count of those past the cap.
fn contract_findings(path: &str, error: crate::error::UserError) -> Vec<Finding> {
    let mut findings: Vec<Finding> = error
        .problems
        .into_iter()
        .map(|problem| Finding {
            kind: "contract",
            path: path.to_owned(),
            message: problem.message,
            pointer: problem.pointer,
            line: problem.line,
            column: problem.column,
            hint: problem.hint,
        })
        .collect();
    if error.more > 0 {
        findings.push(Finding {
            kind: "contract",
            path: path.to_owned(),
            message: format!("… and {} more problems", error.more),
            ..Finding::default()
        });
    }
    findings
}

/// Operation files of an older layout, each with where this template version keeps it.
fn moved_findings(moved: &[(String, String)]) -> Vec<Finding> {
    moved
        .iter()
        .map(|(old, now)| Finding {
            kind: "moved",
            path: old.clone(),
            message: format!(
                "this operation's file belongs at `{now}` in this template version; run `msgen sync` to move it there unchanged"
            ),
            ..Finding::default()
        })
        .collect()
}

/// Runs `msgen check`.
///
/// # Errors
/// Usage errors when there is no service to check.
pub(crate) fn run(options: &ServiceOptions) -> anyhow::Result<CheckOutcome> {
    // Shared: checks run side by side, but never while a change is being renamed
    // into place, which would look like drift.
    let service = ExistingService::open(options, Access::Shared)?;
    let mut findings = Vec::new();
    let mut notes = Vec::new();
    let mut multipart = false;
    let derived = match service.parse_contract().and_then(|contract| {
        notes = system_notes(service.contract_file(), &contract);
        multipart = msgen_rust::has_multipart_body(&contract);
        service.derive(&contract, false)
    }) {
        Ok(derived) => derived,
        Err(error) if !error.problems.is_empty() => {
            return Ok(CheckOutcome {
                findings: contract_findings(service.contract_file(), error),
                root: service.root,
                operations: 0,
                notes,
            });
        }
        Err(error) => {
            findings.push(Finding {
                kind: "contract",
                path: service.contract_file().to_owned(),
                message: error.message,
                ..Finding::default()
            });
            return Ok(CheckOutcome {
                root: service.root,
                operations: 0,
                findings,
                notes,
            });
        }
    };
    notes.extend(media_notes(service.contract_file(), &derived.warnings));
    let edited: BTreeSet<String> = service.edited_owned_files().into_iter().collect();
    for path in &edited {
        findings.push(Finding {
            kind: "edited",
            path: path.clone(),
            message: "msgen-owned file was edited by hand; move the change to a user-owned file and run `msgen sync --force`".into(), ..Finding::default() });
    }
    for file in &derived.owned {
        match std::fs::read(service.root.join(&file.path)) {
            Err(_) => findings.push(Finding {
                kind: "missing",
                path: file.path.clone(),
                message: "msgen-owned file is missing; run `msgen sync`".into(), ..Finding::default() }),
            Ok(bytes) if Some(&bytes) != file.contents.as_ref() && !edited.contains(&file.path) => findings.push(Finding {
                kind: "stale",
                path: file.path.clone(),
                message: format!(
                    "out of date with {}: an operation has no route or a route has no operation; run `msgen sync`",
                    service.contract_file()
                ), ..Finding::default() }),
            Ok(_) => {}
        }
    }
    findings.extend(layout_findings(&service, &derived));
    findings.extend(conflict_findings(&service.root));
    findings.extend(moved_findings(&derived.moved));
    for file in &derived.operation_files {
        if derived.moved.iter().any(|(_, now)| *now == file.path) {
            continue;
        }
        if !service.root.join(&file.path).exists() {
            findings.push(Finding {
                kind: "missing",
                path: file.path.clone(),
                message:
                    "an operation of the contract has no file here; run `msgen sync` to create it"
                        .into(),
                ..Finding::default()
            });
        }
    }
    for orphan in team_files::orphans(&service.root, &service.template, &derived) {
        findings.push(Finding {
            kind: "orphan",
            message: format!(
                "no operation of {} uses this file; delete it or add the operation",
                service.contract_file()
            ),
            path: orphan,
            ..Finding::default()
        });
    }
    if multipart {
        findings.extend(multipart_finding(&service.root));
    }
    let providers = super::consumers::check(&service);
    findings.extend(providers.findings);
    notes.extend(providers.notes);
    findings.sort_by(|a, b| (&a.path, a.kind).cmp(&(&b.path, b.kind)));
    Ok(CheckOutcome {
        root: service.root,
        operations: derived.operations.len(),
        findings,
        notes,
    })
}

/// A contract with a `multipart/form-data` body needs the `multipart` feature of a
/// Rust service built by default: without it `crate::extract::Multipart` is missing.
fn multipart_finding(root: &std::path::Path) -> Option<Finding> {
    use super::cargo_toml::{MULTIPART, builds};
    let text = std::fs::read_to_string(root.join("Cargo.toml")).ok()?;
    let hint = match builds(&text, MULTIPART) {
        Ok(Some(true)) | Err(_) => return None,
        Ok(Some(false)) => "add \"multipart\" to `default` under [features] (`msgen sync` does)",
        Ok(None) => {
            "add `multipart = [\"axum/multipart\"]` under [features] and to its `default`, as a service made by this msgen has"
        }
    };
    Some(Finding {
        kind: "feature",
        path: "Cargo.toml".to_owned(),
        message: "the contract has a `multipart/form-data` body but the `multipart` feature is not on by default, so `crate::extract::Multipart` is not built".to_owned(),
        hint: Some(hint.to_owned()),
        ..Finding::default()
    })
}

/// What the service leaves out of the contract (a request media type answered 415), as
/// `new`, `sync` and `add-endpoint` warn: a note, since the team chose the contract.
fn media_notes(contract_file: &str, warnings: &[String]) -> Vec<Finding> {
    warnings
        .iter()
        .map(|warning| Finding {
            kind: "media",
            path: contract_file.to_owned(),
            message: warning.clone(),
            ..Finding::default()
        })
        .collect()
}

/// System operations the contract documents as needing credentials: the service serves
/// them to anyone, so the contract should say `security: []`.
fn system_notes(contract_file: &str, contract: &msgen_openapi::Contract) -> Vec<Finding> {
    msgen_openapi::system::documented_as_secured(contract.root())
        .into_iter()
        .map(|pointer| Finding {
            kind: "system",
            path: contract_file.to_owned(),
            message: format!(
                "{pointer} is a system endpoint, served without credentials whatever `security` says; document it with `security: []`"
            ), ..Finding::default() })
        .collect()
}
