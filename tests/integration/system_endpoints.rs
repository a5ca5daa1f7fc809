//! The system endpoints (`GET /healthz`, `/readyz`, `/metrics`, `/openapi.yaml`) are
//! served and tested by the service's own plumbing whatever its contract lists.

use std::path::Path;

use predicates::prelude::*;

use crate::helpers::{Workspace, msgen};

/// A team's contract: one operation, no system endpoints, global security.
const TEAM_CONTRACT: &str = r##"openapi: 3.1.0
info:
  title: orders
  version: 1.0.0
security:
  - bearer: []
paths:
  /orders:
    get:
      operationId: list_orders
      responses:
        "200":
          description: The orders.
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: "#/components/schemas/Order"
components:
  securitySchemes:
    bearer:
      type: http
      scheme: bearer
  schemas:
    Order:
      type: object
      required: [id]
      properties:
        id:
          type: string
"##;

fn read(root: &Path, path: &str) -> String {
    std::fs::read_to_string(root.join(path)).unwrap()
}

/// The owned wiring serves every system endpoint from `src/system.rs`.
fn assert_system_routed(root: &Path) {
    let routes = read(root, "src/routes.rs");
    assert!(
        routes.contains(".merge(crate::system::router())"),
        "{routes}"
    );
    let system = read(root, "src/system.rs");
    for (path, handler) in [
        ("/healthz", "healthz"),
        ("/readyz", "readyz"),
        ("/metrics", "metrics"),
        ("/openapi.yaml", "openapi"),
    ] {
        let route = format!(".route(\"{path}\", axum::routing::get({handler}))");
        assert!(
            system.contains(&route),
            "{route} missing from src/system.rs"
        );
        // `ERRORS` lists it (how its errors are written), the router must not.
        assert!(
            !routes.contains(&format!(".route(\"{path}\"")),
            "{path} is routed twice:\n{routes}"
        );
    }
    let contract_test = read(root, "tests/contract.rs");
    assert!(contract_test.contains("!is_system(method, path)"));
    assert!(contract_test.contains(".chain(system)"));
}

#[test]
fn a_contract_without_system_operations_still_routes_them() {
    let workspace = Workspace::new();
    let root = workspace.new_service("orders", &[]);
    std::fs::write(root.join("openapi.yaml"), TEAM_CONTRACT).unwrap();
    msgen(&root).args(["sync"]).assert().success();
    msgen(&root)
        .args(["check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ok"));
    assert_system_routed(&root);
    let routes = read(&root, "src/routes.rs");
    assert!(routes.contains("crate::handlers::list_orders::list_orders"));
    assert!(root.join("src/handlers/list_orders.rs").is_file());
    // The team-owned tests of the system endpoints drive the whole app.
    assert!(read(&root, "tests/api.rs").contains("async fn healthz_answers_ok()"));
}

#[test]
fn system_operations_listed_in_the_contract_are_documented_not_routed_twice() {
    let workspace = Workspace::new();
    let root = workspace.new_service("orders", &[]);
    let contract = read(&root, "openapi.yaml");
    for path in ["/healthz:", "/readyz:", "/metrics:", "/openapi.yaml:"] {
        assert!(contract.contains(&format!("\n  {path}\n")), "{path}");
    }
    // Public whatever global security the team adds.
    assert_eq!(contract.matches("      security: []\n").count(), 4);
    assert_system_routed(&root);
    let routes = read(&root, "src/routes.rs");
    assert!(
        routes.contains("pub const OPERATIONS: &[(&str, &str, &str)] = &[\n];"),
        "{routes}"
    );
    for stub in ["healthz", "readyz", "metrics", "openapi"] {
        assert!(!root.join(format!("src/handlers/{stub}.rs")).exists());
        assert!(!root.join(format!("tests/operations/{stub}.rs")).exists());
    }
}

