//! Interactive prompts for missing required values: only when stdin and
//! stderr are terminals, never with `--no-input` or under CI.

use std::io::IsTerminal as _;

use dialoguer::{Confirm, Input, Select};

use crate::error::UserError;
use crate::template::definition::{Variable, VariableKind};

/// Whether prompting is allowed in this process.
#[must_use]
pub(crate) fn allowed(no_input: bool) -> bool {
    !no_input
        && std::env::var_os("CI").is_none()
        && std::io::stdin().is_terminal()
        && std::io::stderr().is_terminal()
}

/// Asks for one value; `None` when prompting is not allowed.
///
/// # Errors
/// A failure when the terminal goes away mid-prompt.
pub(crate) fn ask(
    enabled: bool,
    name: &str,
    variable: &Variable,
) -> Result<Option<toml::Value>, UserError> {
    if !enabled {
        return Ok(None);
    }
    let question = variable.prompt.clone().unwrap_or_else(|| name.to_owned());
    let failed = |error: dialoguer::Error| {
        UserError::failure(format!("prompt for `{name}` failed: {error}"))
    };
    let value = match variable.kind {
        VariableKind::Boolean => toml::Value::Boolean(
            Confirm::new()
                .with_prompt(question)
                .interact()
                .map_err(failed)?,
        ),
        VariableKind::Choice => {
            let index = Select::new()
                .with_prompt(question)
                .items(&variable.choices)
                .default(0)
                .interact()
                .map_err(failed)?;
            toml::Value::String(variable.choices[index].clone())
        }
        VariableKind::String | VariableKind::Integer => {
            let text: String = Input::new()
                .with_prompt(question)
                .interact_text()
                .map_err(failed)?;
            crate::answers::from_text(name, variable, &text)?
        }
    };
    Ok(Some(value))
}
