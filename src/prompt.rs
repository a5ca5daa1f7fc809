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
    let _prompting = crate::interrupt::Prompting::enter();
    let question = variable.prompt.clone().unwrap_or_else(|| name.to_owned());
    let failed = |error| failed(name, error);
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
            // An invalid answer is explained and asked again.
            let text: String = Input::new()
                .with_prompt(question)
                .validate_with(|text: &String| {
                    crate::answers::from_text(name, variable, text)
                        .map(|_| ())
                        .map_err(|error| error.message)
                })
                .interact_text()
                .map_err(failed)?;
            crate::answers::from_text(name, variable, &text)?
        }
    };
    Ok(Some(value))
}

/// Asks for the service name until `check` accepts it.
///
/// # Errors
/// A failure when the terminal goes away, an interrupt on Ctrl-C.
pub(crate) fn ask_name(check: &dyn Fn(&str) -> Result<(), UserError>) -> Result<String, UserError> {
    let _prompting = crate::interrupt::Prompting::enter();
    Input::new()
        .with_prompt("Service name (lowercase kebab-case, e.g. orders)")
        .validate_with(|text: &String| check(text).map_err(|error| error.message))
        .interact_text()
        .map_err(|error| failed("the service name", error))
}

/// A prompt that could not finish: Ctrl-C is an interrupt (exit 130), anything else a failure.
fn failed(what: &str, error: dialoguer::Error) -> UserError {
    let dialoguer::Error::IO(io) = error;
    if io.kind() == std::io::ErrorKind::Interrupted {
        crate::interrupt::reported_by_prompt();
        UserError::interrupted()
    } else {
        UserError::failure(format!("prompt for `{what}` failed: {io}"))
    }
}
