//! `git init` and a first commit for a new service, when git is available and
//! the service is not already inside a work tree. msgen stages and commits only
//! the files it wrote in that run, and only in a repository it just created.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Serialize;

/// What happened with git.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "status", content = "note")]
pub(crate) enum GitOutcome {
    /// A repository with one commit was created.
    Initialized,
    /// Not attempted, and why.
    Skipped(String),
    /// Attempted and failed; the service itself is complete.
    Failed(String),
}

/// Variables through which a calling process (a hook, an editor) would point git at
/// its own repository and index instead of the folder msgen works in.
const REPOSITORY_ENV: [&str; 8] = [
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
];

/// The top folder of the git work tree holding `dir`, if any: a `.git` entry in `dir`
/// or above it, or what `git` itself answers (it also knows worktrees and
/// `GIT_CEILING_DIRECTORIES`).
#[must_use]
pub(crate) fn work_tree_root(dir: &Path) -> Option<PathBuf> {
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    if let Some(found) = dir.ancestors().find(|folder| folder.join(".git").exists()) {
        return Some(found.to_path_buf());
    }
    let output = git_command(&dir)
        .args(["rev-parse", "--show-toplevel"])
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let top = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    (output.status.success() && !top.is_empty()).then(|| PathBuf::from(top))
}

/// Where a service folder sits in a larger repository: the work tree's root and the
/// service's `/`-separated path from it. `None` when the service is alone (its own
/// repository, or none) or in a place the repository ignores (a build folder).
/// `service` need not exist yet. Looks for `.git` only, without running git, except
/// to ask whether the place is ignored.
#[must_use]
pub(crate) fn enclosing_repo(service: &Path) -> Option<(PathBuf, String)> {
    let existing = service
        .ancestors()
        .find(|folder| folder.as_os_str().is_empty() || folder.exists())?;
    let rest = service.strip_prefix(existing).ok()?;
    let existing = if existing.as_os_str().is_empty() {
        Path::new(".")
    } else {
        existing
    };
    let service = existing.canonicalize().ok()?.join(rest);
    let top = service
        .ancestors()
        .find(|folder| folder.join(".git").exists())?
        .to_path_buf();
    let relative = service.strip_prefix(&top).ok()?;
    let parts: Vec<&str> = relative
        .components()
        .map(|part| part.as_os_str().to_str())
        .collect::<Option<_>>()?;
    if parts.is_empty() {
        return None;
    }
    let path = parts.join("/");
    // Templates quote the path in YAML and shell; a folder name that would need
    // escaping there keeps the service's own layout.
    if path
        .chars()
        .any(|c| c.is_control() || matches!(c, '"' | '\\' | '$' | '`' | '{' | '}'))
    {
        return None;
    }
    let ignored = git_command(&top)
        .args(["check-ignore", "--quiet", "--", &path])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    (!ignored).then_some((top, path))
}

/// Initializes a repository at `root` and commits `written` (paths relative to
/// `root`, the files msgen wrote in this run) and nothing else. Does nothing when
/// `root` is already inside a work tree: msgen never stages or commits in a
/// repository it did not create.
#[must_use]
pub(crate) fn init_and_commit(root: &Path, message: &str, written: &[String]) -> GitOutcome {
    if Command::new("git")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_err()
    {
        return GitOutcome::Skipped("git is not on PATH; run `git init` yourself".into());
    }
    if let Some(top) = work_tree_root(root) {
        return GitOutcome::Skipped(format!(
            "the folder is inside the git work tree `{}`; nothing was staged or committed, review and commit the new files yourself",
            top.display()
        ));
    }
    if let Err(error) = git(root, &["init", "--quiet"]) {
        return GitOutcome::Failed(format!("`git init` failed: {error}"));
    }
    let tracked = match not_ignored(root, written) {
        Ok(paths) => paths,
        Err(error) => return GitOutcome::Failed(format!("`git check-ignore` failed: {error}")),
    };
    if let Err(error) = git_with_input(
        root,
        &[
            "--literal-pathspecs",
            "add",
            "--pathspec-from-file=-",
            "--pathspec-file-nul",
        ],
        &nul_separated(&tracked),
    ) {
        return GitOutcome::Failed(format!("`git add` failed: {error}"));
    }
    let commit = ["commit", "--quiet", "--no-verify", "-m", message];
    let has_identity = git(root, &["config", "--get", "user.email"]).is_ok();
    let result = if has_identity {
        git(root, &commit)
    } else {
        git(
            root,
            &[
                &["-c", "user.name=msgen", "-c", "user.email=msgen@localhost"],
                &commit[..],
            ]
            .concat(),
        )
    };
    match result {
        Ok(()) => GitOutcome::Initialized,
        Err(error) => GitOutcome::Failed(format!("`git commit` failed: {error}")),
    }
}

/// `paths` minus those the new repository's ignore rules exclude (the template's own
/// `.gitignore` may name a file it writes, such as a local `.env`).
fn not_ignored(root: &Path, paths: &[String]) -> Result<Vec<String>, String> {
    let output = spawn_with_input(
        git_command(root).args(["check-ignore", "--no-index", "-z", "--stdin"]),
        &nul_separated(paths),
    )?;
    // Exit 1 means that no path is ignored.
    if !output.status.success() && output.status.code() != Some(1) {
        return Err(String::from_utf8_lossy(&output.stderr).trim().to_owned());
    }
    let ignored: Vec<&[u8]> = output
        .stdout
        .split(|byte| *byte == 0)
        .filter(|path| !path.is_empty())
        .collect();
    Ok(paths
        .iter()
        .filter(|path| !ignored.contains(&path.as_bytes()))
        .cloned()
        .collect())
}

fn nul_separated(paths: &[String]) -> Vec<u8> {
    let mut bytes = Vec::new();
    for path in paths {
        bytes.extend_from_slice(path.as_bytes());
        bytes.push(0);
    }
    bytes
}

/// `git` run in `dir`, blind to any repository a calling process set in the environment.
pub(crate) fn git_command(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command.current_dir(dir).stdin(Stdio::null());
    for variable in REPOSITORY_ENV {
        command.env_remove(variable);
    }
    command
}

fn git(root: &Path, args: &[&str]) -> Result<(), String> {
    finish(
        git_command(root)
            .args(args)
            .output()
            .map_err(|error| error.to_string()),
    )
}

fn git_with_input(root: &Path, args: &[&str], input: &[u8]) -> Result<(), String> {
    finish(spawn_with_input(git_command(root).args(args), input))
}

fn spawn_with_input(command: &mut Command, input: &[u8]) -> Result<std::process::Output, String> {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| error.to_string())?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(input).map_err(|error| error.to_string())?;
    }
    child.wait_with_output().map_err(|error| error.to_string())
}

fn finish(output: Result<std::process::Output, String>) -> Result<(), String> {
    let output = output?;
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).trim().to_owned())
    }
}
