//! `msgen new`: validate, render the whole service in memory, write it in one
//! atomic step, then `git init` and commit what was written (only outside an
//! existing work tree).

use std::path::{Component, Path, PathBuf};

use anyhow::Context as _;
use msgen_openapi::{Contract, HttpMethod, insert_operation, insert_schema, route_is_free};
use serde::Serialize;

use crate::answers::{self, AnswerSources};
use crate::apply;
use crate::client_files;
use crate::commands::contract_import::ImportedContract;
use crate::commands::dependency::declared::{self, Declared};
use crate::commands::new_options::NewOptions;
use crate::dependabot;
use crate::error::UserError;
use crate::generate::{Rendered as RenderedFile, Service};
use crate::git::{self, GitOutcome};
use crate::lock::{Access, ServiceLock, Wait};
use crate::manifest::{self, ServiceManifest, TemplateRecord};
use crate::plan::{Action, Owner, Plan, PlannedFile};
use crate::prompt;
use crate::service_name::ServiceName;
use crate::spec::Spec;
use crate::template::{DEFAULT_TEMPLATE, Recorded, Template};

/// What `new` did (or would do, with `--dry-run`).
#[derive(Debug, Serialize)]
pub(crate) struct NewOutcome {
    /// The service name.
    pub name: String,
    /// The service folder.
    pub root: PathBuf,
    /// The template label.
    pub template: String,
    /// Whether anything was written.
    pub dry_run: bool,
    /// Every file.
    pub plan: Plan,
    /// Existing files `--force` left untouched although msgen would write them differently.
    pub kept: Vec<String>,
    /// Files that go to the root of the git work tree holding the service (its CI
    /// workflow, where the forge reads it), when there is one.
    pub repo_root: Option<Plan>,
    /// Existing files at the work-tree root left untouched although msgen would write
    /// them differently (a second service's part must be added by hand).
    pub repo_kept: Vec<String>,
    /// What happened with git.
    pub git: GitOutcome,
    /// Commands to run inside the service next (from the template).
    pub next_steps: Vec<String>,
    /// An endpoint `add-endpoint` would add to the new contract (`GET /orders`), for
    /// the closing hint; `None` when the obvious ones exist already.
    pub add_endpoint: Option<String>,
    /// What the service leaves out of the contract (see `generate::Contexts::warnings`).
    pub warnings: Vec<String>,
}

/// Runs `msgen new`.
///
/// # Errors
/// Usage errors (exit 2) for bad input, failures (exit 1) for I/O.
pub(crate) fn run(args: &NewOptions) -> anyhow::Result<NewOutcome> {
    let spec = match &args.from {
        Some(path) => Spec::read(path)?,
        None => Spec::default(),
    };
    let declared = declared::read(&spec)?;
    let imported = args
        .contract
        .as_deref()
        .map(ImportedContract::read)
        .transpose()?;
    let template_spec = args
        .template
        .clone()
        .or_else(|| spec.template.clone())
        .unwrap_or_else(|| DEFAULT_TEMPLATE.to_owned());
    let mut template = Template::load(&template_spec)?;
    if let Some(version) = &args.template_version {
        template = crate::template::versions::at_version(&template, version)?;
    }
    let reserved = &template.manifest.reserved_names;
    let raw_name = match args.name.clone().or_else(|| spec.name.clone()) {
        Some(name) => name,
        // On a terminal, ask (again until the name is valid).
        None if prompt::allowed(args.no_input) => {
            prompt::ask_name(&|raw| ServiceName::parse(raw, reserved).map(|_| ()))?
        }
        None => {
            return Err(UserError::usage("no service name given")
                .hint("run `msgen new NAME`, or give `name` in the --from spec")
                .into());
        }
    };
    let name = ServiceName::parse(&raw_name, reserved)?;
    let target = args.output.join(&name.kebab);
    let existing = inspect_target(&args.output, &target, args.force)?;
    let _lock = lock_existing(existing, &target, args)?;
    let service_root = absolute(&args.output)?.join(&name.kebab);
    let source = template.origin.recorded_for(&service_root);
    let repo = git::enclosing_repo(&service_root);

    let answers = resolve_answers(&template, &spec, args)?;
    let service = Service::new(&template, &name, &answers)
        .in_repo(repo.as_ref().map_or("", |(_, path)| path.as_str()))
        .with_dependencies(client_files::context(&declared::clients(&declared)));
    let dependencies = (declared.as_slice(), service_root.as_path());
    let rendered = render_service(&service, &spec, imported, source, dependencies)?;
    let mut files = rendered.files;

    let mut kept = Vec::new();
    if existing == Existing::NonEmpty {
        files = files
            .into_iter()
            .map(|file| keep_existing(&target, file, &mut kept))
            .collect();
    }
    let mut repo_kept = Vec::new();
    let repo_root = root_plan(repo, rendered.at_root, &mut repo_kept);
    let plan = Plan::new(target.clone(), files);
    let mut outcome = NewOutcome {
        name: name.kebab.clone(),
        root: target.clone(),
        template: template.origin.label(),
        dry_run: args.dry_run,
        plan,
        kept,
        repo_root,
        repo_kept,
        git: GitOutcome::Skipped("--no-git".into()),
        next_steps: template.manifest.next_steps.clone(),
        add_endpoint: rendered.add_endpoint,
        warnings: rendered.warnings,
    };
    if args.dry_run {
        outcome.git = GitOutcome::Skipped("--dry-run".into());
        return Ok(outcome);
    }
    match existing {
        Existing::NonEmpty => apply::write_files(&outcome.plan)?,
        Existing::Absent | Existing::Empty => apply::create_tree(&outcome.plan)?,
    }
    if let Some(plan) = &outcome.repo_root {
        // Created only where nothing exists, all or none; the service is whole already.
        apply::write_files(plan).context(
            "the service was written, but its files at the root of the git work tree were not",
        )?;
    }
    if !args.no_git {
        let written: Vec<String> = outcome
            .plan
            .writes()
            .map(|file| file.path.clone())
            .collect();
        outcome.git = git::init_and_commit(
            &target,
            &format!(
                "Generate {} with msgen {}",
                name.kebab,
                env!("CARGO_PKG_VERSION")
            ),
            &written,
        );
    }
    Ok(outcome)
}

