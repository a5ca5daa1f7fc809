//! Shared by the commands that work on an existing service: find and load
//! it, and derive the plan that brings its msgen-owned files in line with
//! its contract.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use msgen_openapi::Contract;
use serde_json::Value;

use crate::client_files;
use crate::error::{UserError, user_error};
use crate::generate::{Rendered, Service};
use crate::git;
use crate::lock::{Access, ServiceLock, Wait};
use crate::manifest::{self, ServiceManifest};
use crate::plan::{Owner, Plan, PlannedFile};
use crate::service_name::ServiceName;
use crate::template::{self, Template};

/// Which service a command works on, and how it waits for another run on it.
#[derive(Debug, Clone, Default)]
pub(crate) struct ServiceOptions {
    /// The service folder; the nearest one upward holding `msgen.toml` when `None`.
    pub dir: Option<PathBuf>,
    /// A template name or folder to use instead of the one `msgen.toml` records.
    pub template: Option<String>,
    /// Fail at once instead of waiting when another run holds the service.
    pub no_wait: bool,
}

/// An existing service, loaded.
pub(crate) struct ExistingService {
    /// The service folder.
    pub root: PathBuf,
    /// Its `msgen.toml`.
    pub manifest: ServiceManifest,
    /// The template that generated it.
    pub template: Template,
    pub name: ServiceName,
    /// The contract text on disk.
    pub contract_text: String,
    /// The root of the git work tree holding the service and the service's path
    /// from it, when the service is not alone in its repository.
    pub repo: Option<(PathBuf, String)>,
    /// Vendored contracts not on disk yet (path → text), for a command that adds one.
    pub pending_contracts: BTreeMap<String, String>,
    _lock: Option<ServiceLock>,
}

impl ExistingService {
    /// Finds the service at or above `dir` (or the working folder) and loads it for
    /// reading, waiting while another run changes it.
    ///
    /// # Errors
    /// Usage errors when there is no service or its template is unavailable.
    pub(crate) fn find(dir: Option<&Path>) -> anyhow::Result<Self> {
        let options = ServiceOptions {
            dir: dir.map(Path::to_path_buf),
            ..ServiceOptions::default()
        };
        Self::open(&options, Access::Shared)
    }

    /// Finds the service `options` point at, locks it for `access` (waiting for another
    /// run unless `--no-wait`), and only then reads it, so what it reads is what no
    /// other run is changing. The lock is held as long as the service is.
    ///
    /// # Errors
    /// Usage errors when there is no service or its template is unavailable; a failure when the lock is taken and `--no-wait`.
    pub(crate) fn open(options: &ServiceOptions, access: Access) -> anyhow::Result<Self> {
        let start = options.dir.clone().unwrap_or_else(|| PathBuf::from("."));
        let root = manifest::find_root(&start)?;
        let lock = ServiceLock::acquire(&root, access, Wait::unless(options.no_wait))?;
        Self::load(root, options.template.as_deref(), Some(lock))
    }

    fn load(
        root: PathBuf,
        template_override: Option<&str>,
        lock: Option<ServiceLock>,
    ) -> anyhow::Result<Self> {
        let manifest = ServiceManifest::read(&root)?;
        let template = load_template(&root, &manifest, template_override)?;
        let name = ServiceName::parse(&manifest.name, &[])?;
        let contract_path = root.join(&template.manifest.contract);
        let contract_text = std::fs::read_to_string(&contract_path).map_err(|error| {
            UserError::usage(format!(
                "cannot read the contract `{}`: {error}",
                contract_path.display()
            ))
            .hint("restore it from version control")
        })?;
        Ok(Self {
            manifest,
            template,
            name,
            contract_text,
            repo: git::enclosing_repo(&root),
            root,
            pending_contracts: BTreeMap::new(),
            _lock: lock,
        })
    }

    /// The path of the contract inside the service.
    #[must_use]
    pub(crate) fn contract_file(&self) -> &str {
        &self.template.manifest.contract
    }

    /// Parses the contract on disk.
    ///
    /// # Errors
    /// Contract errors (exit 2).
    pub(crate) fn parse_contract(&self) -> Result<Contract, UserError> {
        parse_contract(self.contract_file(), &self.contract_text)
    }

