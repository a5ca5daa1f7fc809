//! `msgen upgrade`: brings a service to a newer version of its template by a
//! three-way merge. The base is the old version rendered with the recorded answers
//! and today's contract; the new version is rendered the same way; each file is then
//! replaced, merged, created, removed or kept (see `upgrade_files`), and the whole
//! change is written in one atomic apply.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde::Serialize;

use super::change::access;
use super::existing::{ExistingService, ServiceOptions, parse_contract, quoted};
use super::upgrade_files::{self, Inputs, Listed, Rendering};
use crate::answers::{self, AnswerSources, Answers};
use crate::apply;
use crate::error::UserError;
use crate::generate::Service;
use crate::manifest::{self, ServiceManifest};
use crate::plan::{Action, Owner, Plan, PlannedFile};
use crate::prompt;
use crate::template::definition::version_tuple;
use crate::template::{Origin, Template, versions};
use msgen_openapi::Contract;

/// What `msgen upgrade` takes.
#[derive(Debug, Clone, Default)]
pub(crate) struct UpgradeOptions {
    /// Which service, and how to wait for it.
    pub service: ServiceOptions,
    /// The version to upgrade to (default: the newest the source has).
    pub to: Option<String>,
    /// Print the unified diff, write nothing.
    pub dry_run: bool,
    /// `KEY=VALUE` answers, for variables the new version adds or to change one.
    pub set: Vec<String>,
}

/// What an upgrade did (or would do).
#[derive(Debug, Serialize)]
pub(crate) struct UpgradeOutcome {
    /// The service folder.
    pub root: PathBuf,
    /// The template's name.
    pub template: String,
    /// The version the service was at.
    pub from: String,
    /// The version it is brought to.
    pub to: String,
    /// Nothing was written.
    pub dry_run: bool,
    /// Every file considered.
    pub plan: Plan,
    /// Team files that took both the team's and the template's changes cleanly.
    pub merged: Vec<String>,
    /// Files holding conflict markers, or the team's changes in a file msgen now owns.
    pub conflicts: Vec<Listed>,
    /// Files the new version dropped, kept because the team changed them.
    pub kept: Vec<Listed>,
    /// Answers to variables the new version adds.
    pub new_answers: Answers,
    /// Files at the work tree's root (CI workflows), which an upgrade leaves alone.
    pub not_upgraded: Vec<String>,
}

/// Runs `msgen upgrade`.
///
/// # Errors
/// Usage errors (exit 2): no service, no such version, a downgrade, bad answers,
/// msgen-owned files edited by hand. Conflicts are not errors here: the caller
/// turns them into exit 1 after reporting.
pub(crate) fn run(options: &UpgradeOptions) -> anyhow::Result<UpgradeOutcome> {
    let service = ExistingService::open(&options.service, access(options.dry_run))?;
    let recorded = &service.manifest.template;
    let base = versions::at_version(&service.template, &recorded.version)?;
    let target = match &options.to {
        Some(version) => versions::at_version(&service.template, version)?,
        None => versions::latest(&service.template)?,
    };
    if version_tuple(&target.manifest.version) < version_tuple(&recorded.version) {
        return Err(UserError::usage(format!(
            "the service is at version {} of template `{}`, newer than {}",
            recorded.version, recorded.name, target.manifest.version
        ))
        .hint("msgen upgrade only moves forward; pass a newer version with --to")
        .into());
    }
    refuse_edited_owned(&service)?;
    let new_answers = answers_for(&service, &target, &options.set)?;
    let contract = service.parse_contract()?;
    let repo_path = service.repo.as_ref().map_or("", |(_, path)| path.as_str());
    let at_root: BTreeSet<String> = if repo_path.is_empty() {
        BTreeSet::new()
    } else {
        base.manifest
            .root_files
            .keys()
            .chain(target.manifest.root_files.keys())
            .cloned()
            .collect()
    };
    let old = render(
        &base,
        &service,
        &service.manifest.answers,
        &contract,
        &at_root,
    )?;
    let mut new = render(&target, &service, &new_answers, &contract, &at_root)?;
    let label = format!("{} {}", target.manifest.name, target.manifest.version);
    let read = |path: &str| std::fs::read(service.root.join(path)).ok();
    let inputs = Inputs {
        disk: &read,
        owned_hashes: &service.manifest.owned,
        label: &label,
    };
    let mut decided = upgrade_files::decide(&old, &new, &inputs);
    // The new version may change the contract (the template's own operations and
    // schemas, merged into the team's document): the code follows the merged one.
    if let Some(merged) = merged_contract(&decided, &target.manifest.contract)? {
        new = render(&target, &service, &new_answers, &merged, &at_root)?;
        decided = upgrade_files::decide(&old, &new, &inputs);
    }
    let mut files = decided.files;
    files.push(record(&service, &target, &new, &new_answers));
    let plan = Plan::new(service.root.clone(), files);
    if !options.dry_run {
        apply::write_files(&plan)?;
    }
    let added: Answers = new_answers
        .into_iter()
        .filter(|(name, _)| !service.manifest.answers.contains_key(name))
        .collect();
    Ok(UpgradeOutcome {
        root: service.root.clone(),
        template: recorded.name.clone(),
        from: recorded.version.clone(),
        to: target.manifest.version.clone(),
        dry_run: options.dry_run,
        plan,
        merged: decided.merged,
        conflicts: decided.conflicts,
        kept: decided.kept,
        new_answers: added,
        not_upgraded: at_root.into_iter().collect(),
    })
}

