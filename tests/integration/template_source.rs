//! Where a service finds its custom template: recorded in `msgen.toml` so that a
//! moved or cloned repository still finds it, or named with `--template`.

use std::path::{Path, PathBuf};

use crate::helpers::{Workspace, msgen, stderr, stdout, tool_available};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn copy_mini(into: &Path, name: &str) {
    msgen(into)
        .args(["templates", "copy"])
        .arg(fixture("mini"))
        .arg(name)
        .assert()
        .success();
}

/// `git` in `dir`, with an identity; its trimmed stdout.
fn git(dir: &Path, args: &[&str]) -> String {
    let output = std::process::Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@localhost"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(output.status.success(), "git {args:?}: {}", stderr(&output));
    stdout(&output).trim().to_owned()
}

/// msgen with its template cache in `cache`.
fn msgen_cached(dir: &Path, cache: &Path) -> assert_cmd::Command {
    let mut command = msgen(dir);
    command.env("MSGEN_CACHE_DIR", cache);
    command
}

/// `check`, `add-endpoint`, `sync`, `check` again, all in `service`.
fn grow_and_check(service: &Path, path: &str) {
    grow_and_check_with(service, path, msgen);
}

fn grow_and_check_with(service: &Path, path: &str, msgen: impl Fn(&Path) -> assert_cmd::Command) {
    for args in [
        &["check"][..],
        &["add-endpoint", "GET", path],
        &["sync"],
        &["check"],
    ] {
        let output = msgen(service).args(args).output().unwrap();
        assert!(
            output.status.success(),
            "{args:?} in {}: {}{}",
            service.display(),
            stdout(&output),
            stderr(&output)
        );
    }
}

#[test]
fn a_repository_with_its_own_template_works_moved_and_cloned() {
    let workspace = Workspace::new();
    let repo = workspace.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    copy_mini(&repo, "tpl");
    msgen(&repo)
        .args(["new", "svc", "--no-git", "--template", "./tpl"])
        .assert()
        .success();
    let record = std::fs::read_to_string(repo.join("svc/msgen.toml")).unwrap();
    assert!(record.contains("source = \"../tpl\""), "{record}");
    let moved = workspace.path().join("elsewhere/moved");
    std::fs::create_dir(workspace.path().join("elsewhere")).unwrap();
    std::fs::rename(&repo, &moved).unwrap();
    let mut services = vec![moved.join("svc")];
    if tool_available("git") {
        git(&moved, &["init", "--quiet"]);
        git(&moved, &["add", "--all"]);
        git(&moved, &["commit", "--quiet", "-m", "start"]);
        git(
            workspace.path(),
            &["clone", "--quiet", "elsewhere/moved", "clone"],
        );
        services.push(workspace.path().join("clone/svc"));
    }
    for (index, service) in services.iter().enumerate() {
        grow_and_check(service, &format!("/things{index}"));
    }
}

#[test]
fn a_template_outside_the_repository_is_recorded_absolute() {
    if !tool_available("git") {
        return;
    }
    let workspace = Workspace::new();
    copy_mini(workspace.path(), "tpl");
    let repo = workspace.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "--quiet"]);
    msgen(&repo)
        .args(["new", "svc", "--template", "../tpl"])
        .assert()
        .success();
    let record = std::fs::read_to_string(repo.join("svc/msgen.toml")).unwrap();
    let absolute = workspace.path().join("tpl").canonicalize().unwrap();
    assert!(
        record.contains(&format!("source = \"{}\"", absolute.display())),
        "{record}"
    );
}

#[test]
fn a_template_committed_in_its_own_repository_is_recorded_at_its_commit() {
    if !tool_available("git") {
        return;
    }
    let workspace = Workspace::new();
    let cache = workspace.path().join("cache");
    let templates = workspace.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    copy_mini(&templates, "tpl");
    git(&templates, &["init", "--quiet"]);
    git(&templates, &["add", "--all"]);
    git(&templates, &["commit", "--quiet", "-m", "template"]);
    let commit = git(&templates, &["rev-parse", "HEAD"]);
    let repo = workspace.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "--quiet"]);
    msgen_cached(&repo, &cache)
        .args(["new", "svc", "--template", "../templates/tpl"])
        .assert()
        .success();
    let record = std::fs::read_to_string(repo.join("svc/msgen.toml")).unwrap();
    let url = templates.canonicalize().unwrap();
    assert!(
        record.contains(&format!("source = \"git+{}@{commit}#tpl\"", url.display()))
            && record.contains(&format!("commit = \"{commit}\"")),
        "{record}"
    );
    // The template moves on, the repository of the service moves and is cloned:
    // the clone reads the template at the recorded commit.
    let routes = templates.join("tpl/files/src/routes.txt.hbs");
    let text = std::fs::read_to_string(&routes).unwrap();
    std::fs::write(&routes, format!("{text}changed later\n")).unwrap();
    git(&templates, &["commit", "--quiet", "--all", "-m", "later"]);
    git(&repo, &["add", "--all"]);
    git(&repo, &["commit", "--quiet", "-m", "start"]);
    std::fs::create_dir(workspace.path().join("elsewhere")).unwrap();
    let moved = workspace.path().join("elsewhere/moved");
    std::fs::rename(&repo, &moved).unwrap();
    git(
        workspace.path(),
        &["clone", "--quiet", "elsewhere/moved", "clone"],
    );
    grow_and_check_with(&workspace.path().join("clone/svc"), "/things", |dir| {
        msgen_cached(dir, &cache)
    });
}

#[test]
fn a_template_with_uncommitted_changes_is_recorded_as_a_folder() {
    if !tool_available("git") {
        return;
    }
    let workspace = Workspace::new();
    let templates = workspace.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    git(&templates, &["init", "--quiet"]);
    copy_mini(&templates, "tpl");
    let repo = workspace.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "--quiet"]);
    msgen(&repo)
        .args(["new", "svc", "--template", "../templates/tpl"])
        .assert()
        .success();
    let record = std::fs::read_to_string(repo.join("svc/msgen.toml")).unwrap();
    let absolute = templates.join("tpl").canonicalize().unwrap();
    assert!(
        record.contains(&format!("source = \"{}\"", absolute.display()))
            && !record.contains("commit ="),
        "{record}"
    );
}

#[test]
fn a_missing_template_is_named_with_the_template_flag() {
    let workspace = Workspace::new();
    copy_mini(workspace.path(), "tpl");
    msgen(workspace.path())
        .args(["new", "svc", "--no-git", "--template", "./tpl"])
        .assert()
        .success();
    std::fs::rename(workspace.path().join("tpl"), workspace.path().join("tpl2")).unwrap();
    let service = workspace.path().join("svc");
    let output = msgen(&service).arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("recorded in msgen.toml")
            && stderr(&output).contains("hint: pass it with --template NAME|PATH"),
        "{}",
        stderr(&output)
    );
    for args in [
        &["check", "--template", "../tpl2"][..],
        &["add-endpoint", "GET", "/things", "--template", "../tpl2"],
        &["sync", "-t", "../tpl2"],
    ] {
        msgen(&service).args(args).assert().success();
    }
    let output = msgen(&service)
        .args(["sync", "--template", "rust-axum"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("records template `tpl`")
            && stderr(&output).contains("--template"),
        "{}",
        stderr(&output)
    );
}
