use msgen_openapi::Contract;

use super::fixtures::HAND;
use super::*;

fn minimal(paths: &str) -> String {
    format!("openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}")
}

#[test]
fn operations_have_the_template_shape() {
    let ops = Contract::parse(HAND).unwrap().operations().unwrap();
    let ids: Vec<&str> = ops.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["healthz", "list_orders", "get_order_line"]);
    assert!(ops[0].system);
    let mut list = serde_json::to_value(&ops[1]).unwrap();
    // Only 400 documented: validation failures answer 400, as problem details.
    let errors = list.as_object_mut().unwrap().remove("errors").unwrap();
    assert_eq!(errors["input_status"], 400);
    assert_eq!(errors["bodies"][0]["status"], "400");
    assert_eq!(
        errors["bodies"][0]["media_type"],
        "application/problem+json"
    );
    assert_eq!(errors["bodies"][0]["fields"][3]["fill"], "detail");
    assert_eq!(
        list,
        serde_json::json!({
            "id": "list_orders", "operation_id": "list_orders", "method": "get", "method_upper": "GET", "path": "/orders", "route": "/orders", "affixed": false,
            "module": "list_orders", "summary": "List orders", "status": 200, "documented_only": false, "response_headers": [], "system": false,
            "path_params": [], "path_extractor": null, "path_pattern": null, "example_path": "/orders",
            "query_params": [
                {"name": "limit", "rust_name": "limit", "rust_type": "i32", "required": false},
                {"name": "status", "rust_name": "status", "rust_type": "models::OrderStatus", "required": true}
            ],
            "query_struct": "ListOrdersQuery", "example_query": "?status=open",
            "header_struct": null, "example_headers": [], "cookie_struct": null, "example_cookie": "",
            "bad_request": {
                "what": "query parameter `limit`", "path": "/orders",
                "query": "?status=open&limit=0", "headers": [], "cookie": ""
            },
            "request": null,
            "response": {
                "schema": "Order", "rust_type": "Vec<models::Order>", "example": "vec![models::Order::example()]",
                "wrapper": "Json", "response_type": "Json<ResponseBody>", "media_type": "application/json"
            },
            "security": [], "credentials": [], "credential_query": "", "challenged": false
        })
    );
    let line = &ops[2];
    assert_eq!(line.summary, "Get order line");
    // `orderId` is a `uuid`, checked: the parameters get a struct.
    assert_eq!(
        line.path_extractor.as_deref(),
        Some("models::GetOrderLinePath")
    );
    assert_eq!(line.path_pattern.as_deref(), Some("path"));
    assert_eq!(
        line.example_path,
        "/orders/00000000-0000-4000-8000-000000000000/lines/1"
    );
    assert_eq!(
        line.response.as_ref().unwrap().example,
        "models::Line::example()"
    );
}

#[test]
fn accepts_a_bom_and_openapi_3_0() {
    let text = format!(
        "\u{feff}{}",
        minimal(
            "  /a:\n    get:\n      operationId: a\n      responses: {'204': {description: x}}\n"
        )
    );
    let ops = Contract::parse(&text.replace("3.1.0", "3.0.3"))
        .unwrap()
        .operations()
        .unwrap();
    assert_eq!((ops[0].status, ops[0].response.clone()), (204, None));
}

#[test]
fn operation_types_are_checked_when_listed_and_inline_responses_are_named() {
    let text = minimal(
        "  /a:\n    post:\n      operationId: a\n      responses:\n        '200':\n          description: x\n          content:\n            application/json:\n              schema: {type: object, properties: {x: {type: string}}}\n",
    );
    // An inline object in the success response is a model named after the operation.
    let contract = Contract::parse(&text).unwrap();
    let ops = contract.operations().unwrap();
    let response = ops[0].response.as_ref().unwrap();
    assert_eq!(response.rust_type, "models::AResponse");
    let models = contract.rust_models().unwrap();
    assert!(models.contains("pub struct AResponse {"), "{models}");
    // Without a success, the stub's example answer is a status the contract documents.
    let no_2xx = minimal(
        "  /a:\n    get:\n      operationId: a\n      responses: {'404': {description: x}}\n",
    );
    let ops = Contract::parse(&no_2xx).unwrap().operations().unwrap();
    assert_eq!((ops[0].status, ops[0].documented_only), (404, true));
    // A redirect carries `Location`: the contract's, else a reserved example host.
    let redirect = minimal(
        "  /a:\n    get:\n      operationId: a\n      responses: {'307': {description: x}}\n  /b:\n    get:\n      operationId: b\n      responses:\n        '302':\n          description: x\n          headers: {Location: {schema: {type: string, example: /elsewhere}}}\n",
    );
    let ops = Contract::parse(&redirect).unwrap().operations().unwrap();
    let location = |op: &Operation| {
        assert_eq!(op.response_headers.len(), 1);
        (op.status, op.response_headers[0].example.clone())
    };
    assert_eq!(location(&ops[0]), (307, "https://example.com/".to_owned()));
    assert_eq!(location(&ops[1]), (302, "/elsewhere".to_owned()));
}