    fn service(&self) -> Service<'_> {
        Service::new(&self.template, &self.name, &self.manifest.answers)
            .in_repo(self.repo.as_ref().map_or("", |(_, path)| path.as_str()))
    }

    /// The vendored contracts msgen generates clients of: (name, path, text).
    fn client_contracts(&self) -> Result<Vec<(ServiceName, String, String)>, UserError> {
        let mut out = Vec::new();
        for (name, vendored) in &self.manifest.vendored {
            if !vendored.client {
                continue;
            }
            let name = ServiceName::parse(name, &[])?;
            let text = match self.pending_contracts.get(&vendored.contract) {
                Some(text) => text.clone(),
                None => std::fs::read_to_string(self.root.join(&vendored.contract)).map_err(
                    |error| {
                        UserError::usage(format!(
                            "cannot read the contract of `{}` vendored at `{}`: {error}",
                            name.kebab, vendored.contract
                        ))
                        .hint(format!(
                            "restore it from version control, or vendor it again with `msgen add-dependency {} --contract PATH`",
                            name.kebab
                        ))
                    },
                )?,
            };
            out.push((name, vendored.contract.clone(), text));
        }
        Ok(out)
    }

    /// Everything msgen derives from `contract`: owned files (with
    /// contents), the paths of all skeleton and per-operation files, and the
    /// contents of per-operation files missing on disk when `render_missing`.
    ///
    /// # Errors
    /// Contract and render errors.
    pub(crate) fn derive(
        &self,
        contract: &Contract,
        render_missing: bool,
    ) -> Result<Derived, UserError> {
        let contracts = self.client_contracts()?;
        let dependencies: Vec<client_files::Dependency<'_>> = contracts
            .iter()
            .map(|(name, path, text)| client_files::Dependency {
                name: name.clone(),
                contract_path: path,
                text,
            })
            .collect();
        let service = self
            .service()
            .with_dependencies(client_files::context(&dependencies));
        let contexts = service.contexts_for(contract)?;
        let mut skeleton = service.skeleton(&contexts, &|_, owner| owner == Owner::Msgen)?;
        skeleton.extend(client_files::render(&self.template, &dependencies)?);
        let listing = Listing::new(&self.root);
        let operation_files =
            service.operation_files(&contexts, &|path| render_missing && !listing.exists(path))?;
        let mut root_files = Vec::new();
        for path in self.template.manifest.root_files.keys() {
            if let Some(target) = service.root_path(&contexts, path)? {
                root_files.push((path.clone(), target));
            }
        }
        let skeleton_paths: Vec<String> = skeleton.iter().map(|file| file.path.clone()).collect();
        let moved = self.moved_operation_files(&operation_files, &skeleton_paths, &listing);
        Ok(Derived {
            root_files,
            moved,
            skeleton_paths,
            owned: skeleton
                .into_iter()
                .filter(|file| file.owner == Owner::Msgen)
                .collect(),
            operation_files,
            operations: contexts.operations,
            warnings: contexts.warnings,
        })
    }

    /// Per-operation files found only where an earlier version of the template put them
    /// (its `[moved-folders]`), as (old path, path now). A skeleton file at the old
    /// place is not an operation's.
    fn moved_operation_files(
        &self,
        operation_files: &[Rendered],
        skeleton_paths: &[String],
        listing: &Listing<'_>,
    ) -> Vec<(String, String)> {
        let moved_folders = &self.template.manifest.moved_folders;
        if moved_folders.is_empty() {
            return Vec::new();
        }
        let mut moved = Vec::new();
        for file in operation_files {
            let Some((folder, name)) = file.path.rsplit_once('/') else {
                continue;
            };
            let Some(then) = moved_folders.get(folder) else {
                continue;
            };
            let old = format!("{then}/{name}");
            if !skeleton_paths.contains(&old) && !listing.exists(&file.path) && listing.exists(&old)
            {
                moved.push((old, file.path.clone()));
            }
        }
        moved
    }

    /// The per-operation files of the operation `id` of `contract`, as msgen would
    /// create them now: what an untouched handler or test holds.
    ///
    /// # Errors
    /// Contract and render errors; a bug error when `id` is not a non-system operation.
    pub(crate) fn fresh_operation_files(
        &self,
        contract: &Contract,
        id: &str,
    ) -> anyhow::Result<Vec<Rendered>> {
        let service = self.service();
        let contexts = service.contexts_for(contract)?;
        // Each non-system operation gives one file per operation template, in order.
        let per = self.template.operation_files.len();
        let index = contexts
            .operations
            .iter()
            .filter(|operation| operation.get("system").and_then(Value::as_bool) != Some(true))
            .position(|operation| {
                // `id` is the handler name in a Rust context, the operationId as written in
                // the neutral one; a rename names the operation by its operationId.
                ["id", "operation_id"]
                    .iter()
                    .any(|key| operation.get(*key).and_then(Value::as_str) == Some(id))
            })
            .ok_or_else(|| anyhow::anyhow!("bug in msgen: operation `{id}` has no files"))?;
        let all = service.operation_files(&contexts, &|_| false)?;
        let mine: HashSet<&str> = all
            .iter()
            .skip(index * per)
            .take(per)
            .map(|file| file.path.as_str())
            .collect();
        Ok(service
            .operation_files(&contexts, &|path| mine.contains(path))?
            .into_iter()
            .filter(|file| file.contents.is_some())
            .collect())
    }

    /// Owned files whose contents no longer match the hash msgen recorded.
    #[must_use]
    pub(crate) fn edited_owned_files(&self) -> Vec<String> {
        self.manifest
            .owned
            .iter()
            .filter(|(path, recorded)| {
                std::fs::read(self.root.join(path))
                    .is_ok_and(|bytes| manifest::hash(&bytes) != **recorded)
            })
            .map(|(path, _)| path.clone())
            .collect()
    }

    /// The plan that writes `contract_text` and regenerates what derives
    /// from it. Refuses hand-edited owned files unless `force`.
    ///
    /// # Errors
    /// Contract errors, render errors, hand-edited owned files.
    pub(crate) fn plan(&self, contract: &Contract, force: bool) -> anyhow::Result<Plan> {
        self.plan_derived(contract, self.derive(contract, true)?, force)
    }

    /// [`ExistingService::plan`] with what derives from `contract` already derived
    /// (with `render_missing`).
    ///
    /// # Errors
    /// Hand-edited owned files.
    pub(crate) fn plan_derived(
        &self,
        contract: &Contract,
        derived: Derived,
        force: bool,
    ) -> anyhow::Result<Plan> {
        let contract_text = contract.text();
        let edited = self.edited_owned_files();
        if !edited.is_empty() && !force {
            return Err(UserError::usage(format!(
                "msgen-owned {} edited by hand: {}",
                if edited.len() == 1 {
                    "file was"
                } else {
                    "files were"
                },
                quoted(&edited)
            ))
            .hint("move your changes into a user-owned file, then rerun with --force to regenerate")
            .into());
        }
        let mut files = Vec::new();
        let mut owned_hashes = BTreeMap::new();
        for file in derived.owned {
            let contents = file.contents.unwrap_or_default();
            owned_hashes.insert(file.path.clone(), manifest::hash(&contents));
            files.push(self.planned(file.path, contents, file.owner));
        }
        let moved: HashMap<&str, &str> = derived
            .moved
            .iter()
            .map(|(old, now)| (now.as_str(), old.as_str()))
            .collect();
        for file in &derived.operation_files {
            let Some(contents) = &file.contents else {
                continue;
            };
            // A team's file at an old place moves byte for byte; nothing is regenerated.
            if let Some(old) = moved.get(file.path.as_str()) {
                let bytes = std::fs::read(self.root.join(old))
                    .with_context(|| format!("while reading `{old}` to move it"))?;
                files.push(PlannedFile::create(
                    file.path.clone(),
                    bytes.clone(),
                    Owner::User,
                ));
                files.push(PlannedFile::delete(*old, bytes, Owner::User));
            } else {
                files.push(PlannedFile::create(
                    file.path.clone(),
                    contents.clone(),
                    Owner::User,
                ));
            }
        }
        if msgen_rust::has_multipart_body(contract) {
            files.extend(self.multipart_on()?);
        }
        let contract = self.contract_file().to_owned();
        files.push(PlannedFile::replace(
            contract,
            self.contract_text.clone().into_bytes(),
            contract_text.as_bytes().to_vec(),
            Owner::User,
        ));
        let mut record = self.manifest.clone();
        record.owned = owned_hashes;
        let old_record = std::fs::read(self.root.join(manifest::FILE_NAME)).unwrap_or_default();
        if record.owned != self.manifest.owned {
            env!("CARGO_PKG_VERSION").clone_into(&mut record.msgen_version);
        }
        files.push(PlannedFile::replace(
            manifest::FILE_NAME,
            old_record,
            record.to_toml().into_bytes(),
            Owner::Msgen,
        ));
        Ok(Plan::new(self.root.clone(), files))
    }

    /// The edit of `Cargo.toml` that turns its `multipart` feature on, if needed: the
    /// contract has a `multipart/form-data` body.
    fn multipart_on(&self) -> Result<Option<PlannedFile>, UserError> {
        let Ok(old) = std::fs::read_to_string(self.root.join("Cargo.toml")) else {
            return Ok(None);
        };
        Ok(super::cargo_toml::enable_multipart(&old)?.map(|new| {
            PlannedFile::replace(
                "Cargo.toml",
                old.into_bytes(),
                new.into_bytes(),
                Owner::User,
            )
        }))
    }

    fn planned(&self, path: String, contents: Vec<u8>, owner: Owner) -> PlannedFile {
        match std::fs::read(self.root.join(&path)) {
            Ok(old) => PlannedFile::replace(path, old, contents, owner),
            Err(_) => PlannedFile::create(path, contents, owner),
        }
    }
}

