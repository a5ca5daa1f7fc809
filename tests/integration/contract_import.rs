//! `msgen new NAME --contract PATH`: a service from a contract the team already has,
//! kept as it is, with names mapped from its operationIds.

use std::path::{Path, PathBuf};

use crate::helpers::{Workspace, msgen, stderr};

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(name)
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// `msgen check` inside `service` succeeds and says so.
fn check_is_clean(service: &Path) {
    let output = msgen(service).arg("check").output().unwrap();
    assert!(
        output.status.success(),
        "check failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        stderr(&output)
    );
}

fn files_under(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn keeps_a_camel_case_contract_byte_for_byte_and_maps_its_names() {
    let workspace = Workspace::new();
    let source = corpus("oai-petstore.yaml");
    let service = workspace.new_service(
        "petstore",
        &["--contract", source.to_str().unwrap(), "--no-input"],
    );
    assert_eq!(read(&service.join("openapi.yaml")), read(&source));
    assert_eq!(
        files_under(&service.join("src/handlers")),
        [
            "create_pets.rs",
            "list_pets.rs",
            "mod.rs",
            "show_pet_by_id.rs"
        ]
    );
    let routes = std::fs::read_to_string(service.join("src/routes.rs")).unwrap();
    assert!(
        routes.contains(r#"("GET", "/pets/{petId}", "showPetById")"#),
        "{routes}"
    );
    assert!(
        routes.contains("crate::handlers::show_pet_by_id::show_pet_by_id"),
        "{routes}"
    );
    check_is_clean(&service);
    // Deriving again changes nothing.
    msgen(&service).args(["sync"]).assert().success();
    assert_eq!(read(&service.join("openapi.yaml")), read(&source));
    check_is_clean(&service);
}

#[test]
fn derives_missing_operation_ids_without_editing_the_contract() {
    let workspace = Workspace::new();
    let text = "openapi: 3.0.3\ninfo:\n  title: pets\n  version: '1'\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n  /pets/{petId}:\n    get:\n      parameters:\n        - {name: petId, in: path, required: true, schema: {type: string}}\n      responses:\n        '200':\n          description: ok\n    delete:\n      operationId: get_pet\n      parameters:\n        - {name: petId, in: path, required: true, schema: {type: string}}\n      responses:\n        '204':\n          description: gone\n";
    let source = workspace.path().join("pets.yaml");
    std::fs::write(&source, text).unwrap();
    let service = workspace.new_service("pets", &["--contract", "pets.yaml", "--no-input"]);
    assert_eq!(
        std::fs::read_to_string(service.join("openapi.yaml")).unwrap(),
        text
    );
    // `GET /pets/{petId}` would be `get_pet`, which the DELETE operation has.
    assert_eq!(
        files_under(&service.join("src/handlers")),
        ["get_pet.rs", "get_pet_2.rs", "list_pets.rs", "mod.rs"]
    );
    let routes = std::fs::read_to_string(service.join("src/routes.rs")).unwrap();
    assert!(
        routes.contains(r#"("GET", "/pets/{petId}", ""),"#),
        "{routes}"
    );
    check_is_clean(&service);
}

#[test]
fn keeps_a_json_contract_as_it_is() {
    let workspace = Workspace::new();
    let text = r#"{
  "openapi": "3.1.0",
  "info": {"title": "exports", "version": "1.0.0"},
  "paths": {
    "/v1/Exports/{ResourceType}": {
      "get": {
        "operationId": "FetchExport",
        "parameters": [{"name": "ResourceType", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "ok"}}
      }
    }
  }
}"#;
    let source = workspace.path().join("exports.json");
    std::fs::write(&source, text).unwrap();
    let service = workspace.new_service("exports", &["--contract", "exports.json", "--no-input"]);
    assert_eq!(
        std::fs::read_to_string(service.join("openapi.yaml")).unwrap(),
        text
    );
    assert!(service.join("src/handlers/fetch_export.rs").is_file());
    check_is_clean(&service);
}

/// `msgen new x --contract FILE` (FILE written first when `contents` is given) exits 2
/// with `says` and a hint, and writes nothing.
fn refuses(contents: Option<&[u8]>, says: &str) {
    let workspace = Workspace::new();
    if let Some(contents) = contents {
        std::fs::write(workspace.path().join("api.yaml"), contents).unwrap();
    }
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
    assert!(err.contains(says), "{says}: {err}");
    assert!(err.lines().any(|line| line.starts_with("hint: ")), "{err}");
    assert_eq!(workspace.snapshot(), before, "something was written");
}

#[test]
fn refuses_an_unreadable_or_non_openapi_file_and_writes_nothing() {
    refuses(None, "error: cannot read the contract `api.yaml`");
    refuses(
        Some(b"swagger: '2.0'\npaths: {}\n"),
        "`api.yaml` is not an OpenAPI 3.0 or 3.1 document",
    );
    refuses(
        Some(b"name: orders\nversion: 3\n"),
        "`api.yaml` is not an OpenAPI 3.0 or 3.1 document",
    );
    refuses(
        Some(b"openapi: 3.0.0\npaths: {\n"),
        "is not an OpenAPI 3.0 or 3.1 document",
    );
    refuses(
        Some(b"openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: ''\n      responses: {'200': {description: ok}}\n"),
        "operationId `` of `GET /a` is not usable: it is empty",
    );
}

#[test]
fn add_endpoint_takes_an_operation_id_in_the_contract_s_own_style() {
    let workspace = Workspace::new();
    let source = corpus("oai-petstore.yaml");
    let service = workspace.new_service(
        "petstore",
        &["--contract", source.to_str().unwrap(), "--no-input"],
    );
    msgen(&service)
        .args(["add-endpoint", "GET", "/owners", "--name", "listOwners"])
        .assert()
        .success();
    let contract = std::fs::read_to_string(service.join("openapi.yaml")).unwrap();
    assert!(contract.contains("operationId: listOwners\n"), "{contract}");
    assert!(service.join("src/handlers/list_owners.rs").is_file());
    assert!(service.join("tests/operations/list_owners.rs").is_file());
    check_is_clean(&service);
}

/// Heavy: the names mapped from a real contract's camelCase ids compile, pass clippy and
/// their generated tests. (`tests/api.rs` and `tests/shutdown.rs` are left out: they
/// exercise the template's system endpoints, which a contract without them does not
/// route yet.)
#[test]
#[ignore = "builds a generated service with cargo"]
fn a_service_from_a_camel_case_contract_builds_and_passes_its_operation_tests() {
    let workspace = Workspace::new();
    let source = corpus("oai-petstore.yaml");
    let service = workspace.new_service(
        "petstore",
        &["--contract", source.to_str().unwrap(), "--no-input"],
    );
    let target = std::env::var("CARGO_TARGET_DIR")
        .map_or_else(|_| service.join("target"), |t| Path::new(&t).join("svc"));
    for args in [
        &[
            "clippy",
            "--locked",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ][..],
        &[
            "test",
            "--locked",
            "--test",
            "contract",
            "--test",
            "list_pets",
            "--test",
            "create_pets",
            "--test",
            "show_pet_by_id",
        ],
    ] {
        let output = std::process::Command::new(env!("CARGO"))
            .args(args)
            .current_dir(&service)
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "cargo {args:?}:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn rename_and_remove_endpoint_name_operations_by_their_operation_id_as_written() {
    let workspace = Workspace::new();
    let source = corpus("oai-petstore.yaml");
    let service = workspace.new_service(
        "petstore",
        &["--contract", source.to_str().unwrap(), "--no-input"],
    );
    msgen(&service)
        .args(["rename-endpoint", "showPetById", "getPet"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "Renamed `showPetById` to `getPet`",
        ));
    assert!(service.join("src/handlers/get_pet.rs").is_file());
    assert!(!service.join("src/handlers/show_pet_by_id.rs").exists());
    msgen(&service)
        .args(["remove-endpoint", "POST", "/pets"])
        .assert()
        .success()
        .stdout(predicates::str::contains("(`createPets`)"));
    assert!(!service.join("src/handlers/create_pets.rs").exists());
    check_is_clean(&service);
}

#[test]
fn a_spec_file_grows_the_imported_contract() {
    let workspace = Workspace::new();
    let source = corpus("oai-petstore.yaml");
    std::fs::write(
        workspace.path().join("shop.toml"),
        "name = \"shop\"\n\n[[endpoints]]\nmethod = \"GET\"\npath = \"/owners\"\nname = \"listOwners\"\n",
    )
    .unwrap();
    msgen(workspace.path())
        .args([
            "new",
            "--from",
            "shop.toml",
            "--no-input",
            "--no-git",
            "--contract",
        ])
        .arg(&source)
        .assert()
        .success();
    let service = workspace.path().join("shop");
    let contract = std::fs::read_to_string(service.join("openapi.yaml")).unwrap();
    let original = std::fs::read_to_string(&source).unwrap();
    assert!(contract.starts_with(original.split("components:").next().unwrap()));
    assert!(contract.contains("operationId: listOwners\n"), "{contract}");
    assert!(service.join("src/handlers/list_owners.rs").is_file());
    check_is_clean(&service);
}
