//! Templates: a `template.toml` manifest plus `files/` (the skeleton `new`
//! renders once) and `operation/` (rendered once per contract operation).
//! Built-in templates and folders on disk share this one format and path.

mod committed;
pub(crate) mod definition;
pub(crate) mod embedded;
mod git_cache;
pub(crate) mod git_source;
pub(crate) mod helpers;
pub(crate) mod history;
mod pack;
pub(crate) mod render;
pub(crate) mod source;
pub(crate) mod versions;

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::error::UserError;
use definition::TemplateManifest;
use git_source::GitSource;

/// The built-in template `msgen new` uses when `--template` is not given.
pub(crate) const DEFAULT_TEMPLATE: &str = "rust-axum";

/// The environment variable naming a folder of local templates (one
/// subfolder each), found by name after the built-in ones.
pub(crate) const LOCAL_TEMPLATES_ENV: &str = "MSGEN_TEMPLATES";

/// The local templates folder, when configured.
#[must_use]
pub(crate) fn local_dir() -> Option<PathBuf> {
    std::env::var_os(LOCAL_TEMPLATES_ENV)
        .map(PathBuf::from)
        .filter(|dir| dir.is_dir())
}

/// Names of the local templates (subfolders holding `template.toml`), sorted.
#[must_use]
pub(crate) fn local_names() -> Vec<String> {
    let Some(dir) = local_dir() else {
        return Vec::new();
    };
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|entry| entry.path().join("template.toml").is_file())
                .filter_map(|entry| entry.file_name().to_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Where a template came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    /// Embedded in the msgen binary.
    Builtin(String),
    /// A folder on disk.
    Dir(PathBuf),
    /// A git repository (`git+URL@REF[#FOLDER]`) at a commit.
    Git {
        /// The source as `msgen.toml` records it.
        source: String,
        /// The commit the reference named when fetched (or `msgen.toml` records).
        commit: String,
    },
}

impl Origin {
    /// How messages name the template, and `--template` accepts back.
    #[must_use]
    pub(crate) fn label(&self) -> String {
        match self {
            Self::Builtin(name) => name.clone(),
            Self::Dir(path) => path.display().to_string(),
            Self::Git { source, .. } => source.clone(),
        }
    }

    /// The commit of a git template.
    #[must_use]
    pub(crate) fn commit(&self) -> Option<&str> {
        match self {
            Self::Git { commit, .. } => Some(commit),
            Self::Builtin(_) | Self::Dir(_) => None,
        }
    }

    /// What the `msgen.toml` of the service at `service_root` records, so that every
    /// clone finds the template: a folder in the same git work tree as the service
    /// (or, with neither in git, one sharing a folder with it) as a `/`-separated
    /// path relative to the service folder, which moves and clones along with it; a
    /// folder committed in a repository of its own as that repository at that commit
    /// (`git+URL@COMMIT#FOLDER`); any other folder as its absolute path, which stays
    /// valid when only the service moves.
    #[must_use]
    pub(crate) fn recorded_for(&self, service_root: &Path) -> Recorded {
        let Self::Dir(template) = self else {
            return Recorded {
                source: self.label(),
                commit: self.commit().map(str::to_owned),
            };
        };
        let work_tree = |path: &Path| {
            let existing = path.ancestors().find(|folder| folder.exists())?;
            crate::git::work_tree_root(existing)
        };
        let plain = |source: Option<String>| Recorded {
            source: source.unwrap_or_else(|| self.label()),
            commit: None,
        };
        match (work_tree(template), work_tree(service_root)) {
            (Some(a), Some(b)) if a == b => plain(relative_path(template, service_root)),
            (None, None) if shares_a_folder(template, service_root) => {
                plain(relative_path(template, service_root))
            }
            (Some(top), _) => committed::committed(template, &top).map_or_else(
                || plain(None),
                |pinned| Recorded {
                    source: pinned.source,
                    commit: Some(pinned.commit),
                },
            ),
            _ => plain(None),
        }
    }
}

