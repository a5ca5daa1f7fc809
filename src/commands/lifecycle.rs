//! `msgen remove-endpoint` and `msgen rename-endpoint`: edit the contract, then
//! remove or move the operation's handler and test in the same atomic write as
//! the regenerated owned files. A file that still holds exactly what msgen
//! generated is msgen's to remove or rewrite; one with the team's changes is
//! kept (remove) or moved as it is (rename), and the outcome says so.

use std::path::PathBuf;

use msgen_openapi::{Contract, HttpMethod, remove_operation, rename_operation};
use msgen_rust::{Operation, RustView as _};
use serde::Serialize;

use super::change::{ChangeOptions, access};
use super::existing::ExistingService;
use super::team_files::{lines_naming, mentions, rewrite_generated_lines};
use crate::apply;
use crate::error::UserError;
use crate::generate::Rendered;
use crate::plan::{Owner, Plan, PlannedFile};

/// What a lifecycle command did (or would do, with `--dry-run`).
#[derive(Debug, Serialize)]
pub(crate) struct LifecycleOutcome {
    /// `remove-endpoint` or `rename-endpoint`.
    pub command: &'static str,
    /// The service folder.
    pub root: PathBuf,
    /// The operation, as it was before the command.
    pub operation: OperationRef,
    /// The new operationId, for `rename-endpoint`.
    pub renamed_to: Option<String>,
    /// Whether anything was written.
    pub dry_run: bool,
    /// Handler and test files removed.
    pub removed: Vec<String>,
    /// Handler and test files with the team's changes, left in place and now used by no
    /// operation (`remove-endpoint` without `--force`).
    pub kept: Vec<String>,
    /// Handler and test files moved to the new operationId (`rename-endpoint`).
    pub moved: Vec<Moved>,
    /// `path:line` of the team's other files (of the kind of the handler and test files)
    /// that name the old operationId: code that may call the old handler module.
    pub mentions: Vec<String>,
    /// The files considered.
    pub plan: Plan,
}

/// An operation of the contract.
#[derive(Debug, Serialize)]
pub(crate) struct OperationRef {
    pub id: String,
    /// `GET`, `POST`, …
    pub method: String,
    pub path: String,
}

/// A file moved by `rename-endpoint`.
#[derive(Debug, Serialize)]
pub(crate) struct Moved {
    pub from: String,
    pub to: String,
    /// Whether the file held exactly what msgen generated (then it is regenerated
    /// whole for the new id); otherwise only lines as msgen wrote them were rewritten.
    pub untouched: bool,
    /// Lines (1-based) of the moved file that still name the old id: for the team to check.
    pub check_lines: Vec<usize>,
}

/// Runs `msgen remove-endpoint`. With `options.force`, handler and test files with the
/// team's changes are removed too.
///
/// # Errors
/// Usage errors for an unknown or system operation, an invalid contract or hand-edited
/// owned files; failures for I/O.
pub(crate) fn remove_endpoint(
    method: &str,
    path: &str,
    options: &ChangeOptions,
) -> anyhow::Result<LifecycleOutcome> {
    let method: HttpMethod = method.parse().map_err(UserError::from)?;
    let service = ExistingService::open(&options.service, access(options.dry_run))?;
    let contract = service.parse_contract()?;
    let operation = contract
        .operation_at(path, method)
        .map_err(UserError::from)?
        .ok_or_else(|| {
            UserError::usage(format!(
                "`{} {path}` is not an operation of {}",
                method.upper(),
                service.contract_file()
            ))
            .hint(operations_hint(&contract))
        })?;
    refuse_system(&operation)?;
    let fresh = service.fresh_operation_files(&contract, &operation.id)?;
    let (shrunk, _) =
        remove_operation(&service.contract_text, method, path).map_err(UserError::from)?;
    let plan = service.plan(&shrunk, options.force)?;
    let mut files = plan.files;
    let (mut removed, mut kept) = (Vec::new(), Vec::new());
    for file in fresh {
        let Ok(on_disk) = std::fs::read(service.root.join(&file.path)) else {
            continue;
        };
        if options.force || file.contents.as_ref() == Some(&on_disk) {
            removed.push(file.path.clone());
            files.push(PlannedFile::delete(file.path, on_disk, Owner::User));
        } else {
            kept.push(file.path);
        }
    }
    let plan = Plan::new(plan.root, files);
    let own: Vec<&str> = removed.iter().chain(&kept).map(String::as_str).collect();
    let mentions = mentions(&service, &plan, &own, &operation.id);
    if !options.dry_run {
        apply::write_files(&plan)?;
    }
    Ok(LifecycleOutcome {
        command: "remove-endpoint",
        root: service.root,
        operation: reference(&operation),
        renamed_to: None,
        dry_run: options.dry_run,
        removed,
        kept,
        moved: Vec::new(),
        mentions,
        plan,
    })
}

/// Whether `operation` is the one a user names `id`: its operationId as written, or its
/// handler name (the only name of an operation whose operationId is derived).
fn known_as(operation: &Operation, id: &str) -> bool {
    operation.operation_id == id || operation.id == id
}

