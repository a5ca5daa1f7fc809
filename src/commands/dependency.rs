//! `msgen add-dependency` and `msgen remove-dependency`: vendor a provider's contract,
//! record it in `msgen.toml`, and (re)generate the client module msgen owns for it,
//! all in one atomic write.

pub(crate) mod declared;
pub(crate) mod provider;
pub(crate) mod repin;

use std::path::{Path, PathBuf};

use msgen_rust::RustView;
use serde::Serialize;

use super::cargo_toml;
use super::change::{ChangeOptions, access};
use super::existing::ExistingService;
use crate::apply;
use crate::error::UserError;
use crate::manifest::{self, VendoredContract};
use crate::plan::{Owner, Plan, PlannedFile};
use crate::service_name::ServiceName;

/// Module names the client folder uses itself.
const TAKEN: &[&str] = &["fake", "runtime", "mod"];

/// What `add-dependency` or `remove-dependency` did (or would do, with `--dry-run`).
#[derive(Debug, Serialize)]
pub(crate) struct DependencyOutcome {
    /// `add-dependency` or `remove-dependency`.
    pub command: &'static str,
    /// The service folder.
    pub root: PathBuf,
    /// The provider's name.
    pub name: String,
    /// The vendored copy, in the service.
    pub contract: String,
    /// The provider's operations the client calls.
    pub operations: Vec<String>,
    /// With `--update`: the changes from the copy pinned before (empty otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<Vec<repin::PinChange>>,
    /// Whether anything was written.
    pub dry_run: bool,
    /// The files considered.
    pub plan: Plan,
}

/// Runs `msgen add-dependency NAME --contract PATH`; with `update`, replaces the
/// pinned copy of an existing dependency instead.
///
/// # Errors
/// Usage errors for a bad name or contract, an existing dependency (a missing one with
/// `update`), hand-edited owned files; failures for I/O.
pub(crate) fn add(
    name: &str,
    contract: &Path,
    update: bool,
    options: &ChangeOptions,
) -> anyhow::Result<DependencyOutcome> {
    let name = dependency_name(name)?;
    let (provider_path, text) = provider::read(contract)?;
    let mut service = ExistingService::open(&options.service, access(options.dry_run))?;
    let pinned = service
        .manifest
        .vendored
        .get(&name.kebab)
        .filter(|vendored| vendored.client)
        .cloned();
    let changes = match (pinned, update) {
        (Some(pinned), true) => Some(repin::changes(&service.root, &pinned, &text)?),
        (None, false) => None,
        (Some(_), false) => {
            return Err(UserError::usage(format!(
                "`{}` is already a dependency of this service",
                name.kebab
            ))
            .hint(format!(
                "to pin the provider's current contract and regenerate the client, run `msgen add-dependency {} --contract PATH --update`",
                name.kebab
            ))
            .into());
        }
        (None, true) => {
            return Err(UserError::usage(format!(
                "`{}` is not a dependency of this service, so there is nothing to update",
                name.kebab
            ))
            .hint("leave out --update to add it")
            .into());
        }
    };
    let operations = operation_ids(&name, &text)?;
    let vendored_path = format!("contracts/{}.yaml", name.kebab);
    let root = service.root.canonicalize().unwrap_or(service.root.clone());
    let provider = crate::template::relative_path(&provider_path, &root)
        .unwrap_or_else(|| provider_path.display().to_string());
    service.manifest.vendored.insert(
        name.kebab.clone(),
        VendoredContract {
            contract: vendored_path.clone(),
            provider,
            calls: operations.clone(),
            hash: Some(manifest::hash(text.as_bytes())),
            client: true,
        },
    );
    service
        .pending_contracts
        .insert(vendored_path.clone(), text.clone());
    let own = service.parse_contract()?;
    let mut files = service.plan(&own, options.force)?.files;
    let copy = match std::fs::read(service.root.join(&vendored_path)) {
        Ok(old) => PlannedFile::replace(&vendored_path, old, text.into_bytes(), Owner::User),
        Err(_) => PlannedFile::create(&vendored_path, text.into_bytes(), Owner::User),
    };
    files.push(copy);
    cargo_edit(&service.root, &mut files, cargo_toml::enable)?;
    let plan = Plan::new(service.root.clone(), files);
    if !options.dry_run {
        apply::write_files(&plan)?;
    }
    Ok(DependencyOutcome {
        command: "add-dependency",
        root: service.root,
        name: name.kebab,
        contract: vendored_path,
        operations,
        changes,
        dry_run: options.dry_run,
        plan,
    })
}

