//! Git safety: msgen stages and commits only the files it wrote, and only in a
//! repository it created itself.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::helpers::{Workspace, msgen, stdout, tool_available, tree};

fn git(dir: &Path, args: &[&str]) -> String {
    let output = std::process::Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@localhost"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Every file outside `.git`, relative to `root`.
fn work_files(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    tree(root)
        .into_iter()
        .filter(|(path, _)| !path.starts_with(".git"))
        .collect()
}

/// What git and the disk say about a repository.
#[derive(Debug, PartialEq)]
struct RepoState {
    head: String,
    index: String,
    status: BTreeSet<String>,
    files: BTreeMap<PathBuf, Vec<u8>>,
}

fn state(repo: &Path) -> RepoState {
    RepoState {
        head: git(repo, &["rev-parse", "HEAD"]),
        index: git(repo, &["ls-files", "--stage"]),
        status: git(repo, &["status", "--porcelain", "--untracked-files=all"])
            .lines()
            .map(str::to_owned)
            .collect(),
        files: work_files(repo),
    }
}

/// A repository with a commit, then staged, unstaged and untracked changes, inside
/// and outside `orders/`.
fn dirty_repo(repo: &Path) {
    std::fs::create_dir_all(repo.join("orders/src")).unwrap();
    git(repo, &["init", "--quiet"]);
    std::fs::write(repo.join("top.txt"), "top\n").unwrap();
    std::fs::write(repo.join("orders/README.md"), "our notes\n").unwrap();
    std::fs::write(repo.join("orders/src/lib.rs"), "// ours\n").unwrap();
    git(repo, &["add", "--all"]);
    git(repo, &["commit", "--quiet", "-m", "start"]);
    std::fs::write(repo.join("orders/README.md"), "our notes, staged\n").unwrap();
    git(repo, &["add", "orders/README.md"]);
    std::fs::write(repo.join("orders/src/lib.rs"), "// ours, unstaged\n").unwrap();
    std::fs::write(repo.join("top.txt"), "top, unstaged\n").unwrap();
    std::fs::write(repo.join("orders/notes.txt"), "untracked\n").unwrap();
    std::fs::write(repo.join("staged-new.txt"), "staged new\n").unwrap();
    git(repo, &["add", "staged-new.txt"]);
}

/// Runs `msgen new NAME --force --json` and returns the paths it wrote (absolute,
/// those at the work-tree root included) and what it did with git.
fn new_force(dir: &Path, name: &str) -> (BTreeSet<PathBuf>, String) {
    let output = msgen(dir)
        .args(["new", name, "--force", "--json"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut written = BTreeSet::new();
    for plan in [&summary["plan"], &summary["repo_root"]] {
        let Some(files) = plan["files"].as_array() else {
            continue;
        };
        let root = dir
            .join(plan["root"].as_str().unwrap())
            .canonicalize()
            .unwrap();
        written.extend(
            files
                .iter()
                .filter(|file| file["action"] != "keep")
                .map(|file| root.join(file["path"].as_str().unwrap())),
        );
    }
    (
        written,
        summary["git"]["status"].as_str().unwrap().to_owned(),
    )
}

/// Only the files msgen wrote differ: every other file, the index, `HEAD` and every
/// earlier status line are as they were, and the new files are untracked.
fn assert_only_written_changed(
    before: &RepoState,
    after: &RepoState,
    repo: &Path,
    written: &BTreeSet<PathBuf>,
) {
    assert_eq!(after.head, before.head, "msgen committed");
    assert_eq!(after.index, before.index, "msgen changed the index");
    let repo = repo.canonicalize().unwrap();
    let prefixed: BTreeSet<PathBuf> = written
        .iter()
        .map(|path| path.strip_prefix(&repo).unwrap().to_path_buf())
        .collect();
    for (path, bytes) in &before.files {
        assert_eq!(
            after.files.get(path),
            Some(bytes),
            "`{}` changed",
            path.display()
        );
        assert!(
            !prefixed.contains(path),
            "msgen rewrote `{}`",
            path.display()
        );
    }
    let added: BTreeSet<PathBuf> = after
        .files
        .keys()
        .filter(|path| !before.files.contains_key(*path))
        .cloned()
        .collect();
    assert_eq!(added, prefixed, "msgen wrote files it did not report");
    let new_lines: BTreeSet<&String> = after.status.difference(&before.status).collect();
    assert!(before.status.is_subset(&after.status));
    for line in new_lines {
        assert!(line.starts_with("?? "), "not untracked: {line}");
    }
}

#[test]
fn new_force_in_a_dirty_repository_changes_only_what_it_writes() {
    if !tool_available("git") {
        return;
    }
    let workspace = Workspace::new();
    let repo = workspace.path().join("repo");
    dirty_repo(&repo);
    let before = state(&repo);
    let (written, git_status) = new_force(&repo, "orders");
    assert_eq!(git_status, "skipped");
    let service = repo.canonicalize().unwrap().join("orders");
    assert!(written.contains(&service.join("msgen.toml")));
    assert!(!written.contains(&service.join("README.md")));
    let after = state(&repo);
    assert_only_written_changed(&before, &after, &repo, &written);
    assert!(!repo.join("orders/.git").exists(), "nested repository");
}

#[test]
fn new_force_onto_a_repository_root_neither_stages_nor_commits() {
    if !tool_available("git") {
        return;
    }
    let workspace = Workspace::new();
    let repo = workspace.path().join("orders");
    dirty_repo(&repo);
    let before = state(&repo);
    let (written, git_status) = new_force(workspace.path(), "orders");
    assert_eq!(git_status, "skipped");
    let after = state(&repo);
    assert_only_written_changed(&before, &after, &repo, &written);
}

#[test]
fn new_inside_a_work_tree_makes_no_nested_repository_and_says_so() {
    if !tool_available("git") {
        return;
    }
    let workspace = Workspace::new();
    let repo = workspace.path().join("repo");
    dirty_repo(&repo);
    let before = state(&repo);
    let output = msgen(&repo).args(["new", "payments"]).output().unwrap();
    assert!(output.status.success());
    assert!(
        stdout(&output).contains("inside the git work tree"),
        "{}",
        stdout(&output)
    );
    assert!(!repo.join("payments/.git").exists());
    let after = state(&repo);
    assert_eq!((&after.head, &after.index), (&before.head, &before.index));
}

#[test]
fn a_new_repository_commits_only_the_files_msgen_wrote() {
    if !tool_available("git") {
        return;
    }
    let workspace = Workspace::new();
    let root = workspace.path().join("orders");
    std::fs::create_dir(&root).unwrap();
    std::fs::write(root.join("secrets.env"), "TOKEN=1\n").unwrap();
    std::fs::write(root.join("README.md"), "our notes\n").unwrap();
    // A repository named by the caller's environment (as in a git hook) stays untouched.
    let outer = workspace.path().join("outer");
    std::fs::create_dir(&outer).unwrap();
    git(&outer, &["init", "--quiet"]);
    let outer_before = work_files(&outer.join(".git"));
    let output = msgen(workspace.path())
        .args(["new", "orders", "--force", "--json"])
        .env("GIT_DIR", outer.join(".git"))
        .env("GIT_INDEX_FILE", outer.join(".git/index"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary["git"]["status"], "initialized");
    assert_eq!(work_files(&outer.join(".git")), outer_before);
    let committed: BTreeSet<String> = git(&root, &["ls-files"])
        .lines()
        .map(str::to_owned)
        .collect();
    assert!(committed.contains("msgen.toml"));
    assert!(!committed.contains("secrets.env") && !committed.contains("README.md"));
    let status = git(&root, &["status", "--porcelain"]);
    assert!(status.contains("?? secrets.env"), "{status}");
}

#[test]
fn a_written_file_the_template_ignores_is_not_committed() {
    if !tool_available("git") {
        return;
    }
    let workspace = Workspace::new();
    let template = workspace.path().join("tpl");
    msgen(workspace.path())
        .args(["templates", "copy"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini"))
        .arg(&template)
        .assert()
        .success();
    std::fs::write(template.join("files/.gitignore"), "/metrics/\n").unwrap();
    let output = msgen(workspace.path())
        .args(["new", "demo", "--json", "--template", "./tpl"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary["git"]["status"], "initialized", "{summary}");
    let root = workspace.path().join("demo");
    assert!(root.join("metrics/config.yml").is_file());
    let committed = git(&root, &["ls-files"]);
    assert!(committed.contains("msgen.toml") && committed.contains(".gitignore"));
    assert!(!committed.contains("metrics/"), "{committed}");
}
