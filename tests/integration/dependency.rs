//! `msgen add-dependency` and `msgen remove-dependency`: the vendored copy, its record,
//! the client module, the `clients` feature, and the refusals.

use predicates::prelude::PredicateBooleanExt as _;
use predicates::str::contains;

use crate::helpers::{Workspace, msgen};

const PAYMENTS: &str = "openapi: 3.1.0
info: {title: payments, version: 1.0.0}
paths:
  /payments/{id}:
    get:
      operationId: get_payment
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Payment'}}}
components:
  schemas:
    Payment: {type: object, required: [id, amount], properties: {id: {type: string}, amount: {type: integer}}}
";

/// A new `orders` service that called `add-dependency payments` on the contract above
/// (written beside it as `payments.yaml`).
fn orders_calling_payments() -> (Workspace, std::path::PathBuf) {
    let ws = Workspace::new();
    let service = ws.new_service("orders", &[]);
    std::fs::write(ws.path().join("payments.yaml"), PAYMENTS).unwrap();
    msgen(&service)
        .args([
            "add-dependency",
            "payments",
            "--contract",
            "../payments.yaml",
        ])
        .assert()
        .success();
    (ws, service)
}

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn add_vendors_the_contract_generates_the_client_and_check_is_clean() {
    let ws = Workspace::new();
    let service = ws.new_service("orders", &[]);
    std::fs::write(ws.path().join("payments.yaml"), PAYMENTS).unwrap();
    msgen(&service)
        .args([
            "add-dependency",
            "payments",
            "--contract",
            "../payments.yaml",
        ])
        .assert()
        .success()
        .stdout(contains("Added dependency `payments`"))
        .stdout(contains("src/clients/payments.rs"));
    assert_eq!(read(&service.join("contracts/payments.yaml")), PAYMENTS);
    let manifest = read(&service.join("msgen.toml"));
    assert!(manifest.contains("[vendored.payments]"), "{manifest}");
    assert!(
        manifest.contains("provider = \"../payments.yaml\""),
        "{manifest}"
    );
    assert!(manifest.contains("hash = \"sha256:"), "{manifest}");
    assert!(manifest.contains("calls = [\"get_payment\"]"), "{manifest}");
    assert!(
        manifest.contains("\"src/clients/payments.rs\" = \"sha256:"),
        "{manifest}"
    );
    let client = read(&service.join("src/clients/payments.rs"));
    assert!(
        client.contains("pub async fn get_payment(&self, id: &str)"),
        "{client}"
    );
    assert!(read(&service.join("src/clients/mod.rs")).contains("pub mod payments;"));
    assert!(read(&service.join("Cargo.toml")).contains("default = [\"clients\"]"));
    msgen(&service).arg("check").assert().success();
    msgen(&service)
        .args(["sync", "--dry-run"])
        .assert()
        .success();
}

#[test]
fn check_sees_a_hand_edited_client_and_sync_restores_it() {
    let (_workspace, service) = orders_calling_payments();
    let client = service.join("src/clients/payments.rs");
    let generated = read(&client);
    std::fs::write(&client, format!("{generated}// mine\n")).unwrap();
    msgen(&service)
        .arg("check")
        .assert()
        .code(1)
        .stdout(contains("src/clients/payments.rs"));
    msgen(&service).args(["sync", "--force"]).assert().success();
    assert_eq!(read(&client), generated);
}

