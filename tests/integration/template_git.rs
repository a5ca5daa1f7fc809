//! Templates from a git repository: `new --template git+URL@REF` fetches into a
//! cache and records the commit; later runs use that commit, from the cache or
//! fetched again by id. Local repositories only.

use std::path::{Path, PathBuf};

use crate::helpers::{Workspace, msgen, stderr, stdout, tool_available};

/// `git` in `dir`, with an identity; its trimmed stdout.
fn git(dir: &Path, args: &[&str]) -> String {
    let output = std::process::Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@localhost"])
        .args(["-c", "init.defaultBranch=main", "-c", "tag.gpgSign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(output.status.success(), "git {args:?}: {}", stderr(&output));
    stdout(&output).trim().to_owned()
}

/// A repository at `dir` holding the `mini` fixture in `folder` (the top when
/// empty), committed and tagged `v1`; the commit.
fn template_repo(dir: &Path, folder: &str) -> String {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
    let target = dir.join(folder);
    for entry in walkdir::WalkDir::new(&fixture) {
        let entry = entry.unwrap();
        let to = target.join(entry.path().strip_prefix(&fixture).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    git(dir, &["init", "--quiet"]);
    git(dir, &["add", "--all"]);
    git(dir, &["commit", "--quiet", "-m", "mini"]);
    git(dir, &["tag", "v1"]);
    git(dir, &["rev-parse", "HEAD"])
}

/// Changes the owned `src/routes.txt` of the template, commits, tags the change
/// `v2` and moves `v1` onto it.
fn change_and_move_tag(repo: &Path, folder: &str) {
    let routes = repo.join(folder).join("files/src/routes.txt.hbs");
    let text = std::fs::read_to_string(&routes).unwrap();
    std::fs::write(&routes, format!("{text}changed in v2\n")).unwrap();
    git(repo, &["commit", "--quiet", "--all", "-m", "v2"]);
    git(repo, &["tag", "v2"]);
    git(repo, &["tag", "--force", "v1"]);
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.canonicalize().unwrap().display())
}

/// msgen with its template cache in `cache`.
fn msgen_cached(dir: &Path, cache: &Path) -> assert_cmd::Command {
    let mut command = msgen(dir);
    command.env("MSGEN_CACHE_DIR", cache);
    command
}

fn recorded(service: &Path) -> String {
    std::fs::read_to_string(service.join("msgen.toml")).unwrap()
}

fn run_ok(dir: &Path, cache: &Path, args: &[&str]) -> std::process::Output {
    let output = msgen_cached(dir, cache).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{args:?} in {}: {}{}",
        dir.display(),
        stdout(&output),
        stderr(&output)
    );
    output
}

#[test]
fn a_service_keeps_the_commit_its_tag_named_when_it_was_made() {
    if !tool_available("git") {
        return;
    }
    let workspace = Workspace::new();
    let repo = workspace.path().join("templates");
    std::fs::create_dir(&repo).unwrap();
    let commit = template_repo(&repo, "");
    let cache = workspace.path().join("cache");
    let source = format!("git+{}@v1", file_url(&repo));
    run_ok(
        workspace.path(),
        &cache,
        &["new", "svc", "--no-git", "--template", &source],
    );
    let record = recorded(&workspace.path().join("svc"));
    assert!(
        record.contains(&format!("source = \"{source}\""))
            && record.contains(&format!("commit = \"{commit}\"")),
        "{record}"
    );

    // A later template version, and the tag moved onto it, change nothing here.
    change_and_move_tag(&repo, "");
    let service = workspace.path().join("moved/svc");
    std::fs::create_dir(workspace.path().join("moved")).unwrap();
    std::fs::rename(workspace.path().join("svc"), &service).unwrap();
    run_ok(&service, &cache, &["check"]);

    // With the cache gone, the recorded commit is fetched again by its id.
    let fresh_cache = workspace.path().join("fresh-cache");
    let output = run_ok(&service, &fresh_cache, &["check"]);
    assert!(
        stderr(&output).contains("note: `v1`") && stderr(&output).contains(&commit),
        "{}",
        stderr(&output)
    );
    run_ok(&service, &fresh_cache, &["add-endpoint", "GET", "/things"]);
    run_ok(&service, &fresh_cache, &["sync"]);
    assert!(recorded(&service).contains(&format!("commit = \"{commit}\"")));

    // Offline: with the repository gone, a warm cache still serves the commit.
    std::fs::rename(&repo, workspace.path().join("gone")).unwrap();
    run_ok(&service, &fresh_cache, &["check"]);
    let output = msgen_cached(&service, &workspace.path().join("cold"))
        .env("MSGEN_OFFLINE", "1")
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("MSGEN_OFFLINE forbids fetching"),
        "{}",
        stderr(&output)
    );
    let output = msgen_cached(&service, &workspace.path().join("cold"))
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("cannot fetch the template repository")
            && stderr(&output).contains("hint: "),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_commit_and_a_folder_inside_the_repository_can_be_named() {
    if !tool_available("git") {
        return;
    }
    let workspace = Workspace::new();
    let repo = workspace.path().join("templates");
    std::fs::create_dir(&repo).unwrap();
    let commit = template_repo(&repo, "rust/mini");
    change_and_move_tag(&repo, "rust/mini");
    let cache = workspace.path().join("cache");
    let source = format!("git+{}@{commit}#rust/mini", repo.display());
    run_ok(
        workspace.path(),
        &cache,
        &["new", "svc", "--no-git", "--template", &source],
    );
    let service = workspace.path().join("svc");
    let routes = std::fs::read_to_string(service.join("src/routes.txt")).unwrap();
    assert!(!routes.contains("changed in v2"), "{routes}");
    assert!(recorded(&service).contains(&format!("commit = \"{commit}\"")));
    run_ok(&service, &cache, &["check"]);
    // `--template` names another version for one run; msgen.toml keeps its own.
    let latest = format!("git+{}@v2#rust/mini", repo.display());
    let output = msgen_cached(&service, &cache)
        .args(["check", "--template", &latest])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(recorded(&service).contains(&format!("commit = \"{commit}\"")));
}

#[test]
fn a_bad_git_source_is_refused_and_nothing_is_written() {
    if !tool_available("git") {
        return;
    }
    let workspace = Workspace::new();
    let repo = workspace.path().join("templates");
    std::fs::create_dir(&repo).unwrap();
    template_repo(&repo, "tpl");
    let cache = tempfile::tempdir().unwrap();
    let url = file_url(&repo);
    let before = workspace.snapshot();
    let cases = [
        (format!("git+{url}@v9"), "has no tag, branch or commit `v9`"),
        (format!("git+{url}"), "names no tag or commit"),
        (
            format!("git+{url}-missing@v1"),
            "cannot fetch the template repository",
        ),
        (format!("git+{url}@v1"), "has no template.toml"),
        (format!("git+{url}@v1#nope"), "has no folder `nope`"),
        (format!("git+{url}@v1#../up"), "not a plain path"),
    ];
    for (source, message) in cases {
        let output = msgen_cached(workspace.path(), cache.path())
            .args(["new", "svc", "--no-git", "--template", &source])
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "{source}: {}",
            stderr(&output)
        );
        let text = stderr(&output);
        assert!(
            text.contains(message) && text.contains("hint: "),
            "{source}: {text}"
        );
    }
    assert_eq!(workspace.snapshot(), before);
}

#[test]
fn a_recorded_git_source_without_its_commit_is_refused() {
    let workspace = Workspace::new();
    let service = workspace.new_service("svc", &[]);
    let manifest = recorded(&service).replace(
        "source = \"rust-axum\"",
        "source = \"git+file:///nowhere@v1\"",
    );
    std::fs::write(service.join("msgen.toml"), manifest).unwrap();
    let output = msgen_cached(&service, &PathBuf::from("/nonexistent-cache"))
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("has no recorded `commit`")
            && stderr(&output).contains("--template"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn services_made_at_once_from_one_git_template_share_the_cache() {
    if !tool_available("git") {
        return;
    }
    let workspace = Workspace::new();
    let repo = workspace.path().join("templates");
    std::fs::create_dir(&repo).unwrap();
    let commit = template_repo(&repo, "");
    let cache = workspace.path().join("cache");
    let source = format!("git+{}@v1", file_url(&repo));
    std::thread::scope(|scope| {
        let runs: Vec<_> = (0..8)
            .map(|index| {
                let (workspace, cache, source) = (workspace.path(), &cache, &source);
                scope.spawn(move || {
                    msgen_cached(workspace, cache)
                        .args([
                            "new",
                            &format!("svc{index}"),
                            "--no-git",
                            "--template",
                            source,
                        ])
                        .output()
                        .unwrap()
                })
            })
            .collect();
        for run in runs {
            let output = run.join().unwrap();
            assert!(output.status.success(), "{}", stderr(&output));
        }
    });
    for index in 0..8 {
        let service = workspace.path().join(format!("svc{index}"));
        assert!(recorded(&service).contains(&format!("commit = \"{commit}\"")));
    }
}
