//! `msgen diff`: exit codes, `--json`, the major-version rule, and git sources.

use std::path::Path;

use predicates::str::contains;

use crate::helpers::{Workspace, msgen, stdout};

const OLD: &str = "openapi: 3.0.3
info: {title: orders, version: 1.2.0}
paths:
  /orders:
    get:
      operationId: list_orders
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Order'}}}
components:
  schemas:
    Order: {type: object, required: [id], properties: {id: {type: string}, total: {type: integer}}}
";

/// `OLD` with `from` replaced by `to`, which must occur.
fn edited(from: &str, to: &str) -> String {
    assert!(OLD.contains(from), "`{from}` is not in the contract");
    OLD.replace(from, to)
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).expect("write contract");
}

/// `git` in `dir` with a fixed identity; it must succeed.
fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(status.status.success(), "git {args:?}: {status:?}");
}

#[test]
fn compatible_changes_exit_zero_and_are_listed() {
    let ws = Workspace::new();
    write(ws.path(), "old.yaml", OLD);
    let grown = edited(
        "total: {type: integer}",
        "total: {type: integer}, note: {type: string}",
    );
    write(ws.path(), "new.yaml", &grown);
    msgen(ws.path())
        .args(["diff", "old.yaml", "new.yaml"])
        .assert()
        .success()
        .stdout(contains(
            "compatible  /components/schemas/Order/properties/note  new optional property `note`  (GET /orders)",
        ))
        .stdout(contains("1 change(s): 0 breaking, 1 compatible"));
}

#[test]
fn identical_contracts_report_no_changes() {
    let ws = Workspace::new();
    write(ws.path(), "old.yaml", OLD);
    msgen(ws.path())
        .args(["diff", "old.yaml", "old.yaml"])
        .assert()
        .success()
        .stdout(contains("no changes between"));
}

#[test]
fn a_breaking_change_exits_one_with_a_sentence_and_a_hint() {
    let ws = Workspace::new();
    write(ws.path(), "old.yaml", OLD);
    write(
        ws.path(),
        "new.yaml",
        &edited(", total: {type: integer}", ""),
    );
    msgen(ws.path())
        .args(["diff", "old.yaml", "new.yaml"])
        .assert()
        .code(1)
        .stdout(contains(
            "breaking    /components/schemas/Order/properties/total  property `total` removed",
        ))
        .stderr(contains("error: 1 breaking change(s)"))
        .stderr(contains("hint: "));
}

#[test]
fn a_major_version_bump_accepts_breaking_changes() {
    let ws = Workspace::new();
    write(ws.path(), "old.yaml", OLD);
    let major = edited(", total: {type: integer}", "").replace("version: 1.2.0", "version: 2.0.0");
    write(ws.path(), "new.yaml", &major);
    msgen(ws.path())
        .args(["diff", "old.yaml", "new.yaml"])
        .assert()
        .success()
        .stdout(contains("info.version 1.2.0 → 2.0.0"))
        .stdout(contains("accepted"));
    let minor = edited(", total: {type: integer}", "").replace("version: 1.2.0", "version: 1.3.0");
    write(ws.path(), "new.yaml", &minor);
    msgen(ws.path())
        .args(["diff", "old.yaml", "new.yaml"])
        .assert()
        .code(1);
}

