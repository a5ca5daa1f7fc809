//! `template.toml`: what a template is, which variables it asks for, which
//! files msgen owns in the services it generates.

use std::collections::BTreeMap;

use regex::Regex;
use serde::Deserialize;

use crate::error::{UserError, one_line};

/// A parsed, checked `template.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct TemplateManifest {
    /// The template's name, recorded in every generated `msgen.toml`.
    pub name: String,
    pub version: String,
    /// One line for `msgen templates list`.
    pub description: String,
    /// The oldest msgen that understands this template.
    #[serde(default)]
    pub min_msgen_version: Option<String>,
    /// The contract file inside a generated service (`openapi.yaml`).
    pub contract: String,
    /// Files msgen regenerates from the contract and guards by hash.
    #[serde(default)]
    pub owned: Vec<String>,
    /// Commands that prove a generated service works (`msgen smoke`).
    #[serde(default)]
    pub verify: Vec<String>,
    /// Commands `msgen new` suggests running inside the new service.
    #[serde(default)]
    pub next_steps: Vec<String>,
    /// Service names the template refuses (e.g. its own dependencies).
    #[serde(default)]
    pub reserved_names: Vec<String>,
    /// The language whose generated code (models, typed operations) the render context
    /// carries; without it, templates see only the language-neutral contract view.
    #[serde(default)]
    pub models: Option<Models>,
    /// Variables, in name order.
    #[serde(default)]
    pub variables: BTreeMap<String, Variable>,
    /// Files rendered only when a boolean variable is true, keyed by variable.
    #[serde(default)]
    pub conditional: BTreeMap<String, Conditional>,
    /// Files that belong at the root of the git work tree when a service is created
    /// inside one (where the forge reads CI workflows): the file's path in the service
    /// → its path from the work-tree root, which may hold `{{…}}`.
    #[serde(default)]
    pub root_files: BTreeMap<String, String>,
    /// Folders of per-operation files that earlier versions of the template used: the
    /// folder now → the folder then. `sync` moves a team's file found only at the old
    /// place to the new one.
    #[serde(default)]
    pub moved_folders: BTreeMap<String, String>,
}

/// One template variable.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Variable {
    /// The value's type.
    #[serde(rename = "type")]
    pub kind: VariableKind,
    /// The value used when none is given.
    #[serde(default)]
    pub default: Option<toml::Value>,
    /// The question asked at an interactive prompt.
    #[serde(default)]
    pub prompt: Option<String>,
    /// A longer explanation, shown when the value is missing or invalid.
    #[serde(default)]
    pub help: Option<String>,
    /// Whether a value must be given (only meaningful without a default).
    #[serde(default)]
    pub required: bool,
    /// A regex a string value must match in full.
    #[serde(default)]
    pub pattern: Option<String>,
    /// Inclusive bounds of an integer value.
    #[serde(default)]
    pub range: Option<[i64; 2]>,
    /// Allowed values of a choice.
    #[serde(default)]
    pub choices: Vec<String>,
}

/// A variable's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum VariableKind {
    /// Free text.
    String,
    /// A whole number.
    Integer,
    /// true or false.
    Boolean,
    /// One of `choices`.
    Choice,
}

/// A language msgen generates code for (`models = "rust"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Models {
    /// `rust_models` and the Rust fields of `operations[]`.
    Rust,
}

/// Files that exist only when a boolean variable is true.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Conditional {
    /// Path prefixes (relative to `files/`) governed by the variable.
    pub files: Vec<String>,
}

