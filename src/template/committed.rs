//! A template folder that is committed in a git repository of its own, recorded as
//! that repository at that commit (`git+URL@COMMIT#FOLDER`), so that a clone of the
//! service, wherever it sits, reads exactly the template the service was made from.

use std::path::Path;

use crate::git::git_command;
use crate::template::git_source::PREFIX;

/// A template folder as a commit of its repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Committed {
    /// `git+URL@COMMIT[#FOLDER]`.
    pub source: String,
    /// The full commit id.
    pub commit: String,
}

/// `folder` (absolute) as a commit of the work tree at `top`, when the folder is
/// committed exactly as it is on disk: nothing in it modified, staged or untracked.
/// The URL is the `origin` remote when one of its branches holds the commit (every
/// clone can fetch it there), the repository's own folder otherwise.
#[must_use]
pub(crate) fn committed(folder: &Path, top: &Path) -> Option<Committed> {
    let relative = folder.strip_prefix(top).ok()?;
    let parts: Vec<&str> = relative
        .components()
        .map(|part| part.as_os_str().to_str())
        .collect::<Option<_>>()?;
    let subdir = parts.join("/");
    if subdir.contains(['#', '@', '\\']) {
        return None;
    }
    let commit = git_out(top, &["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])?;
    let pathspec = if subdir.is_empty() { "." } else { &subdir };
    let changes = git_out(
        top,
        &[
            "status",
            "--porcelain",
            "--untracked-files=all",
            "--",
            pathspec,
        ],
    )?;
    if !changes.is_empty() {
        return None;
    }
    let url = remote_holding(top, &commit).unwrap_or_else(|| top.display().to_string());
    let source = if subdir.is_empty() {
        format!("{PREFIX}{url}@{commit}")
    } else {
        format!("{PREFIX}{url}@{commit}#{subdir}")
    };
    Some(Committed { source, commit })
}

/// The URL of `origin` when one of its remote-tracking branches holds `commit`;
/// never a URL that carries credentials.
fn remote_holding(top: &Path, commit: &str) -> Option<String> {
    let url = git_out(top, &["remote", "get-url", "origin"])?;
    let branches = git_out(top, &["branch", "--remotes", "--contains", commit])?;
    let pushed = branches
        .lines()
        .any(|line| line.trim().starts_with("origin/"));
    // `https://TOKEN@host/…` carries a secret; `ssh://git@host/…` only a user name.
    let credentials = url.split_once("://").is_some_and(|(scheme, rest)| {
        scheme != "ssh"
            && rest
                .split('/')
                .next()
                .is_some_and(|host| host.contains('@'))
    });
    (pushed && !credentials && !url.is_empty() && !url.contains('#')).then_some(url)
}

/// The trimmed standard output of a git command that succeeded.
fn git_out(dir: &Path, args: &[&str]) -> Option<String> {
    let output = git_command(dir)
        .args(args)
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}