/// `path` made absolute through its nearest existing folder (the rest may not exist yet).
fn absolute(path: &Path) -> anyhow::Result<PathBuf> {
    let existing = path
        .ancestors()
        .find(|folder| folder.as_os_str().is_empty() || folder.exists())
        .unwrap_or_else(|| Path::new(""));
    let rest = path.strip_prefix(existing).unwrap_or(Path::new(""));
    let existing = if existing.as_os_str().is_empty() {
        Path::new(".")
    } else {
        existing
    };
    Ok(existing
        .canonicalize()
        .with_context(|| format!("while resolving `{}`", path.display()))?
        .join(rest))
}

/// With --force the folder may be a service that another run is changing: wait for
/// it, so that what `new` reads next is what that run left.
fn lock_existing(
    existing: Existing,
    target: &Path,
    args: &NewOptions,
) -> anyhow::Result<Option<ServiceLock>> {
    if existing != Existing::NonEmpty {
        return Ok(None);
    }
    let access = if args.dry_run {
        Access::Shared
    } else {
        Access::Exclusive
    };
    Ok(Some(ServiceLock::acquire(
        target,
        access,
        Wait::unless(args.no_wait),
    )?))
}

/// Defaults, then the spec's answers, then `--set`, then prompts.
fn resolve_answers(
    template: &Template,
    spec: &Spec,
    args: &NewOptions,
) -> Result<crate::answers::Answers, UserError> {
    let sources = AnswerSources {
        recorded: spec.answers.clone(),
        set: args
            .set
            .iter()
            .map(|raw| answers::split_assignment(raw))
            .collect::<Result<_, _>>()?,
        order: answers::declared_order(&template.manifest_text),
    };
    let may_prompt = prompt::allowed(args.no_input);
    let answers = answers::resolve(
        &template.manifest.variables,
        &sources,
        &mut |key, variable| prompt::ask(may_prompt, key, variable),
    )?;
    Ok(answers)
}

