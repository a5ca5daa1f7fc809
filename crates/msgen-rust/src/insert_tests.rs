use similar::{ChangeTag, TextDiff};

use msgen_openapi::{
    Contract, ContractError, HttpMethod, NewOperation, ParamType, QueryParam, insert_operation,
    insert_schema,
};

use crate::fixtures::HAND;
use crate::{Operation, RustView as _};

fn op(method: HttpMethod, path: &str) -> NewOperation {
    NewOperation {
        method,
        path: path.to_owned(),
        operation_id: None,
        summary: None,
        params: Vec::new(),
        query: Vec::new(),
        request: None,
        response: None,
        status: None,
    }
}

/// [`insert_operation`] and the Rust view of the operation it added.
fn insert(text: &str, new: &NewOperation) -> Result<(String, Operation), ContractError> {
    let (text, grown) = insert_operation(text, new)?;
    let added = grown
        .operation_at(&new.path, new.method)
        .expect("the added operation derives")
        .expect("the added operation is in the grown contract");
    assert_eq!(grown.text(), text);
    Ok((text, added))
}

/// The added lines; panics if any line of `old` was removed or changed.
fn added_lines(old: &str, new: &str) -> Vec<String> {
    let diff = TextDiff::from_lines(old, new);
    let mut added = Vec::new();
    for change in diff.iter_all_changes() {
        match change.tag() {
            ChangeTag::Delete => panic!("line removed: {:?}\n--- new ---\n{new}", change.value()),
            ChangeTag::Insert => added.push(change.value().to_owned()),
            ChangeTag::Equal => {}
        }
    }
    added
}

#[test]
fn new_path_keeps_every_other_byte_and_the_file_style() {
    let mut new = op(HttpMethod::Post, "/orders/{id}/cancel");
    new.params = vec![("id".into(), ParamType::Uuid)];
    new.query = vec![QueryParam {
        name: "reason".into(),
        kind: ParamType::String,
        required: false,
    }];
    new.request = Some("CancelRequest".into());
    new.response = Some("Order".into());
    new.summary = Some("Cancel an \"order\"".into());
    let (text, added) = insert(HAND, &new).unwrap();
    let lines = added_lines(HAND, &text);
    assert_eq!(added.id, "cancel_order");
    assert_eq!(added.status, 200);
    // The `{id}` of HAND is a `uuid`: checked, so the parameters get a struct.
    assert_eq!(
        added.path_extractor.as_deref(),
        Some("models::CancelOrderPath")
    );
    assert_eq!(
        added.request.as_ref().unwrap().rust_type,
        "models::CancelRequest"
    );
    // 4-space indent, the file's single quotes, the path key quoted like its siblings.
    assert!(
        lines.contains(&"    '/orders/{id}/cancel':\n".to_owned()),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"            operationId: cancel_order\n".to_owned()),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"            summary: 'Cancel an \"order\"'\n".to_owned()),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"                    $ref: '#/components/responses/Problem'\n".to_owned())
    );
    // The stub schema lands at the end of components.schemas, before the trailing comment.
    assert!(
        lines.contains(&"        CancelRequest:\n".to_owned()),
        "{lines:?}"
    );
    assert!(
        text.ends_with("                    type: string\n# end of file\n"),
        "{text}"
    );
    // The new path goes after the last path, before the comment that precedes components.
    let at = text.find("'/orders/{id}/cancel'").unwrap();
    assert!(at < text.find("# between paths").unwrap());
    assert!(
        at > text
            .find("schema: {$ref: '#/components/schemas/Line'}")
            .unwrap()
    );
    Contract::parse(&text).unwrap().rust_models().unwrap();
}

#[test]
fn new_method_on_an_existing_path() {
    let mut new = op(HttpMethod::Post, "/orders");
    new.request = Some("Order".into());
    new.response = Some("Order".into());
    let (text, added) = insert(HAND, &new).unwrap();
    let lines = added_lines(HAND, &text);
    assert_eq!(lines[0], "        post:\n");
    assert_eq!(added.id, "create_order");
    let ops = Contract::parse(&text).unwrap().operations().unwrap();
    let ids: Vec<&str> = ops.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(
        ids,
        ["healthz", "list_orders", "create_order", "get_order_line"]
    );
    let post = text.find("        post:").unwrap();
    assert!(
        post > text.find("'400': {$ref").unwrap()
            && post < text.find("'/orders/{orderId}").unwrap()
    );
}

#[test]
fn list_response_and_defaults() {
    let mut new = op(HttpMethod::Get, "/orders/{id}/lines");
    new.response = Some("Line[]".into());
    let (_, added) = insert(HAND, &new).unwrap();
    assert_eq!(added.id, "list_order_lines");
    assert_eq!(added.status, 200);
    let response = added.response.unwrap();
    assert_eq!(
        (response.schema.as_str(), response.rust_type.as_str()),
        ("Line", "Vec<models::Line>")
    );
    assert_eq!(response.example, "vec![models::Line::example()]");
    let (_, deleted) = insert(HAND, &op(HttpMethod::Delete, "/orders/{id}")).unwrap();
    assert_eq!(
        (deleted.id.as_str(), deleted.status, deleted.response),
        ("delete_order", 204, None)
    );
}

