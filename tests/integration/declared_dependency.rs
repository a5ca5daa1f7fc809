//! `[dependencies.NAME]` in a spec: `msgen new --from` vendors the provider's contract
//! and generates its client in the same write, as `add-dependency` would afterwards.

use predicates::str::contains;

use crate::helpers::{Workspace, msgen, tree};

const PAYMENTS_SPEC: &str = r#"name = "payments"

[schemas.Payment]
type = "object"
required = ["id"]
properties.id = { type = "string" }

[[endpoints]]
method = "GET"
path = "/payments/{payment_id}"
response = "Payment"

[[endpoints]]
method = "POST"
path = "/payments"
request = "Payment"
response = "Payment"
"#;

/// The orders spec of these tests, calling `payments` at `contract`.
fn orders_spec(contract: &str) -> String {
    format!("name = \"orders\"\n\n[dependencies.payments]\ncontract = \"{contract}\"\n")
}

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn a_provider_spec_is_built_in_memory_vendored_and_compared_by_check() {
    let ws = Workspace::new();
    std::fs::create_dir(ws.path().join("specs")).unwrap();
    std::fs::write(ws.path().join("specs/payments.toml"), PAYMENTS_SPEC).unwrap();
    std::fs::write(
        ws.path().join("specs/orders.toml"),
        orders_spec("payments.toml"),
    )
    .unwrap();
    msgen(ws.path())
        .args([
            "new",
            "--from",
            "specs/orders.toml",
            "--no-input",
            "--no-git",
        ])
        .assert()
        .success();
    // The vendored copy is the contract `msgen new --from payments.toml` writes.
    msgen(ws.path())
        .args([
            "new",
            "--from",
            "specs/payments.toml",
            "--no-input",
            "--no-git",
        ])
        .assert()
        .success();
    let service = ws.path().join("orders");
    assert_eq!(
        read(&service.join("contracts/payments.yaml")),
        read(&ws.path().join("payments/openapi.yaml"))
    );
    let manifest = read(&service.join("msgen.toml"));
    assert!(
        manifest.contains("provider = \"../specs/payments.toml\""),
        "{manifest}"
    );
    assert!(
        manifest.contains("calls = [\"get_payment\", \"create_payment\"]"),
        "{manifest}"
    );
    assert!(read(&service.join("Cargo.toml")).contains("default = [\"clients\"]"));
    assert!(read(&service.join("src/clients/mod.rs")).contains("pub mod payments;"));
    msgen(&service).arg("check").assert().success();
    // The provider drops an operation orders calls: check compares with the spec now.
    let shrunk = PAYMENTS_SPEC
        .split("\n[[endpoints]]\nmethod = \"POST\"")
        .next()
        .unwrap();
    std::fs::write(ws.path().join("specs/payments.toml"), shrunk).unwrap();
    msgen(&service)
        .arg("check")
        .assert()
        .code(1)
        .stdout(contains("provider `payments` changed: breaking"))
        .stdout(contains("`create_payment`"));
}

#[test]
fn declaring_a_contract_file_gives_what_add_dependency_gives() {
    let ws = Workspace::new();
    std::fs::write(ws.path().join("payments.toml"), PAYMENTS_SPEC).unwrap();
    msgen(ws.path())
        .args(["new", "--from", "payments.toml", "--no-input", "--no-git"])
        .assert()
        .success();
    std::fs::write(
        ws.path().join("orders.toml"),
        orders_spec("payments/openapi.yaml"),
    )
    .unwrap();
    msgen(ws.path())
        .args([
            "new",
            "--from",
            "orders.toml",
            "--no-input",
            "--no-git",
            "--output",
            "declared",
        ])
        .assert()
        .success();
    std::fs::write(ws.path().join("plain.toml"), "name = \"orders\"\n").unwrap();
    msgen(ws.path())
        .args([
            "new",
            "--from",
            "plain.toml",
            "--no-input",
            "--no-git",
            "--output",
            "added",
        ])
        .assert()
        .success();
    msgen(&ws.path().join("added/orders"))
        .args([
            "add-dependency",
            "payments",
            "--contract",
            "../../payments/openapi.yaml",
        ])
        .assert()
        .success();
    assert_eq!(
        tree(&ws.path().join("declared/orders")),
        tree(&ws.path().join("added/orders"))
    );
}

#[test]
fn a_bad_declared_dependency_is_refused_and_nothing_is_written() {
    let ws = Workspace::new();
    std::fs::write(ws.path().join("payments.toml"), "[answers]\nport = 8082\n").unwrap();
    let cases = [
        (orders_spec("nowhere.yaml"), "cannot open `"),
        (orders_spec("payments.toml"), "the spec `"),
        (
            "name = \"orders\"\n[dependencies.runtime]\ncontract = \"payments.toml\"\n".to_owned(),
            "`runtime` cannot name a dependency",
        ),
    ];
    for (spec, message) in cases {
        std::fs::write(ws.path().join("orders.toml"), &spec).unwrap();
        let before = ws.snapshot();
        msgen(ws.path())
            .args(["new", "--from", "orders.toml", "--no-input", "--no-git"])
            .assert()
            .code(2)
            .stderr(contains(message))
            .stderr(contains("hint:"));
        assert_eq!(ws.snapshot(), before, "{spec}");
    }
}

#[test]
fn a_template_without_clients_refuses_declared_dependencies() {
    let ws = Workspace::new();
    std::fs::write(ws.path().join("payments.toml"), PAYMENTS_SPEC).unwrap();
    std::fs::write(ws.path().join("orders.toml"), orders_spec("payments.toml")).unwrap();
    let before = ws.snapshot();
    msgen(ws.path())
        .args(["new", "--from", "orders.toml", "--no-input", "--no-git"])
        .args(["--template-version", "0.1.0"])
        .assert()
        .code(2)
        .stderr(contains("cannot generate clients of other services"))
        .stderr(contains("hint:"));
    assert_eq!(ws.snapshot(), before);
}
