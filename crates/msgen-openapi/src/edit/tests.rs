use super::*;

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
