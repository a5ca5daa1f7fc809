//! The answers to a template's variables: defaults, then `--from`, then
//! `--set`, then prompts; every value checked against its declaration.

use std::collections::BTreeMap;

use crate::error::UserError;
use crate::template::definition::{Variable, VariableKind};

/// Checked answers, keyed by variable name, as typed TOML values.
pub(crate) type Answers = BTreeMap<String, toml::Value>;

/// Parses a `--set KEY=VALUE` argument into its parts.
///
/// # Errors
/// A usage error when there is no `=`.
pub(crate) fn split_assignment(raw: &str) -> Result<(String, String), UserError> {
    let (key, value) = raw.split_once('=').ok_or_else(|| {
        UserError::usage(format!("`--set {raw}` is not of the form KEY=VALUE"))
            .hint("write e.g. `--set port=8081`")
    })?;
    Ok((key.trim().to_owned(), value.to_owned()))
}

/// Converts a command-line string into the variable's type.
///
/// # Errors
/// A usage error when the text is not of that type.
pub(crate) fn from_text(
    name: &str,
    variable: &Variable,
    text: &str,
) -> Result<toml::Value, UserError> {
    let value = match variable.kind {
        VariableKind::String | VariableKind::Choice => toml::Value::String(text.to_owned()),
        VariableKind::Integer => text
            .trim()
            .parse::<i64>()
            .map(toml::Value::Integer)
            .map_err(|_| {
                UserError::usage(format!("`{name}` must be a whole number, not `{text}`"))
            })?,
        VariableKind::Boolean => match text.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" | "on" => toml::Value::Boolean(true),
            "false" | "no" | "0" | "off" => toml::Value::Boolean(false),
            _ => {
                return Err(UserError::usage(format!(
                    "`{name}` must be true or false, not `{text}`"
                )));
            }
        },
    };
    variable.check(name, &value)?;
    Ok(value)
}

/// Asks for one missing value; `None` when it may not prompt.
pub(crate) type Ask<'a> = dyn FnMut(&str, &Variable) -> Result<Option<toml::Value>, UserError> + 'a;

/// Where answers come from, lowest precedence first.
#[derive(Debug, Default, Clone)]
pub(crate) struct AnswerSources {
    /// From `--from SPEC.toml` (`[answers]`), or recorded in `msgen.toml`.
    pub recorded: Answers,
    /// From `--set KEY=VALUE`, in order.
    pub set: Vec<(String, String)>,
    /// Variable names in the order `template.toml` declares them, for prompts (see
    /// [`declared_order`]); the others are asked after them, by name.
    pub order: Vec<String>,
}

/// The variables' names in the order `template.toml` declares them, from its
/// `[variables.NAME]` headers (a variable declared otherwise is not listed).
#[must_use]
pub(crate) fn declared_order(manifest_text: &str) -> Vec<String> {
    manifest_text
        .lines()
        .filter_map(|line| {
            let header = line.trim().strip_prefix('[')?.split(']').next()?;
            let name = header.trim().strip_prefix("variables")?.trim_start();
            let name = name.strip_prefix('.')?.trim();
            Some(name.trim_matches(|c| c == '"' || c == '\'').to_owned())
        })
        .filter(|name| !name.is_empty())
        .collect()
}

/// Resolves every variable; `ask` is called for each required value still
/// missing (it returns `None` when it may not prompt).
///
/// # Errors
/// A usage error for unknown keys, invalid values, or missing values (all listed).
pub(crate) fn resolve(
    variables: &BTreeMap<String, Variable>,
    sources: &AnswerSources,
    ask: &mut Ask<'_>,
) -> Result<Answers, UserError> {
    let known = || variables.keys().cloned().collect::<Vec<_>>().join(", ");
    let mut answers = Answers::new();
    for (name, value) in &sources.recorded {
        let variable = variables.get(name).ok_or_else(|| {
            UserError::usage(format!("the template has no variable `{name}`"))
                .hint(format!("known variables: {}", known()))
        })?;
        variable.check(name, value)?;
        answers.insert(name.clone(), value.clone());
    }
    for (name, text) in &sources.set {
        let variable = variables.get(name).ok_or_else(|| {
            UserError::usage(format!(
                "`--set {name}=…`: the template has no variable `{name}`"
            ))
            .hint(format!("known variables: {}", known()))
        })?;
        answers.insert(name.clone(), from_text(name, variable, text)?);
    }
    let mut missing = Vec::new();
    let mut in_order: Vec<(&String, &Variable)> = variables.iter().collect();
    // Stable: variables not in `order` keep their name order, after the others.
    in_order.sort_by_key(|(name, _)| {
        sources
            .order
            .iter()
            .position(|declared| declared == *name)
            .unwrap_or(usize::MAX)
    });
    for (name, variable) in in_order {
        if answers.contains_key(name) {
            continue;
        }
        if variable.required || variable.default.is_none() {
            match ask(name, variable)? {
                Some(value) => {
                    variable.check(name, &value)?;
                    answers.insert(name.clone(), value);
                }
                None => missing.push(describe_missing(name, variable)),
            }
        } else if let Some(default) = &variable.default {
            answers.insert(name.clone(), default.clone());
        }
    }
    if missing.is_empty() {
        Ok(answers)
    } else {
        Err(
            UserError::usage(format!("missing required values: {}", missing.join("; ")))
                .hint("give them with `--set KEY=VALUE` or in the `[answers]` of a `--from` spec"),
        )
    }
}

