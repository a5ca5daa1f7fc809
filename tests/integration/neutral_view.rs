//! The language-neutral contract view: a template that does not opt into Rust code
//! generation renders its own models from `contract`, and no Rust limit applies to it.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::helpers::{Workspace, msgen, stderr, stdout, tool_available};

fn python_fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/python-http")
}

/// A tagged union msgen cannot turn into Rust, and an operation that answers with it.
const PETS: &str = r##"  /pets/{pet_id}:
    get:
      operationId: get_pet
      parameters:
        - {name: pet_id, in: path, required: true, schema: {type: integer, minimum: 1}}
      responses:
        "200":
          description: The pet
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
        "404":
          description: No such pet
          content:
            application/problem+json:
              schema: {$ref: "#/components/schemas/Problem"}
components:
  schemas:
    Pet:
      oneOf:
        - {$ref: "#/components/schemas/Cat"}
        - {$ref: "#/components/schemas/Dog"}
      discriminator:
        propertyName: pet_type
        mapping:
          cat: "#/components/schemas/Cat"
          dog: "#/components/schemas/Dog"
    Cat:
      type: object
      required: [pet_type, lives]
      properties:
        pet_type: {type: string}
        lives: {type: integer, minimum: 0, maximum: 9}
    Dog:
      type: object
      required: [pet_type, name]
      properties:
        pet_type: {type: string}
        name: {type: string}
        nickname: {type: [string, "null"]}
"##;

const PET_TESTS: &str = r#"import unittest

from app.models import SCHEMAS
from app.validate import problems


class PetTest(unittest.TestCase):
    def test_the_union_is_in_the_models(self):
        self.assertEqual(SCHEMAS["Pet"]["kind"], "oneOf")
        self.assertEqual(SCHEMAS["Pet"]["mapping"], {"cat": "Cat", "dog": "Dog"})

    def test_the_discriminator_selects_the_variant(self):
        self.assertEqual(problems("Pet", {"pet_type": "dog", "name": "Rex", "nickname": None}), [])
        self.assertEqual(problems("Pet", {"pet_type": "cat", "lives": 9}), [])
        self.assertEqual(problems("Pet", {"pet_type": "dog"}), ["$.name: is required"])
        self.assertEqual(len(problems("Pet", {"pet_type": "cow"})), 1)
"#;

#[test]
fn a_python_service_syncs_a_one_of_schema_into_its_own_models() {
    let workspace = Workspace::new();
    let root = workspace.new_service("pets", &["--template", python_fixture().to_str().unwrap()]);
    let contract = root.join("openapi.yaml");
    let text = std::fs::read_to_string(&contract).unwrap();
    assert!(text.contains("components:\n  schemas:\n"), "{text}");
    std::fs::write(
        &contract,
        text.replacen("components:\n  schemas:\n", PETS, 1),
    )
    .unwrap();

    let output = msgen(&root).arg("sync").output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let output = msgen(&root).arg("check").output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("matches its contract"),
        "{}",
        stdout(&output)
    );

    let models = std::fs::read_to_string(root.join("app/models.py")).unwrap();
    for expected in [
        "\"Pet\": {\n        \"kind\": \"oneOf\",",
        "\"variants\": [\"Cat\", \"Dog\", ],",
        "\"discriminator\": \"pet_type\",",
        "\"mapping\": {\"cat\": \"Cat\", \"dog\": \"Dog\", },",
        "\"nickname\": {\"kind\": \"string\", \"type\": \"string\", \"ref\": None, \"required\": False, \"nullable\": True},",
    ] {
        assert!(models.contains(expected), "no `{expected}` in:\n{models}");
    }
    assert!(root.join("app/handlers/get_pet.py").is_file());

    if !tool_available("python3") {
        return;
    }
    std::fs::write(root.join("tests/test_pets.py"), PET_TESTS).unwrap();
    let output = Command::new("python3")
        .args(["-m", "unittest", "discover", "-s", "tests", "-t", ".", "-q"])
        .current_dir(&root)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
}
