//! Errors of reading, checking and editing a contract: one lowercase sentence each, plus
//! a hint.

/// Why an `openapi.yaml` could not be read, checked or edited.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum ContractError {
    /// The file is larger than [`super::MAX_CONTRACT_BYTES`].
    #[error("openapi.yaml is {size} bytes, more than the limit of {limit} bytes")]
    TooLarge {
        /// Size of the input in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// The bytes are not UTF-8.
    #[error("openapi.yaml:{line}:{column}: the file is not valid UTF-8")]
    NotUtf8 {
        /// 1-based line of the first bad byte.
        line: usize,
        /// 1-based column (in bytes) of the first bad byte.
        column: usize,
    },
    /// YAML syntax error, duplicate key, alias bomb or too deep nesting.
    #[error("openapi.yaml:{line}:{column}: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// Flow collections (`[…]`, `{…}`) nested deeper than [`super::MAX_FLOW_DEPTH`], refused
    /// before any YAML parser runs.
    #[error("openapi.yaml:{line}:{column}: `[` and `{{` nest more than {limit} levels deep")]
    TooDeep {
        /// 1-based line of the bracket past the limit.
        line: usize,
        /// 1-based column (in bytes) of that bracket.
        column: usize,
        /// The limit.
        limit: usize,
    },
    /// `swagger: "2.0"`.
    #[error("openapi.yaml is a Swagger 2.0 document; msgen reads OpenAPI 3.0 and 3.1 only")]
    Swagger2,
    /// `openapi:` missing or not 3.0.x / 3.1.x.
    #[error("unsupported `openapi` version `{found}`; msgen reads OpenAPI 3.0.x and 3.1.x")]
    UnsupportedVersion {
        /// The value found (or `<missing>`).
        found: String,
    },
    /// A structural problem at a JSON pointer.
    #[error("`{pointer}` {message}")]
    Invalid {
        /// JSON pointer into the document, e.g. `/paths/~1orders/get`.
        pointer: String,
        /// Lowercase description of the problem.
        message: String,
    },
    /// An operation whose responses hold no success a handler can answer.
    #[error("`{pointer}` lists no success response msgen can answer (only {statuses})")]
    NoSuccess {
        /// JSON pointer of the `responses` object.
        pointer: String,
        /// The keys listed, comma separated.
        statuses: String,
    },
    /// An error response schema with a field msgen cannot fill from an error.
    #[error("the error body `{pointer}` {reason}")]
    ErrorFormat {
        /// JSON pointer of the schema or field.
        pointer: String,
        /// Lowercase description of why it cannot be filled.
        reason: String,
    },
    /// A `$ref` that points nowhere, or outside the file.
    #[error("`$ref` `{reference}` at `{pointer}` does not resolve inside openapi.yaml")]
    UnresolvedRef {
        /// The reference text.
        reference: String,
        /// Where it was found.
        pointer: String,
    },
    /// An `operationId` that is not a non-empty string.
    #[error("operationId `{id}` of `{method} {path}` is not usable: {reason}")]
    InvalidOperationId {
        /// The offending id.
        id: String,
        /// Upper-case method.
        method: String,
        /// Route path.
        path: String,
        /// Why.
        reason: String,
    },
    /// Two operations share one `operationId`.
    #[error("operationId `{id}` is used by both `{first}` and `{second}`")]
    DuplicateOperationId {
        /// The id.
        id: String,
        /// `METHOD /path` of the first use.
        first: String,
        /// `METHOD /path` of the second use.
        second: String,
    },
    /// Same method and path already in the contract.
    #[error("`{method} {path}` already exists in openapi.yaml (operationId `{id}`)")]
    OperationExists {
        /// Upper-case method.
        method: String,
        /// Route path.
        path: String,
        /// Its operationId.
        id: String,
    },
    /// Two paths axum would treat as the same route.
    #[error("routes `{first}` and `{second}` conflict: axum cannot tell them apart")]
    ConflictingRoutes {
        /// One path.
        first: String,
        /// The other path.
        second: String,
    },
    /// A `--param` type that differs from the type the path already gives that parameter.
    #[error("path parameter `{name}` of `{path}` is `{existing}` in openapi.yaml, not `{given}`")]
    ParamTypeConflict {
        /// The route path.
        path: String,
        /// The parameter.
        name: String,
        /// Its type in the contract.
        existing: String,
        /// The type asked for.
        given: String,
    },
    /// A route path that axum 0.8 or msgen cannot use.
    #[error("path `{path}` is not a valid route: {reason}")]
    InvalidPath {
        /// The path as given.
        path: String,
        /// Why.
        reason: String,
    },
    /// An HTTP method msgen does not know.
    #[error("unknown HTTP method `{found}`; expected one of {allowed}")]
    InvalidMethod {
        /// What was given.
        found: String,
        /// The allowed methods, comma separated.
        allowed: String,
    },
    /// A parameter type msgen does not know.
    #[error("unknown parameter type `{found}`; expected one of {allowed}")]
    InvalidParamType {
        /// What was given.
        found: String,
        /// The allowed types.
        allowed: String,
    },
    /// Several problems found in one run, each one of the other variants, in the order
    /// found.
    #[error("openapi.yaml has {} problems; the first: {}", .0.len(), .0.first().map(ToString::to_string).unwrap_or_default())]
    Several(Vec<ContractError>),
    /// The edit produced a document that fails the checks: a bug in msgen.
    #[error("bug in msgen: editing openapi.yaml produced an invalid result: {0}")]
    EditFailed(String),
}

