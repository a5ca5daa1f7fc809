use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use msgen_openapi::Contract;

use crate::RustView as _;
use crate::fixtures::{CONSTRAINTS, HAND, RICH, UNIONS};

fn models(text: &str) -> String {
    Contract::parse(text).unwrap().rust_models().unwrap()
}

fn models_err(schemas: &str) -> String {
    let text = format!("openapi: 3.1.0\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}");
    Contract::parse(&text)
        .unwrap()
        .rust_models()
        .unwrap_err()
        .to_string()
}

#[test]
fn rich_schemas_generate_the_expected_items() {
    let code = models(RICH) + &models(HAND);
    for needle in [
        "pub enum Kind {",
        "    #[serde(rename = \"in-progress\")]\n    InProgress,",
        "    #[serde(rename = \"2nd\")]\n    V2nd,",
        "    #[serde(rename = \"\")]\n    Empty,",
        "    #[serde(rename = \"self\")]\n    SelfValue,",
        "#[serde(remote = \"Self\", deny_unknown_fields)]\npub struct Thing {",
        "}\n\njson::object_only!(Thing);\n\nimpl Thing {",
        "    pub r#type: String,",
        "    #[serde(rename = \"self\")]\n    pub self_: bool,",
        "    #[serde(rename = \"2fa\")]\n    pub field_2fa: bool,",
        "    #[serde(rename = \"createdAt\")]\n    pub created_at: String,",
        "    pub nested: ThingNested,",
        "    pub parts: Vec<ThingPartsItem>,",
        "    pub ratio: f32,",
        "    pub attrs: std::collections::BTreeMap<String, Integer>,",
        "    pub any_value: serde_json::Value,",
        "    pub maybe: Option<String>,",
        "    pub maybe_too: Option<Kind>,",
        "    pub free: Option<std::collections::BTreeMap<String, serde_json::Value>>,",
        "    pub children: Option<Vec<Thing>>,",
        "pub struct ThingNested {\n    #[serde(deserialize_with = \"json::int\")]\n    pub level: i32,",
        "    #[serde(deserialize_with = \"json::int\")]\n    pub count: Count,",
        "    #[serde(deserialize_with = \"json::nullable_int\")]\n    pub maybe_int: Option<i64>,",
        "    #[serde(\n        skip_serializing_if = \"Option::is_none\",\n        default,\n        deserialize_with = \"json::non_null\"\n    )]\n    pub free:",
        "    #[serde(\n        skip_serializing_if = \"Option::is_none\",\n        default,\n        deserialize_with = \"json::non_null\"\n    )]\n    pub quantity: Option<Integer>,",
        "    #[serde(skip_serializing_if = \"Option::is_none\", default)]\n    pub another_very_long",
        "pub struct ThingNestedInner {",
        "pub enum ThingNestedInnerDeep {",
        "pub type ThingIds = Vec<String>;",
        "pub type Count = i64;",
        "pub struct Empty {}",
        "    pub when: Option<String>,",
        "            level: 4,",
        "            tags: vec![String::from(\"user@example.com\"); 2],",
        "            name: \"x\".repeat(30),",
        "            score: 2.5,",
        "            ratio: 3.0,",
        "            small: Integer::from(-3_i64),",
        "            alias: vec![String::from(\"00000000-0000-4000-8000-000000000000\")],",
        "            count: 7,",
        "            code: 5,",
        "            long_name: String::from(\"a quite long example string here 1234567\"),",
        "pub struct GetThingQuery {\n    #[serde(skip_serializing_if = \"Option::is_none\", default)]\n    pub r#type: Option<GetThingQueryType>,",
        "pub enum GetThingQueryType {",
        "    #[serde(rename = \"pageSize\")]\n    pub page_size: i64,",
        "            page_size: 10,",
    ] {
        assert!(code.contains(needle), "missing {needle:?} in\n{code}");
    }
    let doc = code.lines().find(|l| l.contains("Kinds with")).unwrap();
    assert_eq!(
        doc,
        "/// Kinds with \\`ticks\\`, \\[links\\](x), \\<b\\>tags\\</b\\>, <https://example.com> and"
    );
    assert!(
        !code.contains("/// ```") && !code.contains("///     "),
        "{code}"
    );
    let ops = Contract::parse(RICH).unwrap().operations().unwrap();
    assert_eq!(
        ops[0].example_path,
        "/things/00000000-0000-4000-8000-000000000000"
    );
    assert_eq!(ops[0].example_query, "?pageSize=10");
}

