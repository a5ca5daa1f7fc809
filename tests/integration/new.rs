//! `msgen new`: what a fresh service holds and how `new` treats the disk.

use predicates::prelude::*;

use crate::helpers::{Workspace, file_list, msgen, stdout, tool_available, tree};

#[test]
fn creates_a_complete_service() {
    let workspace = Workspace::new();
    let output = msgen(workspace.path())
        .args(["new", "orders", "--no-git"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout(&output).contains("cd orders && cargo run"));
    let root = workspace.path().join("orders");
    insta::assert_snapshot!("new_file_list", file_list(&root));
    let manifest = std::fs::read_to_string(root.join("msgen.toml")).unwrap();
    insta::with_settings!({ filters => vec![(r#"msgen-version = "[^"]+""#, r#"msgen-version = "[version]""#)] }, {
        insta::assert_snapshot!("new_msgen_toml", manifest);
    });
}

#[test]
fn output_is_deterministic() {
    let first = Workspace::new();
    let second = Workspace::new();
    let a = first.new_service("orders", &[]);
    let b = second.new_service("orders", &[]);
    assert_eq!(tree(&a), tree(&b));
}

#[test]
fn dry_run_lists_files_and_writes_nothing() {
    let workspace = Workspace::new();
    msgen(workspace.path())
        .args(["new", "orders", "--dry-run"])
        .assert()
        .success()
        .stdout(predicate::str::contains("create").and(predicate::str::contains("msgen.toml")))
        .stdout(predicate::str::contains("nothing written"));
    assert!(workspace.snapshot().is_empty());
}

#[test]
fn json_summary_is_machine_readable() {
    let workspace = Workspace::new();
    let output = msgen(workspace.path())
        .args(["new", "orders", "--no-git", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary["name"], "orders");
    assert!(summary["plan"]["files"].as_array().unwrap().len() > 10);
}

#[test]
fn set_overrides_a_default() {
    let workspace = Workspace::new();
    let root = workspace.new_service("orders", &["--set", "port=9090"]);
    let manifest = std::fs::read_to_string(root.join("msgen.toml")).unwrap();
    assert!(manifest.contains("port = 9090"), "{manifest}");
}

#[test]
fn output_creates_missing_parent_folders_but_not_in_a_dry_run() {
    let workspace = Workspace::new();
    msgen(workspace.path())
        .args(["new", "orders", "--output", "services/shop", "--dry-run"])
        .assert()
        .success();
    assert!(workspace.snapshot().is_empty());
    assert!(!workspace.path().join("services").exists());
    msgen(workspace.path())
        .args(["new", "orders", "--no-git", "--output", "services/shop"])
        .assert()
        .success();
    let root = workspace.path().join("services/shop/orders");
    assert!(root.join("msgen.toml").is_file());
    msgen(&root).arg("check").assert().success();
}

#[test]
fn writes_into_an_empty_existing_folder() {
    let workspace = Workspace::new();
    std::fs::create_dir(workspace.path().join("orders")).unwrap();
    workspace.new_service("orders", &[]);
    assert!(workspace.path().join("orders/msgen.toml").is_file());
}

#[test]
fn force_writes_beside_existing_files_and_overwrites_none() {
    let workspace = Workspace::new();
    let root = workspace.path().join("orders");
    std::fs::create_dir(&root).unwrap();
    std::fs::write(root.join("README.md"), "our notes").unwrap();
    std::fs::write(root.join("keep.txt"), "mine").unwrap();
    msgen(workspace.path())
        .args(["new", "orders", "--no-git", "--force"])
        .assert()
        .success()
        .stdout(predicate::str::contains("kept existing `README.md`"));
    assert_eq!(
        std::fs::read_to_string(root.join("README.md")).unwrap(),
        "our notes"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("keep.txt")).unwrap(),
        "mine"
    );
    assert!(root.join("msgen.toml").is_file());
}

#[test]
fn initializes_git_with_a_first_commit() {
    if !tool_available("git") {
        return;
    }
    let workspace = Workspace::new();
    msgen(workspace.path())
        .args(["new", "orders"])
        .assert()
        .success();
    let log = std::process::Command::new("git")
        .args(["log", "--oneline"])
        .current_dir(workspace.path().join("orders"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&log.stdout).contains("Generate orders with msgen"));
}

#[test]
fn lists_and_shows_templates() {
    let workspace = Workspace::new();
    msgen(workspace.path())
        .args(["templates", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("rust-axum"));
    msgen(workspace.path())
        .args(["templates", "show", "rust-axum"])
        .assert()
        .success()
        .stdout(predicate::str::contains("port").and(predicate::str::contains("(msgen-owned)")));
}

#[test]
fn prints_completions() {
    let workspace = Workspace::new();
    msgen(workspace.path())
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("add-endpoint"));
}

/// The msgen-owned files of the orders example, pinned: a change to the
/// generator or the template shows up here as a reviewable diff.
#[test]
fn owned_files_of_the_orders_example() {
    let workspace = Workspace::new();
    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/orders.toml");
    msgen(workspace.path())
        .args(["new", "--no-git", "--from"])
        .arg(spec)
        .assert()
        .success();
    let root = workspace.path().join("orders");
    for file in [
        "src/routes.rs",
        "src/handlers/mod.rs",
        "src/models.rs",
        "tests/contract.rs",
        "tests/operations/main.rs",
        "openapi.yaml",
    ] {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        insta::assert_snapshot!(format!("orders_{}", file.replace(['/', '.'], "_")), text);
    }
    let diff = msgen(&root)
        .args(["add-endpoint", "DELETE", "/orders/{order_id}", "--dry-run"])
        .output()
        .unwrap();
    insta::assert_snapshot!("orders_add_endpoint_dry_run", stdout(&diff));
}

/// The shipped Cargo.lock holds the service's own entry where cargo sorts it
/// (by name), whatever the name, so cargo never rewrites the file.
#[test]
fn the_lockfile_holds_the_service_where_cargo_sorts_it() {
    let workspace = Workspace::new();
    for name in ["aaa", "orders", "tower-zz", "zzz"] {
        let root = workspace.new_service(name, &[]);
        let lock = std::fs::read_to_string(root.join("Cargo.lock")).unwrap();
        assert!(lock.starts_with("# This file is automatically @generated by Cargo."));
        assert!(lock.ends_with('\n') && !lock.ends_with("\n\n"), "{name}");
        let blocks: Vec<&str> = lock.split("\n\n").skip(1).collect();
        assert!(
            blocks
                .iter()
                .all(|b| b.starts_with("[[package]]\nname = \"")),
            "{name}"
        );
        let names: Vec<&str> = blocks
            .iter()
            .map(|b| {
                b.lines()
                    .nth(1)
                    .unwrap()
                    .trim_start_matches("name = ")
                    .trim_matches('"')
            })
            .collect();
        assert!(names.is_sorted(), "{name}: {names:?}");
        assert_eq!(names.iter().filter(|n| **n == name).count(), 1, "{name}");
    }
}
