use super::*;
use crate::Contract;
use crate::operations::list;
use crate::responses::success;

/// A contract with one operation `GET /a` whose responses are `responses` and whose
/// component schemas are `schemas` (both indented for their place).
fn contract(responses: &str, schemas: &str) -> Contract {
    Contract::parse(&format!(
        "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      operationId: a\n      responses:\n        '200': {{description: ok}}\n{responses}components:\n  schemas:\n{schemas}"
    ))
    .unwrap()
}

fn errors_of(contract: &Contract) -> Result<ErrorResponses, ContractError> {
    let root = contract.root();
    let found = list(root).unwrap();
    let chosen = success(root, &found[0]).unwrap();
    error_responses(root, &found[0], &chosen)
}

const DEFAULT: &str = "        default:\n          description: e\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Error'}\n";

fn fields(body: &ErrorBody) -> Vec<(String, Fill)> {
    body.fields
        .iter()
        .map(|f| (f.path.join("."), f.fill))
        .collect()
}

#[test]
fn code_and_message_are_filled_with_the_status_and_the_detail() {
    let contract = contract(
        DEFAULT,
        "    Error:\n      type: object\n      required: [code, message]\n      properties:\n        code: {type: integer, format: int32}\n        message: {type: string}\n",
    );
    let errors = errors_of(&contract).unwrap();
    assert_eq!(errors.input_status, 0);
    assert_eq!(errors.bodies.len(), 1);
    let body = &errors.bodies[0];
    assert_eq!(body.status, "default");
    assert_eq!(body.media_type.as_deref(), Some("application/json"));
    assert_eq!(
        fields(body),
        [
            ("code".to_owned(), Fill::Status),
            ("message".to_owned(), Fill::Detail)
        ]
    );
    assert!(errors.declared());
}

#[test]
fn names_map_by_type_through_all_of_and_nested_objects() {
    let contract = contract(
        DEFAULT,
        "    Base:\n      type: object\n      required: [error]\n      properties:\n        error:\n          type: object\n          required: [status_code, Error-Message]\n          properties:\n            status_code: {type: string, maxLength: 3}\n            Error-Message: {type: string, maxLength: 80}\n            hint: {type: string}\n    Error:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - type: object\n          properties:\n            title: {type: string}\n            type: {type: string, format: uri}\n",
    );
    let errors = errors_of(&contract).unwrap();
    let body = &errors.bodies[0];
    assert_eq!(
        fields(body),
        [
            ("error.status_code".to_owned(), Fill::StatusText),
            ("error.Error-Message".to_owned(), Fill::Detail),
            ("title".to_owned(), Fill::Title),
            ("type".to_owned(), Fill::Type),
        ]
    );
    assert_eq!(body.fields[1].max_length, Some(80));
}

#[test]
fn a_required_field_msgen_cannot_fill_is_refused_with_its_pointer() {
    for (property, why) in [
        ("traceId: {type: string}", "does not know how to fill"),
        ("message: {type: string, enum: [a, b]}", "has `enum`"),
        (
            "message: {type: string, format: date-time}",
            "`format: date-time`",
        ),
        ("code: {type: integer, minimum: 1000}", "bounds"),
        ("message: {type: string, minLength: 5}", "`minLength`"),
    ] {
        let name = property.split(':').next().unwrap();
        let contract = contract(
            DEFAULT,
            &format!(
                "    Error:\n      type: object\n      required: [{name}]\n      properties:\n        {property}\n"
            ),
        );
        let error = errors_of(&contract).unwrap_err();
        assert_eq!(
            error.pointer().unwrap(),
            format!("/components/schemas/Error/properties/{name}"),
            "{property}"
        );
        assert!(error.to_string().contains(why), "{property}: {error}");
        assert!(error.hint().unwrap().contains("`message`"), "{error}");
    }
}

#[test]
fn optional_fields_msgen_cannot_fill_are_left_out() {
    let contract = contract(
        DEFAULT,
        "    Error:\n      type: object\n      required: [message]\n      properties:\n        message: {type: string}\n        traceId: {type: string}\n        code: {type: string, enum: [BAD]}\n",
    );
    let errors = errors_of(&contract).unwrap();
    assert_eq!(
        fields(&errors.bodies[0]),
        [("message".to_owned(), Fill::Detail)]
    );
}

#[test]
fn responses_without_a_json_schema_keep_problem_details_and_free_form_gets_its_fields() {
    let contract = contract(
        "        '404': {description: gone}\n        '500':\n          description: e\n          content:\n            text/plain: {schema: {type: string}}\n        5XX:\n          description: e\n          content:\n            application/vnd.api+json: {schema: {type: object}}\n",
        "    Error: {type: object}\n",
    );
    let errors = errors_of(&contract).unwrap();
    let statuses: Vec<(&str, Option<&str>)> = errors
        .bodies
        .iter()
        .map(|b| (b.status.as_str(), b.media_type.as_deref()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("404", None),
            ("500", None),
            ("5XX", Some("application/vnd.api+json"))
        ]
    );
    assert_eq!(errors.bodies[2].fields.len(), 4);
    assert!(!errors.bodies[0].fields.iter().any(|_| true));
}

#[test]
fn a_string_body_holds_the_detail() {
    let contract = contract(
        "        '404':\n          description: e\n          content:\n            application/json: {schema: {type: string, maxLength: 99}}\n",
        "    Error: {type: object}\n",
    );
    let errors = errors_of(&contract).unwrap();
    let field = &errors.bodies[0].fields[0];
    assert!(field.path.is_empty());
    assert_eq!((field.fill, field.max_length), (Fill::Detail, Some(99)));
}

#[test]
fn a_json_error_schema_that_is_not_an_object_is_refused() {
    let contract = contract(
        "        '400':\n          description: e\n          content:\n            application/json: {schema: {type: array, items: {type: string}}}\n",
        "    Error: {type: object}\n",
    );
    let error = errors_of(&contract).unwrap_err();
    assert_eq!(
        error.pointer().unwrap(),
        "/paths/~1a/get/responses/400/content/application~1json/schema"
    );
}

#[test]
fn validation_failures_answer_the_status_the_operation_documents() {
    let status = |responses: &str| {
        errors_of(&contract(responses, "    Error: {type: object}\n"))
            .unwrap()
            .input_status
    };
    assert_eq!(status("        '400': {description: bad}\n"), 400);
    assert_eq!(status("        '422': {description: bad}\n"), 422);
    assert_eq!(
        status("        '400': {description: bad}\n        '422': {description: bad}\n"),
        0
    );
    assert_eq!(status(""), 0);
}

#[test]
fn the_shared_format_is_the_one_every_operation_has() {
    let two = |second: &str| {
        Contract::parse(&format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {{description: ok}}\n        default:\n          description: e\n          content:\n            application/json: {{schema: {{$ref: '#/components/schemas/E'}}}}\n  /b:\n    get:\n      responses:\n        '200': {{description: ok}}\n{second}components:\n  schemas:\n    E: {{type: object, properties: {{message: {{type: string}}}}}}\n"
        ))
        .unwrap()
    };
    let same = two(
        "        default:\n          description: e\n          content:\n            application/json: {schema: {$ref: '#/components/schemas/E'}}\n",
    );
    assert!(shared(same.root()).unwrap().declared());
    let different = two("        '400': {description: bad}\n");
    assert_eq!(shared(different.root()).unwrap(), ErrorResponses::default());
}
