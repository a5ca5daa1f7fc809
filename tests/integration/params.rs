//! Parameters and request bodies of a contract the team already has: array query
//! parameters, bounds and enums on every parameter, header and cookie parameters, optional
//! bodies and non-JSON media types (`tests/fixtures/params/openapi.yaml` has each case).

use std::path::{Path, PathBuf};

use crate::helpers::{Workspace, msgen};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/params/openapi.yaml")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn a_contract_with_every_parameter_and_body_kind_is_taken_as_it_is() {
    let workspace = Workspace::new();
    let fixture = fixture();
    let service = workspace.new_service(
        "params",
        &["--contract", fixture.to_str().unwrap(), "--no-input"],
    );
    msgen(&service).arg("check").assert().success();
    let list = read(&service.join("src/handlers/list_items.rs"));
    for input in [
        "Query(_query): Query<QueryParams>",
        "Headers(_headers): Headers<HeaderParams>",
        "Cookies(_cookies): Cookies<CookieParams>",
    ] {
        assert!(list.contains(input), "{input} in\n{list}");
    }
    let create = read(&service.join("src/handlers/create_item.rs"));
    assert!(
        create.contains("_body: Option<JsonOrForm<RequestBody>>"),
        "{create}"
    );
    let note = read(&service.join("src/handlers/put_item_note.rs"));
    assert!(note.contains("Text(_body): Text"), "{note}");
    let blob = read(&service.join("src/handlers/put_item_blob.rs"));
    assert!(blob.contains("Binary(_body): Binary"), "{blob}");
    let photo = read(&service.join("src/handlers/upload_item_photo.rs"));
    assert!(
        photo.contains("crate::extract::Multipart(_body): crate::extract::Multipart<RequestBody>"),
        "{photo}"
    );
    let item = read(&service.join("src/handlers/get_item.rs"));
    assert!(
        item.contains("type PathParams = models::GetItemPath;"),
        "{item}"
    );
}

#[test]
fn a_parameter_style_msgen_does_not_read_is_refused_with_its_pointer() {
    let workspace = Workspace::new();
    let contract = workspace.path().join("deep.yaml");
    std::fs::write(
        &contract,
        read(&fixture()).replace(
            "          description: Exploded form array, `?tags=a&tags=b`.\n",
            "          description: Exploded form array, `?tags=a&tags=b`.\n          style: deepObject\n",
        ),
    )
    .unwrap();
    let before = workspace.snapshot();
    msgen(workspace.path())
        .args(["new", "params", "--no-git", "--no-input", "--contract"])
        .arg(&contract)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "/paths/~1items/get/parameters/tags",
        ))
        .stderr(predicates::str::contains("`style: deepObject`"))
        .stderr(predicates::str::contains("hint: "));
    assert_eq!(workspace.snapshot(), before);
}

/// Heavy: the service of the fixture builds, passes clippy, its generated tests, which
/// send each input (query arrays, headers, cookies, every body media type) and a bad
/// value of a parameter, and `tests/fixtures/params/behaviour.rs` (multipart parts). Its build folder is `MSGEN_SERVICE_TARGET_DIR`, else
/// `$CARGO_TARGET_DIR/svc` (shared with the other heavy tests). `scripts/validate-service.sh`
/// runs schemathesis against the same service.
#[test]
#[ignore = "builds a generated service with cargo"]
fn the_service_of_every_parameter_and_body_kind_builds_and_passes_its_tests() {
    let workspace = Workspace::new();
    let fixture = fixture();
    let service = workspace.new_service(
        "params",
        &["--contract", fixture.to_str().unwrap(), "--no-input"],
    );
    std::fs::copy(
        fixture.with_file_name("behaviour.rs"),
        service.join("tests/behaviour.rs"),
    )
    .unwrap();
    let target = std::env::var_os("MSGEN_SERVICE_TARGET_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("CARGO_TARGET_DIR").map(|t| Path::new(&t).join("svc")))
        .unwrap_or_else(|| service.join("target"));
    for args in [
        &[
            "clippy",
            "--locked",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ][..],
        &["test", "--locked"][..],
    ] {
        let output = std::process::Command::new(env!("CARGO"))
            .args(args)
            .current_dir(&service)
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "cargo {args:?}:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// Part headers in a multipart `encoding` are not read: refused, never ignored.
#[test]
fn an_encoding_msgen_does_not_read_is_refused_with_its_pointer() {
    let workspace = Workspace::new();
    let contract = workspace.path().join("headers.yaml");
    std::fs::write(
        &contract,
        read(&fixture()).replace(
            "              preview:\n                contentType: image/*\n",
            "              preview:\n                contentType: image/*\n                headers:\n                  X-Page: {schema: {type: integer}}\n",
        ),
    )
    .unwrap();
    let before = workspace.snapshot();
    msgen(workspace.path())
        .args(["new", "params", "--no-git", "--no-input", "--contract"])
        .arg(&contract)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "/paths/~1items~1{itemId}~1scan/post/requestBody/content/multipart~1form-data/encoding/preview/headers",
        ))
        .stderr(predicates::str::contains(
            "`headers` of a part in an `encoding` (msgen checks a part's `Content-Type` only), which msgen does not read yet",
        ))
        .stderr(predicates::str::contains("hint: "));
    assert_eq!(workspace.snapshot(), before);
}
