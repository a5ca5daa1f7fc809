//! A plan: every file a command would write, with its contents, before
//! anything touches disk. `--dry-run` prints it; `apply` writes it.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde::Serialize;
use similar::TextDiff;

/// Who owns a file in the generated service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Owner {
    /// Regenerated from the contract; guarded by a hash in `msgen.toml`.
    Msgen,
    /// The team's: created once, never overwritten.
    User,
}

/// What happens to a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Action {
    /// A new file.
    Create,
    /// An existing file gets new contents.
    Update,
    /// Exists already and is left as it is.
    Keep,
    /// An existing file is removed.
    Delete,
}

/// One file of a plan.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PlannedFile {
    /// Path relative to the service root, `/`-separated.
    pub path: String,
    /// The new contents (empty for a removal).
    #[serde(skip)]
    pub contents: Vec<u8>,
    /// The contents on disk now, for updates and kept files.
    #[serde(skip)]
    pub old: Option<Vec<u8>>,
    pub owner: Owner,
    /// What happens to it.
    pub action: Action,
    /// Size of the new contents in bytes.
    pub bytes: usize,
}

impl PlannedFile {
    /// A file to create.
    #[must_use]
    pub(crate) fn create(path: impl Into<String>, contents: Vec<u8>, owner: Owner) -> Self {
        Self {
            path: path.into(),
            bytes: contents.len(),
            contents,
            old: None,
            owner,
            action: Action::Create,
        }
    }

    /// A file that exists with `old` contents: updated when they differ, kept otherwise.
    #[must_use]
    pub(crate) fn replace(
        path: impl Into<String>,
        old: Vec<u8>,
        contents: Vec<u8>,
        owner: Owner,
    ) -> Self {
        let action = if old == contents {
            Action::Keep
        } else {
            Action::Update
        };
        Self {
            path: path.into(),
            bytes: contents.len(),
            contents,
            old: Some(old),
            owner,
            action,
        }
    }
}

impl PlannedFile {
    /// An existing file with `old` contents, to remove.
    #[must_use]
    pub(crate) fn delete(path: impl Into<String>, old: Vec<u8>, owner: Owner) -> Self {
        Self {
            path: path.into(),
            bytes: 0,
            contents: Vec::new(),
            old: Some(old),
            owner,
            action: Action::Delete,
        }
    }
}

/// The files of one command, in a stable order.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Plan {
    /// The service folder everything is relative to.
    pub root: PathBuf,
    /// Every file considered, sorted by path.
    pub files: Vec<PlannedFile>,
}

impl Plan {
    /// A plan for `root`; files are sorted so output is deterministic.
    #[must_use]
    pub(crate) fn new(root: PathBuf, mut files: Vec<PlannedFile>) -> Self {
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Self { root, files }
    }

    /// Files that will be written (created or updated).
    pub(crate) fn writes(&self) -> impl Iterator<Item = &PlannedFile> {
        self.files.iter().filter(|file| file.action != Action::Keep)
    }

    /// True when applying would change nothing.
    #[must_use]
    pub(crate) fn is_noop(&self) -> bool {
        self.writes().next().is_none()
    }

    /// `create  1234  src/main.rs` lines, for `new --dry-run`.
    #[must_use]
    pub(crate) fn file_list(&self) -> String {
        let mut out = String::new();
        for file in &self.files {
            let action = match file.action {
                Action::Create => "create",
                Action::Update => "update",
                Action::Keep => "keep",
                Action::Delete => "delete",
            };
            let _ = writeln!(out, "{action:<7} {:>7}  {}", file.bytes, file.path);
        }
        out
    }

    /// A unified diff of every write, for `--dry-run` on an existing service.
    #[must_use]
    pub(crate) fn unified_diff(&self) -> String {
        let mut out = String::new();
        for file in self.writes() {
            let old = file
                .old
                .as_deref()
                .map(String::from_utf8_lossy)
                .unwrap_or_default();
            let new = String::from_utf8_lossy(&file.contents);
            let old_name = if file.old.is_some() {
                format!("a/{}", file.path)
            } else {
                "/dev/null".to_owned()
            };
            let new_name = if file.action == Action::Delete {
                "/dev/null".to_owned()
            } else {
                format!("b/{}", file.path)
            };
            let diff = TextDiff::from_lines(old.as_ref(), new.as_ref());
            let _ = write!(
                out,
                "{}",
                diff.unified_diff()
                    .context_radius(3)
                    .header(&old_name, &new_name)
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_shows_only_changed_files() {
        let plan = Plan::new(
            PathBuf::from("svc"),
            vec![
                PlannedFile::replace("same.txt", b"a\n".to_vec(), b"a\n".to_vec(), Owner::User),
                PlannedFile::replace(
                    "routes.rs",
                    b"a\nb\n".to_vec(),
                    b"a\nc\n".to_vec(),
                    Owner::Msgen,
                ),
                PlannedFile::create("new.rs", b"x\n".to_vec(), Owner::User),
                PlannedFile::delete("old.rs", b"y\n".to_vec(), Owner::User),
            ],
        );
        let diff = plan.unified_diff();
        assert!(
            diff.contains("--- a/routes.rs\n+++ b/routes.rs\n"),
            "{diff}"
        );
        assert!(diff.contains("-b\n+c\n"));
        assert!(diff.contains("--- /dev/null\n+++ b/new.rs\n"));
        assert!(
            diff.contains("--- a/old.rs\n+++ /dev/null\n@@ -1 +0,0 @@\n-y\n"),
            "{diff}"
        );
        assert!(!diff.contains("same.txt"));
        assert!(!plan.is_noop());
        assert!(plan.file_list().starts_with("create        2  new.rs\n"));
    }
}