/// The way out of nesting too deep for msgen or the YAML reader.
const DEPTH_HINT: &str =
    "nest less deeply: name inner schemas in `components.schemas` and point at them with `$ref`";

/// The hint for a YAML error, chosen by what the reader said.
fn syntax_hint(message: &str) -> &'static str {
    if message.contains("duplicate entry") {
        "remove or rename one of the two entries: each key may appear once per mapping"
    } else if message.contains("recursion limit exceeded") {
        DEPTH_HINT
    } else if message.contains("repetition limit exceeded") {
        "use fewer or smaller aliases (`*name`): together they may not expand to many times the file's size"
    } else if message.contains("control characters are not allowed") {
        "remove the control character at that position (tabs and line breaks are fine)"
    } else {
        "fix the YAML at that position"
    }
}

impl ContractError {
    /// The way out, shown after the error as `hint: …`.
    #[must_use]
    pub fn hint(&self) -> Option<String> {
        let text = match self {
            Self::TooLarge { .. } => "split the contract or remove unused parts",
            Self::NotUtf8 { .. } => "save openapi.yaml as UTF-8",
            Self::Syntax { message, .. } => syntax_hint(message),
            Self::TooDeep { .. } => DEPTH_HINT,
            Self::Swagger2 => {
                "convert it to OpenAPI 3.1 (for example with swagger2openapi) and retry"
            }
            Self::UnsupportedVersion { .. } => {
                "set `openapi: 3.1.0` (quoted or not) at the top of openapi.yaml"
            }
            Self::Invalid { .. } => "fix openapi.yaml at that location",
            Self::NoSuccess { .. } => {
                "add the success response the handler answers: a `2xx` status, a `2XX` range or `default`"
            }
            Self::ErrorFormat { .. } => {
                "msgen fills an error body's `code`/`status` with the HTTP status, `message`/`detail`/`error` with the explanation, `title` with the reason phrase and `type` with `about:blank` (docs/templates.md, \"Errors\"); rename the field to one of those, make it optional, or drop its constraint"
            }
            Self::UnresolvedRef { .. } => {
                "point `$ref` at an existing `#/components/...` entry; external files are not supported"
            }
            Self::InvalidOperationId { .. } => {
                "write the `operationId` as a non-empty string, or leave it out and msgen derives one from the method and path"
            }
            Self::DuplicateOperationId { .. } => "give each operation its own `operationId`",
            Self::OperationExists { .. } => {
                "choose another path or method, or edit the existing operation"
            }
            Self::ConflictingRoutes { .. } => {
                "use the same parameter name at the same position, or a different literal segment; a segment holding a parameter is routed whole, so `{id}`, `{id}.json` and `{id}.xml` there are one route"
            }
            Self::ParamTypeConflict { .. } => {
                "leave out that --param to reuse the path's type; a path parameter has one type across the operations of its path"
            }
            Self::InvalidPath { .. } => {
                "write paths like `/orders/{id}/lines`: lowercase letters, digits, `-`, `_`, `.`, whole-segment `{param}`"
            }
            Self::InvalidMethod { .. } | Self::InvalidParamType { .. } => {
                "pick one of the listed values"
            }
            Self::EditFailed(_) => "please report this with the openapi.yaml that triggered it",
            Self::Several(all) => return all.first().and_then(Self::hint),
        };
        Some(text.to_owned())
    }

