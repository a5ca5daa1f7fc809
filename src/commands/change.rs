//! `msgen add-endpoint` and `msgen sync`: both edit an existing service by
//! planning the contract and its derived files, then writing all or nothing.

use std::cell::RefCell;
use std::path::PathBuf;

use serde::Serialize;

use super::existing::Loaded;
use crate::apply;
use crate::cli::{AddEndpointArgs, SyncArgs};
use crate::contract;
use crate::endpoint::EndpointRequest;
use crate::generate::contract_error;
use crate::lock::Access;
use crate::plan::Plan;
use crate::template::render::Renderer;

/// What a change command did (or would do, with `--dry-run`).
#[derive(Debug, Serialize)]
pub struct ChangeOutcome {
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
}

/// The operation `add-endpoint` added.
#[derive(Debug, Serialize)]
pub struct AddedOperation {
    /// Its operationId.
    pub id: String,
    /// `GET`, `POST`, …
    pub method: String,
    /// Its path.
    pub path: String,
}

/// Runs `msgen add-endpoint`.
///
/// # Errors
/// Usage errors for bad input and conflicts; failures for I/O.
pub fn add_endpoint(args: &AddEndpointArgs) -> anyhow::Result<ChangeOutcome> {
    let request = EndpointRequest {
        method: args.method.clone(),
        path: args.path.clone(),
        name: args.name.clone(),
        summary: args.summary.clone(),
        params: args.params.clone(),
        query: args.query.clone(),
        request: args.request.clone(),
        response: args.response.clone(),
        status: args.status,
    };
    let operation = request.to_operation()?;
    let service = Loaded::open(&args.service, access(args.change.dry_run))?;
    // Templates compile while the contract is parsed, and the plan is derived while the
    // grown contract's text is re-checked: both cores stay busy.
    let (_, added, grown, plan) = std::thread::scope(|scope| {
        let warming = RefCell::new(Some(scope.spawn(|| service.warmed_renderer())));
        contract::insert_operation_then(&service.contract_text, &operation, |grown| {
            // Called twice only when the fast path's result fails its re-check.
            let renderer = warming
                .borrow_mut()
                .take()
                .map_or_else(Renderer::new, |warming| {
                    warming
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                });
            service.plan_with(grown, args.change.force, renderer)
        })
    })
    .map_err(|error| contract_error(&error))?;
    // The process ends right after this command: freeing the contract's tree node by
    // node would cost more than writing the files.
    std::mem::forget(grown);
    let plan = plan?;
    if !args.change.dry_run {
        apply::write_files(&plan)?;
    }
    Ok(ChangeOutcome {
        command: "add-endpoint",
        root: service.root,
        operation: Some(AddedOperation {
            id: added.id,
            method: added.method_upper,
            path: added.path,
        }),
        dry_run: args.change.dry_run,
        plan,
    })
}

/// Runs `msgen sync`.
///
/// # Errors
/// Usage errors for an invalid contract or hand-edited owned files.
pub fn sync(args: &SyncArgs) -> anyhow::Result<ChangeOutcome> {
    let service = Loaded::open(&args.service, access(args.change.dry_run))?;
    let contract = service.parse_contract()?;
    let plan = service.plan(&contract, args.change.force)?;
    if !args.change.dry_run {
        apply::write_files(&plan)?;
    }
    Ok(ChangeOutcome {
        command: "sync",
        root: service.root,
        operation: None,
        dry_run: args.change.dry_run,
        plan,
    })
}

/// A preview only reads, so it may run beside other readers.
fn access(dry_run: bool) -> Access {
    if dry_run {
        Access::Shared
    } else {
        Access::Exclusive
    }
}
