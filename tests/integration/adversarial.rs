//! Hostile values land in every kind of file as valid literals: each TOML,
//! YAML, JSON and Rust file of a generated service re-parses.

use std::path::Path;

use crate::helpers::{Workspace, msgen, stderr, tree};

const HOSTILE: &str = "a \"q\" 'x' \\ {{x}} {{{y}}} ${{ github.token }} $(rm -rf /) `id` # : - */ /* <T> & %s \u{202e} end";

#[test]
fn every_generated_file_reparses_with_a_hostile_description() {
    let workspace = Workspace::new();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/orders.toml");
    let output = msgen(workspace.path())
        .args(["new", "--from"])
        .arg(&examples)
        .args(["--no-git", "--set", &format!("description={HOSTILE}")])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let root = workspace.path().join("orders");
    let mut checked = 0;
    for (path, bytes) in tree(&root) {
        let text =
            String::from_utf8(bytes).unwrap_or_else(|_| panic!("{} is not UTF-8", path.display()));
        let name = path.to_string_lossy();
        let result: Result<(), String> =
            match path.extension().and_then(|extension| extension.to_str()) {
                Some("toml") => toml::from_str::<toml::Table>(&text)
                    .map(drop)
                    .map_err(|error| error.to_string()),
                Some("yaml" | "yml") => parse_yaml_documents(&text),
                Some("json") => serde_json::from_str::<serde_json::Value>(&text)
                    .map(drop)
                    .map_err(|error| error.to_string()),
                Some("rs") => syn::parse_file(&text)
                    .map(drop)
                    .map_err(|error| error.to_string()),
                _ => continue,
            };
        if let Err(error) = result {
            panic!("{name} does not parse: {error}\n{text}");
        }
        checked += 1;
    }
    assert!(checked > 15, "only {checked} files checked");
    let contract: serde_json::Value =
        yaml_serde::from_str(&std::fs::read_to_string(root.join("openapi.yaml")).unwrap()).unwrap();
    assert_eq!(contract["info"]["description"], HOSTILE);
    let cargo: toml::Table =
        toml::from_str(&std::fs::read_to_string(root.join("Cargo.toml")).unwrap()).unwrap();
    assert_eq!(cargo["package"]["description"].as_str(), Some(HOSTILE));
}

fn parse_yaml_documents(text: &str) -> Result<(), String> {
    for document in text.split("\n---") {
        yaml_serde::from_str::<serde_json::Value>(document).map_err(|error| error.to_string())?;
    }
    Ok(())
}
