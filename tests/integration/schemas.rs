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

/// Heavy: the service builds, passes clippy, its generated tests and the behaviour tests:
/// valid `null` accepted, omission of a required nullable property refused with a
/// problem, an array instead of an object refused, `readOnly` not demanded, `writeOnly`
/// not echoed, every `allOf` field present, `additionalProperties` typed or refused.
/// Its build folder is `MSGEN_SERVICE_TARGET_DIR`, else `$CARGO_TARGET_DIR/svc`:
/// `MSGEN_SERVICE_TARGET_DIR=$PWD/target/smoke cargo test --test integration schemas -- --ignored`
#[test]
#[ignore = "builds a generated service with cargo"]
fn a_service_from_the_schemas_contract_keeps_every_schema_promise() {
    let workspace = Workspace::new();
    let contract = fixture("openapi.yaml");
    let service = workspace.new_service(
        "schemas",
        &["--contract", contract.to_str().unwrap(), "--no-input"],
    );
    std::fs::copy(fixture("behaviour.rs"), service.join("tests/behaviour.rs")).unwrap();
    let target = std::env::var_os("MSGEN_SERVICE_TARGET_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("CARGO_TARGET_DIR").map(|t| Path::new(&t).join("svc")))
        .unwrap_or_else(|| service.join("target"));
    for args in [
        &["fmt", "--check"][..],
        &[
            "clippy",
            "--locked",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
        &["test", "--locked"],
    ] {
        let output = std::process::Command::new(env!("CARGO"))
            .args(args)
            .current_dir(&service)
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "cargo {args:?}:\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
