//! Services inside a larger git repository: CI where the forge reads it (the work
//! tree's root), scoped to each service's folder; a service alone keeps its own.

use std::path::Path;

use crate::helpers::{Workspace, msgen, stderr, stdout, tool_available};

fn git(dir: &Path, args: &[&str]) {
    let output = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(output.status.success(), "git {args:?}");
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// Runs an outside validator on `args` in `dir` when it is installed.
fn validate_if_installed(dir: &Path, program: &str, args: &[&str]) {
    if !tool_available(program) {
        // CI installs the validators first and sets this, so there they must run.
        assert!(
            std::env::var_os("MSGEN_REQUIRE_VALIDATORS").is_none(),
            "{program} is not on PATH (run scripts/install-validators.sh)"
        );
        return;
    }
    let output = std::process::Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{program}: {}{}",
        stdout(&output),
        stderr(&output)
    );
}

#[test]
fn two_services_in_one_repository_get_two_scoped_workflows_at_its_root() {
    if !tool_available("git") {
        return;
    }
    let workspace = Workspace::new();
    let repo = workspace.path().join("shop");
    std::fs::create_dir_all(repo.join("services")).unwrap();
    git(&repo, &["init", "--quiet"]);
    let first = msgen(&repo)
        .args(["new", "orders", "--output", "services"])
        .output()
        .unwrap();
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stdout(&first).contains("created `.github/workflows/orders.yml` at the root"));
    let second = msgen(&repo.join("services"))
        .args(["new", "payments"])
        .output()
        .unwrap();
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(
        stdout(&second).contains("added this service to `.github/dependabot.yml`"),
        "{}",
        stdout(&second)
    );
    for name in ["orders", "payments"] {
        let workflow = read(&repo.join(format!(".github/workflows/{name}.yml")));
        for expected in [
            format!("name: {name}\n"),
            format!("      - \"services/{name}/**\"\n"),
            format!("      - \".github/workflows/{name}.yml\"\n"),
            format!("    working-directory: \"services/{name}\"\n"),
            format!("          workspaces: \"services/{name}\"\n"),
        ] {
            assert!(workflow.contains(&expected), "{name}: no {expected:?}");
        }
        let service = repo.join("services").join(name);
        assert!(
            !service.join(".github").exists(),
            "{name} has a nested .github"
        );
        for args in [&["check"][..], &["sync"], &["check"]] {
            msgen(&service).args(args).assert().success();
        }
    }
    let dependabot = read(&repo.join(".github/dependabot.yml"));
    for name in ["orders", "payments"] {
        assert_eq!(
            dependabot
                .matches(&format!("directory: \"/services/{name}\"\n"))
                .count(),
            2,
            "{dependabot}"
        );
    }
    assert_eq!(dependabot.matches("github-actions").count(), 1);
    validate_if_installed(&repo, "actionlint", &[]);
    validate_if_installed(&repo, "zizmor", &["--offline", "."]);
}

#[test]
fn a_service_alone_or_in_an_ignored_folder_keeps_its_own_workflow() {
    let workspace = Workspace::new();
    let alone = workspace.new_service("orders", &[]);
    assert!(alone.join(".github/workflows/ci.yml").is_file());
    assert!(read(&alone.join(".github/workflows/ci.yml")).contains("name: ci\n"));
    if !tool_available("git") {
        return;
    }
    let repo = workspace.path().join("repo");
    std::fs::create_dir_all(repo.join("target")).unwrap();
    git(&repo, &["init", "--quiet"]);
    std::fs::write(repo.join(".gitignore"), "/target/\n").unwrap();
    msgen(&repo.join("target"))
        .args(["new", "built", "--no-git"])
        .assert()
        .success();
    assert!(repo.join("target/built/.github/workflows/ci.yml").is_file());
    assert!(!repo.join(".github").exists());
}

#[test]
fn dry_run_lists_the_files_for_the_work_tree_root_and_writes_nothing() {
    if !tool_available("git") {
        return;
    }
    let workspace = Workspace::new();
    git(workspace.path(), &["init", "--quiet"]);
    let output = msgen(workspace.path())
        .args(["new", "orders", "--dry-run"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(text.contains("at the root of the git work tree"), "{text}");
    assert!(text.contains(".github/workflows/orders.yml"), "{text}");
    assert!(!workspace.path().join(".github").exists());
    assert!(!workspace.path().join("orders").exists());
}

#[test]
fn check_says_when_a_service_workflow_is_nested_where_the_forge_never_runs_it() {
    if !tool_available("git") {
        return;
    }
    let workspace = Workspace::new();
    let service = workspace.new_service("orders", &[]);
    git(workspace.path(), &["init", "--quiet"]);
    let output = msgen(&service).arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.contains(".github/workflows/ci.yml: the forge never reads this file")
            && text.contains("`.github/workflows/orders.yml`")
            && text.contains("[layout]"),
        "{text}"
    );
}

#[test]
fn a_dependabot_file_msgen_cannot_extend_safely_is_kept_and_reported() {
    if !tool_available("git") {
        return;
    }
    let workspace = Workspace::new();
    git(workspace.path(), &["init", "--quiet"]);
    let theirs = "version: 2\nupdates:\n- package-ecosystem: npm\n  directory: /web\n  schedule:\n    interval: daily\n";
    std::fs::create_dir(workspace.path().join(".github")).unwrap();
    std::fs::write(workspace.path().join(".github/dependabot.yml"), theirs).unwrap();
    let output = msgen(workspace.path())
        .args(["new", "orders"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(
        stdout(&output).contains("kept existing `.github/dependabot.yml` at the root"),
        "{}",
        stdout(&output)
    );
    assert_eq!(
        read(&workspace.path().join(".github/dependabot.yml")),
        theirs
    );
    assert!(
        workspace
            .path()
            .join(".github/workflows/orders.yml")
            .is_file()
    );
}
