//! `--from SPEC.toml`: a service described in one file (name, answers,
//! component schemas, endpoints), strict about unknown keys.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::answers::Answers;
use crate::endpoint::EndpointRequest;
use crate::error::UserError;

/// A parsed spec file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Spec {
    /// The service name.
    #[serde(default)]
    pub name: Option<String>,
    /// A built-in template name or a folder (relative to the spec file).
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
}

impl Spec {
    /// Reads and parses a spec file.
    ///
    /// # Errors
    /// A usage error with line and column for malformed or unknown keys.
    pub fn read(path: &Path) -> Result<Self, UserError> {
        let text = std::fs::read_to_string(path).map_err(|error| {
            UserError::usage(format!("cannot read spec `{}`: {error}", path.display()))
        })?;
        Self::parse(&text, path)
    }

    /// Parses spec text; `path` names it in errors.
    ///
    /// # Errors
    /// A usage error with line and column.
    pub fn parse(text: &str, path: &Path) -> Result<Self, UserError> {
        let mut spec: Self = toml::from_str(text).map_err(|error| {
            UserError::usage(format!(
                "`{}` is not a valid spec: {}",
                path.display(),
                crate::template::manifest::one_line(&error.to_string())
            ))
            .hint("keys: name, template, [answers], [schemas.NAME], [[endpoints]] (method, path, name, summary, params, query, request, response, status)")
        })?;
        // A template folder is relative to the spec file, not the shell.
        if let Some(template) = &spec.template {
            if template.starts_with('.') {
                let base = path.parent().unwrap_or(Path::new("."));
                spec.template = Some(base.join(template).display().to_string());
            }
        }
        Ok(spec)
    }

    /// The schemas as JSON values, for insertion into the contract.
    #[must_use]
    pub fn json_schemas(&self) -> Vec<(String, serde_json::Value)> {
        self.schemas
            .iter()
            .map(|(name, value)| {
                let json = serde_json::to_value(value).unwrap_or(serde_json::Value::Null);
                (name.clone(), json)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(spec.json_schemas()[0].1["properties"]["id"]["type"], "string");
    }

    #[test]
    fn rejects_unknown_keys_with_line() {
        let error = Spec::parse("name = \"x\"\n[[endpoints]]\nmethod = \"GET\"\npath = \"/\"\nverb = 1\n", Path::new("s.toml")).unwrap_err();
        assert!(error.message.contains("unknown field `verb`") && error.message.contains("line 5"), "{}", error.message);
    }
}