/// How `msgen.toml` records a template: `source`, and `commit` for a git source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Recorded {
    /// A built-in name, a folder, or `git+URL@REF[#FOLDER]`.
    pub source: String,
    /// The commit of a git source.
    pub commit: Option<String>,
}

/// Whether a `--template` value (or a recorded source) names a folder rather than a
/// built-in or local template or a git repository.
#[must_use]
pub(crate) fn is_path(spec: &str) -> bool {
    !git_source::is_git(spec) && spec.contains(['/', '\\'])
        || spec.starts_with('.')
        || Path::new(spec).is_dir()
}

/// The `--template` value for a source recorded in the `msgen.toml` of the service
/// at `service_root`: a relative folder counts from the service folder.
#[must_use]
pub(crate) fn recorded_spec(source: &str, service_root: &Path) -> String {
    let path = Path::new(source);
    if is_path(source)
        && (source.contains(['/', '\\']) || source.starts_with('.'))
        && path.is_relative()
    {
        service_root.join(path).display().to_string()
    } else {
        source.to_owned()
    }
}

/// Whether two absolute paths have a folder in common below the file-system root.
fn shares_a_folder(a: &Path, b: &Path) -> bool {
    use std::path::Component;
    a.components()
        .zip(b.components())
        .take_while(|(x, y)| x == y)
        .any(|(part, _)| matches!(part, Component::Normal(_)))
}

/// `path` relative to `base` (both absolute), `/`-separated and starting with `./`
/// or `../`; `None` when they share no root (another drive).
pub(crate) fn relative_path(path: &Path, base: &Path) -> Option<String> {
    use std::path::Component;
    let parts = |path: &Path| -> Vec<String> {
        path.components()
            .map(|part| part.as_os_str().to_string_lossy().into_owned())
            .collect()
    };
    let (to, from) = (parts(path), parts(base));
    let shared = to.iter().zip(&from).take_while(|(a, b)| a == b).count();
    let rooted = |path: &Path| {
        path.components()
            .take_while(|part| matches!(part, Component::Prefix(_) | Component::RootDir))
            .count()
    };
    if shared < rooted(path).max(1) || shared < rooted(base) {
        return None;
    }
    let mut relative: Vec<&str> = vec![".."; from.len() - shared];
    relative.extend(to[shared..].iter().map(String::as_str));
    match relative.first() {
        None => Some(".".to_owned()),
        Some(&"..") => Some(relative.join("/")),
        Some(_) => Some(format!("./{}", relative.join("/"))),
    }
}

/// One file of a template, its path relative to `files/` or `operation/`.
#[derive(Debug, Clone)]
pub(crate) struct TemplateFile {
    /// Path with `/` separators; may hold `{{…}}` and end in `.hbs`.
    pub path: String,
    /// Raw contents.
    pub bytes: Vec<u8>,
}

/// A loaded template, entirely in memory.
#[derive(Debug, Clone)]
pub(crate) struct Template {
    /// The parsed `template.toml`.
    pub manifest: TemplateManifest,
    /// Where it was loaded from.
    pub origin: Origin,
    /// The service skeleton.
    pub files: Vec<TemplateFile>,
    /// Rendered once per non-system contract operation.
    pub operation_files: Vec<TemplateFile>,
    /// The clients of other services (`client/`): `dependency.rs.hbs` rendered once per
    /// vendored contract, the other files copied once when there is any.
    pub client_files: Vec<TemplateFile>,
    /// The text of `template.toml`.
    pub manifest_text: String,
}

impl Template {
    /// Whether a rendered file of this template names `contract` inside `{{…}}`: the
    /// language-neutral view is built only then for a template that opts into a
    /// language's own view, since it costs a third of a large contract's `check`.
    /// A template that reached the view some other way gets a strict-mode render
    /// error naming `contract`, never a silently empty value.
    pub(crate) fn reads_contract_view(&self) -> bool {
        let mustache = regex::bytes::Regex::new(r"\{\{[^}]*\bcontract\b")
            .unwrap_or_else(|error| unreachable!("a fixed regex compiles: {error}"));
        self.files
            .iter()
            .chain(&self.operation_files)
            .filter(|file| file.path.ends_with(".hbs"))
            .any(|file| mustache.is_match(&file.bytes))
    }

