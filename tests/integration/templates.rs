//! Template folders: the same format as the built-ins, data never code,
//! refused when unsafe; `templates list|show|copy`; `smoke`.

use std::path::{Path, PathBuf};

use predicates::prelude::*;

use crate::helpers::{Workspace, msgen, stderr, stdout, tool_available};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A copy of the `mini` fixture in `workspace`, to damage in a test.
fn mini_copy(workspace: &Workspace) -> PathBuf {
    let dir = workspace.path().join("tpl");
    msgen(workspace.path())
        .args(["templates", "copy"])
        .arg(fixture("mini"))
        .arg(&dir)
        .assert()
        .success();
    dir
}

#[test]
fn a_template_folder_generates_with_variables_and_conditions() {
    let workspace = Workspace::new();
    msgen(workspace.path())
        .args([
            "new",
            "demo",
            "--no-git",
            "--set",
            "metrics=false",
            "--set",
            "team=red",
            "--template",
        ])
        .arg(fixture("mini"))
        .assert()
        .success();
    let root = workspace.path().join("demo");
    assert!(
        !root.join("metrics").exists(),
        "conditional folder rendered although metrics=false"
    );
    assert!(
        std::fs::read_to_string(root.join("README.md"))
            .unwrap()
            .contains("Team red.")
    );
    msgen(&root)
        .args(["add-endpoint", "GET", "/things"])
        .assert()
        .success();
    assert!(root.join("src/handlers/list_things.txt").is_file());
    msgen(&root).arg("check").assert().success();
}

#[test]
fn show_describes_variables_and_files() {
    let workspace = Workspace::new();
    let output = msgen(workspace.path())
        .args(["templates", "show"])
        .arg(fixture("mini"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = stdout(&output).replace(&fixture("mini").display().to_string(), "[fixture]");
    insta::assert_snapshot!("templates_show_mini", text);
}

#[test]
fn copy_of_the_builtin_is_a_working_template() {
    let workspace = Workspace::new();
    let copy = workspace.path().join("ours");
    msgen(workspace.path())
        .args(["templates", "copy", "rust-axum"])
        .arg(&copy)
        .assert()
        .success();
    let manifest = std::fs::read_to_string(copy.join("template.toml")).unwrap();
    assert!(manifest.starts_with("name = \"ours\"\n"), "{manifest}");
    msgen(workspace.path())
        .args(["new", "orders", "--no-git", "--template"])
        .arg(&copy)
        .assert()
        .success();
    let builtin = Workspace::new();
    let reference = builtin.new_service("orders", &[]);
    let ours = workspace.path().join("orders");
    let record = std::fs::read_to_string(workspace.path().join("orders/msgen.toml")).unwrap();
    assert!(record.contains("name = \"ours\""), "{record}");
    for file in ["src/routes.rs", "openapi.yaml", "Cargo.toml"] {
        assert_eq!(
            std::fs::read(ours.join(file)).unwrap(),
            std::fs::read(reference.join(file)).unwrap(),
            "{file}"
        );
    }
}

#[test]
fn unsafe_templates_are_refused_and_nothing_is_written() {
    type Damage = Box<dyn Fn(&Path)>;
    let cases: Vec<(&str, Damage, &str)> = vec![
        (
            "unknown key",
            Box::new(|dir: &Path| append(dir.join("template.toml"), "\nhooks = [\"rm -rf /\"]\n")),
            "unknown field `hooks`",
        ),
        (
            "escaping path",
            Box::new(|dir: &Path| {
                std::fs::create_dir_all(dir.join("files/{{#if name.kebab}}..{{/if}}")).unwrap();
                write(
                    dir.join("files/{{#if name.kebab}}..{{/if}}/escape.txt"),
                    "x",
                );
            }),
            "contains `..`",
        ),
        (
            "missing variable",
            Box::new(|dir: &Path| write(dir.join("files/x.txt.hbs"), "line\n{{missing_var}}")),
            "missing_var",
        ),
        (
            "git target",
            Box::new(|dir: &Path| {
                std::fs::create_dir_all(dir.join("files/.git/hooks")).unwrap();
                write(dir.join("files/.git/hooks/post-checkout"), "#!/bin/sh");
            }),
            ".git/",
        ),
        (
            "newer msgen",
            Box::new(|dir: &Path| {
                let text = std::fs::read_to_string(dir.join("template.toml"))
                    .unwrap()
                    .replace(
                        "min-msgen-version = \"0.1.0\"",
                        "min-msgen-version = \"9.0.0\"",
                    );
                write(dir.join("template.toml"), &text);
            }),
            "needs msgen 9.0.0",
        ),
    ];
    for (label, damage, expected) in cases {
        let workspace = Workspace::new();
        let template = mini_copy(&workspace);
        damage(&template);
        let out = workspace.path().join("out");
        std::fs::create_dir(&out).unwrap();
        let output = msgen(workspace.path())
            .args(["new", "demo", "--no-git", "--output", "out", "--template"])
            .arg(&template)
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "{label}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(expected),
            "{label}: {}",
            stderr(&output)
        );
        assert_eq!(
            std::fs::read_dir(&out).unwrap().count(),
            0,
            "{label}: wrote files"
        );
    }
}

#[cfg(unix)]
#[test]
fn symlinks_in_a_template_are_refused() {
    let workspace = Workspace::new();
    let template = mini_copy(&workspace);
    std::os::unix::fs::symlink("/etc/passwd", template.join("files/passwd")).unwrap();
    msgen(workspace.path())
        .args(["new", "demo", "--no-git", "--template"])
        .arg(&template)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("symlink"));
    assert!(!workspace.path().join("demo").exists());
}

