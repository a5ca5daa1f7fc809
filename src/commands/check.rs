//! `msgen check`: every way a service can drift from its contract, as a
//! list of findings for CI.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::existing::{Derived, ExistingService, ServiceOptions};
use crate::lock::Access;

/// One problem found.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct Finding {
    /// A short stable kind: `contract`, `edited`, `missing`, `stale`, `orphan`, `layout`;
    /// `system` for a note.
    pub kind: &'static str,
    /// The file concerned.
    pub path: String,
    /// One sentence.
    pub message: String,
}

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
    /// service calls, and system operations the contract documents as secured.
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
            ),
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
    let derived = match service.parse_contract().and_then(|contract| {
        notes = system_notes(service.contract_file(), &contract);
        service.derive(&contract, false)
    }) {
        Ok(derived) => derived,
        Err(error) => {
            findings.push(Finding {
                kind: "contract",
                path: service.contract_file().to_owned(),
                message: error.message,
            });
            return Ok(CheckOutcome {
                root: service.root,
                operations: 0,
                findings,
                notes,
            });
        }
    };
    let edited: BTreeSet<String> = service.edited_owned_files().into_iter().collect();
    for path in &edited {
        findings.push(Finding {
            kind: "edited",
            path: path.clone(),
            message: "msgen-owned file was edited by hand; move the change to a user-owned file and run `msgen sync --force`".into(),
        });
    }
    for file in &derived.owned {
        match std::fs::read(service.root.join(&file.path)) {
            Err(_) => findings.push(Finding {
                kind: "missing",
                path: file.path.clone(),
                message: "msgen-owned file is missing; run `msgen sync`".into(),
            }),
            Ok(bytes) if Some(&bytes) != file.contents.as_ref() && !edited.contains(&file.path) => findings.push(Finding {
                kind: "stale",
                path: file.path.clone(),
                message: format!(
                    "out of date with {}: an operation has no route or a route has no operation; run `msgen sync`",
                    service.contract_file()
                ),
            }),
            Ok(_) => {}
        }
    }
    findings.extend(layout_findings(&service, &derived));
    let expected: BTreeSet<&str> = derived
        .operation_files
        .iter()
        .map(|file| file.path.as_str())
        .collect();
    for file in &derived.operation_files {
        if !service.root.join(&file.path).exists() {
            findings.push(Finding {
                kind: "missing",
                path: file.path.clone(),
                message:
                    "an operation of the contract has no file here; run `msgen sync` to create it"
                        .into(),
            });
        }
    }
    let known: BTreeSet<&str> = derived
        .skeleton_paths
        .iter()
        .map(String::as_str)
        .chain(expected.iter().copied())
        .collect();
    for orphan in orphans(&service.root, &expected, &known) {
        findings.push(Finding {
            kind: "orphan",
            message: format!(
                "no operation of {} uses this file; delete it or add the operation",
                service.contract_file()
            ),
            path: orphan,
        });
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
            ),
        })
        .collect()
}

/// Files beside per-operation files (same folder, same extension) that no
/// operation, skeleton or owned file accounts for: handlers without an operation.
fn orphans(root: &Path, expected: &BTreeSet<&str>, known: &BTreeSet<&str>) -> Vec<String> {
    let mut folders = BTreeSet::new();
    for path in expected {
        let (folder, file) = path.rsplit_once('/').unwrap_or(("", path));
        let extension = file.rsplit_once('.').map_or("", |(_, extension)| extension);
        folders.insert((folder.to_owned(), extension.to_owned()));
    }
    let mut found = Vec::new();
    for (folder, extension) in folders {
        let Ok(entries) = std::fs::read_dir(root.join(&folder)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = if folder.is_empty() {
                name.clone()
            } else {
                format!("{folder}/{name}")
            };
            let same_kind = name
                .rsplit_once('.')
                .is_some_and(|(_, ext)| ext == extension);
            if same_kind && entry.path().is_file() && !known.contains(path.as_str()) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}
