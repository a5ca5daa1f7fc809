//! `msgen add-endpoint` and `msgen sync`: both edit an existing service by
//! planning the contract and its derived files, then writing all or nothing.

use std::path::PathBuf;

use msgen_openapi::{insert_operation_with_stubs, operations};
use serde::Serialize;

use super::existing::{ExistingService, ServiceOptions};
use super::team_files;
use crate::apply;
use crate::endpoint::EndpointRequest;
use crate::error::UserError;
use crate::lock::Access;
use crate::plan::Plan;

/// What a change command takes.
#[derive(Debug, Clone, Default)]
pub(crate) struct ChangeOptions {
    /// The service, and how to wait for another run on it.
    pub service: ServiceOptions,
    /// Plan only, write nothing.
    pub dry_run: bool,
    /// Regenerate msgen-owned files even if they were edited by hand.
    pub force: bool,
}

/// What a change command did (or would do, with `--dry-run`).
#[derive(Debug, Serialize)]
pub(crate) struct ChangeOutcome {
    /// `add-endpoint` or `sync`.
    pub command: &'static str,
    /// The service folder.
    pub root: PathBuf,
    /// The operation added, for `add-endpoint`.
    pub operation: Option<AddedOperation>,
    /// Whether anything was written.
    pub dry_run: bool,
    /// The files considered.
    pub plan: Plan,
    /// For `sync`: handler and test files no operation uses any more (after a hand
    /// edit that renamed or removed an operation), so they are out of the build.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub orphans: Option<Vec<String>>,
    /// What the service leaves out of the contract (a request media type answered
    /// 415), one sentence each: `sync` and `add-endpoint` say it as `new` does.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// The operation `add-endpoint` added.
#[derive(Debug, Serialize)]
pub(crate) struct AddedOperation {
    pub id: String,
    /// `GET`, `POST`, …
    pub method: String,
    pub path: String,
    /// Schemas of `components.schemas` created as placeholders for a missing
    /// `--request`/`--response` schema.
    pub stub_schemas: Vec<String>,
}

/// Runs `msgen add-endpoint`.
///
/// # Errors
/// Usage errors for bad input and conflicts; failures for I/O.
pub(crate) fn add_endpoint(
    request: &EndpointRequest,
    options: &ChangeOptions,
) -> anyhow::Result<ChangeOutcome> {
    let operation = request.to_operation()?;
    let service = ExistingService::open(&options.service, access(options.dry_run))?;
    let (_, grown, stub_schemas) =
        insert_operation_with_stubs(&service.contract_text, &operation).map_err(UserError::from)?;
    let added = operations::find(grown.root(), &operation.path, operation.method)
        .map_err(UserError::from)?
        .ok_or_else(|| {
            anyhow::anyhow!("bug in msgen: the added operation is not in the contract")
        })?;
    let derived = service.derive(&grown, true)?;
    let warnings = derived.warnings.clone();
    let plan = service.plan_derived(&grown, derived, options.force)?;
    if !options.dry_run {
        apply::write_files(&plan)?;
    }
    Ok(ChangeOutcome {
        command: "add-endpoint",
        root: service.root,
        operation: Some(AddedOperation {
            id: added.id.clone(),
            method: added.method.upper(),
            path: added.path.to_owned(),
            stub_schemas,
        }),
        dry_run: options.dry_run,
        plan,
        orphans: None,
        warnings,
    })
}

/// Runs `msgen sync`.
///
/// # Errors
/// Usage errors for an invalid contract or hand-edited owned files.
pub(crate) fn sync(options: &ChangeOptions) -> anyhow::Result<ChangeOutcome> {
    let service = ExistingService::open(&options.service, access(options.dry_run))?;
    let contract = service.parse_contract()?;
    let derived = service.derive(&contract, true)?;
    let orphans = team_files::orphans(&service.root, &service.template, &derived);
    let warnings = derived.warnings.clone();
    let plan = service.plan_derived(&contract, derived, options.force)?;
    if !options.dry_run {
        apply::write_files(&plan)?;
    }
    Ok(ChangeOutcome {
        command: "sync",
        root: service.root,
        operation: None,
        dry_run: options.dry_run,
        plan,
        orphans: Some(orphans),
        warnings,
    })
}

/// A preview only reads, so it may run beside other readers.
pub(crate) fn access(dry_run: bool) -> Access {
    if dry_run {
        Access::Shared
    } else {
        Access::Exclusive
    }
}