impl Variable {
    /// Checks a typed value against the variable's type and validation.
    ///
    /// # Errors
    /// A usage error naming the variable and the rule.
    pub(crate) fn check(&self, name: &str, value: &toml::Value) -> Result<(), UserError> {
        let help = self.help.clone().unwrap_or_default();
        let fail = |message: String| {
            let error = UserError::usage(message);
            if help.is_empty() {
                error
            } else {
                error.hint(help.clone())
            }
        };
        match (self.kind, value) {
            (VariableKind::String, toml::Value::String(text)) => {
                if text.chars().any(|c| c.is_control() && c != '\t') {
                    return Err(fail(format!(
                        "`{name}` must be one line without control characters"
                    )));
                }
                if let Some(pattern) = &self.pattern {
                    let regex = Regex::new(&format!("^(?:{pattern})$")).map_err(|error| {
                        UserError::usage(format!(
                            "the pattern of `{name}` is not a valid regex: {error}"
                        ))
                    })?;
                    if !regex.is_match(text) {
                        return Err(fail(format!(
                            "`{name}` = `{text}` does not match `{pattern}`"
                        )));
                    }
                }
                Ok(())
            }
            (VariableKind::Choice, toml::Value::String(text)) => {
                if self.choices.contains(text) {
                    Ok(())
                } else {
                    Err(fail(format!(
                        "`{name}` must be one of {}, not `{text}`",
                        self.choices.join(", ")
                    )))
                }
            }
            (VariableKind::Integer, toml::Value::Integer(number)) => match self.range {
                Some([low, high]) if !(low..=high).contains(number) => Err(fail(format!(
                    "`{name}` must be between {low} and {high}, not {number}"
                ))),
                _ => Ok(()),
            },
            (VariableKind::Boolean, toml::Value::Boolean(_)) => Ok(()),
            (kind, other) => Err(fail(
                format!("`{name}` must be a {kind:?} value, not `{other}`").to_lowercase(),
            )),
        }
    }
}

impl TemplateManifest {
    /// Parses and checks `template.toml`.
    ///
    /// # Errors
    /// A usage error with the line and column of the first problem.
    pub(crate) fn parse(text: &str, origin: &str) -> Result<Self, UserError> {
        let manifest: Self = toml::from_str(text).map_err(|error| {
            UserError::usage(format!(
                "`{origin}` is not a valid template manifest: {}",
                one_line(&error.to_string())
            ))
            .hint("see docs/templates.md for the format of template.toml")
        })?;
        manifest.check(origin)?;
        Ok(manifest)
    }

    fn check(&self, origin: &str) -> Result<(), UserError> {
        for (name, variable) in &self.variables {
            if let Some(default) = &variable.default {
                variable.check(name, default).map_err(|error| {
                    UserError::usage(format!(
                        "`{origin}`: the default of `{name}` is invalid: {}",
                        error.message
                    ))
                })?;
            }
            if variable.kind == VariableKind::Choice && variable.choices.is_empty() {
                return Err(UserError::usage(format!(
                    "`{origin}`: choice variable `{name}` lists no `choices`"
                )));
            }
        }
        for name in self.conditional.keys() {
            let is_boolean = self
                .variables
                .get(name)
                .is_some_and(|variable| variable.kind == VariableKind::Boolean);
            if !is_boolean {
                return Err(UserError::usage(format!(
                    "`{origin}`: `[conditional.{name}]` needs a boolean variable `{name}`"
                )));
            }
        }
        for (file, target) in &self.root_files {
            crate::template::render::check_target(&format!("{origin} [root-files]"), file)?;
            if self.owned.contains(file) || *file == self.contract {
                return Err(UserError::usage(format!(
                    "`{origin}`: `[root-files]` names `{file}`, which must stay in the service (owned or the contract)"
                )));
            }
            if target.trim().is_empty() {
                return Err(UserError::usage(format!(
                    "`{origin}`: `[root-files]` gives `{file}` an empty target"
                )));
            }
        }
        for (now, then) in &self.moved_folders {
            for folder in [now, then] {
                crate::template::render::check_target(
                    &format!("{origin} [moved-folders]"),
                    folder,
                )?;
            }
            if now == then {
                return Err(UserError::usage(format!(
                    "`{origin}`: `[moved-folders]` moves `{now}` to itself"
                )));
            }
        }
        if let Some(min) = &self.min_msgen_version
            && version_tuple(min) > version_tuple(env!("CARGO_PKG_VERSION"))
        {
            return Err(UserError::usage(format!(
                "template `{}` needs msgen {min} or newer; this is msgen {}",
                self.name,
                env!("CARGO_PKG_VERSION")
            ))
            .hint("upgrade msgen, or use an older version of the template"));
        }
        Ok(())
    }
}

