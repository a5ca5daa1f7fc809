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
    assert_refused(
        "          description: Exploded form array, `?tags=a&tags=b`.\n",
        "          description: Exploded form array, `?tags=a&tags=b`.\n          style: deepObject\n",
        "/paths/~1items/get/parameters/tags",
        "`style: deepObject`",
    );
}

/// Part headers in a multipart `encoding` are not read: refused, never ignored.
#[test]
fn an_encoding_msgen_does_not_read_is_refused_with_its_pointer() {
    assert_refused(
        "              preview:\n                contentType: image/*\n",
        "              preview:\n                contentType: image/*\n                headers:\n                  X-Page: {schema: {type: integer}}\n",
        "/paths/~1items~1{itemId}~1scan/post/requestBody/content/multipart~1form-data/encoding/preview/headers",
        "`headers` of a part in an `encoding` (msgen checks a part's `Content-Type` only), which msgen does not read yet",
    );
}

/// `new --contract` of the fixture with `from` replaced by `to` exits 2 naming
/// `pointer` and `message`, with a hint, and writes nothing.
fn assert_refused(from: &str, to: &str, pointer: &str, message: &str) {
    let workspace = Workspace::new();
    let contract = workspace.path().join("edited.yaml");
    let text = read(&fixture());
    assert!(text.contains(from), "the fixture no longer holds {from:?}");
    std::fs::write(&contract, text.replace(from, to)).unwrap();
    let before = workspace.snapshot();
    msgen(workspace.path())
        .args(["new", "params", "--no-git", "--no-input", "--contract"])
        .arg(&contract)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(pointer))
        .stderr(predicates::str::contains(message))
        .stderr(predicates::str::contains("hint: "));
    assert_eq!(workspace.snapshot(), before);
}