    /// Every problem this error stands for: the list of [`ContractError::Several`], else
    /// itself.
    #[must_use]
    pub fn problems(&self) -> Vec<&Self> {
        match self {
            Self::Several(all) => all.iter().flat_map(Self::problems).collect(),
            other => vec![other],
        }
    }

    /// The JSON pointer of the part of the document this error is about, when it is about
    /// one part.
    #[must_use]
    pub fn pointer(&self) -> Option<String> {
        let operation = |method: &str, path: &str| {
            format!(
                "/paths/{}/{}",
                crate::yaml_view::escape(path),
                method.to_ascii_lowercase()
            )
        };
        match self {
            Self::Invalid { pointer, .. }
            | Self::UnresolvedRef { pointer, .. }
            | Self::NoSuccess { pointer, .. }
            | Self::ErrorFormat { pointer, .. } => Some(pointer.clone()),
            Self::InvalidOperationId { method, path, .. } => {
                Some(format!("{}/operationId", operation(method, path)))
            }
            Self::DuplicateOperationId { second, .. } => second
                .split_once(' ')
                .map(|(method, path)| format!("{}/operationId", operation(method, path))),
            Self::ConflictingRoutes { second: path, .. } | Self::InvalidPath { path, .. } => {
                Some(format!("/paths/{}", crate::yaml_view::escape(path)))
            }
            _ => None,
        }
    }

    /// `Ok` without errors, the one error, or [`ContractError::Several`]; a `$ref` found
    /// unresolved twice (by the reference check and again where it is followed) counts once.
    ///
    /// # Errors
    /// The errors given.
    pub fn collect(errors: Vec<Self>) -> Result<(), Self> {
        let mut all: Vec<Self> = Vec::new();
        for error in errors.into_iter().flat_map(|e| match e {
            Self::Several(all) => all,
            other => vec![other],
        }) {
            let seen = all.iter().any(|known| {
                known == &error
                    || matches!(
                        (known, &error),
                        (Self::UnresolvedRef { reference: a, .. }, Self::UnresolvedRef { reference: b, .. })
                            if a == b && known.pointer().zip(error.pointer()).is_some_and(|(k, e)| k.starts_with(&e) || e.starts_with(&k))
                    )
            });
            if !seen {
                all.push(error);
            }
        }
        match all.len() {
            0 => Ok(()),
            1 => Err(all.remove(0)),
            _ => Err(Self::Several(all)),
        }
    }

    /// Shorthand for [`ContractError::Invalid`].
    pub fn invalid(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid {
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_a_hint_and_a_lowercase_message() {
        let errors = [
            ContractError::Swagger2,
            ContractError::OperationExists {
                method: "GET".into(),
                path: "/orders".into(),
                id: "list_orders".into(),
            },
            ContractError::EditFailed("x".into()),
        ];
        for error in errors {
            assert!(error.hint().is_some());
            let message = error.to_string();
            assert!(!message.starts_with(char::is_uppercase), "{message}");
        }
    }

    #[test]
    fn each_yaml_error_gets_a_hint_that_fits_it() {
        let hint = |message: &str| {
            ContractError::Syntax {
                line: 1,
                column: 1,
                message: message.into(),
            }
            .hint()
            .unwrap()
        };
        assert!(hint("a: duplicate entry with key \"x\"").contains("once per mapping"));
        assert!(hint("recursion limit exceeded").contains("nest less deeply"));
        assert!(hint("repetition limit exceeded").contains("aliases"));
        assert!(hint("control characters are not allowed").contains("control character"));
        for message in [
            "recursion limit exceeded",
            "repetition limit exceeded",
            "control characters are not allowed",
            "did not find expected node content",
        ] {
            assert!(!hint(message).contains("once per mapping"), "{message}");
        }
    }

    #[test]
    fn exists_message_names_method_path_and_id() {
        let error = ContractError::OperationExists {
            method: "GET".into(),
            path: "/orders".into(),
            id: "list_orders".into(),
        };
        assert_eq!(
            error.to_string(),
            "`GET /orders` already exists in openapi.yaml (operationId `list_orders`)"
        );
    }
}
