//! `msgen remove-endpoint`, `msgen rename-endpoint` and the orphan warning of `sync`:
//! the contract keeps every other byte, untouched files go or move, the team's
//! changes are never lost without `--force`, refusals change nothing.

use std::path::{Path, PathBuf};

use predicates::prelude::*;

#[cfg(unix)]
use crate::helpers::terminate_mid_write;
use crate::helpers::{Workspace, msgen, stderr, stdout};

/// A service with `GET /orders`, and the contract as it was then; then `POST /orders`
/// and `GET /orders/{id}` added on top.
fn service() -> (Workspace, PathBuf, String) {
    let workspace = Workspace::new();
    let root = workspace.new_service("orders", &[]);
    add(&root, &["GET", "/orders"]);
    let contract = read(&root, "openapi.yaml");
    add(&root, &["POST", "/orders"]);
    add(&root, &["GET", "/orders/{id}"]);
    (workspace, root, contract)
}

fn add(root: &Path, endpoint: &[&str]) {
    msgen(root)
        .arg("add-endpoint")
        .args(endpoint)
        .assert()
        .success();
}

fn read(root: &Path, path: &str) -> String {
    std::fs::read_to_string(root.join(path)).unwrap()
}

fn append(root: &Path, path: &str, text: &str) {
    let mut contents = read(root, path);
    contents.push_str(text);
    std::fs::write(root.join(path), contents).unwrap();
}

fn check_is_clean(root: &Path) {
    msgen(root).arg("check").assert().success();
}

#[test]
fn removes_an_untouched_endpoint_with_its_handler_and_test() {
    let (_workspace, root, _) = service();
    let before = read(&root, "openapi.yaml");
    msgen(&root)
        .args(["remove-endpoint", "GET", "/orders/{id}"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Removed `GET /orders/{id}` (`get_order`)",
        ))
        .stdout(predicate::str::contains("delete src/handlers/get_order.rs"));
    assert!(!root.join("src/handlers/get_order.rs").exists());
    assert!(!root.join("tests/operations/get_order.rs").exists());
    // The path item went with its only operation; every other byte is as it was.
    let after = read(&root, "openapi.yaml");
    let start = before.find("  /orders/{id}:\n").unwrap();
    let end = before[start..].find("components:\n").unwrap() + start;
    assert_eq!(after, format!("{}{}", &before[..start], &before[end..]));
    // The contract test lists the operations the contract has: none of them is gone.
    for owned in ["src/routes.rs", "src/handlers/mod.rs", "tests/contract.rs"] {
        assert!(!read(&root, owned).contains("get_order"), "{owned}");
    }
    check_is_clean(&root);
}

#[test]
fn removing_one_of_two_methods_restores_the_contract_byte_for_byte() {
    let (_workspace, root, _) = service();
    msgen(&root)
        .args(["remove-endpoint", "GET", "/orders/{id}"])
        .assert()
        .success();
    let with_post = read(&root, "openapi.yaml");
    msgen(&root)
        .args(["remove-endpoint", "post", "/orders"])
        .assert()
        .success();
    let (_other, _, only_get) = service();
    assert_eq!(read(&root, "openapi.yaml"), only_get);
    assert_ne!(with_post, only_get);
    assert!(root.join("src/handlers/list_orders.rs").is_file());
    check_is_clean(&root);
}

#[test]
fn keeps_a_handler_with_team_code_and_says_it_is_out_of_the_build() {
    let (_workspace, root, _) = service();
    append(&root, "src/handlers/create_order.rs", "// team code\n");
    let output = msgen(&root)
        .args(["remove-endpoint", "POST", "/orders"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stderr(&output);
    assert!(
        text.contains("warning: kept `src/handlers/create_order.rs`: it holds changes of yours"),
        "{text}"
    );
    assert!(text.contains("no longer wires it into the build"), "{text}");
    assert!(text.contains("hint: "), "{text}");
    assert!(read(&root, "src/handlers/create_order.rs").ends_with("// team code\n"));
    // The untouched test went; the contract no longer has the operation.
    assert!(!root.join("tests/operations/create_order.rs").exists());
    assert!(!read(&root, "openapi.yaml").contains("create_order"));
    msgen(&root)
        .arg("check")
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "src/handlers/create_order.rs: no operation",
        ));
}

#[test]
fn force_removes_a_handler_with_team_code() {
    let (_workspace, root, _) = service();
    append(&root, "src/handlers/create_order.rs", "// team code\n");
    msgen(&root)
        .args(["remove-endpoint", "POST", "/orders", "--force", "--json"])
        .assert()
        .success();
    assert!(!root.join("src/handlers/create_order.rs").exists());
    assert!(!root.join("tests/operations/create_order.rs").exists());
    check_is_clean(&root);
}