/// Runs `msgen rename-endpoint`.
///
/// # Errors
/// Usage errors for an unknown, system or taken operationId, an invalid new id, a file in
/// the way of a moved one, or hand-edited owned files; failures for I/O.
pub(crate) fn rename_endpoint(
    old_id: &str,
    new_id: &str,
    options: &ChangeOptions,
) -> anyhow::Result<LifecycleOutcome> {
    let service = ExistingService::open(&options.service, access(options.dry_run))?;
    let contract = service.parse_contract()?;
    let operations = contract.operations().map_err(UserError::from)?;
    if let Some(taken) = operations
        .iter()
        .find(|operation| known_as(operation, new_id))
    {
        return Err(UserError::usage(format!(
            "the operationId `{new_id}` is taken by `{} {}`",
            taken.method_upper, taken.path
        ))
        .hint("choose another operationId")
        .into());
    }
    let operation = operations
        .into_iter()
        .find(|operation| known_as(operation, old_id))
        .ok_or_else(|| {
            UserError::usage(format!(
                "no operation of {} has the operationId `{old_id}`",
                service.contract_file()
            ))
            .hint(operations_hint(&contract))
        })?;
    refuse_system(&operation)?;
    let renamed =
        rename_operation(&service.contract_text, old_id, new_id).map_err(UserError::from)?;
    let old_files = service.fresh_operation_files(&contract, old_id)?;
    let new_files = service.fresh_operation_files(&renamed, new_id)?;
    let plan = service.plan(&renamed, options.force)?;
    let mut files: Vec<PlannedFile> = plan.files;
    let mut moved = Vec::new();
    for (old, new) in old_files.iter().zip(&new_files) {
        let Ok(on_disk) = std::fs::read(service.root.join(&old.path)) else {
            continue;
        };
        let target = service.root.join(&new.path);
        if old.path != new.path && target.exists() {
            return Err(UserError::usage(format!(
                "`{}` exists already, so `{}` cannot move there",
                new.path, old.path
            ))
            .hint("move or delete that file, then run the command again")
            .into());
        }
        let (contents, entry) = moved_contents(&on_disk, old, new, old_id);
        files.retain(|file| file.path != new.path && file.path != old.path);
        if old.path == new.path {
            files.push(PlannedFile::replace(
                new.path.clone(),
                on_disk,
                contents,
                Owner::User,
            ));
        } else {
            files.push(PlannedFile::delete(old.path.clone(), on_disk, Owner::User));
            files.push(PlannedFile::create(new.path.clone(), contents, Owner::User));
        }
        moved.push(entry);
    }
    let plan = Plan::new(plan.root, files);
    let own: Vec<&str> = old_files.iter().map(|file| file.path.as_str()).collect();
    let mentions = mentions(&service, &plan, &own, old_id);
    if !options.dry_run {
        apply::write_files(&plan)?;
    }
    Ok(LifecycleOutcome {
        command: "rename-endpoint",
        root: service.root,
        operation: reference(&operation),
        renamed_to: Some(new_id.to_owned()),
        dry_run: options.dry_run,
        removed: Vec::new(),
        kept: Vec::new(),
        moved,
        mentions,
        plan,
    })
}

/// The contents a file gets at its new path, and what to say about the move.
fn moved_contents(
    on_disk: &[u8],
    old: &Rendered,
    new: &Rendered,
    old_id: &str,
) -> (Vec<u8>, Moved) {
    let generated = |file: &Rendered| file.contents.clone().unwrap_or_default();
    let untouched = old.contents.as_deref() == Some(on_disk);
    let contents = if untouched {
        generated(new)
    } else {
        rewrite_generated_lines(on_disk, &generated(old), &generated(new))
    };
    let check_lines = if untouched {
        Vec::new()
    } else {
        lines_naming(&contents, old_id)
    };
    let entry = Moved {
        from: old.path.clone(),
        to: new.path.clone(),
        untouched,
        check_lines,
    };
    (contents, entry)
}

fn refuse_system(operation: &Operation) -> Result<(), UserError> {
    if operation.system {
        return Err(UserError::usage(format!(
            "`{} {}` is a system endpoint (`x-msgen-system: true`) that every service serves",
            operation.method_upper, operation.path
        ))
        .hint("choose an operation of your own; system endpoints stay in the contract"));
    }
    Ok(())
}

fn reference(operation: &Operation) -> OperationRef {
    // The operationId as the contract writes it; the handler name where it has none.
    let id = if operation.operation_id.is_empty() {
        &operation.id
    } else {
        &operation.operation_id
    };
    OperationRef {
        id: id.clone(),
        method: operation.method_upper.clone(),
        path: operation.path.clone(),
    }
}

/// Where to see the operations: the first few of them, and where the rest are.
fn operations_hint(contract: &Contract) -> String {
    const SHOWN: usize = 8;
    let listed: Vec<String> = msgen_openapi::operations::list(contract.root())
        .map(|found| {
            found
                .iter()
                .filter(|found| msgen_openapi::yaml_view::get(found.op, "x-msgen-system").is_none())
                .map(|found| format!("`{} {}` ({})", found.method.upper(), found.path, found.id))
                .collect()
        })
        .unwrap_or_default();
    if listed.is_empty() {
        return "the contract has no operations of its own; see `paths:` in openapi.yaml".into();
    }
    let more = listed.len().saturating_sub(SHOWN);
    let shown = listed
        .into_iter()
        .take(SHOWN)
        .collect::<Vec<_>>()
        .join(", ");
    if more > 0 {
        format!("the operations are {shown} and {more} more under `paths:` in openapi.yaml")
    } else {
        format!("the operations are {shown}")
    }
}
