//! Templates: a `template.toml` manifest plus `files/` (the skeleton `new`
//! renders once) and `operation/` (rendered once per contract operation).
//! Built-in templates and folders on disk share this one format and path.

pub(crate) mod definition;
pub(crate) mod embedded;
pub(crate) mod helpers;
mod pack;
pub(crate) mod render;
pub(crate) mod source;

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::error::UserError;
use definition::TemplateManifest;

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
}

impl Origin {
    /// What `msgen.toml` records, and `--template` accepts back.
    #[must_use]
    pub(crate) fn label(&self) -> String {
        match self {
            Self::Builtin(name) => name.clone(),
            Self::Dir(path) => path.display().to_string(),
        }
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
    /// The text of `template.toml`.
    pub manifest_text: String,
}

impl Template {
    /// Loads a built-in template by name, or a folder when `name_or_path` is a path.
    ///
    /// # Errors
    /// A usage error when neither exists or the template is malformed.
    pub(crate) fn load(name_or_path: &str) -> anyhow::Result<Self> {
        let path = Path::new(name_or_path);
        if name_or_path.contains(['/', '\\']) || name_or_path.starts_with('.') || path.is_dir() {
            return Self::load_dir(path);
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