    /// Loads a built-in template by name, a folder when `name_or_path` is a path, or
    /// the commit a git source's reference names now (fetched into the cache).
    ///
    /// # Errors
    /// A usage error when neither exists or the template is malformed.
    pub(crate) fn load(name_or_path: &str) -> anyhow::Result<Self> {
        if git_source::is_git(name_or_path) {
            let source = GitSource::parse(name_or_path)?;
            let (commit, files) = source.fetch_latest()?;
            let origin = Origin::Git {
                source: source.label(),
                commit,
            };
            return Self::from_files(origin, &files);
        }
        if is_path(name_or_path) {
            return Self::load_dir(Path::new(name_or_path));
        }
        let files = embedded::files(name_or_path);
        if files.is_empty() {
            if let Some(local) = local_dir()
                .map(|dir| dir.join(name_or_path))
                .filter(|dir| dir.is_dir())
            {
                return Self::load_dir(&local);
            }
            return Err(UserError::usage(format!("there is no built-in template `{name_or_path}`"))
                .hint(format!(
                    "built-in templates: {}; pass a folder path for a custom template, or set {LOCAL_TEMPLATES_ENV} to a folder of templates",
                    embedded::names().join(", ")
                ))
                .into());
        }
        Self::from_files(Origin::Builtin(name_or_path.to_owned()), &files)
    }

    /// Loads the template a service's `msgen.toml` records: a git source at its
    /// recorded commit (from the cache, fetching only that commit), any other as
    /// [`Template::load`].
    ///
    /// # Errors
    /// As [`Template::load`]; a usage error for a git source without a commit.
    pub(crate) fn load_recorded(spec: &str, commit: Option<&str>) -> anyhow::Result<Self> {
        if !git_source::is_git(spec) {
            return Self::load(spec);
        }
        let source = GitSource::parse(spec)?;
        let commit = commit.ok_or_else(|| {
            UserError::usage(format!(
                "the git template `{spec}` has no recorded `commit`"
            ))
        })?;
        let files = source.load_pinned(commit)?;
        let origin = Origin::Git {
            source: source.label(),
            commit: commit.to_owned(),
        };
        Self::from_files(origin, &files)
    }

    fn load_dir(path: &Path) -> anyhow::Result<Self> {
        let metadata = std::fs::symlink_metadata(path).map_err(|_| {
            UserError::usage(format!(
                "template folder `{}` does not exist",
                path.display()
            ))
            .hint("pass the path of a folder holding template.toml, or a built-in name")
        })?;
        if !metadata.is_dir() {
            return Err(
                UserError::usage(format!("template `{}` is not a folder", path.display())).into(),
            );
        }
        let root = path
            .canonicalize()
            .with_context(|| format!("while resolving `{}`", path.display()))?;
        let files = source::read_dir(&root)?;
        Self::from_files(Origin::Dir(root), &files)
    }

