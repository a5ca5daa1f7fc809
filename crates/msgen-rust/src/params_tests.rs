use msgen_openapi::Contract;

use crate::RustView;

fn contract(parameters: &str, body: &str) -> Contract {
    Contract::parse(&format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /things/{{id}}:\n    post:\n      operationId: findThings\n      parameters:\n{parameters}{body}      responses: {{'204': {{description: x}}}}\n"
    ))
    .unwrap()
}

const ID: &str =
    "        - {name: id, in: path, required: true, schema: {type: integer, minimum: 1}}\n";

#[test]
fn arrays_headers_cookies_and_bounded_path_parameters_get_structs() {
    let parameters = format!(
        "{ID}        - {{name: tags, in: query, schema: {{type: array, items: {{type: string}}}}}}\n        - {{name: ids, in: query, required: true, explode: false, schema: {{type: array, items: {{type: integer}}}}}}\n        - {{name: status, in: query, schema: {{type: string, enum: [new, old]}}}}\n        - {{name: X-Tag, in: header, required: true, schema: {{type: string, maxLength: 4}}}}\n        - {{name: Authorization, in: header, schema: {{type: string}}}}\n        - {{name: session, in: cookie, schema: {{type: string}}}}\n"
    );
    let contract = contract(&parameters, "");
    let models = contract.rust_models().unwrap();
    for expected in [
        "pub struct FindThingsPath {",
        "pub id: Integer,",
        "pub struct FindThingsQuery {",
        "pub tags: Option<Vec<String>>,",
        "deserialize_with = \"crate::extract::comma_separated\"",
        "pub ids: Vec<Integer>,",
        "pub status: Option<FindThingsQueryStatus>,",
        "pub enum FindThingsQueryStatus {",
        "pub struct FindThingsHeaders {",
        "#[serde(rename = \"x-tag\")]",
        "pub struct FindThingsCookies {",
    ] {
        assert!(models.contains(expected), "{expected} in\n{models}");
    }
    assert!(!models.contains("authorization"), "{models}");
    let op = &contract.operations().unwrap()[0];
    assert_eq!(op.path_extractor.as_deref(), Some("models::FindThingsPath"));
    assert_eq!(op.example_query, "?ids=1");
    assert_eq!(op.example_headers[0].name, "X-Tag");
    let bad = op.bad_request.as_ref().unwrap();
    assert_eq!(bad.what, "path parameter `id`");
    assert_eq!(bad.path, "/things/0");
}

#[test]
fn unconstrained_path_parameters_stay_a_tuple() {
    let contract = contract(
        "        - {name: id, in: path, required: true, schema: {type: string}}\n",
        "",
    );
    let op = &contract.operations().unwrap()[0];
    assert_eq!(op.path_extractor.as_deref(), Some("String"));
    assert!(op.bad_request.is_none());
    assert!(!contract.rust_models().unwrap().contains("FindThingsPath"));
}

#[test]
fn styles_msgen_does_not_read_are_refused_with_their_pointer() {
    for (parameter, what) in [
        (
            "        - {name: filter, in: query, style: deepObject, schema: {type: object}}\n",
            "`style: deepObject`",
        ),
        (
            "        - {name: tags, in: query, style: spaceDelimited, schema: {type: array, items: {type: string}}}\n",
            "`style: spaceDelimited`",
        ),
        (
            "        - {name: tags, in: query, content: {application/json: {schema: {type: object}}}}\n",
            "`content` instead of `schema`",
        ),
        (
            "        - {name: where, in: query, schema: {type: object, properties: {a: {type: string}}}}\n",
            "query parameter `where`",
        ),
    ] {
        let contract = contract(&format!("{ID}{parameter}"), "");
        let error = contract.operations().unwrap_err();
        let text = error.to_string();
        assert!(text.contains(what), "{text}");
        assert!(
            text.contains("/paths/~1things~1{id}/post/parameters/"),
            "{text}"
        );
        assert!(error.hint().is_some());
    }
}

#[test]
fn bodies_pick_their_extractor_by_media_type() {
    let body = |content: &str, required: bool| {
        format!("      requestBody:\n        required: {required}\n        content:\n{content}")
    };
    let new_item = "schema: {$ref: '#/components/schemas/Item'}";
    let cases = [
        (
            format!(
                "          application/json: {{{new_item}}}\n          application/x-www-form-urlencoded: {{{new_item}}}\n"
            ),
            false,
            "_body: Option<JsonOrForm<RequestBody>>",
        ),
        (
            format!("          application/x-www-form-urlencoded: {{{new_item}}}\n"),
            true,
            "Form(_body): Form<RequestBody>",
        ),
        (
            "          text/plain: {schema: {type: string}}\n".to_owned(),
            true,
            "Text(_body): Text",
        ),
        (
            "          application/octet-stream: {schema: {type: string, format: binary}}\n"
                .to_owned(),
            false,
            "_body: Option<Binary>",
        ),
    ];
    for (content, required, parameter) in cases {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    post:\n      operationId: a\n{}      responses: {{'204': {{description: x}}}}\ncomponents:\n  schemas:\n    Item: {{type: object, properties: {{n: {{type: integer}}}}}}\n",
            body(&content, required)
        );
        let ops = Contract::parse(&text).unwrap().operations().unwrap();
        let request = ops[0].request.as_ref().unwrap();
        assert_eq!(request.parameter, parameter);
        assert_eq!(request.required, required);
    }
}