#[test]
fn remove_takes_back_everything_add_did() {
    let ws = Workspace::new();
    let service = ws.new_service("orders", &[]);
    let before_manifest = read(&service.join("msgen.toml"));
    let before_cargo = read(&service.join("Cargo.toml"));
    let before_mod = read(&service.join("src/clients/mod.rs"));
    std::fs::write(ws.path().join("payments.yaml"), PAYMENTS).unwrap();
    msgen(&service)
        .args([
            "add-dependency",
            "payments",
            "--contract",
            "../payments.yaml",
        ])
        .assert()
        .success();
    msgen(&service)
        .args(["remove-dependency", "payments"])
        .assert()
        .success()
        .stdout(contains("Removed dependency `payments`"));
    assert_eq!(read(&service.join("Cargo.toml")), before_cargo);
    assert_eq!(read(&service.join("src/clients/mod.rs")), before_mod);
    assert_eq!(read(&service.join("msgen.toml")), before_manifest);
    for gone in [
        "contracts/payments.yaml",
        "src/clients/payments.rs",
        "src/clients/runtime.rs",
        "src/clients/fake.rs",
    ] {
        assert!(!service.join(gone).exists(), "{gone}");
    }
    msgen(&service).arg("check").assert().success();
}

#[test]
fn dry_run_writes_nothing() {
    let ws = Workspace::new();
    let service = ws.new_service("orders", &[]);
    std::fs::write(ws.path().join("payments.yaml"), PAYMENTS).unwrap();
    let before = read(&service.join("msgen.toml"));
    msgen(&service)
        .args([
            "add-dependency",
            "payments",
            "--contract",
            "../payments.yaml",
            "--dry-run",
        ])
        .assert()
        .success()
        .stdout(contains("+++ b/src/clients/payments.rs"))
        .stdout(contains("dry run: nothing written"));
    assert_eq!(read(&service.join("msgen.toml")), before);
    assert!(!service.join("contracts").exists());
}

#[test]
fn refusals_name_the_cause_and_change_nothing() {
    let ws = Workspace::new();
    let service = ws.new_service("orders", &[]);
    std::fs::write(ws.path().join("payments.yaml"), PAYMENTS).unwrap();
    std::fs::write(
        ws.path().join("empty.yaml"),
        "openapi: 3.1.0\ninfo: {title: e, version: '1'}\npaths: {}\n",
    )
    .unwrap();
    let before = read(&service.join("msgen.toml"));
    let cases: [(&[&str], &str); 5] = [
        (
            &[
                "add-dependency",
                "payments",
                "--contract",
                "../nowhere.yaml",
            ],
            "cannot open `../nowhere.yaml`",
        ),
        (
            &[
                "add-dependency",
                "Bad Name!",
                "--contract",
                "../payments.yaml",
            ],
            "invalid dependency name `Bad Name!`",
        ),
        (
            &[
                "add-dependency",
                "runtime",
                "--contract",
                "../payments.yaml",
            ],
            "`runtime` cannot name a dependency",
        ),
        (
            &["add-dependency", "empty", "--contract", "../empty.yaml"],
            "it has no operation to call",
        ),
        (
            &["remove-dependency", "payments"],
            "`payments` is not a dependency of this service",
        ),
    ];
    for (args, message) in cases {
        msgen(&service)
            .args(args)
            .assert()
            .code(2)
            .stderr(contains(message))
            .stderr(contains("hint:"));
        assert_eq!(read(&service.join("msgen.toml")), before, "{args:?}");
    }
    msgen(&service)
        .args([
            "add-dependency",
            "payments",
            "--contract",
            "../payments.yaml",
        ])
        .assert()
        .success();
    msgen(&service)
        .args([
            "add-dependency",
            "payments",
            "--contract",
            "../payments.yaml",
        ])
        .assert()
        .code(2)
        .stderr(contains("`payments` is already a dependency"));
}

#[test]
fn a_service_folder_is_a_contract_source() {
    let ws = Workspace::new();
    let provider = ws.new_service("payments", &[]);
    let service = ws.new_service("orders", &[]);
    msgen(&provider)
        .args([
            "add-endpoint",
            "GET",
            "/payments/{id}",
            "--response",
            "Payment",
        ])
        .assert()
        .success();
    msgen(&service)
        .args([
            "add-dependency",
            "payments",
            "--contract",
            "../payments",
            "--json",
        ])
        .assert()
        .success()
        .stdout(contains("\"command\": \"add-dependency\""));
    let manifest = read(&service.join("msgen.toml"));
    assert!(
        manifest.contains("provider = \"../payments\""),
        "{manifest}"
    );
    msgen(&service).arg("check").assert().success();
}