#[test]
fn json_lists_each_change_with_kind_verdict_and_operations() {
    let ws = Workspace::new();
    write(ws.path(), "old.yaml", OLD);
    write(
        ws.path(),
        "new.yaml",
        &edited("total: {type: integer}", "total: {type: string}"),
    );
    let output = msgen(ws.path())
        .args(["diff", "old.yaml", "new.yaml", "--json"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let value: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(value["breaking"], 1);
    assert_eq!(value["blocks"], true);
    assert_eq!(value["major_bump"], false);
    let change = &value["changes"][0];
    assert_eq!(change["kind"], "type-changed");
    assert_eq!(change["verdict"], "breaking");
    assert_eq!(
        change["pointer"],
        "/components/schemas/Order/properties/total"
    );
    assert_eq!(change["operations"][0], "GET /orders");
}

#[test]
fn bad_input_exits_two() {
    let ws = Workspace::new();
    write(ws.path(), "old.yaml", OLD);
    write(
        ws.path(),
        "swagger.yaml",
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n",
    );
    msgen(ws.path())
        .args(["diff", "old.yaml", "missing.yaml"])
        .assert()
        .code(2)
        .stderr(contains(
            "error: `missing.yaml` is not a file, a folder, or a revision",
        ))
        .stderr(contains("hint: "));
    msgen(ws.path())
        .args(["diff", "old.yaml", "swagger.yaml"])
        .assert()
        .code(2)
        .stderr(contains("is not a contract msgen can compare"));
    msgen(ws.path()).args(["diff", "old.yaml"]).assert().code(2);
}

#[test]
fn reads_either_side_from_a_git_revision() {
    let ws = Workspace::new();
    git(ws.path(), &["init", "--quiet"]);
    write(ws.path(), "openapi.yaml", OLD);
    git(ws.path(), &["add", "openapi.yaml"]);
    git(ws.path(), &["commit", "--quiet", "-m", "first"]);
    write(
        ws.path(),
        "openapi.yaml",
        &edited("required: [id]", "required: [id, total]"),
    );
    git(ws.path(), &["commit", "--quiet", "-am", "second"]);
    msgen(ws.path())
        .args(["diff", "HEAD~1:openapi.yaml", "HEAD:openapi.yaml"])
        .assert()
        .success()
        .stdout(contains("property `total` is now required"));
    msgen(ws.path())
        .args(["diff", "HEAD:openapi.yaml", "HEAD~1:openapi.yaml"])
        .assert()
        .code(1)
        .stdout(contains("property `total` is no longer required"));
    msgen(ws.path())
        .args(["diff", "no-such-rev:openapi.yaml", "openapi.yaml"])
        .assert()
        .code(2)
        .stderr(contains(
            "error: git cannot read `no-such-rev:openapi.yaml`",
        ));
}

#[test]
fn against_compares_a_service_contract_with_a_revision() {
    let ws = Workspace::new();
    let service = ws.new_service("orders", &[]);
    git(&service, &["init", "--quiet"]);
    git(&service, &["add", "--all"]);
    git(&service, &["commit", "--quiet", "-m", "first"]);
    msgen(&service)
        .args(["diff", "--against", "HEAD"])
        .assert()
        .success()
        .stdout(contains("no changes"));
    msgen(&service)
        .args(["add-endpoint", "GET", "/orders/{id}"])
        .assert()
        .success();
    msgen(ws.path())
        .args(["diff", "--against", "HEAD", "-C", "orders"])
        .assert()
        .success()
        .stdout(contains("path `/orders/{id}` added"));
    git(&service, &["commit", "--quiet", "-am", "second"]);
    msgen(ws.path())
        .args(["diff", "orders", "HEAD~1", "-C", "orders"])
        .assert()
        .code(1)
        .stdout(contains("breaking"));
    msgen(&service)
        .args(["diff", "--against", "no-such-branch"])
        .assert()
        .code(2)
        .stderr(contains("hint: check the revision"));
}

#[test]
fn against_a_revision_without_the_service_has_nothing_to_break() {
    let ws = Workspace::new();
    let repo = ws.path();
    git(repo, &["init", "--quiet"]);
    write(repo, "README.md", "a repository before the service\n");
    git(repo, &["add", "--all"]);
    git(repo, &["commit", "--quiet", "-m", "before"]);
    // The service is new on this branch: the base revision has no contract.
    msgen(repo)
        .args(["new", "orders", "--no-input"])
        .assert()
        .success();
    let service = repo.join("orders");
    msgen(&service)
        .args(["diff", "--against", "HEAD"])
        .assert()
        .success()
        .stdout(contains("nothing to break"))
        .stdout(contains("`HEAD:./openapi.yaml` does not exist"));
    let output = msgen(&service)
        .args(["diff", "--against", "HEAD", "--json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["old_absent"], true);
    assert_eq!(json["blocks"], false);
    // A revision that does not exist is still bad input.
    msgen(&service)
        .args(["diff", "--against", "no-such-branch"])
        .assert()
        .code(2)
        .stderr(contains("hint: check the revision"));
}