/// The template `--template` names, or else the one `msgen.toml` records (a
/// relative folder counts from the service folder), checked to be the template
/// that generated the service.
fn load_template(
    root: &Path,
    manifest: &ServiceManifest,
    template_override: Option<&str>,
) -> anyhow::Result<Template> {
    let recorded = &manifest.template;
    let (spec, template) = if let Some(spec) = template_override {
        (spec.to_owned(), Template::load(spec)?)
    } else {
        let spec = template::recorded_spec(&recorded.source, root);
        let commit = recorded.commit.as_deref();
        let template =
            Template::load_recorded(&spec, commit).map_err(|error| match user_error(&error) {
            Some(cause) => UserError::usage(format!(
                "cannot load template `{}` recorded in msgen.toml: {}",
                recorded.source, cause.message
            ))
            .hint("pass it with --template NAME|PATH, or correct `source` under [template] in msgen.toml")
            .into(),
            None => error.context(format!(
                "while loading template `{}` recorded in msgen.toml",
                recorded.source
            )),
        })?;
        (recorded.source.clone(), template)
    };
    let template = at_recorded_version(template, &recorded.version);
    if template.manifest.name != recorded.name {
        return Err(UserError::usage(format!(
            "msgen.toml records template `{}`, but `{spec}` holds template `{}`",
            recorded.name, template.manifest.name
        ))
        .hint(format!(
            "pass the template `{}` with --template NAME|PATH",
            recorded.name
        ))
        .into());
    }
    Ok(template)
}

