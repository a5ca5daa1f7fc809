//! Typed user-facing errors: one sentence, an optional hint, and an exit code.

use std::fmt;

use msgen_openapi::ContractError;
use msgen_rust::RustError;

/// How a failure maps to the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ErrorKind {
    /// Bad input or usage: exit 2, nothing was written.
    Usage,
    /// The command could not finish (I/O, a failed check): exit 1.
    Failure,
    /// Ctrl-C or SIGTERM arrived: exit 130, nothing was written.
    Interrupted,
}

/// An error meant for the user: a lowercase sentence plus a way out.
#[derive(Debug)]
pub(crate) struct UserError {
    /// What went wrong, as one sentence.
    pub message: String,
    /// How to get out of it, if there is a way.
    pub hint: Option<String>,
    /// Which exit code the process ends with.
    pub kind: ErrorKind,
    /// The command's output already shows this failure (`check`'s findings, `smoke`'s
    /// table), so `--json` adds no error object for it.
    pub in_output: bool,
    /// Each problem of a refused contract (at most [`MAX_PROBLEMS`]), in the order found.
    pub problems: Vec<Problem>,
    /// How many more problems there were past [`MAX_PROBLEMS`].
    pub more: usize,
}

/// The most contract problems one run lists; the rest are counted.
pub(crate) const MAX_PROBLEMS: usize = 50;

/// One problem of a refused contract: a sentence, a hint, and where it is.
#[derive(Debug, Clone, serde::Serialize, PartialEq, Eq)]
pub(crate) struct Problem {
    /// One sentence.
    pub message: String,
    /// The way out.
    pub hint: Option<String>,
    /// JSON pointer into the contract, when the problem is about one part of it.
    pub pointer: Option<String>,
    /// 1-based line of that part in the contract file.
    pub line: Option<usize>,
    /// 1-based column of that part.
    pub column: Option<usize>,
}

impl Problem {
    /// `FILE:LINE:COLUMN: message`, or the message alone when it has no place.
    pub(crate) fn located(&self, file: &str) -> String {
        match (self.line, self.column) {
            (Some(line), Some(column)) => format!("{file}:{line}:{column}: {}", self.message),
            _ => self.message.clone(),
        }
    }
}

/// A refused contract as one error that lists every problem (`file` names the contract
/// in messages; `text` is read to place each problem at a line and column).
pub(crate) fn contract_refused(file: &str, text: &str, error: &RustError) -> UserError {
    let mut all: Vec<(String, Option<String>, Option<String>)> = Vec::new();
    for problem in error.contract_problems() {
        all.push((problem.to_string(), problem.hint(), problem.pointer()));
    }
    for problem in error.problems() {
        if !matches!(problem, RustError::Contract(_)) {
            all.push((problem.to_string(), problem.hint(), problem.pointer()));
        }
    }
    let total = all.len();
    all.truncate(MAX_PROBLEMS);
    let pointers: Vec<&str> = all
        .iter()
        .map(|(_, _, p)| p.as_deref().unwrap_or(""))
        .collect();
    // Read the text for places only when some problem has one: an unreadable text (too
    // deep, not YAML) has none, and is not read again.
    let places = if pointers.iter().any(|p| !p.is_empty()) {
        msgen_openapi::yaml_view::locate(text, &pointers)
    } else {
        vec![None; pointers.len()]
    };
    let problems: Vec<Problem> = all
        .iter()
        .zip(places)
        .map(|((message, hint, pointer), place)| {
            let place = place.filter(|_| pointer.as_deref().is_some_and(|p| !p.is_empty()));
            Problem {
                message: message.replace("openapi.yaml", file),
                hint: hint.clone(),
                pointer: pointer.clone(),
                line: place.map(|(line, _)| line),
                column: place.map(|(_, column)| column),
            }
        })
        .collect();
    let mut user = match problems.as_slice() {
        [one] => {
            let user = UserError::usage(one.located(file));
            match &one.hint {
                Some(hint) => user.hint(hint),
                None => user,
            }
        }
        _ => UserError::usage(format!(
            "{file} has {total} problems msgen refuses{}",
            if total > MAX_PROBLEMS {
                format!(" (the first {MAX_PROBLEMS})")
            } else {
                String::new()
            }
        )),
    };
    user.more = total.saturating_sub(MAX_PROBLEMS);
    user.problems = problems;
    user
}

impl UserError {
    /// A usage error (exit 2).
    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            hint: None,
            kind: ErrorKind::Usage,
            in_output: false,
            problems: Vec::new(),
            more: 0,
        }
    }

    /// A runtime failure (exit 1).
    pub(crate) fn failure(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            hint: None,
            kind: ErrorKind::Failure,
            in_output: false,
            problems: Vec::new(),
            more: 0,
        }
    }

    /// The run was interrupted by a signal (exit 130).
    #[must_use]
    pub(crate) fn interrupted() -> Self {
        Self {
            message: "interrupted; nothing was changed".into(),
            hint: None,
            kind: ErrorKind::Interrupted,
            in_output: false,
            problems: Vec::new(),
            more: 0,
        }
    }

    /// Marks a failure the command's output already shows.
    #[must_use]
    pub(crate) fn in_output(mut self) -> Self {
        self.in_output = true;
        self
    }

    /// Attaches the way out.
    #[must_use]
    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for UserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for UserError {}

/// A contract error is bad input: exit 2, with the error's hint.
impl From<ContractError> for UserError {
    fn from(error: ContractError) -> Self {
        let user = Self::usage(error.to_string());
        match error.hint() {
            Some(hint) => user.hint(hint),
            None => user,
        }
    }
}

/// Code msgen cannot generate from the contract is bad input too: exit 2, with the hint.
impl From<RustError> for UserError {
    fn from(error: RustError) -> Self {
        let user = Self::usage(error.to_string());
        match error.hint() {
            Some(hint) => user.hint(hint),
            None => user,
        }
    }
}

/// Finds the [`UserError`] in an error chain, if any.
#[must_use]
pub(crate) fn user_error(error: &anyhow::Error) -> Option<&UserError> {
    error
        .chain()
        .find_map(|cause| cause.downcast_ref::<UserError>())
}

/// The exit code for an error: 2 for usage, 130 for interrupts, 1 otherwise.
#[must_use]
pub fn exit_code(error: &anyhow::Error) -> u8 {
    if let Some(clap_error) = error.downcast_ref::<clap::Error>() {
        return u8::try_from(clap_error.exit_code()).unwrap_or(2);
    }
    match user_error(error).map(|user| user.kind) {
        Some(ErrorKind::Usage) => 2,
        Some(ErrorKind::Interrupted) => 130,
        Some(ErrorKind::Failure) | None => 1,
    }
}

/// Folds a multi-line parser message into one line.
#[must_use]
pub(crate) fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && *line != "|")
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context as _;

    #[test]
    fn exit_codes_follow_the_kind_through_context() {
        let usage = Err::<(), _>(UserError::usage("bad")).context("while parsing");
        assert_eq!(exit_code(&usage.unwrap_err()), 2);
        let io = anyhow::anyhow!("disk on fire");
        assert_eq!(exit_code(&io), 1);
        assert_eq!(exit_code(&UserError::interrupted().into()), 130);
    }
}
