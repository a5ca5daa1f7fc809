//! `msgen check` in a service that calls another: the provider's contract against the
//! copy vendored in the consumer.

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
  /refunds:
    get:
      operationId: list_refunds
      responses: {'200': {description: ok}}
components:
  schemas:
    Payment: {type: object, required: [id, amount], properties: {id: {type: string}, amount: {type: integer}}}
";

/// A consumer `orders` that vendors `PAYMENTS` and calls `get_payment`, and the
/// provider's contract beside it (`payments.yaml` in the workspace).
fn consumer(ws: &Workspace, provider_now: &str) -> std::path::PathBuf {
    let service = ws.new_service("orders", &[]);
    std::fs::create_dir_all(service.join("contracts")).unwrap();
    std::fs::write(service.join("contracts/payments.yaml"), PAYMENTS).unwrap();
    std::fs::write(ws.path().join("payments.yaml"), provider_now).unwrap();
    let manifest = service.join("msgen.toml");
    let mut text = std::fs::read_to_string(&manifest).unwrap();
    text.push_str(
        "\n[vendored.payments]\ncontract = \"contracts/payments.yaml\"\n\
         provider = \"../payments.yaml\"\ncalls = [\"get_payment\"]\n",
    );
    std::fs::write(&manifest, text).unwrap();
    service
}

#[test]
fn check_fails_when_a_provider_breaks_a_called_operation() {
    let ws = Workspace::new();
    let moved = PAYMENTS
        .replace("required: [id, amount], ", "required: [id], ")
        .replace(", amount: {type: integer}", "");
    let service = consumer(&ws, &moved);
    msgen(&service)
        .arg("check")
        .assert()
        .code(1)
        .stdout(contains(
            "provider `payments` changed: breaking property `amount` removed",
        ))
        .stdout(contains("called here: `get_payment`"))
        .stdout(contains("[provider]"));
}

#[test]
fn check_only_notes_changes_to_operations_not_called() {
    let ws = Workspace::new();
    let grown = PAYMENTS.replace(
        "  /refunds:\n",
        "  /refunds/{id}:\n    get: {operationId: get_refund, responses: {'200': {description: ok}}}\n  /refunds:\n",
    );
    let grown = grown.replace(
        "      operationId: list_refunds\n      responses: {'200': {description: ok}}\n",
        "      operationId: list_refunds\n      parameters: [{name: page, in: query, required: true, schema: {type: integer}}]\n      responses: {'200': {description: ok}}\n",
    );
    let service = consumer(&ws, &grown);
    msgen(&service)
        .arg("check")
        .assert()
        .success()
        .stdout(contains("note: contracts/payments.yaml: provider `payments` changed: compatible path `/refunds/{id}` added"))
        .stdout(contains("breaking new required query parameter `page`").and(contains("(not called here)")))
        .stdout(contains("ok: "));
}

#[test]
fn check_reports_an_unreadable_provider() {
    let ws = Workspace::new();
    let service = consumer(&ws, PAYMENTS);
    std::fs::remove_file(ws.path().join("payments.yaml")).unwrap();
    msgen(&service)
        .arg("check")
        .assert()
        .code(1)
        .stdout(contains("cannot compare with provider `payments`"));
}