#[test]
fn system_operations_are_recognised_by_method_and_path_not_by_tag() {
    let workspace = Workspace::new();
    let root = workspace.new_service("orders", &[]);
    // GET /healthz under another operationId and without `x-msgen-system`, and a
    // POST on a system path, which is the team's own operation.
    let contract = TEAM_CONTRACT.replace(
        "paths:\n",
        "paths:\n  /healthz:\n    get:\n      operationId: get_health\n      security: []\n      responses:\n        \"200\":\n          description: Alive.\n  /metrics:\n    post:\n      operationId: push_metrics\n      responses:\n        \"204\":\n          description: Taken.\n",
    );
    std::fs::write(root.join("openapi.yaml"), contract).unwrap();
    msgen(&root).args(["sync"]).assert().success();
    msgen(&root).args(["check"]).assert().success();
    let routes = read(&root, "src/routes.rs");
    assert!(!routes.contains("get_health"), "{routes}");
    assert!(!root.join("src/handlers/get_health.rs").exists());
    assert!(
        routes.contains(
            ".route(\"/metrics\", axum::routing::post(crate::security::guard(&[&[\"bearer\", ], ], crate::handlers::push_metrics::push_metrics)))"
        ),
        "{routes}"
    );
    assert!(root.join("src/handlers/push_metrics.rs").is_file());
    assert!(routes.contains(".merge(crate::system::router())"));
}

#[test]
fn a_servers_base_path_prefixes_the_contract_routes_and_leaves_the_system_ones_at_the_root() {
    let workspace = Workspace::new();
    let root = workspace.new_service("orders", &[]);
    let contract = TEAM_CONTRACT.replace(
        "security:\n",
        "servers:\n  - url: https://api.example.com/v1/\nsecurity:\n",
    );
    std::fs::write(root.join("openapi.yaml"), contract).unwrap();
    msgen(&root).args(["sync"]).assert().success();
    msgen(&root).args(["check"]).assert().success();
    let routes = read(&root, "src/routes.rs");
    assert!(routes.contains(".route(\"/v1/orders\", "), "{routes}");
    assert!(
        routes.contains("pub const BASE_PATH: &str = \"/v1\";"),
        "{routes}"
    );
    assert!(
        routes.contains(
            "        .nest(BASE_PATH, crate::system::router())\n        .merge(crate::system::router())\n"
        ),
        "{routes}"
    );
    let test = read(&root, "tests/operations/list_orders.rs");
    assert!(
        test.contains(".uri(format!(\"{BASE_PATH}{path}{query}")
            && test.contains("request(PATH, QUERY, HEADERS, COOKIE)"),
        "{test}"
    );

    // Without a base path, nothing is nested.
    let fresh = Workspace::new();
    let plain = fresh.new_service("orders", &[]);
    let routes = read(&plain, "src/routes.rs");
    assert!(
        routes.contains("pub const BASE_PATH: &str = \"\";"),
        "{routes}"
    );
    assert!(!routes.contains(".nest("), "{routes}");
}

#[test]
fn a_servers_path_variable_without_a_default_is_refused() {
    let workspace = Workspace::new();
    let root = workspace.new_service("orders", &[]);
    let contract = TEAM_CONTRACT.replace(
        "security:\n",
        "servers:\n  - url: /api/{version}\nsecurity:\n",
    );
    std::fs::write(root.join("openapi.yaml"), contract).unwrap();
    msgen(&root)
        .args(["sync"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/servers/0/url"));
}

#[test]
fn check_notes_a_system_operation_documented_as_secured() {
    let workspace = Workspace::new();
    let root = workspace.new_service("orders", &[]);
    let contract = TEAM_CONTRACT.replace(
        "paths:\n",
        "paths:\n  /readyz:\n    get:\n      operationId: readyz\n      responses:\n        \"200\":\n          description: Ready.\n",
    );
    std::fs::write(root.join("openapi.yaml"), contract).unwrap();
    msgen(&root).args(["sync"]).assert().success();
    msgen(&root)
        .args(["check"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "openapi.yaml: /paths/~1readyz/get is a system endpoint, served without credentials whatever `security` says; document it with `security: []`",
        ))
        .stdout(predicate::str::contains("ok: "));
    // The template's default contract says `security: []` already.
    let fresh = Workspace::new();
    let plain = fresh.new_service("orders", &[]);
    msgen(&plain)
        .args(["check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("note").not());
}