#[test]
fn output_is_deterministic() {
    assert_eq!(models(RICH), models(RICH));
}

#[test]
fn rejects_what_it_cannot_type() {
    for (schemas, needle) in [
        ("    A: {not: {type: string}}\n", "`not`"),
        (
            "    A: {oneOf: [{type: string}], properties: {x: {type: string}}}\n",
            "`properties` beside `oneOf`",
        ),
        (
            "    A: {allOf: [{type: string}, {type: integer}]}\n",
            "whose parts give `type` different values",
        ),
        ("    A: {enum: [1, 2]}\n", "non-string"),
        (
            "    A: {type: [string, integer]}\n",
            "more than one non-null type",
        ),
        (
            "    A: {type: object, properties: {b: {$ref: '#/components/schemas/B'}}}\n    B: {type: object, properties: {a: {$ref: '#/components/schemas/A'}}}\n",
            "contains itself",
        ),
        (
            "    Thing: {type: object, properties: {nested: {type: object, properties: {a: {type: string}}}}}\n    ThingNested: {type: string}\n",
            "both become the Rust name `ThingNested`",
        ),
        ("    '--': {type: string}\n", "no usable Rust type name"),
        (
            "    A: {type: object, properties: {x: {$ref: '#/components/schemas/A/properties/y'}, y: {type: string}}}\n",
            "only `#/components/schemas/<name>`",
        ),
        ("    A: {type: array}\n", "without `items`"),
    ] {
        let error = models_err(schemas);
        assert!(error.contains(needle), "{needle}: {error}");
        assert!(
            error.contains("`/components/schemas/") || error.contains("both become"),
            "{error}"
        );
    }
}

#[test]
fn a_recursive_type_through_an_array_is_fine() {
    let text = "openapi: 3.1.0\npaths: {}\ncomponents:\n  schemas:\n    Tree:\n      type: object\n      required: [children]\n      properties:\n        children: {type: array, items: {$ref: '#/components/schemas/Tree'}}\n";
    assert!(models(text).contains("children: Vec::new(),"));
}