/// An owned file edited by hand cannot be replaced without losing the edit.
fn refuse_edited_owned(service: &ExistingService) -> Result<(), UserError> {
    let edited = service.edited_owned_files();
    if edited.is_empty() {
        return Ok(());
    }
    Err(UserError::usage(format!(
        "msgen-owned files were edited by hand: {}",
        quoted(&edited)
    ))
    .hint("move your changes into a team file (middleware into src/layers.rs), run `msgen sync --force`, then upgrade"))
}

/// The recorded answers still declared, `--set`, then for each variable the new
/// version adds: a prompt on a terminal, else its default.
fn answers_for(
    service: &ExistingService,
    target: &Template,
    set: &[String],
) -> Result<Answers, UserError> {
    let variables = &target.manifest.variables;
    let set: Vec<(String, String)> = set
        .iter()
        .map(|raw| answers::split_assignment(raw))
        .collect::<Result<_, _>>()?;
    let mut recorded: Answers = service
        .manifest
        .answers
        .iter()
        .filter(|(name, _)| variables.contains_key(*name))
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect();
    let may_prompt = prompt::allowed(false);
    for (name, variable) in variables {
        let given = recorded.contains_key(name) || set.iter().any(|(key, _)| key == name);
        if !given && let Some(value) = prompt::ask(may_prompt, name, variable)? {
            recorded.insert(name.clone(), value);
        }
    }
    let sources = AnswerSources {
        recorded,
        set,
        order: answers::declared_order(&target.manifest_text),
    };
    answers::resolve(variables, &sources, &mut |_, _| Ok(None))
}

/// The contract as the upgrade writes it, when it changes and merged cleanly; `None`
/// when it stays as it is or holds conflict markers (the team resolves them, then
/// `msgen sync` regenerates the code).
///
/// # Errors
/// The merged contract does not parse.
fn merged_contract(
    decided: &upgrade_files::Decisions,
    path: &str,
) -> Result<Option<Contract>, UserError> {
    if decided.conflicts.iter().any(|listed| listed.path == path) {
        return Ok(None);
    }
    let Some(file) = decided
        .files
        .iter()
        .find(|file| file.path == path && matches!(file.action, Action::Update))
    else {
        return Ok(None);
    };
    parse_contract(path, &String::from_utf8_lossy(&file.contents)).map(Some)
}

/// Every file `template` gives this service with `answers` and today's contract,
/// except files that go to the work tree's root; the contract is what the template
/// starts it as.
fn render(
    template: &Template,
    service: &ExistingService,
    answers: &Answers,
    contract: &Contract,
    at_root: &BTreeSet<String>,
) -> Result<Rendering, UserError> {
    let repo_path = service.repo.as_ref().map_or("", |(_, path)| path.as_str());
    let renderer = Service::new(template, &service.name, answers).in_repo(repo_path);
    let contexts = renderer.contexts_for(contract)?;
    let mut out = Rendering::new();
    let skeleton = renderer.skeleton(&contexts, &|_, _| true)?;
    let operations = renderer.operation_files(&contexts, &|_| true)?;
    for file in skeleton.into_iter().chain(operations) {
        if !at_root.contains(&file.path) {
            out.insert(file.path, (file.contents.unwrap_or_default(), file.owner));
        }
    }
    out.insert(
        template.manifest.contract.clone(),
        (renderer.base_contract()?.into_bytes(), Owner::User),
    );
    Ok(out)
}

/// `msgen.toml` at the new version: its answers, the hashes of the files it owns,
/// and for a git source the commit (and the tag, when one was named).
fn record(
    service: &ExistingService,
    target: &Template,
    new: &Rendering,
    answers: &Answers,
) -> PlannedFile {
    let mut record: ServiceManifest = service.manifest.clone();
    record.template.version.clone_from(&target.manifest.version);
    if let Origin::Git { source, commit } = &target.origin {
        record.template.source.clone_from(source);
        record.template.commit = Some(commit.clone());
    }
    record.answers = answers.clone();
    record.owned = new
        .iter()
        .filter(|(_, (_, owner))| *owner == Owner::Msgen)
        .map(|(path, (bytes, _))| (path.clone(), manifest::hash(bytes)))
        .collect::<BTreeMap<_, _>>();
    env!("CARGO_PKG_VERSION").clone_into(&mut record.msgen_version);
    let old = std::fs::read(service.root.join(manifest::FILE_NAME)).unwrap_or_default();
    PlannedFile::replace(
        manifest::FILE_NAME,
        old,
        record.to_toml().into_bytes(),
        Owner::Msgen,
    )
}

/// The error that makes an upgrade with conflicts exit 1, after the report.
#[must_use]
pub(crate) fn conflicts_error(outcome: &UpgradeOutcome) -> UserError {
    UserError::failure(format!(
        "the upgrade to {} {} left {} file(s) to resolve: {}",
        outcome.template,
        outcome.to,
        outcome.conflicts.len(),
        outcome
            .conflicts
            .iter()
            .map(|listed| format!("`{}`", listed.path))
            .collect::<Vec<_>>()
            .join(", ")
    ))
    .hint("resolve the marked blocks (`msgen check` lists files that still hold markers), then commit")
    .in_output()
}
