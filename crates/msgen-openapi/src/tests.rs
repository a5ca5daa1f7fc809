use super::fixtures::HAND;
use super::*;

fn minimal(paths: &str) -> String {
    format!("openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}")
}

fn parse_err(text: &str) -> ContractError {
    Contract::parse(text).expect_err("should be rejected")
}

#[test]
fn parses_the_hand_written_contract() {
    let contract = Contract::parse(HAND).unwrap();
    assert_eq!(contract.text(), HAND);
    assert!(contract.has_schema("Order"));
    assert!(!contract.has_schema("Nope"));
}

#[test]
fn rejects_non_utf8_with_the_position() {
    let error = Contract::parse_bytes(b"openapi: 3.1.0\npaths:\n  \xff").unwrap_err();
    assert_eq!(error, ContractError::NotUtf8 { line: 3, column: 3 });
    assert!(Contract::parse_bytes(HAND.as_bytes()).is_ok());
}

#[test]
fn rejects_bad_documents() {
    let big = "#".repeat(MAX_CONTRACT_BYTES + 1);
    assert!(matches!(parse_err(&big), ContractError::TooLarge { .. }));
    assert!(matches!(
        parse_err("swagger: '2.0'\npaths: {}\n"),
        ContractError::Swagger2
    ));
    assert!(matches!(
        parse_err("openapi: 2.5.0\npaths: {}\n"),
        ContractError::UnsupportedVersion { .. }
    ));
    assert!(
        matches!(parse_err("openapi: 3.1.0\ninfo: {}\n"), ContractError::Invalid { ref pointer, .. } if pointer == "/paths")
    );
    assert!(matches!(
        parse_err("- a\n- b\n"),
        ContractError::Invalid { .. }
    ));
    let dup = parse_err("openapi: 3.1.0\npaths: {}\nopenapi: 3.0.0\n");
    assert!(
        matches!(
            dup,
            ContractError::Syntax {
                line: 3,
                column: 1,
                ..
            }
        ),
        "{dup}"
    );
    let syntax = parse_err("openapi: 3.1.0\npaths: {\n");
    assert!(syntax.to_string().starts_with("openapi.yaml:"), "{syntax}");
}

#[test]
fn rejects_bad_operations() {
    let op = |path: &str, body: &str| {
        format!("  {path}:\n    get:\n{body}      responses: {{'200': {{description: x}}}}\n")
    };
    let id = |id: &str| format!("      operationId: {id}\n");
    let cases = [
        (op("/a", ""), "has no `operationId`"),
        (
            op("/a", &id("listOrders")),
            "not usable as a Rust module name",
        ),
        (op("/a", &id("type")), "keyword"),
        (
            op("/a", &id("x")) + &op("/b", &id("x")),
            "used by both `GET /a` and `GET /b`",
        ),
        (
            op("/u/{id}", &id("a")) + &op("/u/{name}", &id("b")),
            "conflict",
        ),
        (op("/u/:id", &id("a")), "old axum syntax"),
        (
            op(
                "/a",
                &(id("a") + "      requestBody: {$ref: '#/components/requestBodies/Nope'}\n"),
            ),
            "does not resolve",
        ),
        (
            op(
                "/a",
                &(id("a") + "      parameters: [{$ref: 'other.yaml#/x'}]\n"),
            ),
            "does not resolve",
        ),
        (
            "  /a:\n    trace:\n      operationId: t\n".to_owned(),
            "TRACE",
        ),
    ];
    for (paths, needle) in cases {
        let error = parse_err(&minimal(&paths)).to_string();
        assert!(error.contains(needle), "{needle}: {error}");
    }
}