/// `rustfmt --check` agrees with the generated layout (skipped without rustfmt).
#[test]
fn generated_models_are_rustfmt_clean() {
    for text in [HAND, RICH, CONSTRAINTS, UNIONS] {
        let code = models(text);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("models.rs");
        std::fs::write(&file, &code).unwrap();
        let Ok(out) = Command::new("rustfmt")
            .args(["--edition", "2024", "--check"])
            .arg(&file)
            .output()
        else {
            return; // no rustfmt on this machine
        };
        assert!(
            out.status.success(),
            "rustfmt diff:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

/// The `json` helper module, the `Validate` trait and the `check` module of the built-in
/// template's `models.rs` (the generated models call them), read from the repository's
/// `templates/`.
pub(crate) fn json_helpers() -> String {
    let template = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../templates/rust-axum/files/src/models.rs.hbs");
    let text = std::fs::read_to_string(&template)
        .unwrap_or_else(|e| panic!("{}: {e}", template.display()));
    let start = text.find("pub mod json").expect("a `json` module");
    let end = text.find("{{#if rust_models}}").expect("the models");
    text[start..end].to_owned()
}

/// How the template's `models.rs` declares its `Integer`.
const INTEGER_MODULE: &str = "mod integer;\n\npub use integer::Integer;\n\n";

/// The template's `src/models/integer.rs`, read from the repository's `templates/`.
fn integer_module() -> String {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../templates/rust-axum/files/src/models/integer.rs.hbs");
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// Compile the models in a scratch crate, lint them, and round-trip every example through JSON.
/// Slow (builds serde): `cargo test -- --ignored`.
#[test]
#[ignore = "builds a crate with cargo"]
fn generated_models_compile_and_round_trip() {
    let code =
        models(RICH) + "\n" + &models(HAND) + "\n" + &models(CONSTRAINTS) + "\n" + &models(UNIONS);
    let code = code
        .replace("pub struct Problem", "pub struct ProblemX")
        .replace("impl Problem ", "impl ProblemX ")
        .replace("object_only!(Problem)", "object_only!(ProblemX)")
        .replace("impl Validate for Problem ", "impl Validate for ProblemX ");
    let names: Vec<&str> = code
        .lines()
        .filter_map(|l| l.strip_prefix("impl ")?.strip_suffix(" {"))
        .filter(|n| !n.contains(' '))
        .collect();
    let mut checks = String::new();
    for n in &names {
        let _ = writeln!(checks, "    let v = models::{n}::example();");
        let _ = writeln!(checks, "    let j = serde_json::to_string(&v).unwrap();");
        let _ = writeln!(
            checks,
            "    assert_eq!(serde_json::from_str::<models::{n}>(&j).unwrap(), v, \"{n}\");"
        );
        // Examples are valid against their schema, so `validate` finds nothing.
        let _ = writeln!(checks, "    let mut errors = Vec::new();");
        let _ = writeln!(checks, "    v.validate(\"\", &mut errors);");
        let _ = writeln!(
            checks,
            "    assert!(errors.is_empty(), \"{n}: {{errors:?}}\");"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("src")).unwrap();
    std::fs::write(root.join("Cargo.toml"), "[package]\nname = \"models-check\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[dependencies]\nserde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\"\n").unwrap();
    std::fs::write(
        root.join("src/models.rs"),
        format!("{INTEGER_MODULE}{}\n{code}", json_helpers()),
    )
    .unwrap();
    std::fs::create_dir(root.join("src/models")).unwrap();
    std::fs::write(root.join("src/models/integer.rs"), integer_module()).unwrap();
    std::fs::write(
        root.join("src/main.rs"),
        format!(
            "mod models;\n\nuse models::Validate as _;\n\nfn main() {{\n{checks}{VIOLATIONS}}}\n"
        ),
    )
    .unwrap();
    let target = std::env::var("CARGO_TARGET_DIR").map_or_else(
        |_| root.join("target"),
        |t| Path::new(&t).join("models-check"),
    );
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO"))
            .args(args)
            .current_dir(root)
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "cargo {args:?}:\n{}\n{code}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&[
        "clippy",
        "--offline",
        "--quiet",
        "--",
        "-D",
        "warnings",
        "-A",
        "dead_code",
    ]);
    run(&["run", "--offline", "--quiet"]);
}

/// Invalid values of the `CONSTRAINTS` models, with every violation `validate` reports.
const VIOLATIONS: &str = r#"
    let body = serde_json::json!({
        "name": "", "note": "123456", "maybe": "é", "quantity": 10, "wide": 1,
        "price": 0, "ratio": 1.0, "lines": [], "tags": ["a", "", "a", "abcd"],
        "grid": [[1, -1, 2]], "scores": {"a/b": 10, "ok": 9}, "code": "abc",
        "short": ["abcd", "x", "abcd"], "odd/name~{x}": "ab",
        "aVeryLongPropertyNameThatForcesTheCallOntoSeveralLinesOfCode": "abc",
        "anotherVeryLongPropertyNameWhoseItemsNeedALoopOfTheirOwn": ["", "a"],
        "plain": "", "nested": {"sku": "ab", "count": 0}, "kind": "a",
        "id": "00000000-0000-4000-8000-00000000000g", "day": "2023-02-29",
        "at": "2024-01-01 00:00:00Z", "mail": "x", "v4": "1.2.3", "v6": "1.2.3.4",
        "link": ""
    });
    let value: models::Checked = serde_json::from_value(body).unwrap();
    let mut errors = Vec::new();
    value.validate("", &mut errors);
    assert_eq!(errors, [
        "/name: must be at least 1 characters long",
        "/note: must be at most 5 characters long",
        "/maybe: must be at least 2 characters long",
        "/quantity: must be <= 9",
        "/wide: must be <= 0",
        "/price: must be > 0",
        "/ratio: must be < 1",
        "/lines: must have at least 1 items",
        "/tags: must not hold the same item twice",
        "/tags/1: must be at least 1 characters long",
        "/tags/3: must be at most 3 characters long",
        "/grid/0: must have at most 2 items",
        "/grid/0/1: must be >= 0",
        "/scores/a~1b: must be <= 9",
        "/code: must be at least 4 characters long",
        "/short: must have at most 2 items",
        "/short/1: must be at least 4 characters long",
        "/odd~1name~0{x}: must be at most 1 characters long",
        "/aVeryLongPropertyNameThatForcesTheCallOntoSeveralLinesOfCode: must be at most 2 characters long",
        "/anotherVeryLongPropertyNameWhoseItemsNeedALoopOfTheirOwn/0: must be at least 1 characters long",
        "/nested/sku: must be at least 3 characters long",
        "/nested/count: must be >= 1",
        "/id: must be a UUID",
        "/day: must be a date (YYYY-MM-DD)",
        "/at: must be an RFC 3339 date-time",
        "/mail: must be an email address",
        "/v4: must be an IPv4 address",
        "/v6: must be an IPv6 address",
        "/link: must be an absolute URI",
    ], "{errors:#?}");
    for (valid, value) in [
        (true, "https://example.com/"),
        (true, "urn:isbn:0451450523"),
        (true, "mailto:a@b.c"),
        (true, "http://[2001:db8::1]:8080/a%20b?q=1#f"),
        (true, "x-y+z.1:"),
        (false, ""),
        (false, "example.com/path"),
        (false, "/relative"),
        (false, "1http://a"),
        (false, ":no-scheme"),
        (false, "http://a b"),
        (false, "http://a/%zz"),
        (false, "http://a/%2"),
        (false, "http://é.example/"),
    ] {
        let mut errors = Vec::new();
        models::check::uri(value, format_args!(""), &mut errors);
        assert_eq!(errors.is_empty(), valid, "{value}");
    }
    for (valid, value) in [
        (true, "2024-02-29T23:59:59.123+05:30"),
        (true, "2024-01-01t00:00:00z"),
        (false, "2024-01-01T24:00:00Z"),
        (false, "2024-01-01T00:00:00"),
        (false, "2024-01-01T00:00:00.Z"),
        (false, "2024-13-01T00:00:00Z"),
        (false, "0000-01-01T00:00:00Z"),
        (false, "2024-01-01T00:00:00+5:30"),
        (false, "2024-01-01T00:00:00Zé"),
    ] {
        let mut errors = Vec::new();
        models::check::date_time(value, format_args!(""), &mut errors);
        assert_eq!(errors.is_empty(), valid, "{value}");
    }
    let mut errors = Vec::new();
    vec![models::Item { sku: "ab".into(), count: None }].validate("/x", &mut errors);
    assert_eq!(errors, ["/x/0/sku: must be at least 3 characters long"]);
    let pet: models::Pet = serde_json::from_value(serde_json::json!({"petType": "kitty", "lives": 9})).unwrap();
    assert!(matches!(pet, models::Pet::Cat(_)), "{pet:?}");
    assert!(serde_json::from_value::<models::Pet>(serde_json::json!({"petType": "Cat", "lives": 9})).is_err());
    assert!(matches!(serde_json::from_value(serde_json::json!(7)).unwrap(), models::Id::Integer(n) if n == 7));
    assert!(matches!(serde_json::from_value(serde_json::json!("abc")).unwrap(), models::Id::String(_)));
    let mut errors = Vec::new();
    let dog: models::Dog = serde_json::from_value(serde_json::json!({"petType": "Dog", "bark": false, "size": 4, "weight": 2.0})).unwrap();
    dog.validate("", &mut errors);
    assert_eq!(errors, ["/bark: must be one of true", "/size: must be one of 1, 2, 3"]);
    // Too short for the string member, not an integer: no member takes it.
    assert!(serde_json::from_value::<models::Id>(serde_json::json!("ab")).is_err());
    // No member takes it.
    assert!(serde_json::from_value::<models::Id>(serde_json::json!(true)).is_err());
    // Both members of a `oneOf` take it: refused.
    assert!(serde_json::from_value::<models::Ambiguous>(serde_json::json!({"petType": "x", "lives": 2, "bark": true})).is_err());
    assert!(serde_json::from_value::<models::Ambiguous>(serde_json::json!({"petType": "x", "bark": true})).is_ok());
    // Both members of the `anyOf` take it: the first wins.
    let loose: models::Loose = serde_json::from_value(serde_json::json!({"petType": "x", "lives": 2, "name": "n"})).unwrap();
    assert!(matches!(loose, models::Loose::Cat(_)), "{loose:?}");
    let mut errors = Vec::new();
    let query = models::PostCheckedQuery { limit: Some(0), q: "é".into(), ratio: Some(1.0) };
    query.validate("", &mut errors);
    assert_eq!(errors, [
        "/limit: must be >= 1",
        "/q: must be at least 2 characters long",
        "/ratio: must be < 1",
    ]);
"#;

#[test]
fn colliding_field_and_variant_names_get_suffixes_and_keep_their_wire_names() {
    let code = models(
        "openapi: 3.1.0\npaths: {}\ncomponents:\n  schemas:\n    Item:\n      type: object\n      required: [createdAt]\n      properties:\n        createdAt: {type: string}\n        created_at: {type: string}\n        type: {type: string}\n        Type: {type: string}\n    Stock:\n      type: string\n      enum: [in-stock, IN_STOCK, InStock2]\n",
    );
    for needle in [
        "    #[serde(rename = \"createdAt\")]\n    pub created_at: String,",
        "    pub created_at_2: Option<String>,",
        "    pub r#type: Option<String>,",
        "    pub type_2: Option<String>,",
        "    #[serde(rename = \"Type\")]\n",
        "    #[serde(rename = \"in-stock\")]\n    InStock,",
        "    #[serde(rename = \"IN_STOCK\")]\n    InStock2,",
        "    #[serde(rename = \"InStock2\")]\n    InStock22,",
    ] {
        assert!(code.contains(needle), "{needle}\n--- in ---\n{code}");
    }
    // `created_at` is its own wire name, written as the second field's rename.
    assert!(
        code.contains("    #[serde(rename = \"created_at\")]\n"),
        "{code}"
    );
}

#[test]
fn schemas_named_like_std_types_get_a_model_suffix() {
    let code = models(
        "openapi: 3.1.0\npaths: {}\ncomponents:\n  schemas:\n    Result:\n      type: object\n      properties:\n        value: {type: string}\n    String: {type: string}\n    Integer: {type: integer}\n    Page:\n      type: object\n      required: [items]\n      properties:\n        items: {type: array, items: {$ref: '#/components/schemas/Result'}}\n",
    );
    for needle in [
        "pub struct ResultModel {",
        "pub type StringModel = String;",
        // The template's own integer type keeps its name.
        "pub type IntegerModel = Integer;",
        "pub items: Vec<ResultModel>,",
    ] {
        assert!(code.contains(needle), "{needle}\n--- in ---\n{code}");
    }
}

#[test]
fn schema_names_that_collide_get_numeric_suffixes() {
    let code = models(
        "openapi: 3.1.0\npaths: {}\ncomponents:\n  schemas:\n    order:\n      type: object\n      properties:\n        id: {type: string}\n    Order: {type: string}\n    Page:\n      type: object\n      required: [items, first]\n      properties:\n        items: {type: array, items: {$ref: '#/components/schemas/order'}}\n        first: {$ref: '#/components/schemas/Order'}\n",
    );
    // `Order` is written as its Rust name and keeps it; `order` comes first in the
    // document but maps to a taken name, so it is told apart.
    for needle in [
        "pub struct Order2 {",
        "pub type Order = String;",
        "pub items: Vec<Order2>,",
        "pub first: Order,",
    ] {
        assert!(code.contains(needle), "{needle}\n--- in ---\n{code}");
    }
}

#[test]
fn additional_properties_beside_properties_become_a_flattened_checked_map() {
    let text = "openapi: 3.1.0\npaths: {}\ncomponents:\n  schemas:\n    Tags:\n      type: object\n      required: [name]\n      properties:\n        name: {type: string}\n      additionalProperties: {type: integer, maximum: 9}\n    Closed:\n      type: object\n      properties:\n        name: {type: string}\n      additionalProperties: false\n";
    let code = models(text);
    for needle in [
        "    #[serde(flatten)]\n    pub additional_properties: std::collections::BTreeMap<String, Integer>,\n}",
        "additional_properties: std::collections::BTreeMap::new(),",
        "for (key, value) in &self.additional_properties",
        "format_args!(\"{path}/{key}\")",
        "#[serde(remote = \"Self\", deny_unknown_fields)]\npub struct Closed {",
    ] {
        assert!(code.contains(needle), "{needle}\n--- in ---\n{code}");
    }
}

#[test]
fn not_is_refused_at_its_own_place_with_a_hint_that_says_what_to_do() {
    let text = "openapi: 3.1.0\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        code: {type: string, not: {enum: [x]}}\n";
    let error = Contract::parse(text).unwrap().rust_models().unwrap_err();
    assert_eq!(
        error.pointer().as_deref(),
        Some("/components/schemas/A/properties/code/not")
    );
    assert!(error.to_string().contains("uses `not`"), "{error}");
    assert!(error.hint().unwrap().contains("drop it"), "{error:?}");
}
