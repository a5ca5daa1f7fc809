//! `msgen.toml`: how a service was generated (msgen and template versions,
//! the answers) and which files msgen owns, with a hash of each.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::answers::Answers;
use crate::error::UserError;
use crate::template::definition::version_tuple;

/// The file name, at the root of every generated service.
pub(crate) const FILE_NAME: &str = "msgen.toml";
/// The layout version of `msgen.toml` this msgen writes and reads.
pub(crate) const SCHEMA: u32 = 1;

/// The parsed `msgen.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct ServiceManifest {
    /// Layout version of this file.
    pub schema: u32,
    /// The msgen that last wrote the service.
    pub msgen_version: String,
    /// The service name (kebab case).
    pub name: String,
    /// The template that generated it.
    pub template: TemplateRecord,
    /// The answers given to the template's variables.
    pub answers: Answers,
    /// msgen-owned files and the SHA-256 of the contents msgen wrote.
    pub owned: BTreeMap<String, String>,
    /// Contracts of the services this one calls, copied in, by provider name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub vendored: BTreeMap<String, VendoredContract>,
}

/// A provider's contract copied into this service, and where the provider keeps it now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct VendoredContract {
    /// The copy this service was built against, relative to the service folder.
    pub contract: String,
    /// The provider's contract now: a file or service folder (relative to this service
    /// folder), or `REV:PATH`.
    pub provider: String,
    /// The `operationId`s this service calls.
    #[serde(default)]
    pub calls: Vec<String>,
    /// The SHA-256 of the copy when it was vendored (`msgen add-dependency`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    /// Whether msgen generates a client of the provider (`src/clients/NAME.rs`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub client: bool,
}

/// Which template, at which version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct TemplateRecord {
    /// Its manifest name.
    pub name: String,
    /// Its manifest version.
    pub version: String,
    /// A built-in or local template name, or the template folder: relative to the
    /// service folder (`./…`, `../…`) when both sit in one work tree, else absolute;
    /// or a git repository, `git+URL@REF[#FOLDER]`.
    pub source: String,
    /// For a git source: the commit `REF` named when the service was made, which
    /// every later run uses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
}

impl ServiceManifest {
    /// Renders the file, with a header saying who writes it.
    #[must_use]
    pub(crate) fn to_toml(&self) -> String {
        let body = toml::to_string(self)
            .unwrap_or_else(|error| unreachable!("msgen.toml always serializes: {error}"));
        format!(
            "# Written by msgen: how this service was generated and which files msgen owns.\n\
             # msgen updates it; edit `answers` only if you know why.\n{body}"
        )
    }

    /// Parses `msgen.toml` text.
    ///
    /// # Errors
    /// A usage error for malformed files or files from a newer msgen.
    pub(crate) fn parse(text: &str, path: &Path) -> Result<Self, UserError> {
        let newer = |found: &str| {
            UserError::usage(format!(
                "`{}` was written by msgen {found}, newer than this msgen {}",
                path.display(),
                env!("CARGO_PKG_VERSION")
            ))
            .hint("upgrade msgen to work on this service")
        };
        // Look at the versions before the strict parse, so a newer layout
        // reports the version gap rather than an unknown field.
        if let Ok(table) = toml::from_str::<toml::Table>(text) {
            let found = table
                .get("msgen-version")
                .and_then(toml::Value::as_str)
                .unwrap_or("0");
            let schema = table
                .get("schema")
                .and_then(toml::Value::as_integer)
                .unwrap_or(0);
            if schema > i64::from(SCHEMA)
                || version_tuple(found) > version_tuple(env!("CARGO_PKG_VERSION"))
            {
                return Err(newer(found));
            }
        }
        toml::from_str(text).map_err(|error| {
            UserError::usage(format!(
                "`{}` is not a valid msgen manifest: {}",
                path.display(),
                crate::error::one_line(&error.to_string())
            ))
            .hint("restore it from version control")
        })
    }

    /// Reads `msgen.toml` from a service root.
    ///
    /// # Errors
    /// As [`ServiceManifest::parse`], plus I/O errors.
    pub(crate) fn read(root: &Path) -> anyhow::Result<Self> {
        let path = root.join(FILE_NAME);
        let text = std::fs::read_to_string(&path).map_err(|error| {
            UserError::usage(format!("cannot read `{}`: {error}", path.display()))
        })?;
        Ok(Self::parse(&text, &path)?)
    }
}

/// `sha256:<hex>` of some contents.
#[must_use]
pub(crate) fn hash(contents: &[u8]) -> String {
    let digest = Sha256::digest(contents);
    let mut out = String::with_capacity(71);
    out.push_str("sha256:");
    for byte in digest {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// The nearest folder at or above `start` holding `msgen.toml`, never looking
/// above the enclosing git work tree.
///
/// # Errors
/// A usage error when there is none.
pub(crate) fn find_root(start: &Path) -> Result<PathBuf, UserError> {
    let start = start
        .canonicalize()
        .map_err(|error| UserError::usage(format!("cannot open `{}`: {error}", start.display())))?;
    for dir in start.ancestors() {
        if dir.join(FILE_NAME).is_file() {
            return Ok(dir.to_path_buf());
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    Err(UserError::usage(format!(
        "`{}` is not inside an msgen service (no {FILE_NAME} found)",
        start.display()
    ))
    .hint("run the command inside a service made by `msgen new`, or point at one with `-C DIR`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ServiceManifest {
        ServiceManifest {
            schema: SCHEMA,
            msgen_version: env!("CARGO_PKG_VERSION").into(),
            name: "orders".into(),
            template: TemplateRecord {
                name: "rust-axum".into(),
                version: "0.1.0".into(),
                source: "rust-axum".into(),
                commit: None,
            },
            answers: [("port".to_owned(), toml::Value::Integer(8080))].into(),
            owned: [("src/routes.rs".to_owned(), hash(b"x"))].into(),
            vendored: BTreeMap::new(),
        }
    }

    #[test]
    fn round_trips() {
        let text = sample().to_toml();
        assert_eq!(
            ServiceManifest::parse(&text, Path::new("msgen.toml")).unwrap(),
            sample()
        );
    }

    #[test]
    fn refuses_a_newer_msgen_with_both_versions() {
        let text = sample()
            .to_toml()
            .replace(env!("CARGO_PKG_VERSION"), "99.1.0");
        let error = ServiceManifest::parse(&text, Path::new("msgen.toml")).unwrap_err();
        assert!(
            error.message.contains("99.1.0") && error.message.contains(env!("CARGO_PKG_VERSION"))
        );
    }

    #[test]
    fn rejects_unknown_keys() {
        let text = format!("{}\nextra = 1\n", sample().to_toml());
        assert!(ServiceManifest::parse(&text, Path::new("msgen.toml")).is_err());
    }

    #[test]
    fn hash_is_stable() {
        assert_eq!(
            hash(b""),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