/// Every file of the new service, `msgen.toml` included (recording the template as
/// `source`), rendered in memory; then the files that go to the work-tree root.
/// An `imported` contract replaces the template's own and keeps its bytes. The
/// `declared` dependencies of a service at `root` get their vendored copies and clients.
fn render_service(
    service: &Service<'_>,
    spec: &Spec,
    imported: Option<ImportedContract>,
    source: Recorded,
    (declared, root): (&[Declared], &Path),
) -> Result<Rendered, UserError> {
    let template = service.template;
    // Problems of a contract kept byte for byte are placed in the team's own file.
    let (contract, file) = match imported {
        Some(imported) if spec.schemas.is_empty() && spec.endpoints.is_empty() => {
            (imported.contract, imported.shown)
        }
        Some(imported) => (grow_contract(imported.text, spec)?, String::new()),
        None => (
            grow_contract(service.base_contract()?, spec)?,
            String::new(),
        ),
    };
    let contexts = if file.is_empty() {
        service.contexts_for(&contract)?
    } else {
        service.contexts_named(&contract, &file)?
    };
    let mut rendered = Vec::new();
    let mut at_root = Vec::new();
    for file in service.skeleton(&contexts, &|_, _| true)? {
        match service.root_path(&contexts, &file.path)? {
            Some(path) => at_root.push(PlannedFile::create(
                path,
                file.contents.unwrap_or_default(),
                Owner::User,
            )),
            None => rendered.push(file),
        }
    }
    rendered.extend(service.operation_files(&contexts, &|_| true)?);
    declared::supported(template, declared)?;
    rendered.extend(client_files::render(
        template,
        &declared::clients(declared),
    )?);
    features_on(
        &mut rendered,
        !declared.is_empty(),
        msgen_rust::has_multipart_body(&contract),
    )?;
    let owned = rendered
        .iter()
        .filter(|file| file.owner == Owner::Msgen)
        .map(|file| {
            (
                file.path.clone(),
                manifest::hash(file.contents.as_deref().unwrap_or_default()),
            )
        })
        .collect();
    let record = ServiceManifest {
        schema: manifest::SCHEMA,
        msgen_version: env!("CARGO_PKG_VERSION").to_owned(),
        name: service.name.kebab.clone(),
        template: TemplateRecord {
            name: template.manifest.name.clone(),
            version: template.manifest.version.clone(),
            source: source.source,
            commit: source.commit,
        },
        answers: service.answers.clone(),
        owned,
        vendored: declared::records(declared, root),
    };
    let mut files: Vec<PlannedFile> = rendered
        .into_iter()
        .map(|file| PlannedFile::create(file.path, file.contents.unwrap_or_default(), file.owner))
        .collect();
    files.push(PlannedFile::create(
        template.manifest.contract.clone(),
        contract.text().as_bytes().to_vec(),
        Owner::User,
    ));
    files.extend(declared::copies(declared));
    files.push(PlannedFile::create(
        manifest::FILE_NAME,
        record.to_toml().into_bytes(),
        Owner::Msgen,
    ));
    let add_endpoint = free_endpoint(&contract, &service.name.kebab);
    Ok(Rendered {
        files,
        at_root,
        add_endpoint,
        warnings: contexts.warnings,
    })
}

/// Turns on, in the rendered `Cargo.toml`, the features the service needs from its
/// first build: `clients` for declared dependencies, `multipart` for a contract with a
/// `multipart/form-data` body.
///
/// # Errors
/// A usage error when the template's `Cargo.toml` has no `clients` feature.
fn features_on(
    rendered: &mut [RenderedFile],
    clients: bool,
    multipart: bool,
) -> Result<(), UserError> {
    let Some(file) = rendered.iter_mut().find(|file| file.path == "Cargo.toml") else {
        return Ok(());
    };
    let mut text =
        String::from_utf8_lossy(file.contents.as_deref().unwrap_or_default()).into_owned();
    if clients && let Some(on) = super::cargo_toml::enable(&text)? {
        text = on;
    }
    if multipart && let Some(on) = super::cargo_toml::enable_multipart(&text)? {
        text = on;
    }
    file.contents = Some(text.into_bytes());
    Ok(())
}

/// The plan of the files for the root of the enclosing work tree `repo`, when there is
/// one and the template has such files; existing files left as they are go to `kept`.
fn root_plan(
    repo: Option<(PathBuf, String)>,
    files: Vec<PlannedFile>,
    kept: &mut Vec<String>,
) -> Option<Plan> {
    repo.filter(|_| !files.is_empty()).map(|(top, _)| {
        let files = files
            .into_iter()
            .map(|file| merge_existing(&top, file, kept))
            .collect();
        Plan::new(top, files)
    })
}

/// What [`render_service`] gives.
struct Rendered {
    /// The service's files.
    files: Vec<PlannedFile>,
    /// The files for the root of the enclosing git work tree.
    at_root: Vec<PlannedFile>,
    /// See [`NewOutcome::add_endpoint`].
    add_endpoint: Option<String>,
    /// See [`NewOutcome::warnings`].
    warnings: Vec<String>,
}

/// The first of `GET /NAME`, `POST /NAME`, `GET /NAME/{id}` that `contract` does not
/// hold and that conflicts with none of its routes.
fn free_endpoint(contract: &Contract, name: &str) -> Option<String> {
    let collection = format!("/{name}");
    let item = format!("/{name}/{{id}}");
    [
        (HttpMethod::Get, &collection),
        (HttpMethod::Post, &collection),
        (HttpMethod::Get, &item),
    ]
    .into_iter()
    .find(|(method, path)| route_is_free(contract, *method, path))
    .map(|(method, path)| format!("{} {path}", method.upper()))
}

