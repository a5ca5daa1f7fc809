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
        (op("/a", &id("''")), "it is empty"),
        (op("/a", &id("[x]")), "it is not a string"),
        (
            op("/a", &id("x")) + &op("/b", &id("x")),
            "used by both `GET /a` and `GET /b`",
        ),
        (
            op("/u/{id}", &id("a")) + &op("/u/{name}", &id("b")),
            "conflict",
        ),
        (op("/u/:id", &id("a")), "literal text in an OpenAPI path"),
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

/// (written id, id, module) of every operation of `paths`, in document order.
fn names(paths: &str) -> Vec<(Option<String>, String, String)> {
    let contract = Contract::parse(&minimal(paths)).unwrap();
    operations::list(contract.root())
        .unwrap()
        .into_iter()
        .map(|f| (f.written.map(str::to_owned), f.id, f.module))
        .collect()
}

fn get(path: &str, id: Option<&str>) -> String {
    let id = id.map_or_else(String::new, |id| format!("      operationId: {id}\n"));
    format!("  {path}:\n    get:\n{id}      responses: {{'200': {{description: x}}}}\n")
}

#[test]
fn operation_ids_are_taken_as_written_and_mapped_to_modules() {
    let got = names(
        &[
            get("/pets", Some("listPets")),
            get("/pets/{petId}", None),
            get("/data-sets", Some("list-data-sets")),
            get("/find/{id}", Some("'find pet by id'")),
            get("/exports", Some("FetchDay")),
            get("/type", Some("type")),
        ]
        .concat(),
    );
    let modules: Vec<(&str, &str)> = got
        .iter()
        .map(|(_, id, module)| (id.as_str(), module.as_str()))
        .collect();
    assert_eq!(
        modules,
        [
            ("listPets", "list_pets"),
            ("get_pet", "get_pet"),
            ("list-data-sets", "list_data_sets"),
            ("find pet by id", "find_pet_by_id"),
            ("FetchDay", "fetch_day"),
            ("type", "type_op"),
        ]
    );
    assert_eq!(got[1].0, None, "a derived id is not written");
}

#[test]
fn module_collisions_get_numeric_suffixes_in_document_order() {
    let got = names(
        &[
            get("/a", Some("listPets")),
            get("/b", Some("list-pets")),
            get("/c", Some("list_pets")),
            get("/pets/{id}", None),
            get("/d", Some("get_pet")),
            get("/e", Some("ListPets")),
        ]
        .concat(),
    );
    let modules: Vec<&str> = got.iter().map(|(_, _, m)| m.as_str()).collect();
    // `list_pets` and `get_pet` are written as modules already and keep them; the derived
    // id of `GET /pets/{id}` would be `get_pet`, so it is suffixed like the others.
    assert_eq!(
        modules,
        [
            "list_pets_2",
            "list_pets_3",
            "list_pets",
            "get_pet_2",
            "get_pet",
            "list_pets_4"
        ]
    );
    assert_eq!(got[3].1, "get_pet_2", "a derived id is its module name");
    // The same contract always gives the same names.
    assert_eq!(
        got,
        names(
            &[
                get("/a", Some("listPets")),
                get("/b", Some("list-pets")),
                get("/c", Some("list_pets")),
                get("/pets/{id}", None),
                get("/d", Some("get_pet")),
                get("/e", Some("ListPets")),
            ]
            .concat()
        )
    );
}
