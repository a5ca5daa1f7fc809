use super::*;
use crate::route::ParamType;

#[test]
fn the_recheck_refuses_a_tree_that_differs_in_key_order() {
    let written = "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      operationId: a\n      responses: {'204': {description: x}}\n  /b:\n    get:\n      operationId: b\n      responses: {'204': {description: x}}\n";
    let reordered = "openapi: 3.1.0\npaths:\n  /b:\n    get:\n      operationId: b\n      responses: {'204': {description: x}}\n  /a:\n    get:\n      operationId: a\n      responses: {'204': {description: x}}\n";
    let expected = Contract::parse(reordered).unwrap();
    // `Value`'s `==` ignores key order; the re-check must not.
    assert_eq!(Contract::parse(written).unwrap().root, expected.root);
    let grown = Contract {
        text: written.to_owned(),
        root: expected.root,
    };
    let error = splice::verify(&grown).unwrap_err();
    assert!(
        matches!(&error, ContractError::EditFailed(m) if m.contains("changed outside")),
        "{error}"
    );
    let same = Contract::parse(written).unwrap();
    assert!(splice::verify(&same).is_ok());
}

#[test]
fn stubs_are_named_and_only_a_response_stub_requires_an_id() {
    let base = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n";
    let op = NewOperation {
        method: HttpMethod::Post,
        path: "/orders".into(),
        operation_id: None,
        summary: None,
        params: Vec::new(),
        query: Vec::new(),
        request: Some("NewOrder".into()),
        response: Some("Order".into()),
        status: None,
    };
    let (text, _, stubs) = insert_operation_with_stubs(base, &op).unwrap();
    assert_eq!(stubs, ["NewOrder", "Order"]);
    assert!(
        text.ends_with("    NewOrder:\n      type: object\n      properties:\n        id:\n          type: string\n    Order:\n      type: object\n      required:\n        - id\n      properties:\n        id:\n          type: string\n"),
        "{text}"
    );
    let both = NewOperation {
        response: Some("NewOrder".into()),
        ..op
    };
    let (text, _, stubs) = insert_operation_with_stubs(base, &both).unwrap();
    assert_eq!(stubs, ["NewOrder"]);
    assert!(!text.contains("- id"), "{text}");
    let (_, _, stubs) = insert_operation_with_stubs(
        &text,
        &NewOperation {
            path: "/more".into(),
            ..both
        },
    )
    .unwrap();
    assert!(stubs.is_empty());
}

#[test]
fn a_path_parameter_keeps_its_type_across_the_operations_of_its_path() {
    let base = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /orders/{id}:\n    get:\n      operationId: get_order\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: integer, format: int32}}\n      responses:\n        '200': {description: ok}\n";
    let delete = NewOperation {
        method: HttpMethod::Delete,
        path: "/orders/{id}".into(),
        operation_id: None,
        summary: None,
        params: Vec::new(),
        query: Vec::new(),
        request: None,
        response: None,
        status: None,
    };
    let (text, _) = insert_operation(base, &delete).unwrap();
    assert!(
        text.contains("          schema:\n            type: integer\n            format: int32\n"),
        "{text}"
    );
    let conflicting = NewOperation {
        params: vec![("id".into(), ParamType::String)],
        ..delete
    };
    let error = insert_operation(base, &conflicting).unwrap_err();
    assert_eq!(
        error.to_string(),
        "path parameter `id` of `/orders/{id}` is `integer (int32)` in openapi.yaml, not `string`"
    );
    assert!(error.hint().unwrap().contains("leave out that --param"));
}
