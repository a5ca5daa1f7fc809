//! `git init` and a first commit for a new service, when git is available
//! and the service is not already inside a work tree.

use std::path::Path;
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

/// True when `dir` lies inside an existing git work tree.
#[must_use]
pub(crate) fn inside_work_tree(dir: &Path) -> bool {
    Command::new("git")
        .args(["rev-parse", "--is-inside-work-tree"])
        .current_dir(dir)
        .stderr(Stdio::null())
        .output()
        .is_ok_and(|output| output.status.success() && output.stdout.starts_with(b"true"))
}

/// Initializes a repository at `root` and commits everything.
#[must_use]
pub(crate) fn init_and_commit(root: &Path, message: &str) -> GitOutcome {
    if Command::new("git")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_err()
    {
        return GitOutcome::Skipped("git is not on PATH; run `git init` yourself".into());
    }
    let parent = root.parent().unwrap_or(root);
    if inside_work_tree(parent) {
        return GitOutcome::Skipped("the folder is inside an existing git work tree".into());
    }
    let has_identity = git(root, &["config", "--get", "user.email"]).is_ok();
    let steps: [&[&str]; 3] = [
        &["init", "--quiet"],
        &["add", "--all"],
        &["commit", "--quiet", "--no-verify", "-m", message],
    ];
    for step in steps {
        let result = if has_identity || step[0] != "commit" {
            git(root, step)
        } else {
            git_with_fallback_identity(root, step)
        };
        if let Err(error) = result {
            return GitOutcome::Failed(format!("`git {}` failed: {error}", step[0]));
        }
    }
    GitOutcome::Initialized
}

fn git(root: &Path, args: &[&str]) -> Result<(), String> {
    run(Command::new("git").args(args).current_dir(root))
}

fn git_with_fallback_identity(root: &Path, args: &[&str]) -> Result<(), String> {
    run(Command::new("git")
        .args(["-c", "user.name=msgen", "-c", "user.email=msgen@localhost"])
        .args(args)
        .current_dir(root))
}

fn run(command: &mut Command) -> Result<(), String> {
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|error| error.to_string())?;
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).trim().to_owned())
    }
}
