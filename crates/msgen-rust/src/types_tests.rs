use yaml_serde::{Mapping, Value};

use super::*;
use crate::example::Examples;

fn schema(yaml: &str) -> Value {
    yaml_serde::from_str(yaml).unwrap()
}

fn site() -> Site<'static> {
    Site {
        names: &NO_SCHEMAS,
        owner: "T",
        pointer: "/components/schemas/T".into(),
        inline_name: Some("T".into()),
    }
}

fn example(yaml: &str) -> String {
    let value = schema(yaml);
    let ty = rust_type(&value, &site()).unwrap();
    let empty = Mapping::new();
    Examples {
        root: &Value::Null,
        schemas: &empty,
        prefix: "models::",
        names: &NO_SCHEMAS,
    }
    .expr(&value, &ty, &site(), false)
    .unwrap()
}

#[test]
fn maps_types() {
    for (yaml, rust) in [
        ("{type: string, format: date-time}", "String"),
        ("{type: integer, format: int32}", "i32"),
        ("{type: integer}", "models::Integer"),
        ("{type: integer, format: int64}", "i64"),
        ("{type: integer, format: uint64}", "models::Integer"),
        ("{type: integer, minimum: 1, maximum: 100}", "i64"),
        (
            "{type: integer, exclusiveMinimum: 0, exclusiveMaximum: 10}",
            "i64",
        ),
        (
            "{type: integer, minimum: -9223372036854775808, maximum: 9223372036854775807}",
            "i64",
        ),
        ("{type: integer, enum: [1, 2]}", "i64"),
        ("{type: integer, minimum: 1}", "models::Integer"),
        ("{type: integer, maximum: 10}", "models::Integer"),
        (
            "{type: integer, minimum: 0, maximum: 1.0e20}",
            "models::Integer",
        ),
        (
            "{type: integer, minimum: 0, maximum: 18446744073709551615}",
            "models::Integer",
        ),
        ("{type: [integer, 'null'], format: int64}", "Option<i64>"),
        ("{type: number}", "f64"),
        ("{type: number, format: float}", "f32"),
        ("{type: boolean}", "bool"),
        ("{type: [integer, 'null']}", "Option<models::Integer>"),
        ("{type: string, nullable: true}", "Option<String>"),
        (
            "{type: array, items: {$ref: '#/components/schemas/Order'}}",
            "Vec<models::Order>",
        ),
        (
            "{type: object}",
            "std::collections::BTreeMap<String, serde_json::Value>",
        ),
        (
            "{type: object, additionalProperties: {type: boolean}}",
            "std::collections::BTreeMap<String, bool>",
        ),
        ("{}", "serde_json::Value"),
        ("{allOf: [{$ref: '#/components/schemas/A'}]}", "models::A"),
        (
            "{type: object, properties: {a: {type: string}}}",
            "models::T",
        ),
        ("{type: string, enum: [a, b, null]}", "Option<models::T>"),
    ] {
        assert_eq!(
            rust_type(&schema(yaml), &site())
                .unwrap()
                .render("models::"),
            rust,
            "{yaml}"
        );
    }
}

#[test]
fn inline_objects_need_a_name() {
    let no_name = Site {
        inline_name: None,
        ..site()
    };
    let error = rust_type(
        &schema("{type: object, properties: {a: {type: string}}}"),
        &no_name,
    )
    .unwrap_err();
    assert!(error.to_string().contains("inline object"), "{error}");
    assert_eq!(
        rust_type(&schema("{type: string, enum: [a]}"), &no_name).unwrap(),
        RType::String
    );
}

#[test]
fn examples_respect_constraints() {
    for (yaml, expr) in [
        (
            "{type: string, format: uuid}",
            "String::from(\"00000000-0000-4000-8000-000000000000\")",
        ),
        (
            "{type: string, format: email}",
            "String::from(\"user@example.com\")",
        ),
        (
            "{type: string, format: date}",
            "String::from(\"2024-01-01\")",
        ),
        ("{type: string, maxLength: 3}", "String::from(\"exa\")"),
        (
            "{type: string, minLength: 9}",
            "String::from(\"examplexx\")",
        ),
        ("{type: string, minLength: 40}", "\"x\".repeat(40)"),
        ("{type: string, example: hi}", "String::from(\"hi\")"),
        ("{type: string, enum: [b, a]}", "models::T::example()"),
        (
            "{type: integer, minimum: 10}",
            "models::Integer::from(10_i64)",
        ),
        (
            "{type: integer, exclusiveMinimum: 10}",
            "models::Integer::from(11_i64)",
        ),
        (
            "{type: integer, minimum: 10, exclusiveMinimum: true, format: int64}",
            "11",
        ),
        (
            "{type: integer, maximum: 0}",
            "models::Integer::from(0_i64)",
        ),
        ("{type: integer, exclusiveMaximum: 0, format: int64}", "-1"),
        ("{type: integer, minimum: 3, maximum: 9}", "3"),
        ("{type: integer}", "models::Integer::from(1_i64)"),
        ("{type: integer, enum: [7, 8]}", "7"),
        ("{type: number, minimum: 2, maximum: 3}", "2.5"),
        ("{type: number, minimum: 10}", "11.0"),
        ("{type: boolean}", "true"),
        (
            "{type: array, items: {type: integer}, minItems: 2}",
            "vec![models::Integer::from(1_i64); 2]",
        ),
        ("{type: array, items: {type: integer}}", "Vec::new()"),
        ("{type: string, nullable: true}", "None"),
        (
            "{type: object, properties: {a: {type: string}}}",
            "models::T::example()",
        ),
    ] {
        assert_eq!(example(yaml), expr, "{yaml}");
    }
}
