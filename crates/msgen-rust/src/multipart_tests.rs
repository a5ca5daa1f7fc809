use msgen_openapi::Contract;

use crate::RustView as _;

fn contract(schema: &str) -> Contract {
    let text = format!(
        "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /files:\n    post:\n      operationId: upload-file\n      requestBody:\n        required: true\n        content:\n          multipart/form-data:\n            schema:\n{schema}      responses: {{'204': {{description: x}}}}\n"
    );
    Contract::parse(&text).unwrap()
}

#[test]
fn file_parts_are_file_parts_and_text_parts_are_typed_and_checked() {
    let contract = contract(
        "              type: object\n              required: [file, title]\n              properties:\n                file: {type: string, format: binary}\n                extra: {type: array, items: {type: string, contentMediaType: image/png}}\n                title: {type: string, maxLength: 20}\n                count: {type: integer, minimum: 1}\n                kind: {type: string, enum: [a, b]}\n                tags: {type: array, items: {type: string}}\n",
    );
    let models = contract.rust_models().unwrap();
    for needle in [
        "/// The `multipart/form-data` parts of `upload-file`.",
        "pub struct UploadFileParts {",
        "    pub file: crate::extract::FilePart,",
        "    pub extra: Option<Vec<crate::extract::FilePart>>,",
        "    pub title: String,",
        "    pub count: Option<Integer>,",
        "    pub kind: Option<UploadFilePartsKind>,",
        "    pub tags: Option<Vec<String>>,",
        "pub enum UploadFilePartsKind {",
        "file: crate::extract::FilePart::example(),",
        "check::max_length(",
        "check::minimum(",
    ] {
        assert!(models.contains(needle), "{needle}\n--- in ---\n{models}");
    }
    let ops = contract.operations().unwrap();
    let request = ops[0].request.as_ref().unwrap();
    assert_eq!(request.extractor, "Multipart");
    assert_eq!(request.rust_type, "models::UploadFileParts");
    assert_eq!(
        request.parameter,
        "crate::extract::Multipart(_body): crate::extract::Multipart<RequestBody>"
    );
    assert!(
        request
            .media_type
            .starts_with("multipart/form-data; boundary=")
    );
}

#[test]
fn a_part_msgen_cannot_read_is_refused_with_its_place() {
    let contract = contract(
        "              type: object\n              properties:\n                meta: {type: object, properties: {a: {type: string}}}\n",
    );
    let error = contract.operations().unwrap_err();
    assert_eq!(
        error.pointer().as_deref(),
        Some("/paths/~1files/post/requestBody/content/multipart~1form-data/schema/properties/meta")
    );
    assert!(error.to_string().contains("part `meta`"), "{error}");
    let error = contract.rust_models().unwrap_err();
    assert!(error.to_string().contains("part `meta`"), "{error}");
}

#[test]
fn a_contract_with_a_multipart_body_says_so() {
    let with = contract(
        "              type: object\n              properties:\n                file: {type: string, format: binary}\n",
    );
    assert!(crate::has_multipart_body(&with));
    let without = Contract::parse(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /files:\n    post:\n      requestBody:\n        content:\n          application/json: {schema: {type: object}}\n      responses: {'204': {description: x}}\n",
    )
    .unwrap();
    assert!(!crate::has_multipart_body(&without));
}

#[test]
fn a_form_that_names_its_parts_refuses_others() {
    let parts = |extra: &str| {
        let models = contract(&format!(
            "              type: object\n{extra}              properties:\n                file: {{type: string, format: binary}}\n"
        ))
        .rust_models()
        .unwrap();
        let at = models.find("pub struct UploadFileParts {").unwrap();
        models[..at].rsplit("///").next().unwrap().to_owned()
    };
    assert!(
        parts("              additionalProperties: false\n").contains("deny_unknown_fields"),
        "{}",
        parts("              additionalProperties: false\n")
    );
    assert!(!parts("").contains("deny_unknown_fields"));
}
