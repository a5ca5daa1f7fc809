//! The contract's security schemes: which routes msgen guards, and the tests it writes
//! for them. The generated service proves the behaviour itself (its tests send the
//! credentials and expect 401 without; `scripts/validate-service.sh` fuzzes it).

use std::path::Path;

use crate::helpers::{Workspace, msgen};

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/secured-api.yaml")
}

fn read(root: &Path, path: &str) -> String {
    std::fs::read_to_string(root.join(path)).unwrap()
}

#[test]
fn secured_operations_are_guarded_by_their_requirements_and_public_ones_are_not() {
    let workspace = Workspace::new();
    let root = workspace.new_service("secured", &["--contract", fixture().to_str().unwrap()]);
    let routes = read(&root, "src/routes.rs");
    for route in [
        // Global security.
        r#".route("/v1/notes", axum::routing::get(crate::security::guard(&[&["bearerAuth", ], ], crate::handlers::list_notes::list_notes)))"#,
        // Alternatives: any one suffices.
        r#".route("/v1/notes", axum::routing::post(crate::security::guard(&[&["apiKeyHeader", ], &["bearerAuth", ], ], crate::handlers::create_note::create_note)))"#,
        // Both schemes of one requirement.
        r#"crate::security::guard(&[&["apiKeyCookie", "oauth", ], ], crate::handlers::archive_note::archive_note)"#,
        // `security: []` overrides the global requirement.
        r#".route("/v1/tags", axum::routing::get(crate::handlers::list_tags::list_tags))"#,
    ] {
        assert!(routes.contains(route), "{route}\n{routes}");
    }
    let security = read(&root, "src/security.rs");
    assert!(
        security.contains(r#"Scheme { name: "apiKeyQuery", kind: "apiKey", location: "query", parameter: "api_key", http_scheme: "" },"#),
        "{security}"
    );
    assert!(read(&root, "src/auth.rs").contains("pub async fn authorize("));
    msgen(&root).args(["check"]).assert().success();
}

#[test]
fn the_tests_of_a_secured_operation_send_its_credentials_and_expect_401_without() {
    let workspace = Workspace::new();
    let root = workspace.new_service("secured", &["--contract", fixture().to_str().unwrap()]);
    let archive = read(&root, "tests/operations/archive_note.rs");
    assert!(
        archive.contains(r#".header("authorization", "Bearer example-token")"#),
        "{archive}"
    );
    // The API key cookie rides in the one `Cookie` header of the request.
    assert!(
        archive.contains(r#"const COOKIE: &str = "session=example-key";"#),
        "{archive}"
    );
    assert_eq!(archive.matches(r#""cookie""#).count(), 1, "{archive}");
    assert!(
        archive.contains("async fn answers_401_without_credentials()"),
        "{archive}"
    );
    assert!(archive.contains("header::WWW_AUTHENTICATE"), "{archive}");
    let get = read(&root, "tests/operations/get_note.rs");
    assert!(
        get.contains(r#"const CREDENTIAL_QUERY: &str = "?api_key=example-key";"#),
        "{get}"
    );
    // An API key is no HTTP scheme: no challenge.
    assert!(!get.contains("WWW_AUTHENTICATE"), "{get}");
    let tags = read(&root, "tests/operations/list_tags.rs");
    assert!(!tags.contains("401"), "{tags}");
}