#[test]
fn refuses_duplicates_conflicts_and_bad_input() {
    let exists = insert(HAND, &op(HttpMethod::Get, "/orders")).unwrap_err();
    assert_eq!(
        exists.to_string(),
        "`GET /orders` already exists in openapi.yaml (operationId `list_orders`)"
    );
    assert_eq!(
        exists.hint().unwrap(),
        "choose another path or method, or edit the existing operation"
    );
    let mut same_id = op(HttpMethod::Get, "/other");
    same_id.operation_id = Some("list_orders".into());
    assert!(matches!(
        insert(HAND, &same_id),
        Err(ContractError::DuplicateOperationId { .. })
    ));
    let conflict = insert(HAND, &op(HttpMethod::Get, "/orders/{id}/lines/{n}")).unwrap_err();
    assert!(
        matches!(conflict, ContractError::ConflictingRoutes { .. }),
        "{conflict}"
    );
    let mut bad_id = op(HttpMethod::Get, "/x");
    bad_id.operation_id = Some(" ".into());
    assert!(matches!(
        insert(HAND, &bad_id),
        Err(ContractError::InvalidOperationId { .. })
    ));
    let mut styled = op(HttpMethod::Get, "/x");
    styled.operation_id = Some("Get-X: now".into());
    let (text, added) = insert(HAND, &styled).unwrap();
    assert!(text.contains("operationId: 'Get-X: now'\n"), "{text}");
    assert!(text.contains("summary: 'Get x now'\n"), "{text}");
    assert_eq!(
        (
            added.operation_id.as_str(),
            added.id.as_str(),
            added.module.as_str()
        ),
        ("Get-X: now", "get_x_now", "get_x_now")
    );
    assert!(matches!(
        insert(HAND, &op(HttpMethod::Get, "/x/:id")),
        Err(ContractError::InvalidPath { .. })
    ));
    let mut stray = op(HttpMethod::Get, "/x");
    stray.params = vec![("id".into(), ParamType::Integer)];
    assert!(
        insert(HAND, &stray)
            .unwrap_err()
            .to_string()
            .contains("no `{id}` segment")
    );
    let mut body_204 = op(HttpMethod::Get, "/x");
    body_204.response = Some("Order".into());
    body_204.status = Some(204);
    assert!(insert(HAND, &body_204).is_err());
    let mut bad_schema = op(HttpMethod::Get, "/x");
    bad_schema.response = Some("String".into());
    assert!(insert(HAND, &bad_schema).is_err());
}

#[test]
fn inserts_into_contracts_without_schemas() {
    let base = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n";
    let mut new = op(HttpMethod::Get, "/orders/{id}");
    new.response = Some("Order".into());
    let (text, added) = insert(base, &new).unwrap();
    assert_eq!(added.id, "get_order");
    assert!(
        text.starts_with(
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /orders/{id}:\n    get:\n"
        ),
        "{text}"
    );
    assert!(text.ends_with("components:\n  schemas:\n    Order:\n      type: object\n      required:\n        - id\n      properties:\n        id:\n          type: string\n"), "{text}");
    let models = Contract::parse(&text).unwrap().rust_models().unwrap();
    assert!(models.contains("pub struct Order {"), "{models}");

    for schemas in [
        "components:\n  schemas: {}\n",
        "components:\n  schemas:\n",
        "components: {}\n",
        "components:\n  responses: {}\n",
    ] {
        let base = format!(
            "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      operationId: a\n      responses: {{'204': {{description: x}}}}\n{schemas}"
        );
        let (text, _) = insert(&base, &new).unwrap();
        assert!(
            Contract::parse(&text).unwrap().has_schema("Order"),
            "{schemas}: {text}"
        );
    }
}

#[test]
fn keeps_crlf_bom_and_a_missing_final_newline() {
    let base = "\u{feff}openapi: 3.1.0\r\npaths:\r\n  /a:\r\n    get:\r\n      operationId: a\r\n      responses: {'204': {description: x}}";
    let (text, _) = insert(base, &op(HttpMethod::Delete, "/a")).unwrap();
    assert!(text.starts_with(base), "{text:?}");
    assert!(!text.replace("\r\n", "").contains('\n'), "{text:?}");
}

#[test]
fn refuses_flow_style_paths() {
    let base = "openapi: 3.1.0\npaths: {/a: {get: {operationId: a, responses: {'204': {description: x}}}}}\n";
    let error = insert(base, &op(HttpMethod::Get, "/b")).unwrap_err();
    assert!(error.to_string().contains("flow style"), "{error}");
}

