//! `--from SPEC.toml`: a service described in one file (name, answers,
//! component schemas, endpoints), strict about unknown keys.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::answers::Answers;
use crate::endpoint::EndpointRequest;
use crate::error::UserError;
use crate::template::git_source::PREFIX as GIT_PREFIX;

/// A parsed spec file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Spec {
    /// The service name.
    #[serde(default)]
    pub name: Option<String>,
    /// A built-in template name, a folder (relative to the spec file) or a git
    /// source `git+URL@REF[#FOLDER]` (a local repository path relative to the spec file).
    #[serde(default)]
    pub template: Option<String>,
    /// Answers to the template's variables.
    #[serde(default)]
    pub answers: Answers,
    /// JSON-Schema objects added to `components.schemas`, by name.
    #[serde(default)]
    pub schemas: BTreeMap<String, toml::Value>,
    /// Endpoints added to the contract, in order.
    #[serde(default)]
    pub endpoints: Vec<EndpointRequest>,
    /// Services this one calls, by provider name: each gets a vendored contract
    /// and a client, as `msgen add-dependency` gives them.
    #[serde(default)]
    pub dependencies: BTreeMap<String, SpecDependency>,
}

/// `[dependencies.NAME]` of a spec.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct SpecDependency {
    /// The provider's contract: its service folder, its OpenAPI file, or its msgen
    /// spec (`.toml`, whose contract is built in memory); relative to the spec file.
    pub contract: PathBuf,
}

impl Spec {
    /// Reads and parses a spec file.
    ///
    /// # Errors
    /// A usage error with line and column for malformed or unknown keys.
    pub(crate) fn read(path: &Path) -> Result<Self, UserError> {
        let text = std::fs::read_to_string(path).map_err(|error| {
            UserError::usage(format!("cannot read spec `{}`: {error}", path.display()))
        })?;
        Self::parse(&text, path)
    }

    /// Parses spec text; `path` names it in errors.
    ///
    /// # Errors
    /// A usage error with line and column.
    pub(crate) fn parse(text: &str, path: &Path) -> Result<Self, UserError> {
        let mut spec: Self = toml::from_str(text).map_err(|error| {
            UserError::usage(format!(
                "`{}` is not a valid spec: {}",
                path.display(),
                crate::error::one_line(&error.to_string())
            ))
            .hint("keys: name, template, [answers], [schemas.NAME], [dependencies.NAME] (contract), [[endpoints]] (method, path, name, summary, params, query, request, response, status)")
        })?;
        // A template folder, or a local git repository, is relative to the spec file,
        // not the shell.
        if let Some(template) = &spec.template {
            let (prefix, rest) = match template.strip_prefix(GIT_PREFIX) {
                Some(rest) => (GIT_PREFIX, rest),
                None => ("", template.as_str()),
            };
            if rest.starts_with('.') {
                let base = path.parent().unwrap_or(Path::new("."));
                spec.template = Some(format!("{prefix}{}", base.join(rest).display()));
            }
        }
        // So is a provider's contract.
        let base = path.parent().unwrap_or(Path::new("."));
        for dependency in spec.dependencies.values_mut() {
            dependency.contract = base.join(&dependency.contract);
        }
        Ok(spec)
    }

    /// The schemas as JSON values, each after the spec schemas it
    /// references, so every insertion into the contract resolves.
    ///
    /// # Errors
    /// A usage error when spec schemas reference each other in a cycle.
    pub(crate) fn json_schemas(&self) -> Result<Vec<(String, serde_json::Value)>, UserError> {
        let mut pending: BTreeMap<String, serde_json::Value> = self
            .schemas
            .iter()
            .map(|(name, value)| {
                (
                    name.clone(),
                    serde_json::to_value(value).unwrap_or(serde_json::Value::Null),
                )
            })
            .collect();
        let mut ordered = Vec::new();
        while !pending.is_empty() {
            let ready: Vec<String> = pending
                .iter()
                .filter(|(_, schema)| {
                    references(schema)
                        .iter()
                        .all(|target| !pending.contains_key(target))
                })
                .map(|(name, _)| name.clone())
                .collect();
            if ready.is_empty() {
                let names: Vec<String> = pending.keys().map(|name| format!("`{name}`")).collect();
                return Err(UserError::usage(format!("spec schemas reference each other in a cycle: {}", names.join(", ")))
                    .hint("add the cyclic schemas to openapi.yaml by hand after `msgen new`, then run `msgen sync`"));
            }
            for name in ready {
                if let Some(schema) = pending.remove(&name) {
                    ordered.push((name, schema));
                }
            }
        }
        Ok(ordered)
    }
}

