//! `msgen new NAME --contract PATH`: a service from a contract the team already has,
//! kept as it is, with names mapped from its operationIds.

use std::path::{Path, PathBuf};

use crate::helpers::{Workspace, msgen, stderr, stdout};

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
fn refuses_paths_that_differ_only_beside_a_parameter() {
    let op = "    get:\n      parameters: [{name: Sid, in: path, required: true, schema: {type: string}}]\n      responses: {'200': {description: ok}}\n";
    for (first, second) in [("{Sid}.json", "{Sid}.xml"), ("{Sid}.json", "{Sid}")] {
        let text = format!(
            "openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /x/{first}:\n{op}  /x/{second}:\n{op}"
        );
        refuses(
            Some(text.as_bytes()),
            &format!("routes `/x/{first}` and `/x/{second}` conflict"),
        );
    }
}

#[test]
fn accepts_a_parameter_beside_static_text_with_a_static_sibling() {
    let workspace = Workspace::new();
    let source = workspace.path().join("api.yaml");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/contracts/segment-params.yaml"
        ),
        &source,
    )
    .unwrap();
    let service = workspace.new_service("files", &["--contract", "api.yaml", "--no-input"]);
    let routes = std::fs::read_to_string(service.join("src/routes.rs")).unwrap();
    assert!(
        routes.contains(r#".route("/files/{Name}", axum::routing::get(crate::handlers::fetch_file::fetch_file).route_layer(axum::middleware::from_fn_with_state("/files/{Name}.json", crate::extract::affixed)))"#),
        "{routes}"
    );
    assert!(
        routes.contains(r#".route("/files/Local.json", axum::routing::get(crate::handlers::fetch_local_file::fetch_local_file))"#),
        "{routes}"
    );
    assert!(
        routes.contains(r#".route("/files/{Name}/{Version}", "#),
        "{routes}"
    );
    check_is_clean(&service);
}

#[test]
fn refuses_not_with_its_place_and_writes_nothing() {
    refuses(
        Some(b"openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Code: {type: string, not: {enum: [x]}}\n"),
        "schema `Code` at `/components/schemas/Code/not` uses `not`",
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

#[test]
fn add_endpoint_derives_an_operation_id_in_the_contract_s_own_style() {
    let workspace = Workspace::new();
    let source = corpus("oai-petstore.yaml");
    let service = workspace.new_service(
        "petstore",
        &["--contract", source.to_str().unwrap(), "--no-input"],
    );
    msgen(&service)
        .args(["add-endpoint", "DELETE", "/pets/{petId}"])
        .assert()
        .success();
    let contract = std::fs::read_to_string(service.join("openapi.yaml")).unwrap();
    assert!(contract.contains("operationId: deletePet\n"), "{contract}");
    assert!(service.join("src/handlers/delete_pet.rs").is_file());
    assert!(service.join("tests/operations/delete_pet.rs").is_file());
    check_is_clean(&service);
}

#[test]
fn add_endpoint_derives_a_kebab_case_operation_id_beside_kebab_case_ones() {
    let workspace = Workspace::new();
    let source = workspace.path().join("things.yaml");
    std::fs::write(
        &source,
        "openapi: 3.1.0\ninfo: {title: things, version: 1.0.0}\npaths:\n  /things:\n    get:\n      operationId: list-things\n      responses: {'200': {description: the things}}\n  /things/{id}:\n    get:\n      operationId: get-thing\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses: {'200': {description: one thing}}\n",
    )
    .unwrap();
    let service = workspace.new_service(
        "things",
        &["--contract", source.to_str().unwrap(), "--no-input"],
    );
    msgen(&service)
        .args(["add-endpoint", "POST", "/things"])
        .assert()
        .success();
    let contract = std::fs::read_to_string(service.join("openapi.yaml")).unwrap();
    assert!(
        contract.contains("operationId: create-thing\n"),
        "{contract}"
    );
    assert!(service.join("src/handlers/create_thing.rs").is_file());
    check_is_clean(&service);
}

#[test]
fn the_closing_hint_suggests_an_endpoint_the_contract_does_not_have() {
    let workspace = Workspace::new();
    let source = corpus("oai-petstore.yaml");
    let new = |name: &str| {
        let output = msgen(workspace.path())
            .args(["new", name, "--no-git", "--no-input", "--contract"])
            .arg(&source)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    // `GET /pets`, `POST /pets` and `/pets/{petId}` exist: no concrete suggestion.
    let pets = new("pets");
    assert!(pets.contains("msgen add-endpoint METHOD PATH -C"), "{pets}");
    assert!(!pets.contains("add-endpoint GET /pets"), "{pets}");
    let store = new("store");
    assert!(
        store.contains("msgen add-endpoint GET /store -C"),
        "{store}"
    );
    // Without a contract, the suggestion is one `add-endpoint` takes.
    let output = msgen(workspace.path())
        .args(["new", "orders", "--no-git", "--no-input"])
        .output()
        .unwrap();
    assert!(stdout(&output).contains("msgen add-endpoint GET /orders -C"));
    msgen(&workspace.path().join("orders"))
        .args(["add-endpoint", "GET", "/orders"])
        .assert()
        .success();
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

/// A contract whose problems sit in different operations and schemas: every one is
/// reported in one run, at its line and column, with its pointer.
const SEVERAL: &str = "openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      responses:
        3XX: {description: moved}
  /b:
    get:
      operationId: getB
      responses:
        '200':
          description: ok
          headers:
            X-List: {required: true, schema: {type: array}}
components:
  schemas:
    Either:
      not:
        type: string
    Merged:
      type: object
      properties: {a: {type: string}}
      patternProperties: {'^x': {type: integer}}
";

/// `msgen new svc --contract SOURCE --json` in `dir`, without git or prompts.
fn new_svc_json(dir: &std::path::Path, source: &std::path::Path) -> std::process::Output {
    msgen(dir)
        .args([
            "new",
            "svc",
            "--no-git",
            "--no-input",
            "--json",
            "--contract",
        ])
        .arg(source)
        .output()
        .unwrap()
}

#[test]
fn every_problem_of_a_contract_is_reported_in_one_run_with_its_place() {
    let workspace = Workspace::new();
    let source = workspace.path().join("api.yaml");
    std::fs::write(&source, SEVERAL).unwrap();
    let output = new_svc_json(workspace.path(), &source);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(!workspace.path().join("svc").exists());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let found: Vec<(u64, u64, &str)> = json["error"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["pointer"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (7, 7, "/paths/~1a/get/responses"),
            (16, 13, "/paths/~1b/get/responses/200/headers/X-List"),
            (20, 7, "/components/schemas/Either/not"),
            (25, 7, "/components/schemas/Merged/patternProperties"),
        ]
    );
    assert!(json["error"]["findings"][0]["hint"].as_str().is_some());
    let text = stderr(&output);
    assert!(
        text.contains("api.yaml:7:7: `/paths/~1a/get/responses` lists no success response"),
        "{text}"
    );
    assert!(
        text.contains("api.yaml has 4 problems msgen refuses"),
        "{text}"
    );
    // `check` on a service whose contract gets these problems lists each as a finding.
    let service = workspace.new_service("clean", &["--no-input"]);
    std::fs::write(service.join("openapi.yaml"), SEVERAL).unwrap();
    let check = msgen(&service).args(["check", "--json"]).output().unwrap();
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    let json: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let lines: Vec<u64> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [7, 16, 20, 25]);
}

#[test]
fn problems_past_the_cap_are_counted() {
    let workspace = Workspace::new();
    let path = "  /pN:\n    get:\n      responses:\n        3XX: {description: moved}\n";
    let paths: String = (0..60).map(|i| path.replace('N', &i.to_string())).collect();
    let text = format!("openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}");
    let source = workspace.path().join("api.yaml");
    std::fs::write(&source, text).unwrap();
    let output = new_svc_json(workspace.path(), &source);
    assert_eq!(output.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["error"]["findings"].as_array().unwrap().len(), 50);
    assert_eq!(json["error"]["more"], 10);
    let text = stderr(&output);
    assert!(text.contains("… and 10 more"), "{text}");
    assert!(
        text.contains("has 60 problems msgen refuses (the first 50)"),
        "{text}"
    );
    assert_eq!(text.matches("lists no success response").count(), 50);
}

/// Every response form (2XX, default as success, default as error shape, inline and
/// `$ref` responses, 204, required headers) is taken; the service built from it passes
/// its tests, clippy and schemathesis (`scripts/validate-service.sh`).
#[test]
fn takes_every_response_form() {
    let workspace = Workspace::new();
    let source =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/contracts/responses.yaml");
    let service = workspace.new_service(
        "responses",
        &["--contract", source.to_str().unwrap(), "--no-input"],
    );
    check_is_clean(&service);
    let handler =
        |name: &str| std::fs::read_to_string(service.join("src/handlers").join(name)).unwrap();
    assert!(handler("get_status.rs").contains("StatusCode::OK"));
    assert!(handler("ping.rs").contains("StatusCode::OK"));
    let delete = handler("delete_item.rs");
    assert!(delete.contains("StatusCode::NO_CONTENT"), "{delete}");
    assert!(
        delete.contains(r#"headers.insert("x-request-cost", HeaderValue::from_static("1"));"#),
        "{delete}"
    );
    assert!(!delete.contains("x-optional-note"), "{delete}");
    let test = std::fs::read_to_string(service.join("tests/operations/list_items.rs")).unwrap();
    assert!(
        test.contains(r#"assert_header::<i64>(&response, "x-total-count");"#),
        "{test}"
    );
}

/// XML beside JSON in a request body is taken, not silently: `new`, `sync` and
/// `add-endpoint` warn that such requests get 415, naming the operation and the media
/// type, and `check` notes it without failing.
#[test]
fn xml_beside_json_is_answered_415_with_a_warning_at_generation() {
    let workspace = Workspace::new();
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    post:\n      operationId: addPet\n      requestBody:\n        required: true\n        content:\n          application/json: {schema: {type: object, properties: {name: {type: string}}}}\n          application/xml: {schema: {type: object, properties: {name: {type: string}}}}\n      responses: {'204': {description: added}}\n";
    let source = workspace.path().join("api.yaml");
    std::fs::write(&source, text).unwrap();
    let output = msgen(workspace.path())
        .args(["new", "svc", "--no-git", "--no-input", "--contract"])
        .arg(&source)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let warning = "warning: operation `addPet` lists a request body of `application/xml`, which msgen does not read: the service answers it 415 and reads `application/json`";
    assert!(stderr(&output).contains(warning), "{}", stderr(&output));
    let sync = msgen(&workspace.path().join("svc"))
        .args(["sync", "--dry-run"])
        .output()
        .unwrap();
    assert_eq!(sync.status.code(), Some(0), "{}", stderr(&sync));
    assert!(stderr(&sync).contains(warning), "{}", stderr(&sync));
    let added = msgen(&workspace.path().join("svc"))
        .args(["add-endpoint", "GET", "/pets"])
        .output()
        .unwrap();
    assert_eq!(added.status.code(), Some(0), "{}", stderr(&added));
    assert!(stderr(&added).contains(warning), "{}", stderr(&added));
    // `check` notes it without failing, in text and in JSON.
    let check = msgen(&workspace.path().join("svc"))
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let text = String::from_utf8_lossy(&check.stdout);
    let note = warning.replace("warning: ", "note: openapi.yaml: ");
    assert!(text.contains(&note), "{text}");
    let check = msgen(&workspace.path().join("svc"))
        .args(["check", "--json"])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let json: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(json["findings"], serde_json::json!([]), "{json}");
    assert_eq!(json["notes"][0]["kind"], "media", "{json}");
    assert_eq!(
        json["notes"][0]["message"],
        warning.trim_start_matches("warning: "),
        "{json}"
    );
}
