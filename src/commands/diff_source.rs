//! Where one side of `msgen diff` comes from: a contract file, a service folder, or a git
//! revision read with `git show`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use yaml_serde::Value;

use super::existing::ExistingService;
use crate::error::{UserError, one_line};

/// One side of a comparison, not yet read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    /// A contract file, or a msgen spec whose contract is built in memory.
    File(PathBuf),
    /// A service folder: its contract.
    Service(Option<PathBuf>),
    /// `git show REV:PATH`, run in `dir`.
    Git {
        /// The revision.
        revision: String,
        /// The path, from the repository root or `./`-relative to `dir`.
        path: String,
        /// Where git runs.
        dir: PathBuf,
    },
}

impl Source {
    /// Reads a command-line side: an existing file or folder, else `REV:PATH`, else `REV`
    /// of the service at `dir`.
    ///
    /// # Errors
    /// Usage errors when a bare revision is given outside a service.
    pub(crate) fn parse(spec: &str, dir: Option<&Path>) -> anyhow::Result<Self> {
        let path = Path::new(spec);
        if path.is_file() {
            return Ok(Self::File(path.to_path_buf()));
        }
        if path.is_dir() {
            return Ok(Self::Service(Some(path.to_path_buf())));
        }
        if spec.contains(':') {
            return Ok(Self::revision(spec, dir.unwrap_or(Path::new("."))));
        }
        Self::revision_of_service(spec, dir).map_err(|_| {
            UserError::usage(format!(
                "`{spec}` is not a file, a folder, or a revision of a service's contract"
            ))
            .hint("give a contract file, a service folder or `REV:PATH`; `REV` alone works inside a service (or with `-C DIR`)")
            .into()
        })
    }

    /// `REV:PATH` as given, or `REV` of the contract of the service at `dir`.
    ///
    /// # Errors
    /// Usage errors when `REV` alone is given outside a service.
    pub(crate) fn revision_of_service(spec: &str, dir: Option<&Path>) -> anyhow::Result<Self> {
        if spec.contains(':') {
            return Ok(Self::revision(spec, dir.unwrap_or(Path::new("."))));
        }
        let service = ExistingService::find(dir)?;
        Ok(Self::Git {
            revision: spec.to_owned(),
            path: format!("./{}", service.contract_file()),
            dir: service.root,
        })
    }

    /// The contract of the service at `dir` as it is on disk.
    pub(crate) fn current_service(dir: Option<&Path>) -> Self {
        Self::Service(dir.map(Path::to_path_buf))
    }

    fn revision(spec: &str, dir: &Path) -> Self {
        let (revision, path) = spec.split_once(':').unwrap_or((spec, ""));
        Self::Git {
            revision: revision.to_owned(),
            path: path.to_owned(),
            dir: dir.to_path_buf(),
        }
    }

    /// Reads and checks the contract: a label for the output, and its tree.
    ///
    /// # Errors
    /// Usage errors (exit 2): unreadable, unknown revision, or not a contract.
    pub(crate) fn read(&self) -> anyhow::Result<(String, Value)> {
        let (label, text) = match self {
            Self::File(path) if super::dependency::provider::is_spec(path) => (
                format!("`{}`", path.display()),
                super::dependency::provider::spec_contract(path)?,
            ),
            Self::File(path) => {
                let label = format!("`{}`", path.display());
                let text = std::fs::read_to_string(path).map_err(|error| {
                    UserError::usage(format!("cannot read {label}: {error}"))
                        .hint("check the path, or give a service folder or a git revision")
                })?;
                (label, text)
            }
            Self::Service(dir) => {
                let service = ExistingService::find(dir.as_deref())?;
                let path = service.root.join(service.contract_file());
                (format!("`{}`", path.display()), service.contract_text)
            }
            Self::Git {
                revision,
                path,
                dir,
            } => (
                format!("`{revision}:{path}`"),
                git_show(revision, path, dir)?,
            ),
        };
        let tree = msgen_openapi::diff::parse(&text).map_err(|error| {
            let hint = error
                .hint()
                .unwrap_or_else(|| "give an OpenAPI 3.0 or 3.1 document".to_owned());
            UserError::usage(format!(
                "{label} is not a contract msgen can compare: {error}"
            ))
            .hint(hint)
        })?;
        Ok((label, tree))
    }
}

impl Source {
    /// For a git side whose revision exists but holds no file at its path: that
    /// `REV:PATH`, the label of a contract that is new since the revision. `None` for
    /// every other side, a revision git does not know included (reading it then fails
    /// as usual).
    #[must_use]
    pub(crate) fn absent_at_revision(&self) -> Option<String> {
        let Self::Git {
            revision,
            path,
            dir,
        } = self
        else {
            return None;
        };
        let git_ok = |args: &[&str]| {
            Command::new("git")
                .args(args)
                .current_dir(dir)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|status| status.success())
        };
        let commit = format!("{revision}^{{commit}}");
        let file = format!("{revision}:{path}");
        (git_ok(&[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &commit,
        ]) && !git_ok(&["cat-file", "-e", "--end-of-options", &file]))
        .then(|| format!("`{file}`"))
    }
}

/// The text of `PATH` at `REV`.
fn git_show(revision: &str, path: &str, dir: &Path) -> Result<String, UserError> {
    let output = Command::new("git")
        .arg("show")
        .arg(format!("{revision}:{path}"))
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .map_err(|error| {
            UserError::usage(format!(
                "cannot run git to read `{revision}:{path}`: {error}"
            ))
            .hint("install git, or compare two files")
        })?;
    if !output.status.success() {
        let said = one_line(&String::from_utf8_lossy(&output.stderr));
        return Err(UserError::usage(format!(
            "git cannot read `{revision}:{path}`: {}",
            said.trim_start_matches("fatal: ")
        ))
        .hint(
            "check the revision with `git log`; in CI, fetch the base branch first (`git fetch origin main`)",
        ));
    }
    String::from_utf8(output.stdout).map_err(|_| {
        UserError::usage(format!("`{revision}:{path}` is not UTF-8 text"))
            .hint("give the revision of an openapi.yaml")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rev_and_path_split_at_the_first_colon() {
        let source = Source::parse("origin/main:api/openapi.yaml", None).unwrap();
        assert_eq!(
            source,
            Source::Git {
                revision: "origin/main".into(),
                path: "api/openapi.yaml".into(),
                dir: PathBuf::from("."),
            }
        );
    }
}
