use msgen_openapi::Contract;

use crate::RustView as _;

#[test]
fn one_of_and_any_of_become_enums_read_by_the_template_macros() {
    let code = Contract::parse(crate::fixtures::UNIONS)
        .unwrap()
        .rust_models()
        .unwrap();
    for needle in [
        "#[serde(untagged)]\npub enum Pet {\n    Cat(Cat),\n    Dog(Dog),\n}",
        "#[allow(clippy::large_enum_variant, reason = \"the contract's members\")]\n#[derive(",
        "json::tagged!(Pet, \"petType\" {\n    \"kitty\" => Cat(Cat),\n    \"Dog\" => Dog(Dog),\n});",
        "pub enum Id {\n    String(String),\n    Integer(Integer),\n}",
        "json::one_of!(Id, true {",
        "json::one_of!(Loose, false {\n    Cat(Cat),\n    Variant2(Loose2),\n});",
        "pub struct Loose2 {",
        "    #[serde(deserialize_with = \"json::nullable\")]\n    pub maybe: Option<Dog>,",
        "pub enum OwnerEither {\n    String(String),\n    Array(Vec<String>),\n}",
        "Self::Cat(Cat::example())",
    ] {
        assert!(code.contains(needle), "{needle}\n--- in ---\n{code}");
    }
}