/// Adds the spec's schemas and endpoints to the base contract, through the
/// same insertion `add-endpoint` uses, and returns it parsed (reusing the
/// parse that verified the last insertion).
pub(crate) fn grow_contract(mut text: String, spec: &Spec) -> Result<Contract, UserError> {
    for (name, schema) in spec.json_schemas()? {
        text = insert_schema(&text, &name, &schema).map_err(UserError::from)?;
    }
    let mut parsed = None;
    for endpoint in &spec.endpoints {
        let operation = endpoint.to_operation()?;
        let (grown, verified) = insert_operation(&text, &operation).map_err(UserError::from)?;
        text = grown;
        parsed = Some(verified);
    }
    match parsed {
        Some(contract) => Ok(contract),
        None => Contract::parse(&text).map_err(UserError::from),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Existing {
    Absent,
    Empty,
    NonEmpty,
}

fn inspect_target(output: &Path, target: &Path, force: bool) -> anyhow::Result<Existing> {
    match std::fs::symlink_metadata(output) {
        Ok(metadata) if metadata.is_dir() => {}
        Ok(_) => {
            return Err(UserError::usage(format!(
                "`--output {}` is not a folder",
                output.display()
            ))
            .into());
        }
        Err(_) => {
            // Created with the service, below its nearest existing folder.
            let existing = output
                .ancestors()
                .find(|folder| folder.as_os_str().is_empty() || folder.exists())
                .unwrap_or_else(|| Path::new(""));
            let climbs = output.strip_prefix(existing).map_or(true, |rest| {
                rest.components().any(|part| part == Component::ParentDir)
            });
            if climbs || (!existing.as_os_str().is_empty() && !existing.is_dir()) {
                return Err(UserError::usage(format!(
                    "the output folder `{}` cannot be created: `{}` is not a folder",
                    output.display(),
                    existing.display()
                ))
                .hint("pass a folder with --output whose missing part has no `..`, below a folder")
                .into());
            }
            return Ok(Existing::Absent);
        }
    }
    let Ok(metadata) = std::fs::symlink_metadata(target) else {
        return Ok(Existing::Absent);
    };
    if metadata.file_type().is_symlink() {
        return Err(UserError::usage(format!(
            "`{}` is a symlink; msgen does not write through links",
            target.display()
        ))
        .hint("remove the link or choose another --output")
        .into());
    }
    if !metadata.is_dir() {
        return Err(
            UserError::usage(format!("`{}` exists and is not a folder", target.display()))
                .hint("move it away or choose another --output")
                .into(),
        );
    }
    let mut entries: Vec<String> = std::fs::read_dir(target)
        .with_context(|| format!("while reading `{}`", target.display()))?
        .filter_map(|entry| {
            entry
                .ok()
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
        })
        .collect();
    if entries.is_empty() {
        return Ok(Existing::Empty);
    }
    if force {
        return Ok(Existing::NonEmpty);
    }
    entries.sort();
    let shown: Vec<String> = entries
        .iter()
        .take(5)
        .map(|entry| format!("`{entry}`"))
        .collect();
    let more = if entries.len() > 5 {
        format!(" and {} more", entries.len() - 5)
    } else {
        String::new()
    };
    Err(UserError::usage(format!(
        "directory `{}` already exists and is not empty (it holds {}{more})",
        target.display(),
        shown.join(", ")
    ))
    .hint("use --force to write beside the existing files (none is deleted or overwritten), or choose another --output")
    .into())
}

/// A file at the work-tree root that exists already is kept, except that a
/// dependabot configuration gains this service's entries when they can be appended
/// with every existing byte kept.
fn merge_existing(top: &Path, file: PlannedFile, kept: &mut Vec<String>) -> PlannedFile {
    if dependabot::is_config(&file.path)
        && let Ok(old) = std::fs::read_to_string(top.join(&file.path))
        && let Some(merged) = dependabot::merge(&old, &String::from_utf8_lossy(&file.contents))
    {
        return PlannedFile::replace(file.path, old.into_bytes(), merged.into_bytes(), file.owner);
    }
    keep_existing(top, file, kept)
}

/// With `--force`, an existing file is never overwritten: it is kept as is.
fn keep_existing(root: &Path, file: PlannedFile, kept: &mut Vec<String>) -> PlannedFile {
    match std::fs::read(root.join(&file.path)) {
        Ok(old) => {
            if old != file.contents {
                kept.push(file.path.clone());
            }
            let mut planned = PlannedFile::replace(file.path, old.clone(), old, file.owner);
            planned.action = Action::Keep;
            planned
        }
        Err(_) => file,
    }
}