/// Runs `msgen remove-dependency NAME`.
///
/// # Errors
/// Usage errors when `NAME` is not a dependency or owned files were edited by hand.
pub(crate) fn remove(name: &str, options: &ChangeOptions) -> anyhow::Result<DependencyOutcome> {
    let name = dependency_name(name)?;
    let mut service = ExistingService::open(&options.service, access(options.dry_run))?;
    let Some(vendored) = service.manifest.vendored.remove(&name.kebab) else {
        let known: Vec<String> = service.manifest.vendored.keys().cloned().collect();
        return Err(UserError::usage(format!(
            "`{}` is not a dependency of this service",
            name.kebab
        ))
        .hint(if known.is_empty() {
            "this service has no dependencies; `msgen add-dependency NAME --contract PATH` adds one"
                .to_owned()
        } else {
            format!("its dependencies: {}", super::existing::quoted(&known))
        })
        .into());
    };
    let own = service.parse_contract()?;
    let plan = service.plan(&own, options.force)?;
    let mut files = plan.files;
    let derived: Vec<String> = files.iter().map(|file| file.path.clone()).collect();
    // Owned client files no dependency derives any more, and the vendored copy.
    let mut gone: Vec<String> = service
        .manifest
        .owned
        .keys()
        .filter(|path| path.starts_with("src/clients/") && !derived.contains(path))
        .cloned()
        .collect();
    gone.push(vendored.contract.clone());
    for path in gone {
        if let Ok(old) = std::fs::read(service.root.join(&path)) {
            files.push(PlannedFile::delete(path, old, Owner::Msgen));
        }
    }
    if !service.manifest.vendored.values().any(|other| other.client) {
        cargo_edit(&service.root, &mut files, cargo_toml::disable)?;
    }
    let plan = Plan::new(service.root.clone(), files);
    if !options.dry_run {
        apply::write_files(&plan)?;
    }
    Ok(DependencyOutcome {
        command: "remove-dependency",
        root: service.root,
        name: name.kebab,
        contract: vendored.contract,
        operations: vendored.calls,
        changes: None,
        dry_run: options.dry_run,
        plan,
    })
}

/// A provider name: a service name whose module does not clash with the client
/// folder's own.
pub(crate) fn dependency_name(raw: &str) -> Result<ServiceName, UserError> {
    let name = ServiceName::parse(raw, &[]).map_err(|error| {
        UserError::usage(format!(
            "invalid dependency name `{raw}`: {}",
            error.message
        ))
        .hint(
            "name the provider as its service is named, in kebab case: `payments`, `order-history`",
        )
    })?;
    if TAKEN.contains(&name.snake.as_str()) {
        return Err(UserError::usage(format!(
            "`{raw}` cannot name a dependency: `src/clients/{}.rs` is msgen's own",
            name.snake
        ))
        .hint("give the provider another name; the client is reached as `state.clients.NAME`"));
    }
    Ok(name)
}

/// The operationIds of the provider's contract the client will call, refusing a
/// contract msgen cannot generate a client from.
pub(crate) fn operation_ids(name: &ServiceName, text: &str) -> Result<Vec<String>, UserError> {
    let refused = |message: String| {
        UserError::usage(format!(
            "the contract of `{}` cannot be turned into a client: {message}",
            name.kebab
        ))
        .hint("fix the provider's contract (`msgen check` in the provider), then rerun")
    };
    let contract =
        msgen_openapi::Contract::parse(text).map_err(|error| refused(error.to_string()))?;
    let operations = contract
        .operations()
        .map_err(|error| refused(error.to_string()))?;
    let ids: Vec<String> = operations
        .iter()
        .filter(|operation| !operation.system)
        .map(|operation| {
            if operation.operation_id.is_empty() {
                operation.id.clone()
            } else {
                operation.operation_id.clone()
            }
        })
        .collect();
    if ids.is_empty() {
        return Err(refused("it has no operation to call".to_owned()));
    }
    Ok(ids)
}

/// Plans the edit of `Cargo.toml`, if `edit` changes it: on top of the edit
/// `files` already plan (the `multipart` feature), else of the file on disk.
fn cargo_edit(
    root: &Path,
    files: &mut Vec<PlannedFile>,
    edit: fn(&str) -> Result<Option<String>, UserError>,
) -> anyhow::Result<()> {
    if let Some(planned) = files.iter_mut().find(|file| file.path == "Cargo.toml") {
        let text = String::from_utf8_lossy(&planned.contents).into_owned();
        if let Some(new) = edit(&text)? {
            let old = planned.old.clone().unwrap_or_default();
            *planned = PlannedFile::replace("Cargo.toml", old, new.into_bytes(), Owner::User);
        }
        return Ok(());
    }
    let path = root.join("Cargo.toml");
    let Ok(old) = std::fs::read_to_string(&path) else {
        // A template without a Cargo.toml (another language) has nothing to turn on.
        return Ok(());
    };
    if let Some(new) = edit(&old)? {
        files.push(PlannedFile::replace(
            "Cargo.toml",
            old.into_bytes(),
            new.into_bytes(),
            Owner::User,
        ));
    }
    Ok(())
}