/// The template at the version the service records, so that commands regenerate what
/// that version owns and writes (a newer version comes only through `msgen upgrade`): a
/// built-in template's kept version, a folder's tag. A git source is pinned by its commit
/// already; a version msgen cannot find leaves the template as loaded.
fn at_recorded_version(template: Template, version: &str) -> Template {
    if template.manifest.version == version || template.origin.commit().is_some() {
        return template;
    }
    template::versions::at_version(&template, version).unwrap_or(template)
}

/// What derives from a contract.
pub(crate) struct Derived {
    /// msgen-owned files.
    pub owned: Vec<Rendered>,
    /// Per-operation (user-owned) files, all of them; contents only for the
    /// ones that were asked for.
    pub operation_files: Vec<Rendered>,
    /// Paths of every skeleton file.
    pub skeleton_paths: Vec<String>,
    /// The contract's operations, as templates see them.
    pub operations: Vec<serde_json::Value>,
    /// Per-operation files still at the place an earlier template version used: (old
    /// path, path now).
    pub moved: Vec<(String, String)>,
    /// Inside a larger work tree: skeleton files that belong at its root (path in
    /// the service → path from the root).
    pub root_files: Vec<(String, String)>,
    /// What the service leaves out of the contract (see `generate::Contexts::warnings`).
    pub warnings: Vec<String>,
}

/// `` `a`, `b` `` for messages.
#[must_use]
pub(crate) fn quoted(items: &[String]) -> String {
    items
        .iter()
        .map(|item| format!("`{item}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Which files exist, from one listing per folder rather than one `stat` per file
/// (a service has two files per operation).
struct Listing<'a> {
    root: &'a Path,
    folders: RefCell<HashMap<PathBuf, HashSet<OsString>>>,
}

impl<'a> Listing<'a> {
    fn new(root: &'a Path) -> Self {
        Self {
            root,
            folders: RefCell::new(HashMap::new()),
        }
    }

    fn exists(&self, relative: &str) -> bool {
        let path = self.root.join(relative);
        let (Some(folder), Some(name)) = (path.parent(), path.file_name()) else {
            return path.exists();
        };
        let listed = self
            .folders
            .borrow_mut()
            .entry(folder.to_path_buf())
            .or_insert_with(|| {
                std::fs::read_dir(folder)
                    .map(|entries| entries.flatten().map(|entry| entry.file_name()).collect())
                    .unwrap_or_default()
            })
            .contains(name);
        // Not listed under that exact name: ask the file system, which may fold case.
        listed || path.exists()
    }
}

/// Parses `text`, the contract file `file` of a service.
///
/// # Errors
/// Contract errors (exit 2), placed in `file`.
pub(crate) fn parse_contract(file: &str, text: &str) -> Result<Contract, UserError> {
    Contract::parse(text).map_err(|error| {
        crate::error::contract_refused(file, text, &msgen_rust::RustError::Contract(error))
    })
}