    fn from_files(origin: Origin, files: &[(String, Vec<u8>)]) -> anyhow::Result<Self> {
        let label = origin.label();
        let manifest_bytes = files
            .iter()
            .find(|(path, _)| path == "template.toml")
            .map(|(_, bytes)| bytes.clone())
            .ok_or_else(|| {
                UserError::usage(format!("template `{label}` has no template.toml"))
                    .hint("see docs/templates.md for the template format")
            })?;
        let text = String::from_utf8(manifest_bytes)
            .map_err(|_| UserError::usage(format!("`{label}/template.toml` is not UTF-8")))?;
        let manifest = TemplateManifest::parse(&text, &format!("{label}/template.toml"))?;
        let pick = |prefix: &str| -> Vec<TemplateFile> {
            files
                .iter()
                .filter_map(|(path, bytes)| {
                    Some(TemplateFile {
                        path: path.strip_prefix(prefix)?.to_owned(),
                        bytes: bytes.clone(),
                    })
                })
                .collect()
        };
        let template = Self {
            manifest_text: text,
            files: pick("files/"),
            operation_files: pick("operation/"),
            client_files: pick("client/"),
            manifest,
            origin,
        };
        if !template.has_file(&template.manifest.contract) {
            return Err(UserError::usage(format!(
                "template `{label}` declares contract `{}` but has no `files/{0}` or `files/{0}.hbs`",
                template.manifest.contract
            ))
            .into());
        }
        Ok(template)
    }

    fn has_file(&self, target: &str) -> bool {
        self.files
            .iter()
            .any(|file| file.path == target || file.path.strip_suffix(".hbs") == Some(target))
    }

    /// Every file of the template as it lies on disk: `template.toml`,
    /// `files/…`, `operation/…`.
    #[must_use]
    pub(crate) fn all_files(&self) -> Vec<(String, Vec<u8>)> {
        let mut files = vec![(
            "template.toml".to_owned(),
            self.manifest_text.clone().into_bytes(),
        )];
        files.extend(
            self.files
                .iter()
                .map(|file| (format!("files/{}", file.path), file.bytes.clone())),
        );
        files.extend(
            self.operation_files
                .iter()
                .map(|file| (format!("operation/{}", file.path), file.bytes.clone())),
        );
        files.extend(
            self.client_files
                .iter()
                .map(|file| (format!("client/{}", file.path), file.bytes.clone())),
        );
        files
    }

    /// The skeleton file that renders to `target`, if any.
    #[must_use]
    pub(crate) fn file_for(&self, target: &str) -> Option<&TemplateFile> {
        self.files
            .iter()
            .find(|file| file.path == target || file.path.strip_suffix(".hbs") == Some(target))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contract_view_is_read_where_a_mustache_names_it() {
        let builtin = Template::load("rust-axum").unwrap();
        assert!(
            !builtin.reads_contract_view(),
            "rust-axum uses its Rust view only"
        );
        let python = Template::load(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/python-http"
        ))
        .unwrap();
        assert!(python.reads_contract_view());
        let mut template = builtin;
        template.files.push(TemplateFile {
            path: "TAGS.md.hbs".into(),
            bytes: b"{{#each contract.operations}}{{tags}}{{/each}}".to_vec(),
        });
        assert!(template.reads_contract_view());
    }

    #[test]
    fn relative_paths_count_from_the_service() {
        let cases = [
            ("/r/tpl", "/r/svc", Some("../tpl")),
            ("/r/svc/tpl", "/r/svc", Some("./tpl")),
            ("/r/svc", "/r/svc", Some(".")),
            ("/a/b/tpl", "/r/x/svc", Some("../../../a/b/tpl")),
        ];
        for (path, base, expected) in cases {
            assert_eq!(
                relative_path(Path::new(path), Path::new(base)).as_deref(),
                expected,
                "{path} from {base}"
            );
        }
    }

    #[test]
    fn only_paths_below_a_common_folder_share_one() {
        assert!(shares_a_folder(
            Path::new("/home/a/tpl"),
            Path::new("/home/a/svc")
        ));
        assert!(!shares_a_folder(
            Path::new("/opt/tpl"),
            Path::new("/home/svc")
        ));
    }

    #[test]
    fn recorded_relative_sources_resolve_from_the_service() {
        let root = Path::new("/r/svc");
        assert_eq!(recorded_spec("../tpl", root), "/r/svc/../tpl");
        assert_eq!(recorded_spec("./tpl", root), "/r/svc/./tpl");
        assert_eq!(recorded_spec("/abs/tpl", root), "/abs/tpl");
        assert_eq!(recorded_spec("rust-axum", root), "rust-axum");
    }
}