#[test]
fn problem_schema_without_shared_response_is_inlined() {
    let base = "openapi: 3.1.0\npaths: {}\ncomponents:\n  schemas:\n    Problem: {type: object}\n";
    let (text, _) = insert(base, &op(HttpMethod::Get, "/a/{id}")).unwrap();
    assert!(text.contains("        \"404\":\n          description: Not Found\n          content:\n            application/problem+json:\n"), "{text}");
    let without_problem = "openapi: 3.1.0\npaths: {}\n";
    let (text, _) = insert(without_problem, &op(HttpMethod::Get, "/a/{id}")).unwrap();
    assert!(
        !text.contains("'404'") && !text.contains("\"404\""),
        "{text}"
    );
}

#[test]
fn inserts_schemas_from_json() {
    let schema = serde_json::json!({"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}});
    let text = insert_schema(HAND, "Customer", &schema).unwrap();
    let lines = added_lines(HAND, &text);
    assert_eq!(lines[0], "        Customer:\n");
    assert!(
        Contract::parse(&text)
            .unwrap()
            .rust_models()
            .unwrap()
            .contains("pub struct Customer")
    );
    assert!(
        insert_schema(HAND, "Order", &schema)
            .unwrap_err()
            .to_string()
            .contains("already exists")
    );
    let text = insert_schema("openapi: 3.1.0\npaths: {}\n", "Customer", &schema).unwrap();
    assert!(text.ends_with("components:\n  schemas:\n    Customer:\n      type: object\n      required: [id]\n      properties:\n        id:\n          type: integer\n          format: int64\n"), "{text}");
}

#[test]
fn keeps_block_scalars_document_markers_and_null_paths() {
    let keep = "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      operationId: a\n      responses: {'204': {description: x}}\n      description: |+\n        keep\n\n\n";
    let markers = "---\nopenapi: 3.1.0\npaths:\n  /a:\n    get:\n      operationId: a\n      responses: {'204': {description: x}}\n...\n";
    let folded = "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      operationId: a\n      responses:\n        '204':\n          description: >-\n            folded\n\n# tail\n";
    for base in [keep, markers, folded] {
        let (text, _) = insert(base, &op(HttpMethod::Get, "/b")).unwrap();
        added_lines(base, &text);
    }
    let (text, _) = insert(keep, &op(HttpMethod::Get, "/b")).unwrap();
    assert!(text.contains("        keep\n\n\n  /b:\n"), "{text}");
    let (text, _) = insert(markers, &op(HttpMethod::Get, "/b")).unwrap();
    assert!(text.ends_with("          description: OK\n...\n"), "{text}");
    let null_paths = "openapi: 3.1.0\npaths:\n  # nothing yet\ncomponents: {}\n";
    let (text, _) = insert(null_paths, &op(HttpMethod::Get, "/b")).unwrap();
    assert!(
        text.starts_with("openapi: 3.1.0\npaths:\n  /b:\n    get:\n"),
        "{text}"
    );
}

#[test]
fn derived_ids_avoid_taken_ones() {
    let base = "openapi: 3.1.0\npaths: {}\n";
    let (text, first) = insert(base, &op(HttpMethod::Get, "/warehouses/{w}/stock")).unwrap();
    let (text, second) =
        insert(&text, &op(HttpMethod::Get, "/warehouses/{w}/stock/{sku}")).unwrap();
    assert_eq!(
        (first.id.as_str(), second.id.as_str()),
        ("get_warehouse_stock", "get_warehouse_stock_by_sku")
    );
    let mut given = op(HttpMethod::Get, "/other");
    given.operation_id = Some("get_warehouse_stock".into());
    assert!(matches!(
        insert(&text, &given),
        Err(ContractError::DuplicateOperationId { .. })
    ));
}

#[test]
fn the_grown_contract_is_the_new_text_parsed() {
    let base = "openapi: 3.1.0\npaths: {}\n";
    let (text, grown) = insert_operation(base, &op(HttpMethod::Get, "/orders")).unwrap();
    let ids: Vec<String> = grown
        .operations()
        .unwrap()
        .into_iter()
        .map(|o| o.id)
        .collect();
    assert_eq!(ids, ["list_orders"]);
    assert_eq!(grown.text(), text);
    let reparsed = Contract::parse(&text).unwrap();
    assert_eq!(reparsed.operations().unwrap().len(), 1);
}

#[test]
fn a_quoted_scalar_continuing_at_column_0_is_kept() {
    // A quoted scalar may continue at column 0: that line is not the end of `paths`.
    let base = "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      operationId: a\n      summary: \"two\nlines\"\n      responses: {'204': {description: x}}\n";
    Contract::parse(base).unwrap();
    let (text, added) = insert(base, &op(HttpMethod::Get, "/b")).unwrap();
    assert!(text.starts_with(base), "{text}");
    assert_eq!(added.path, "/b");
}
