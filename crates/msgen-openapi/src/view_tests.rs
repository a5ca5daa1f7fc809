use super::*;

/// Every construct the view describes: compositions with a discriminator, nullable in the
/// 3.1 and 3.0 spellings, enums, constraints, maps, arrays, security and error statuses.
const RICH: &str = r##"openapi: 3.1.0
info: {title: Pets, version: 1.2.0, description: A pet shop}
security:
  - bearer: []
paths:
  /healthz:
    get:
      operationId: healthz
      x-msgen-system: true
      security: []
      responses:
        "200": {description: OK}
  /pets/{pet_id}:
    parameters:
      - {name: pet_id, in: path, required: true, schema: {type: integer, format: int64, minimum: 10}}
    put:
      operationId: replace_pet
      summary: Replace a pet
      tags: [pets]
      security:
        - oauth: [pets:write]
        - api_key: []
      parameters:
        - name: dry-run
          in: query
          required: true
          description: Check only
          schema: {type: boolean}
        - {name: fields, in: query, schema: {type: array, items: {type: string}, maxItems: 5}}
        - {name: X-Request-Id, in: header, schema: {type: string, format: uuid}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Pet"}
      responses:
        "200":
          description: The pet
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
        "404": {$ref: "#/components/responses/Problem"}
        "422": {$ref: "#/components/responses/Problem"}
        default: {$ref: "#/components/responses/Problem"}
  /pets:
    get:
      operationId: list_pets
      responses:
        "200":
          description: Pets
          content:
            application/json:
              schema:
                type: array
                items: {$ref: "#/components/schemas/Pet"}
    delete:
      operationId: delete_pets
      responses:
        "204": {description: Gone}
components:
  responses:
    Problem:
      description: A problem
      content:
        application/problem+json:
          schema: {$ref: "#/components/schemas/Problem"}
  securitySchemes:
    bearer: {type: http, scheme: bearer, bearerFormat: JWT}
    api_key: {type: apiKey, in: header, name: X-Api-Key}
    oauth:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: https://example.com/token
          scopes: {"pets:write": Change pets}
  schemas:
    Pet:
      description: A cat or a dog
      oneOf:
        - {$ref: "#/components/schemas/Cat"}
        - {$ref: "#/components/schemas/Dog"}
      discriminator:
        propertyName: pet_type
        mapping:
          cat: "#/components/schemas/Cat"
          dog: "#/components/schemas/Dog"
    Cat:
      allOf:
        - {$ref: "#/components/schemas/Base"}
        - type: object
          required: [lives]
          properties:
            lives: {type: integer, minimum: 0, maximum: 9, default: 9}
    Dog:
      type: object
      required: [pet_type, name]
      properties:
        pet_type: {type: string, enum: [dog]}
        name: {type: string, minLength: 1, maxLength: 40, pattern: "^[A-Z]", example: Rex}
        nickname: {type: [string, "null"]}
        owner: {$ref: "#/components/schemas/Owner", nullable: true}
        tags: {type: array, items: {type: string}, minItems: 1, uniqueItems: true}
        attributes: {type: object, additionalProperties: {type: number}}
        weight: {type: number, format: double, exclusiveMinimum: 0}
    Base:
      type: object
      required: [pet_type]
      properties:
        pet_type: {type: string}
    Owner:
      anyOf:
        - {type: string}
        - {type: object, properties: {id: {type: string}}}
    Size:
      type: string
      enum: [small, large, null]
    Problem:
      type: object
      required: [title, status]
      properties:
        title: {type: string}
        status: {type: integer}
"##;

#[test]
fn the_view_of_a_rich_contract() {
    let view = Contract::parse(RICH).unwrap().view().unwrap();
    insta::assert_snapshot!(serde_json::to_string_pretty(&view).unwrap());
}

#[test]
fn the_view_reads_the_shared_contract() {
    let view = Contract::parse(crate::fixtures::HAND)
        .unwrap()
        .view()
        .unwrap();
    assert!(view.operations.iter().any(|o| o.id == "list_orders"));
    assert!(view.schemas.iter().any(|s| s.name == "Order"));
}

#[test]
fn an_operation_that_documents_no_success_answers_a_documented_status() {
    let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      operationId: get_x\n      responses:\n        '404': {description: no}\n";
    let view = Contract::parse(text).unwrap().view().unwrap();
    let op = &view.operations[0];
    assert_eq!((op.status, op.documented_only), (404, true));
}

#[test]
fn an_operation_with_only_ranges_is_refused() {
    let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      operationId: get_x\n      responses:\n        4XX: {description: no}\n";
    let error = Contract::parse(text).unwrap().view().unwrap_err();
    assert!(error.to_string().contains("no success response"), "{error}");
    assert!(error.hint().unwrap().contains("2XX"), "{error}");
}

#[test]
fn a_default_beside_a_success_is_the_error_shape_and_required_headers_are_listed() {
    let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      operationId: get_x\n      responses:\n        2XX:\n          description: ok\n          headers:\n            X-Total: {required: true, schema: {type: integer, minimum: 3}}\n            X-Note: {schema: {type: string}}\n        default: {description: error}\n  /y:\n    get:\n      operationId: get_y\n      responses:\n        default: {description: all}\n";
    let view = Contract::parse(text).unwrap().view().unwrap();
    let x = &view.operations[0];
    assert_eq!((x.status, x.success_key.as_str()), (200, "2XX"));
    let headers: Vec<(&str, &str)> = x
        .response_headers
        .iter()
        .map(|h| (h.name.as_str(), h.example_value.as_str()))
        .collect();
    assert_eq!(headers, [("X-Total", "3")]);
    assert_eq!(x.error_response.as_ref().unwrap().status, "default");
    assert_eq!(x.responses[0].headers.len(), 2);
    let y = &view.operations[1];
    assert_eq!((y.status, y.success_key.as_str()), (200, "default"));
    assert!(y.error_response.is_none());
}

#[test]
fn deep_inline_nesting_stays_bounded() {
    let mut schema = String::from("{type: string}");
    for _ in 0..100 {
        schema = format!("{{type: array, items: {schema}}}");
    }
    let text = format!(
        "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Deep: {schema}\n"
    );
    let Ok(contract) = Contract::parse(&text) else {
        return; // refused by the reader's nesting limit: bounded too
    };
    let view = contract.view().unwrap();
    let mut shape = &view.schemas[0].shape;
    let mut depth = 0;
    while let Some(items) = shape.items.as_deref() {
        shape = items;
        depth += 1;
    }
    assert!(depth <= MAX_DEPTH + 1, "{depth}");
    assert_eq!(shape.kind, Kind::Any);
}

/// `value` without the keys holding `null`, `false`, `[]` or `{}`.
fn pruned(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value as Json;
    let empty = |v: &Json| match v {
        Json::Null | Json::Bool(false) => true,
        Json::Array(items) => items.is_empty(),
        Json::Object(map) => map.is_empty(),
        _ => false,
    };
    match value {
        Json::Object(map) => Json::Object(
            map.into_iter()
                .map(|(k, v)| (k, pruned(v)))
                .filter(|(_, v)| !empty(v))
                .collect(),
        ),
        Json::Array(items) => Json::Array(items.into_iter().map(pruned).collect()),
        other => other,
    }
}

/// The text of the first fenced block opened by `fence` in `text`.
fn block<'a>(text: &'a str, fence: &str) -> &'a str {
    let start = text.find(fence).expect("the block") + fence.len();
    let end = start + text[start..].find("```").expect("the block's end");
    &text[start..end]
}

/// The worked example in docs/templates.md shows what the view gives (there without the
/// keys holding `null`, `false`, `[]` or `{}`).
#[test]
fn the_documented_example_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/templates.md");
    let Ok(doc) = std::fs::read_to_string(path) else {
        return; // outside the repository
    };
    let section = &doc[doc.find("### Worked example").expect("the section")..];
    let view = Contract::parse(block(section, "```yaml\n"))
        .unwrap()
        .view()
        .unwrap();
    let actual = pruned(serde_json::to_value(&view).unwrap());
    let documented: serde_json::Value = serde_json::from_str(block(section, "```json\n")).unwrap();
    assert_eq!(
        actual,
        documented,
        "docs/templates.md is out of date; the view is now:\n{}",
        serde_json::to_string_pretty(&actual).unwrap()
    );
}