#[test]
fn sync_regenerates_the_client_when_the_vendored_contract_changes() {
    let (_workspace, service) = orders_calling_payments();
    let grown = PAYMENTS.replace(
        "components:\n",
        "  /refunds:\n    get:\n      operationId: list_refunds\n      responses: {'204': {description: none}}\ncomponents:\n",
    );
    std::fs::write(service.join("contracts/payments.yaml"), grown).unwrap();
    msgen(&service)
        .arg("check")
        .assert()
        .code(1)
        .stdout(contains("src/clients/payments.rs"))
        .stdout(contains("[stale]"));
    msgen(&service).arg("sync").assert().success();
    let client = read(&service.join("src/clients/payments.rs"));
    assert!(
        client.contains("pub async fn list_refunds(&self) -> Result<(), ClientError>"),
        "{client}"
    );
    msgen(&service)
        .arg("check")
        .assert()
        .success()
        .stdout(contains("changed since `msgen add-dependency` pinned it"));
}

#[test]
fn update_repins_the_contract_lists_its_changes_and_warns_about_broken_calls() {
    let (ws, service) = orders_calling_payments();
    // get_payment goes away (breaking, and called here); list_refunds is new.
    let replaced = PAYMENTS.replace(
        "  /payments/{id}:\n    get:\n      operationId: get_payment\n",
        "  /refunds:\n    get:\n      operationId: list_refunds\n      responses: {'204': {description: none}}\n  /payments/{id}:\n    delete:\n      operationId: cancel_payment\n",
    );
    assert_ne!(replaced, PAYMENTS);
    std::fs::write(ws.path().join("payments-v2.yaml"), &replaced).unwrap();
    let before = ws.snapshot();
    let update = [
        "add-dependency",
        "payments",
        "--contract",
        "../payments-v2.yaml",
        "--update",
    ];
    msgen(&service)
        .args(update)
        .arg("--dry-run")
        .assert()
        .success()
        .stdout(contains("breaking"))
        .stdout(contains("dry run: nothing written"))
        .stderr(contains(
            "break operations this service calls: `get_payment`",
        ));
    assert_eq!(ws.snapshot(), before);
    msgen(&service)
        .args(update)
        .assert()
        .success()
        .stdout(contains("Updated dependency `payments`"))
        .stdout(contains("compatible"))
        .stdout(contains("update src/clients/payments.rs"))
        .stderr(contains(
            "warning: 1 of these changes break operations this service calls: `get_payment`",
        ))
        .stderr(contains("hint:"));
    assert_eq!(read(&service.join("contracts/payments.yaml")), replaced);
    let client = read(&service.join("src/clients/payments.rs"));
    assert!(
        client.contains("pub async fn list_refunds(&self)"),
        "{client}"
    );
    assert!(!client.contains("pub async fn get_payment("), "{client}");
    let manifest = read(&service.join("msgen.toml"));
    assert!(
        manifest.contains("calls = [\"list_refunds\", \"cancel_payment\"]"),
        "{manifest}"
    );
    // Pinned anew: check neither finds a stale client nor a copy changed since pinning.
    msgen(&service)
        .arg("check")
        .assert()
        .success()
        .stdout(contains("changed since").not());
    msgen(&service)
        .args(update)
        .assert()
        .success()
        .stdout(contains("its contract is unchanged"));
}

#[test]
fn update_is_only_for_an_existing_dependency() {
    let ws = Workspace::new();
    let service = ws.new_service("orders", &[]);
    std::fs::write(ws.path().join("payments.yaml"), PAYMENTS).unwrap();
    let before = ws.snapshot();
    msgen(&service)
        .args([
            "add-dependency",
            "payments",
            "--contract",
            "../payments.yaml",
            "--update",
        ])
        .assert()
        .code(2)
        .stderr(contains("`payments` is not a dependency of this service"))
        .stderr(contains("hint: leave out --update"));
    assert_eq!(ws.snapshot(), before);
}