#[test]
fn missing_required_values_are_listed_with_help_without_a_terminal() {
    let workspace = Workspace::new();
    let template = mini_copy(&workspace);
    append(
        template.join("template.toml"),
        "\n[variables.owner]\ntype = \"string\"\nrequired = true\nhelp = \"the owning team's handle\"\n",
    );
    msgen(workspace.path())
        .args(["new", "demo", "--no-git", "--template"])
        .arg(&template)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("`owner` (the owning team's handle)")
                .and(predicate::str::contains("--set")),
        );
}

#[test]
fn smoke_passes_a_good_template_and_keeps_a_failing_service() {
    let workspace = Workspace::new();
    msgen(workspace.path())
        .args(["smoke", "--template"])
        .arg(fixture("mini"))
        .assert()
        .success()
        .stdout(predicate::str::contains("check is clean"));
    let template = mini_copy(&workspace);
    let text = std::fs::read_to_string(template.join("template.toml"))
        .unwrap()
        .replace(
            "verify = [\"test -f openapi.yaml\"]",
            "verify = [\"echo broken >&2; exit 3\"]",
        );
    write(template.join("template.toml"), &text);
    let output = msgen(workspace.path())
        .args(["smoke", "--output", "kept", "--template"])
        .arg(&template)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("broken") && stdout(&output).contains("kept:"),
        "{}",
        stdout(&output)
    );
    assert!(
        workspace
            .path()
            .join("kept/smoke/smoke/msgen.toml")
            .is_file()
    );
}

#[test]
fn smoke_runs_a_python_template_when_python_is_present() {
    if !tool_available("python3") {
        return;
    }
    let workspace = Workspace::new();
    msgen(workspace.path())
        .args(["smoke", "--template"])
        .arg(fixture("python-http"))
        .assert()
        .success()
        .stdout(predicate::str::contains("unittest"));
}

/// The `--help` of every command is pinned in `outputs.rs`.
#[test]
fn man_page_is_generated_from_the_cli() {
    let workspace = Workspace::new();
    msgen(workspace.path())
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH msgen"));
}

fn write(path: PathBuf, text: &str) {
    std::fs::write(path, text).unwrap();
}

fn append(path: PathBuf, text: &str) {
    let old = std::fs::read_to_string(&path).unwrap();
    std::fs::write(path, old + text).unwrap();
}
