//! `msgen sync` and `msgen check`: contract-first edits and drift findings.

use predicates::prelude::*;

use crate::helpers::{Workspace, msgen, stdout};

#[test]
fn a_fresh_service_checks_clean_and_syncs_to_nothing() {
    let workspace = Workspace::new();
    let root = workspace.new_service("orders", &[]);
    msgen(&root)
        .args(["check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ok"));
    let before = workspace.snapshot();
    msgen(&root)
        .args(["sync"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Up to date"));
    assert_eq!(workspace.snapshot(), before);
    let output = msgen(&root).args(["sync", "--dry-run"]).output().unwrap();
    assert!(!stdout(&output).contains("+++"), "{}", stdout(&output));
}

#[test]
fn sync_picks_up_a_hand_added_operation_and_is_idempotent() {
    let workspace = Workspace::new();
    let root = workspace.new_service("orders", &[]);
    let scratch = Workspace::new();
    let donor = scratch.new_service("orders", &[]);
    msgen(&donor)
        .args(["add-endpoint", "GET", "/orders"])
        .assert()
        .success();
    // The team edits the contract by hand: copy the grown contract over.
    std::fs::copy(donor.join("openapi.yaml"), root.join("openapi.yaml")).unwrap();
    msgen(&root)
        .args(["check"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("list_orders"));
    msgen(&root).args(["sync"]).assert().success();
    assert!(root.join("src/handlers/list_orders.rs").is_file());
    msgen(&root).args(["check"]).assert().success();
    let before = workspace.snapshot();
    msgen(&root).args(["sync"]).assert().success();
    assert_eq!(workspace.snapshot(), before);
}

#[test]
fn check_reports_each_kind_of_drift() {
    let workspace = Workspace::new();
    let root = workspace.new_service("orders", &[]);
    msgen(&root)
        .args(["add-endpoint", "GET", "/orders"])
        .assert()
        .success();
    std::fs::remove_file(root.join("src/handlers/list_orders.rs")).unwrap();
    std::fs::write(root.join("src/handlers/stray.rs"), "").unwrap();
    let routes = root.join("src/routes.rs");
    std::fs::write(
        &routes,
        format!("{}// edit\n", std::fs::read_to_string(&routes).unwrap()),
    )
    .unwrap();
    let output = msgen(&root).args(["check", "--json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let kinds: Vec<(&str, &str)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| {
            (
                finding["kind"].as_str().unwrap(),
                finding["path"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(
        kinds.contains(&("missing", "src/handlers/list_orders.rs")),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&("orphan", "src/handlers/stray.rs")),
        "{kinds:?}"
    );
    assert!(kinds.contains(&("edited", "src/routes.rs")), "{kinds:?}");
}

#[test]
fn check_reports_an_invalid_contract() {
    let workspace = Workspace::new();
    let root = workspace.new_service("orders", &[]);
    std::fs::write(root.join("openapi.yaml"), "openapi: 3.1.0\npaths: [\n").unwrap();
    msgen(&root)
        .args(["check"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("openapi.yaml:"));
    msgen(&root)
        .args(["sync"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("openapi.yaml:"));
}

/// A service from before the operation tests shared one binary: its `tests/<operation>.rs`
/// files are the team's, so check names each, and sync moves them unchanged.
#[test]
fn sync_moves_operation_tests_of_the_old_layout_into_the_one_test_binary() {
    let workspace = Workspace::new();
    let root = workspace.new_service("orders", &[]);
    for (method, path) in [("GET", "/orders"), ("POST", "/orders")] {
        msgen(&root)
            .args(["add-endpoint", method, path])
            .assert()
            .success();
    }
    // The old layout: one test crate per operation, no `tests/operations/` at all.
    let team_test = format!(
        "{}// the team's own assertion\n",
        std::fs::read_to_string(root.join("tests/operations/list_orders.rs")).unwrap()
    );
    std::fs::write(root.join("tests/list_orders.rs"), &team_test).unwrap();
    std::fs::rename(
        root.join("tests/operations/create_order.rs"),
        root.join("tests/create_order.rs"),
    )
    .unwrap();
    std::fs::remove_dir_all(root.join("tests/operations")).unwrap();
    let output = msgen(&root).args(["check", "--json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings: Vec<(&str, &str)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| {
            (
                finding["kind"].as_str().unwrap(),
                finding["path"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        findings,
        [
            ("moved", "tests/create_order.rs"),
            ("moved", "tests/list_orders.rs"),
            ("missing", "tests/operations/main.rs"),
        ],
    );
    msgen(&root).args(["sync"]).assert().success();
    assert_eq!(
        std::fs::read_to_string(root.join("tests/operations/list_orders.rs")).unwrap(),
        team_test
    );
    assert!(!root.join("tests/list_orders.rs").exists());
    assert!(!root.join("tests/create_order.rs").exists());
    assert!(root.join("tests/operations/create_order.rs").is_file());
    assert!(
        std::fs::read_to_string(root.join("tests/operations/main.rs"))
            .unwrap()
            .contains("mod list_orders;")
    );
    // The skeleton's own tests stay where they are.
    assert!(root.join("tests/api.rs").is_file());
    msgen(&root).args(["check"]).assert().success();
}

/// An operation with a `multipart/form-data` body, to put first under `paths:`.
const UPLOAD: &str = "paths:\n  /photos:\n    post:\n      operationId: upload-photo\n      requestBody:\n        required: true\n        content:\n          multipart/form-data:\n            schema:\n              type: object\n              required: [photo]\n              properties:\n                photo: {type: string, format: binary}\n                caption: {type: string}\n      responses:\n        '204': {description: Stored}\n";

#[test]
fn a_multipart_body_turns_the_multipart_feature_on_and_check_reports_it_off() {
    let workspace = Workspace::new();
    let root = workspace.new_service("orders", &[]);
    let cargo = || std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let off = cargo();
    assert!(off.contains("\ndefault = []\n"), "{off}");
    let contract = std::fs::read_to_string(root.join("openapi.yaml")).unwrap();
    std::fs::write(
        root.join("openapi.yaml"),
        contract.replacen("paths:\n", UPLOAD, 1),
    )
    .unwrap();
    let output = msgen(&root).args(["check"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let out = stdout(&output);
    assert!(
        out.contains("Cargo.toml: the contract has a `multipart/form-data` body")
            && out.contains("[feature]")
            && out.contains("hint:"),
        "{out}"
    );
    msgen(&root).args(["sync"]).assert().success();
    assert_eq!(
        cargo(),
        off.replace("\ndefault = []\n", "\ndefault = [\"multipart\"]\n")
    );
    msgen(&root).args(["check"]).assert().success();
    // A service from before the feature: check names the line to add.
    std::fs::write(
        root.join("Cargo.toml"),
        cargo().replace("multipart = [\"axum/multipart\"]\n", ""),
    )
    .unwrap();
    msgen(&root)
        .args(["check"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("multipart = [\"axum/multipart\"]"));
}