fn describe_missing(name: &str, variable: &Variable) -> String {
    match &variable.help {
        Some(help) => format!("`{name}` ({help})"),
        None => format!("`{name}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variables() -> BTreeMap<String, Variable> {
        let manifest = crate::template::definition::TemplateManifest::parse(
            r#"
name = "t"
version = "1"
description = "d"
contract = "openapi.yaml"
[variables.port]
type = "integer"
default = 8080
range = [1024, 65535]
[variables.owner]
type = "string"
required = true
pattern = "[a-z]+"
help = "the owning team"
[variables.tls]
type = "boolean"
default = false
"#,
            "template.toml",
        )
        .unwrap();
        manifest.variables
    }

    #[allow(clippy::unnecessary_wraps, reason = "the signature of a prompt")]
    fn no_prompt(_: &str, _: &Variable) -> Result<Option<toml::Value>, UserError> {
        Ok(None)
    }

    #[test]
    fn set_overrides_recorded_and_defaults_fill_the_rest() {
        let sources = AnswerSources {
            recorded: [("port".to_owned(), toml::Value::Integer(9000))].into(),
            set: vec![
                ("port".into(), "9100".into()),
                ("owner".into(), "shop".into()),
            ],
            ..Default::default()
        };
        let answers = resolve(&variables(), &sources, &mut no_prompt).unwrap();
        assert_eq!(answers["port"].as_integer(), Some(9100));
        assert_eq!(answers["tls"].as_bool(), Some(false));
    }

    #[test]
    fn prompts_come_in_declared_order() {
        let text = "name = \"t\"\n[variables.tls]\ntype = \"boolean\"\n[ variables.\"owner\" ]\ntype = \"string\"\n[conditional.tls]\n";
        assert_eq!(declared_order(text), ["tls", "owner"]);
        let mut variables = variables();
        for variable in variables.values_mut() {
            variable.default = None;
        }
        let sources = AnswerSources {
            order: vec!["tls".into(), "owner".into()],
            ..Default::default()
        };
        let mut asked = Vec::new();
        let _ = resolve(&variables, &sources, &mut |name, _| {
            asked.push(name.to_owned());
            Ok(None)
        });
        assert_eq!(asked, ["tls", "owner", "port"]);
    }

    #[test]
    fn lists_every_missing_value_with_help() {
        let error = resolve(&variables(), &AnswerSources::default(), &mut no_prompt).unwrap_err();
        assert!(
            error.message.contains("`owner` (the owning team)"),
            "{}",
            error.message
        );
    }

    #[test]
    fn rejects_unknown_keys_and_bad_values() {
        let unknown = AnswerSources {
            set: vec![("nope".into(), "1".into())],
            ..Default::default()
        };
        assert!(
            resolve(&variables(), &unknown, &mut no_prompt)
                .unwrap_err()
                .message
                .contains("no variable `nope`")
        );
        let out_of_range = AnswerSources {
            set: vec![("port".into(), "80".into())],
            ..Default::default()
        };
        assert!(
            resolve(&variables(), &out_of_range, &mut no_prompt)
                .unwrap_err()
                .message
                .contains("between 1024")
        );
        let bad_pattern = AnswerSources {
            set: vec![("owner".into(), "A B".into())],
            ..Default::default()
        };
        assert!(
            resolve(&variables(), &bad_pattern, &mut no_prompt)
                .unwrap_err()
                .message
                .contains("does not match")
        );
    }
}