#[test]
fn an_inline_all_of_in_a_body_merges_into_the_operations_model() {
    let text = format!(
        "{}components:\n  schemas:\n    Page: {{type: object, required: [items], properties: {{items: {{type: array, items: {{type: string}}}}}}}}\n    Info: {{type: object, properties: {{total: {{type: integer}}}}}}\n",
        minimal(
            "  /a:\n    post:\n      operationId: a\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              allOf: [{$ref: '#/components/schemas/Info'}, {properties: {note: {type: string}}}]\n      responses:\n        '200':\n          description: x\n          content:\n            application/json:\n              schema:\n                allOf:\n                  - $ref: '#/components/schemas/Page'\n                  - $ref: '#/components/schemas/Info'\n",
        )
    );
    let contract = Contract::parse(&text).unwrap();
    let ops = contract.operations().unwrap();
    assert_eq!(
        ops[0].response.as_ref().unwrap().rust_type,
        "models::AResponse"
    );
    assert_eq!(ops[0].request.as_ref().unwrap().rust_type, "models::ABody");
    let models = contract.rust_models().unwrap();
    let start = models.find("pub struct AResponse {").expect(&models);
    let item = &models[start..start + models[start..].find("\n}\n").unwrap()];
    assert!(item.contains("pub items: Vec<String>,"), "{item}");
    assert!(item.contains("pub total: Option<Integer>,"), "{item}");
    let start = models.find("pub struct ABody {").expect(&models);
    let item = &models[start..start + models[start..].find("\n}\n").unwrap()];
    assert!(item.contains("pub total: Option<Integer>,"), "{item}");
    assert!(item.contains("pub note: Option<String>,"), "{item}");
}

#[test]
fn range_and_default_successes_answer_200_and_required_headers_are_typed() {
    let text = minimal(
        "  /a:\n    get:\n      operationId: a\n      responses:\n        2XX:\n          description: x\n          headers:\n            X-Rate: {required: true, schema: {type: integer, minimum: 5}}\n            X-Free: {schema: {type: string}}\n  /b:\n    get:\n      operationId: b\n      responses: {default: {description: x}}\n  /c:\n    get:\n      operationId: c\n",
    );
    let ops = Contract::parse(&text).unwrap().operations().unwrap();
    let statuses: Vec<u16> = ops.iter().map(|o| o.status).collect();
    assert_eq!(statuses, [200, 200, 200]);
    assert_eq!(
        ops[0].response_headers,
        [ResponseHeader {
            name: "X-Rate".into(),
            header_name: "x-rate".into(),
            rust_type: "i64".into(),
            example: "5".into(),
        }]
    );
    let bad = minimal(
        "  /a:\n    get:\n      operationId: a\n      responses:\n        '200':\n          description: x\n          headers:\n            X-List: {required: true, schema: {type: array}}\n",
    );
    let error = Contract::parse(&bad).unwrap().operations().unwrap_err();
    assert!(
        error.to_string().contains("/responses/200/headers/X-List"),
        "{error}"
    );
}

#[test]
fn security_in_effect_is_the_operations_else_the_contracts_and_empty_means_public() {
    let text = "openapi: 3.1.0
info: {title: t, version: '1'}
security: [{bearer: []}]
paths:
  /a:
    get:
      responses: {'200': {description: ok}}
  /b:
    get:
      security: [{key: [], session: []}, {bearer: []}]
      responses: {'200': {description: ok}}
  /c:
    get:
      security: []
      responses: {'200': {description: ok}}
  /d:
    get:
      security: [{}, {bearer: []}]
      responses: {'200': {description: ok}}
  /e:
    get:
      security: [{query: []}]
      parameters: [{name: q, in: query, required: true, schema: {type: string}}]
      responses: {'200': {description: ok}}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
    key: {type: apiKey, in: header, name: X-Key}
    session: {type: apiKey, in: cookie, name: sid}
    query: {type: apiKey, in: query, name: api key}
";
    let ops = Contract::parse(text).unwrap().operations().unwrap();
    let security: Vec<&Vec<Vec<String>>> = ops.iter().map(|o| &o.security).collect();
    let names = |all: &[&[&str]]| -> Vec<Vec<String>> {
        all.iter()
            .map(|one| one.iter().map(|s| (*s).to_owned()).collect())
            .collect()
    };
    assert_eq!(*security[0], names(&[&["bearer"]]));
    assert_eq!(*security[1], names(&[&["key", "session"], &["bearer"]]));
    assert!(security[2].is_empty() && security[3].is_empty());
    assert!(ops[0].challenged && ops[1].challenged && !ops[4].challenged);
    let headers: Vec<(&str, &str)> = ops[1]
        .credentials
        .iter()
        .map(|c| (c.name.as_str(), c.value.as_str()))
        .collect();
    assert_eq!(headers, [("X-Key", "example-key")]);
    assert_eq!(ops[1].example_cookie, "sid=example-key");
    assert_eq!(ops[0].credentials[0].value, "Bearer example-token");
    assert_eq!(ops[4].credential_query, "&api%20key=example-key");
    assert!(ops[2].credentials.is_empty() && ops[2].credential_query.is_empty());
}

#[test]
fn an_api_key_cookie_and_cookie_parameters_share_one_cookie_line() {
    let text = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      security: [{session: []}]
      parameters:
        - {name: theme, in: cookie, required: true, schema: {type: string, enum: [dark, light]}}
      responses: {'200': {description: ok}}
components:
  securitySchemes:
    session: {type: apiKey, in: cookie, name: sid}
";
    let ops = Contract::parse(text).unwrap().operations().unwrap();
    assert!(ops[0].credentials.is_empty(), "{:?}", ops[0].credentials);
    assert_eq!(ops[0].example_cookie, "theme=dark; sid=example-key");
    let bad = ops[0].bad_request.as_ref().unwrap();
    assert_eq!(bad.cookie, "theme=not-a-listed-value; sid=example-key");
}
