//! Schemas, faithfully: a contract with `allOf`, nullable `$ref`s, required nullable,
//! `readOnly`/`writeOnly` properties and objects (`tests/fixtures/schemas/openapi.yaml`)
//! gives models that keep each promise, proven against the running router by
//! `tests/fixtures/schemas/behaviour.rs`.

use std::path::{Path, PathBuf};

use crate::helpers::Workspace;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/schemas")
        .join(name)
}

#[test]
fn the_schemas_contract_is_taken_as_it_is() {
    let workspace = Workspace::new();
    let contract = fixture("openapi.yaml");
    let service = workspace.new_service(
        "schemas",
        &["--contract", contract.to_str().unwrap(), "--no-input"],
    );
    let models = std::fs::read_to_string(service.join("src/models.rs")).unwrap();
    for needle in [
        "pub struct NewPet {",
        "json::object_only!(Holder);",
        "    #[serde(deserialize_with = \"json::nullable\")]\n    pub owner: Option<Owner>,",
        "skip_serializing_if = \"json::write_only\"",
    ] {
        assert!(models.contains(needle), "{needle}\n--- in ---\n{models}");
    }
}
