//! `msgen add-endpoint`: contract edits that keep every other byte, user
//! files created once, owned files regenerated, refusals that change nothing.

use predicates::prelude::*;

#[cfg(unix)]
use crate::helpers::terminate_mid_write;
use crate::helpers::{Workspace, msgen, stderr, stdout, tree};

fn service() -> (Workspace, std::path::PathBuf) {
    let workspace = Workspace::new();
    let root = workspace.new_service("orders", &[]);
    (workspace, root)
}

#[test]
fn adds_an_operation_with_handler_test_and_wiring() {
    let (_workspace, root) = service();
    msgen(&root)
        .args([
            "add-endpoint",
            "GET",
            "/orders/{id}",
            "--param",
            "id:integer",
            "--response",
            "Order",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("as `get_order`"));
    let contract = std::fs::read_to_string(root.join("openapi.yaml")).unwrap();
    assert!(contract.contains("operationId: get_order"), "{contract}");
    assert!(contract.contains("Order:"), "a stub schema was not created");
    let output = msgen(&root)
        .args(["add-endpoint", "POST", "/orders", "--request", "NewOrder"])
        .output()
        .unwrap();
    assert!(
        stdout(&output).contains("created schema `NewOrder` in the contract as a placeholder"),
        "{}",
        stdout(&output)
    );
    let output = msgen(&root)
        .args([
            "add-endpoint",
            "PUT",
            "/orders/{id}",
            "--request",
            "Order",
            "--json",
        ])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["operation"]["stub_schemas"], serde_json::json!([]));
    assert!(root.join("src/handlers/get_order.rs").is_file());
    msgen(&root).args(["check"]).assert().success();
}

#[test]
fn keeps_comments_and_formatting_of_the_contract() {
    let (_workspace, root) = service();
    let path = root.join("openapi.yaml");
    let original = std::fs::read_to_string(&path).unwrap();
    let commented = original.replacen("paths:", "# our API, hand-tuned\npaths: # keep this\n", 1);
    std::fs::write(&path, &commented).unwrap();
    msgen(&root)
        .args([
            "add-endpoint",
            "POST",
            "/orders",
            "--request",
            "Order",
            "--response",
            "Order",
        ])
        .assert()
        .success();
    let edited = std::fs::read_to_string(&path).unwrap();
    let diff = similar::TextDiff::from_lines(&commented, &edited);
    for change in diff.iter_all_changes() {
        assert_ne!(
            change.tag(),
            similar::ChangeTag::Delete,
            "removed line: {change}"
        );
    }
    assert!(edited.contains("# our API, hand-tuned\npaths: # keep this\n"));
}

