//! The contract's error format: a contract that declares its error bodies
//! (`tests/fixtures/contracts/error-format.yaml`) gives a service whose every error
//! follows them, proven against the running router by
//! `tests/fixtures/contracts/error-format.rs`; a body msgen cannot fill is refused.

use std::path::{Path, PathBuf};

use crate::helpers::{Workspace, msgen, stderr};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/contracts")
        .join(name)
}

#[test]
fn the_declared_error_bodies_are_listed_once_and_named_per_operation() {
    let workspace = Workspace::new();
    let contract = fixture("error-format.yaml");
    let service = workspace.new_service(
        "error-format",
        &["--contract", contract.to_str().unwrap(), "--no-input"],
    );
    let routes = std::fs::read_to_string(service.join("src/routes.rs")).unwrap();
    for needle in [
        "(\"GET\", \"/pets\", RESPONSES_1),",
        "(\"POST\", \"/pets\", RESPONSES_2),",
        "(\"GET\", \"/pets/{petId}\", RESPONSES_3),",
        "(\"DELETE\", \"/pets/{petId}\", RESPONSES_1),",
        "const RESPONSES_2: ErrorResponses = ErrorResponses { input_status: 400,",
        "const RESPONSES_3: ErrorResponses = ErrorResponses { input_status: 422,",
        "const FIELDS_1: &[error::ErrorField] = &[error::ErrorField { path: &[\"code\"], fill: error::Fill::Status, max_length: None },",
        "media_type: Some(\"application/vnd.error+json\"), fields: FIELDS_2 }",
        "const FIELDS_2: &[error::ErrorField] = &[error::ErrorField { path: &[\"error\", \"status\"], fill: error::Fill::StatusText",
        "pub const UNMATCHED_ERRORS: ErrorResponses = ErrorResponses { input_status: 0, bodies: &[] };",
    ] {
        assert!(routes.contains(needle), "{needle}\n--- in ---\n{routes}");
    }
}

#[test]
fn an_error_body_with_a_required_field_msgen_cannot_fill_is_refused() {
    let workspace = Workspace::new();
    let text = std::fs::read_to_string(fixture("error-format.yaml"))
        .unwrap()
        .replace(
            "required: [code, message]",
            "required: [code, message, traceId]",
        )
        .replace(
            "        message:\n          type: string\n",
            "        message:\n          type: string\n        traceId:\n          type: string\n",
        );
    std::fs::write(workspace.path().join("api.yaml"), text).unwrap();
    let before = workspace.snapshot();
    let output = msgen(workspace.path())
        .args([
            "new",
            "x",
            "--no-git",
            "--no-input",
            "--contract",
            "api.yaml",
        ])
        .output()
        .unwrap();
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(
        err.contains("the error body `/components/schemas/Error/properties/traceId` is a field msgen does not know how to fill"),
        "{err}"
    );
    assert!(
        err.contains("hint: msgen fills an error body's `code`/`status`"),
        "{err}"
    );
    assert_eq!(workspace.snapshot(), before, "something was written");
}