/// `1.2.3` → `(1, 2, 3)`; missing or non-numeric parts count as 0.
#[must_use]
pub(crate) fn version_tuple(version: &str) -> (u64, u64, u64) {
    let mut parts = version
        .split(['.', '-', '+'])
        .map(|part| part.parse().unwrap_or(0));
    (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
name = "t"
version = "1.0.0"
description = "d"
contract = "openapi.yaml"
[variables.port]
type = "integer"
default = 8080
range = [1024, 65535]
"#;

    #[test]
    fn parses_a_minimal_manifest() {
        let manifest = TemplateManifest::parse(MINIMAL, "template.toml").unwrap();
        assert_eq!(manifest.variables["port"].kind, VariableKind::Integer);
    }

    #[test]
    fn models_names_a_known_language() {
        let manifest = TemplateManifest::parse(
            &MINIMAL.replace("contract =", "models = \"rust\"\ncontract ="),
            "template.toml",
        )
        .unwrap();
        assert_eq!(manifest.models, Some(Models::Rust));
        assert_eq!(
            TemplateManifest::parse(MINIMAL, "template.toml")
                .unwrap()
                .models,
            None
        );
        let error = TemplateManifest::parse(
            &MINIMAL.replace("contract =", "models = \"python\"\ncontract ="),
            "template.toml",
        )
        .unwrap_err();
        assert!(
            error
                .message
                .contains("unknown variant `python`, expected `rust`"),
            "{}",
            error.message
        );
    }

    #[test]
    fn rejects_unknown_keys_with_position() {
        let error = TemplateManifest::parse(&format!("{MINIMAL}\nhooks = []\n"), "template.toml")
            .unwrap_err();
        assert!(
            error.message.contains("unknown field `hooks`"),
            "{}",
            error.message
        );
        assert!(error.message.contains("line 11"), "{}", error.message);
    }

    #[test]
    fn rejects_an_invalid_default() {
        let text = MINIMAL.replace("default = 8080", "default = 80");
        let error = TemplateManifest::parse(&text, "template.toml").unwrap_err();
        assert!(
            error.message.contains("default of `port`"),
            "{}",
            error.message
        );
    }

    #[test]
    fn root_files_must_be_plain_paths_that_are_neither_owned_nor_the_contract() {
        for (table, expected) in [
            ("\"openapi.yaml\" = \"x.yaml\"", "must stay in the service"),
            ("\"../ci.yml\" = \"x.yml\"", "contains `..`"),
            ("\"ci.yml\" = \" \"", "empty target"),
        ] {
            let text = format!("{MINIMAL}\n[root-files]\n{table}\n");
            let error = TemplateManifest::parse(&text, "template.toml").unwrap_err();
            assert!(error.message.contains(expected), "{}", error.message);
        }
        let text =
            format!("{MINIMAL}\n[root-files]\n\"ci.yml\" = \".github/{{{{name.kebab}}}}.yml\"\n");
        assert_eq!(
            TemplateManifest::parse(&text, "template.toml")
                .unwrap()
                .root_files
                .len(),
            1
        );
    }

    #[test]
    fn rejects_a_template_for_a_newer_msgen() {
        let text = format!("min-msgen-version = \"99.0.0\"\n{MINIMAL}");
        let error = TemplateManifest::parse(&text, "template.toml").unwrap_err();
        assert!(error.message.contains("needs msgen 99.0.0"));
    }
}