#[test]
fn json_lists_removed_and_kept_files() {
    let (_workspace, root, _) = service();
    append(&root, "tests/operations/create_order.rs", "// team test\n");
    let output = msgen(&root)
        .args(["remove-endpoint", "POST", "/orders", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["command"], "remove-endpoint");
    assert_eq!(report["operation"]["id"], "create_order");
    assert_eq!(
        report["removed"],
        serde_json::json!(["src/handlers/create_order.rs"])
    );
    assert_eq!(
        report["kept"],
        serde_json::json!(["tests/operations/create_order.rs"])
    );
}

#[test]
fn renames_an_operation_and_moves_its_files() {
    let (_workspace, root, _) = service();
    let before = read(&root, "openapi.yaml");
    msgen(&root)
        .args(["rename-endpoint", "create_order", "place_order"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Renamed `create_order` to `place_order`",
        ))
        .stdout(predicate::str::contains(
            "move   src/handlers/create_order.rs -> src/handlers/place_order.rs",
        ));
    assert_eq!(
        read(&root, "openapi.yaml"),
        before.replace("operationId: create_order", "operationId: place_order")
    );
    assert!(!root.join("src/handlers/create_order.rs").exists());
    assert!(!root.join("tests/operations/create_order.rs").exists());
    let handler = read(&root, "src/handlers/place_order.rs");
    assert!(handler.contains("pub async fn place_order("), "{handler}");
    assert!(!handler.contains("create_order"), "{handler}");
    let tests = read(&root, "tests/operations/place_order.rs");
    assert!(tests.contains("operationId `place_order`"), "{tests}");
    assert!(!tests.contains("create_order"), "{tests}");
    check_is_clean(&root);
}

#[test]
fn rename_names_other_files_that_call_the_old_module() {
    let (_workspace, root, _) = service();
    std::fs::write(
        root.join("src/jobs.rs"),
        "// nightly\nuse crate::handlers::create_order::create_order;\n",
    )
    .unwrap();
    let output = msgen(&root)
        .args(["rename-endpoint", "list_orders", "fetch_orders"])
        .output()
        .unwrap();
    assert!(!stderr(&output).contains("warning"), "{}", stderr(&output));
    msgen(&root)
        .args(["rename-endpoint", "create_order", "place_order", "--dry-run"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: other files of yours name `create_order`, which may call the old handler module: src/jobs.rs:2",
        ));
    let output = msgen(&root)
        .args(["rename-endpoint", "create_order", "place_order", "--json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["mentions"], serde_json::json!(["src/jobs.rs:2"]));
    let output = msgen(&root)
        .args(["remove-endpoint", "POST", "/orders"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(
        !stderr(&output).contains("src/jobs.rs"),
        "the file names `create_order`, not `place_order`: {}",
        stderr(&output)
    );
}

#[test]
fn rename_keeps_team_code_and_names_the_lines_to_check() {
    let (_workspace, root, _) = service();
    append(
        &root,
        "src/handlers/create_order.rs",
        "\n// see create_order in the runbook\n",
    );
    let output = msgen(&root)
        .args(["rename-endpoint", "create_order", "place_order"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let handler = read(&root, "src/handlers/place_order.rs");
    assert!(handler.contains("pub async fn place_order("), "{handler}");
    assert!(handler.ends_with("// see create_order in the runbook\n"));
    let lines = handler.lines().count();
    assert!(
        stderr(&output).contains(&format!(
            "`src/handlers/place_order.rs` holds changes of yours and still names `create_order` on line {lines}"
        )),
        "{}",
        stderr(&output)
    );
    check_is_clean(&root);
}

#[test]
fn sync_warns_about_handlers_orphaned_by_a_hand_rename() {
    let (_workspace, root, _) = service();
    let contract = read(&root, "openapi.yaml")
        .replace("operationId: create_order", "operationId: submit_order");
    std::fs::write(root.join("openapi.yaml"), contract).unwrap();
    let output = msgen(&root).arg("sync").output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stderr(&output);
    for path in [
        "src/handlers/create_order.rs",
        "tests/operations/create_order.rs",
    ] {
        assert!(
            text.contains(&format!("warning: `{path}` is orphaned")),
            "{text}"
        );
    }
    assert!(text.contains("msgen rename-endpoint"), "{text}");
    assert!(root.join("src/handlers/submit_order.rs").is_file());
    let output = msgen(&root).args(["sync", "--json"]).output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        report["orphans"],
        serde_json::json!([
            "src/handlers/create_order.rs",
            "tests/operations/create_order.rs"
        ])
    );
}

#[test]
fn sync_warns_about_a_handler_orphaned_by_removing_the_last_operation() {
    let workspace = Workspace::new();
    let root = workspace.new_service("orders", &[]);
    let contract = read(&root, "openapi.yaml");
    add(&root, &["GET", "/orders"]);
    std::fs::write(root.join("openapi.yaml"), contract).unwrap();
    let output = msgen(&root).args(["sync", "--json"]).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        report["orphans"],
        serde_json::json!([
            "src/handlers/list_orders.rs",
            "tests/operations/list_orders.rs"
        ])
    );
    let output = msgen(&root).arg("sync").output().unwrap();
    assert!(stderr(&output).contains("warning: `src/handlers/list_orders.rs` is orphaned"));
    // A clean sync says nothing of orphans, and --json says there are none.
    let (_other, clean, _) = service();
    let output = msgen(&clean).args(["sync", "--json"]).output().unwrap();
    assert!(!stderr(&output).contains("warning"));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["orphans"], serde_json::json!([]));
}

#[test]
fn dry_runs_write_nothing() {
    let (workspace, root, _) = service();
    append(&root, "src/handlers/create_order.rs", "// team code\n");
    let before = workspace.snapshot();
    let output = msgen(&root)
        .args(["remove-endpoint", "POST", "/orders", "--dry-run"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let diff = stdout(&output);
    assert!(
        diff.contains("--- a/tests/operations/create_order.rs\n+++ /dev/null"),
        "{diff}"
    );
    assert!(diff.contains("-    post:"), "{diff}");
    assert!(stderr(&output).contains("would keep `src/handlers/create_order.rs`"));
    msgen(&root)
        .args([
            "rename-endpoint",
            "list_orders",
            "fetch_orders",
            "--dry-run",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "+++ b/src/handlers/fetch_orders.rs",
        ));
    assert_eq!(workspace.snapshot(), before);
}

/// Runs msgen on a fresh service, expects `code` and every `expected` text on stderr,
/// and that nothing on disk changed.
fn refuses(args: &[&str], code: i32, expected: &[&str]) {
    let (workspace, root, _) = service();
    let before = workspace.snapshot();
    let output = msgen(&root).args(args).output().unwrap();
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(code), "{args:?}: {text}");
    assert!(text.starts_with("error: "), "{args:?}: {text}");
    for needle in expected {
        assert!(
            text.contains(needle),
            "{args:?}: missing {needle:?} in {text}"
        );
    }
    assert_eq!(workspace.snapshot(), before, "{args:?} changed the disk");
}

#[test]
fn refusals_change_nothing() {
    refuses(
        &["remove-endpoint", "DELETE", "/orders"],
        2,
        &[
            "`DELETE /orders` is not an operation of openapi.yaml",
            "hint: the operations are `GET /orders` (list_orders), `POST /orders` (create_order)",
        ],
    );
    refuses(
        &["remove-endpoint", "GET", "/healthz"],
        2,
        &["is a system endpoint"],
    );
    refuses(
        &["remove-endpoint", "FETCH", "/orders"],
        2,
        &["unknown HTTP method"],
    );
    refuses(
        &["rename-endpoint", "nope", "x"],
        2,
        &[
            "no operation of openapi.yaml has the operationId `nope`",
            "hint: the operations are",
        ],
    );
    refuses(
        &["rename-endpoint", "create_order", "list_orders"],
        2,
        &["`list_orders` is taken by `GET /orders`"],
    );
    refuses(
        &["rename-endpoint", "create_order", " "],
        2,
        &["is not usable: it is empty", "hint: "],
    );
    refuses(
        &["rename-endpoint", "healthz", "live"],
        2,
        &["is a system endpoint"],
    );
}

#[test]
fn rename_refuses_a_file_in_the_way() {
    let (workspace, root, _) = service();
    std::fs::write(
        root.join("tests/operations/place_order.rs"),
        "// someone else's\n",
    )
    .unwrap();
    let before = workspace.snapshot();
    msgen(&root)
        .args(["rename-endpoint", "create_order", "place_order"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`tests/operations/place_order.rs` exists already",
        ));
    assert_eq!(workspace.snapshot(), before);
}

#[cfg(unix)]
#[test]
fn sigterm_after_a_removal_puts_everything_back() {
    let (workspace, root, _) = service();
    let before = workspace.snapshot();
    // Writes are sorted by path: the handler's removal is the third, mod.rs the fourth.
    let Some(code) = terminate_mid_write(&root, &["remove-endpoint", "POST", "/orders"], 3) else {
        return;
    };
    assert_eq!(code, 130);
    assert_eq!(workspace.snapshot(), before, "files changed after SIGTERM");
}

#[test]
fn a_failed_rename_leaves_the_old_state() {
    let (workspace, root, _) = service();
    let before = workspace.snapshot();
    msgen(&root)
        .env("MSGEN_FAULT_AFTER_WRITES", "4")
        .args(["rename-endpoint", "create_order", "place_order"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("injected fault"));
    assert_eq!(workspace.snapshot(), before);
}