/// Names of the local component schemas a schema references.
fn references(schema: &serde_json::Value) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![schema];
    while let Some(value) = stack.pop() {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(target) = map.get("$ref").and_then(serde_json::Value::as_str)
                    && let Some(name) = target.strip_prefix("#/components/schemas/")
                {
                    found.push(name.to_owned());
                }
                stack.extend(map.values());
            }
            serde_json::Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_templates_count_from_the_spec_file() {
        let spec_file = Path::new("/specs/orders.toml");
        let cases = [
            ("../tpl", "/specs/../tpl"),
            ("git+../repo@v1#rust", "git+/specs/../repo@v1#rust"),
            (
                "git+https://example.com/t.git@v1",
                "git+https://example.com/t.git@v1",
            ),
            ("rust-axum", "rust-axum"),
        ];
        for (given, expected) in cases {
            let spec = Spec::parse(&format!("template = \"{given}\"\n"), spec_file).unwrap();
            assert_eq!(spec.template.as_deref(), Some(expected), "{given}");
        }
    }

    #[test]
    fn parses_a_full_spec() {
        let spec = Spec::parse(
            r#"
name = "orders"
[answers]
port = 8081
[schemas.Order]
type = "object"
required = ["id"]
properties.id = { type = "string" }
[[endpoints]]
method = "GET"
path = "/orders/{id}"
response = "Order"
"#,
            Path::new("orders.toml"),
        )
        .unwrap();
        assert_eq!(spec.endpoints[0].path, "/orders/{id}");
        assert_eq!(
            spec.json_schemas().unwrap()[0].1["properties"]["id"]["type"],
            "string"
        );
    }

    #[test]
    fn orders_schemas_after_what_they_reference() {
        let spec = Spec::parse(
            "[schemas.A]\nproperties.b = { \"$ref\" = \"#/components/schemas/B\" }\n[schemas.B]\ntype = \"string\"\n",
            Path::new("s.toml"),
        )
        .unwrap();
        let names: Vec<String> = spec
            .json_schemas()
            .unwrap()
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        assert_eq!(names, ["B", "A"]);
        let cyclic = Spec::parse(
            "[schemas.A]\nproperties.b = { \"$ref\" = \"#/components/schemas/B\" }\n[schemas.B]\nproperties.a = { \"$ref\" = \"#/components/schemas/A\" }\n",
            Path::new("s.toml"),
        )
        .unwrap();
        assert!(cyclic.json_schemas().unwrap_err().message.contains("cycle"));
    }

    #[test]
    fn rejects_unknown_keys_with_line() {
        let error = Spec::parse(
            "name = \"x\"\n[[endpoints]]\nmethod = \"GET\"\npath = \"/\"\nverb = 1\n",
            Path::new("s.toml"),
        )
        .unwrap_err();
        assert!(
            error.message.contains("unknown field `verb`") && error.message.contains("line 5"),
            "{}",
            error.message
        );
    }

    #[test]
    fn dependency_contracts_count_from_the_spec_file() {
        let spec = Spec::parse(
            "[dependencies.payments]\ncontract = \"payments.toml\"\n",
            Path::new("/specs/orders.toml"),
        )
        .unwrap();
        assert_eq!(
            spec.dependencies["payments"].contract,
            Path::new("/specs/payments.toml")
        );
        let unknown = Spec::parse(
            "[dependencies.payments]\npath = \"p.yaml\"\n",
            Path::new("s.toml"),
        )
        .unwrap_err();
        assert!(
            unknown.message.contains("unknown field `path`"),
            "{}",
            unknown.message
        );
    }

    /// The keys serde expects, from its unknown-field error.
    fn expected_keys(message: &str) -> Vec<String> {
        let list = message
            .split("expected one of ")
            .nth(1)
            .unwrap_or_else(|| panic!("no key list in {message}"));
        list.split(", ")
            .map(|key| key.trim().trim_matches('`').to_owned())
            .collect()
    }

    #[test]
    fn the_hint_names_every_key() {
        let top = Spec::parse("verb = 1\n", Path::new("s.toml")).unwrap_err();
        let hint = top.hint.clone().unwrap();
        for key in expected_keys(&top.message) {
            assert!(hint.contains(&key), "`{key}` is missing from: {hint}");
        }
        let endpoint = Spec::parse(
            "[[endpoints]]\nmethod = \"GET\"\npath = \"/\"\nverb = 1\n",
            Path::new("s.toml"),
        )
        .unwrap_err();
        let listed: Vec<String> = hint
            .split("[[endpoints]] (")
            .nth(1)
            .and_then(|rest| rest.split(')').next())
            .unwrap()
            .split(", ")
            .map(str::to_owned)
            .collect();
        assert_eq!(listed, expected_keys(&endpoint.message));
    }
}