#[test]
fn media_types_msgen_does_not_read_are_refused() {
    for content in [
        "          multipart/form-data: {schema: {type: object}}\n          application/json: {schema: {type: object}}\n",
        "          application/xml: {schema: {type: string}}\n",
        "          application/json: {schema: {type: string}}\n          text/plain: {schema: {type: string}}\n",
    ] {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    post:\n      operationId: a\n      requestBody:\n        content:\n{content}      responses: {{'204': {{description: x}}}}\n"
        );
        let error = Contract::parse(&text)
            .unwrap()
            .operations()
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("a request body of") && error.contains("/paths/~1a/post/requestBody"),
            "{error}"
        );
    }
}

#[test]
fn xml_beside_json_and_form_is_left_unread_and_listed() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n      operationId: a\n      requestBody:\n        content:\n          application/json: {schema: {type: string}}\n          application/xml: {schema: {type: string}}\n          application/x-www-form-urlencoded: {schema: {type: string}}\n      responses: {'204': {description: x}}\n";
    let ops = Contract::parse(text).unwrap().operations().unwrap();
    let request = ops[0].request.as_ref().unwrap();
    assert_eq!(request.extractor, "JsonOrForm");
    assert_eq!(request.unread_media, ["application/xml"]);
}

#[test]
fn an_inline_form_schema_becomes_a_body_model() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /search:\n    post:\n      operationId: perform-search\n      requestBody:\n        content:\n          application/x-www-form-urlencoded:\n            schema: {type: object, required: [q], properties: {q: {type: string}}}\n      responses: {'204': {description: x}}\n";
    let contract = Contract::parse(text).unwrap();
    assert!(
        contract
            .rust_models()
            .unwrap()
            .contains("pub struct PerformSearchBody {")
    );
    let ops = contract.operations().unwrap();
    assert_eq!(
        ops[0].request.as_ref().unwrap().rust_type,
        "models::PerformSearchBody"
    );
}

#[test]
fn refusals_of_parameters_and_bodies_hint_at_what_msgen_reads() {
    let parameter = contract(
        &format!(
            "{ID}        - {{name: f, in: query, style: deepObject, schema: {{type: object}}}}\n"
        ),
        "",
    );
    let hint = parameter.operations().unwrap_err().hint().unwrap();
    assert!(hint.contains("`form` style"), "{hint}");
    let body = contract(
        ID,
        "      requestBody:\n        content:\n          application/xml: {schema: {type: string}}\n",
    );
    let hint = body.operations().unwrap_err().hint().unwrap();
    assert!(hint.contains("application/x-www-form-urlencoded"), "{hint}");
}

#[test]
fn text_and_byte_responses_are_written_by_their_extractor() {
    for (media, wrapper, rust_type) in [
        ("application/json", "Json", "String"),
        ("text/plain", "Text", "String"),
        ("application/octet-stream", "Binary", "axum::body::Bytes"),
        ("image/png", "Media", "axum::body::Bytes"),
        ("application/pdf", "Media", "axum::body::Bytes"),
    ] {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      operationId: a\n      responses: {{'200': {{description: x, content: {{{media}: {{schema: {{type: string, format: binary}}}}}}}}}}\n"
        );
        let ops = Contract::parse(&text).unwrap().operations().unwrap();
        let response = ops[0].response.as_ref().unwrap();
        assert_eq!(
            (
                response.wrapper.as_str(),
                response.rust_type.as_str(),
                response.media_type.as_str()
            ),
            (wrapper, rust_type, media)
        );
    }
    // XML has a structure that bytes would ignore, and two media types need a choice.
    for content in [
        "{application/xml: {schema: {type: string}}}",
        "{image/png: {}, image/jpeg: {}}",
    ] {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      operationId: a\n      responses: {{'200': {{description: x, content: {content}}}}}\n"
        );
        let error = Contract::parse(&text).unwrap().operations().unwrap_err();
        assert!(error.to_string().contains("a body of `"), "{error}");
    }
}