#[test]
fn dry_run_prints_a_diff_and_writes_nothing() {
    let (workspace, root) = service();
    let before = workspace.snapshot();
    let output = msgen(&root)
        .args(["add-endpoint", "DELETE", "/orders/{id}", "--dry-run"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let diff = stdout(&output);
    assert!(
        diff.contains("+++ b/openapi.yaml") && diff.contains("+    delete:")
            || diff.contains("delete_order"),
        "{diff}"
    );
    assert!(
        diff.contains("+++ b/src/handlers/delete_order.rs"),
        "{diff}"
    );
    assert_eq!(workspace.snapshot(), before);
}

#[test]
fn never_overwrites_a_user_handler() {
    let (_workspace, root) = service();
    msgen(&root)
        .args(["add-endpoint", "GET", "/orders"])
        .assert()
        .success();
    let handler = root.join("src/handlers/list_orders.rs");
    let ours = std::fs::read_to_string(&handler)
        .unwrap()
        .replace("//", "// ours:");
    std::fs::write(&handler, &ours).unwrap();
    msgen(&root)
        .args(["add-endpoint", "POST", "/orders"])
        .assert()
        .success();
    msgen(&root).args(["sync"]).assert().success();
    assert_eq!(std::fs::read_to_string(&handler).unwrap(), ours);
}

#[test]
fn refusals_change_nothing() {
    let (workspace, root) = service();
    msgen(&root)
        .args(["add-endpoint", "GET", "/orders/{id}"])
        .assert()
        .success();
    let before = workspace.snapshot();
    for (args, expected) in [
        (vec!["GET", "/orders/{id}"], "already"),
        (vec!["GET", "/orders/{name}"], "conflict"),
        (vec!["POST", "/orders", "--name", "get_order"], "get_order"),
        (vec!["FETCH", "/orders"], "FETCH"),
        (vec!["GET", "orders"], "/"),
        (vec!["GET", "/orders/:id"], ":id"),
        (vec!["GET", "/orders/{id"], "{id"),
        (vec!["GET", "/a/{x}/{x}"], "x"),
        (vec!["GET", "/orders?x=1"], "?"),
        (vec!["GET", "/../etc"], ".."),
        (vec!["GET", "/things/{type}"], "type"),
        (
            vec!["GET", "/orders/{id}/lines", "--param", "nope:integer"],
            "nope",
        ),
    ] {
        let output = msgen(&root)
            .arg("add-endpoint")
            .args(&args)
            .output()
            .unwrap();
        let text = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {text}");
        assert!(text.contains(expected), "{args:?}: {text}");
        assert_eq!(workspace.snapshot(), before, "{args:?} changed the disk");
    }
}

#[test]
fn refuses_a_hand_edited_owned_file_unless_forced() {
    let (workspace, root) = service();
    let routes = root.join("src/routes.rs");
    let edited = format!(
        "{}\n// hand edit\n",
        std::fs::read_to_string(&routes).unwrap()
    );
    std::fs::write(&routes, &edited).unwrap();
    let before = workspace.snapshot();
    msgen(&root)
        .args(["add-endpoint", "GET", "/orders"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("src/routes.rs").and(predicate::str::contains("--force")));
    assert_eq!(workspace.snapshot(), before);
    msgen(&root)
        .args(["add-endpoint", "GET", "/orders", "--force"])
        .assert()
        .success();
    assert!(
        !std::fs::read_to_string(&routes)
            .unwrap()
            .contains("hand edit")
    );
}

#[test]
fn outside_a_service_is_a_usage_error() {
    let workspace = Workspace::new();
    msgen(workspace.path())
        .args(["add-endpoint", "GET", "/orders"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("not inside an msgen service")
                .and(predicate::str::contains("-C DIR")),
        );
}

#[test]
fn finds_the_service_from_a_subfolder_and_with_dash_c() {
    let (workspace, root) = service();
    msgen(&root.join("src"))
        .args(["add-endpoint", "GET", "/orders"])
        .assert()
        .success();
    msgen(workspace.path())
        .args(["add-endpoint", "POST", "/orders", "-C", "orders"])
        .assert()
        .success();
    assert!(root.join("src/handlers/create_order.rs").is_file());
}

#[test]
fn injected_failure_restores_every_file() {
    let (workspace, root) = service();
    let before = workspace.snapshot();
    for after in [0, 1, 3] {
        let output = msgen(&root)
            .args(["add-endpoint", "GET", "/orders"])
            .env("MSGEN_FAULT_AFTER_WRITES", after.to_string())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        assert_eq!(
            tree(workspace.path()),
            before,
            "fault at write {after} left changes"
        );
    }
}

#[test]
fn newer_manifest_is_refused_with_both_versions() {
    let (workspace, root) = service();
    let path = root.join("msgen.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let newer = regex_replace_version(&text);
    std::fs::write(&path, newer).unwrap();
    let before = workspace.snapshot();
    msgen(&root)
        .args(["add-endpoint", "GET", "/orders"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("99.0.0")
                .and(predicate::str::contains(env!("CARGO_PKG_VERSION"))),
        );
    assert_eq!(workspace.snapshot(), before);
}

fn regex_replace_version(text: &str) -> String {
    text.lines()
        .map(|line| {
            if line.starts_with("msgen-version") {
                "msgen-version = \"99.0.0\"".to_owned()
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(unix)]
#[test]
fn sigterm_mid_write_restores_every_file() {
    let (workspace, root) = service();
    let before = workspace.snapshot();
    let Some(code) = terminate_mid_write(&root, &["add-endpoint", "GET", "/orders"], 2) else {
        return;
    };
    assert_eq!(code, 130);
    assert_eq!(
        tree(workspace.path()),
        before,
        "files changed after SIGTERM"
    );
}

#[test]
fn a_path_parameter_keeps_one_type_across_its_path() {
    let (workspace, root) = service();
    msgen(&root)
        .args([
            "add-endpoint",
            "GET",
            "/orders/{id}",
            "--param",
            "id:integer",
        ])
        .assert()
        .success();
    msgen(&root)
        .args(["add-endpoint", "DELETE", "/orders/{id}"])
        .assert()
        .success();
    let contract = std::fs::read_to_string(root.join("openapi.yaml")).unwrap();
    let integer = "          schema:\n            type: integer\n            format: int64\n";
    assert_eq!(contract.matches(integer).count(), 2, "{contract}");
    let before = workspace.snapshot();
    msgen(&root)
        .args(["add-endpoint", "PUT", "/orders/{id}", "--param", "id:string"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "path parameter `id` of `/orders/{id}` is `integer (int64)` in openapi.yaml, not `string`",
        ))
        .stderr(predicate::str::contains("hint: leave out that --param"));
    assert_eq!(workspace.snapshot(), before);
    msgen(&root).arg("check").assert().success();
}
