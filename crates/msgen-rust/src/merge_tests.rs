use msgen_openapi::Contract;

use crate::RustView as _;

fn models(schemas: &str) -> Result<String, String> {
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
    );
    Contract::parse(&text)
        .unwrap()
        .rust_models()
        .map_err(|e| e.to_string())
}

const PET: &str = "    Pet:\n      type: object\n      required: [name]\n      properties:\n        name: {type: string, minLength: 1}\n        tag: {type: string}\n";

#[test]
fn all_of_refs_inline_members_and_siblings_merge_into_one_struct() {
    let code = models(&format!(
        "{PET}    Stamp:\n      type: object\n      required: [at]\n      properties:\n        at: {{type: string, format: date-time}}\n    NewPet:\n      description: A pet with an id.\n      allOf:\n        - $ref: '#/components/schemas/Pet'\n        - $ref: '#/components/schemas/Stamp'\n        - type: object\n          required: [id]\n          properties:\n            id: {{type: integer, format: int64}}\n      required: [owner]\n      properties:\n        owner: {{type: string}}\n        note: {{type: string}}\n"
    ))
    .unwrap();
    let start = code.find("pub struct NewPet {").expect(&code);
    let item = &code[start..code[start..].find("\n}\n").unwrap() + start];
    for field in [
        "pub name: String,",
        "pub tag: Option<String>,",
        "pub at: String,",
        "pub id: i64,",
        "pub owner: String,",
        "pub note: Option<String>,",
    ] {
        assert!(item.contains(field), "{field} in\n{item}");
    }
    // Fields keep the order of the members, then the schema's own.
    let order: Vec<usize> = ["pub name", "pub at", "pub id", "pub owner"]
        .iter()
        .map(|f| item.find(f).unwrap())
        .collect();
    assert!(order.is_sorted(), "{item}");
    assert!(code.contains("/// A pet with an id.\n"), "{code}");
    // The constraints of a referenced member come along.
    assert!(code.contains("check::min_length(&self.name, 1"), "{code}");
}

#[test]
fn a_single_ref_all_of_with_only_annotations_stays_an_alias() {
    let code = models(&format!(
        "{PET}    Alias:\n      description: Same as a pet.\n      allOf: [{{$ref: '#/components/schemas/Pet'}}]\n"
    ))
    .unwrap();
    assert!(code.contains("pub type Alias = Pet;"), "{code}");
}

#[test]
fn conflicting_all_of_definitions_are_refused_with_a_pointer() {
    let error = models(&format!(
        "{PET}    Other:\n      allOf:\n        - $ref: '#/components/schemas/Pet'\n        - properties:\n            name: {{type: integer}}\n"
    ))
    .unwrap_err();
    assert!(
        error.contains("`/components/schemas/Other/allOf/1/properties/name`")
            && error.contains("second, different definition of property `name`"),
        "{error}"
    );
    let error = models("    A:\n      allOf: [{type: string}, {type: integer}]\n").unwrap_err();
    assert!(
        error.contains("`/components/schemas/A/allOf/1/type`"),
        "{error}"
    );
}

#[test]
fn a_property_defined_twice_alike_but_for_annotations_merges() {
    let code = models(&format!(
        "{PET}    Other:\n      allOf:\n        - $ref: '#/components/schemas/Pet'\n        - properties:\n            tag: {{type: string, description: The tag.}}\n"
    ))
    .unwrap();
    assert!(code.contains("    /// The tag.\n"), "{code}");
}

#[test]
fn all_of_cycles_are_refused() {
    let error = models("    A:\n      allOf: [{$ref: '#/components/schemas/B'}, {properties: {x: {type: string}}}]\n    B:\n      allOf: [{$ref: '#/components/schemas/A'}, {properties: {y: {type: string}}}]\n").unwrap_err();
    assert!(error.contains("cycle"), "{error}");
}

#[test]
fn a_ref_to_a_nullable_model_is_nullable_where_it_is_used() {
    let code = models(
        "    Owner:\n      type: object\n      nullable: true\n      properties:\n        name: {type: string}\n    Color:\n      type: string\n      enum: [red, null]\n    Pet:\n      type: object\n      required: [owner, color]\n      properties:\n        owner: {$ref: '#/components/schemas/Owner'}\n        color: {$ref: '#/components/schemas/Color'}\n        friend: {$ref: '#/components/schemas/Owner'}\n        boss: {allOf: [{$ref: '#/components/schemas/Owner'}], nullable: true}\n",
    )
    .unwrap();
    for needle in [
        "    #[serde(deserialize_with = \"json::nullable\")]\n    pub owner: Option<Owner>,",
        "    #[serde(deserialize_with = \"json::nullable\")]\n    pub color: Option<Color>,",
        "    #[serde(skip_serializing_if = \"Option::is_none\", default)]\n    pub friend: Option<Owner>,",
        "    pub boss: Option<Owner>,",
    ] {
        assert!(code.contains(needle), "{needle}\n--- in ---\n{code}");
    }
}
