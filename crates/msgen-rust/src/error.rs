//! Why Rust code cannot be generated from a contract: one lowercase sentence each, plus a
//! hint.

use msgen_openapi::ContractError;

/// A contract error met while generating, or a construct Rust generation cannot handle.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum RustError {
    /// The contract itself is wrong.
    #[error(transparent)]
    Contract(#[from] ContractError),
    /// A schema construct the Rust model generator does not support.
    #[error(
        "{} at `{pointer}` uses {what}, which msgen {}",
        subject(schema, pointer),
        cannot(pointer)
    )]
    Unsupported {
        /// Schema (or operation) name.
        schema: String,
        /// JSON pointer of the construct.
        pointer: String,
        /// What was found.
        what: String,
    },
    /// Two generated Rust items or fields would get the same name.
    #[error("`{first}` and `{second}` both become the Rust name `{rust}`")]
    NameCollision {
        /// The Rust name.
        rust: String,
        /// The first contract name.
        first: String,
        /// The second contract name.
        second: String,
    },
    /// Several problems found in one run, each one of the other variants, in the order
    /// found.
    #[error("openapi.yaml has {} problems; the first: {}", .0.len(), .0.first().map(ToString::to_string).unwrap_or_default())]
    Several(Vec<RustError>),
}

impl RustError {
    /// The way out, shown after the error as `hint: …`.
    #[must_use]
    pub fn hint(&self) -> Option<String> {
        match self {
            Self::Contract(error) => error.hint(),
            Self::Unsupported { what, .. } if what == "`not`" => Some(
                "a Rust type cannot say what a value must not be, and msgen does not check \
                 `not`: drop it and refuse such values in the handler, or say what is allowed \
                 with `enum`, `pattern`, bounds or `oneOf`"
                    .to_owned(),
            ),
            Self::Unsupported { pointer, .. } if pointer.contains("/parameters/") => Some(
                "msgen reads parameters of the `form` style (query, cookie) and the `simple` \
                 style (path, header) holding a scalar, an enum or an array of those; change \
                 this parameter, or use a template without `models = \"rust\"`"
                    .to_owned(),
            ),
            Self::Unsupported { pointer, .. } if pointer.contains("/encoding/") => Some(
                "msgen enforces a `multipart/form-data` part's `contentType` (one media type \
                 or a comma-separated list, `image/*` wildcards too) and reads repeated parts \
                 and form fields as `style: form`, `explode: true`; drop the rest of this \
                 `encoding` entry, or use a template without `models = \"rust\"`"
                    .to_owned(),
            ),
            Self::Unsupported { pointer, .. } if pointer.ends_with("/requestBody") => Some(
                "list the body as `application/json` and/or `application/x-www-form-urlencoded` \
                 (one schema), or as `multipart/form-data`, `text/plain` or \
                 `application/octet-stream` alone; or use a template without \
                 `models = \"rust\"`"
                    .to_owned(),
            ),
            Self::Unsupported { .. } => Some(
                "Rust models support objects, arrays, maps, string enums, primitives, `$ref`, \
                 `allOf`, `oneOf` and `anyOf`; simplify this part of the contract, or use a \
                 template without `models = \"rust\"`"
                    .to_owned(),
            ),
            Self::NameCollision { .. } => Some("rename one of them in openapi.yaml".to_owned()),
            Self::Several(all) => all.first().and_then(Self::hint),
        }
    }

    /// Every problem this error stands for, each a contract error or one of Rust
    /// generation, in the order found.
    #[must_use]
    pub fn problems(&self) -> Vec<&Self> {
        match self {
            Self::Several(all) => all.iter().flat_map(Self::problems).collect(),
            Self::Contract(ContractError::Several(_)) => Vec::new(),
            other => vec![other],
        }
    }

    /// The contract errors inside, flattened: a contract error that stands for several.
    #[must_use]
    pub fn contract_problems(&self) -> Vec<&ContractError> {
        match self {
            Self::Several(all) => all.iter().flat_map(Self::contract_problems).collect(),
            Self::Contract(error) => error.problems(),
            _ => Vec::new(),
        }
    }

    /// The JSON pointer of the part of the document this error is about, when known.
    #[must_use]
    pub fn pointer(&self) -> Option<String> {
        match self {
            Self::Contract(error) => error.pointer(),
            Self::Unsupported { pointer, .. } => Some(pointer.clone()),
            Self::NameCollision { .. } | Self::Several(_) => None,
        }
    }

    /// `Ok` without errors, the one error, or [`RustError::Several`] without repeats
    /// (the operations and the models meet some problems both).
    ///
    /// # Errors
    /// The errors given.
    pub fn collect(errors: Vec<Self>) -> Result<(), Self> {
        let mut all: Vec<Self> = Vec::new();
        for error in errors.into_iter().flat_map(|e| match e {
            Self::Several(all) => all,
            Self::Contract(ContractError::Several(all)) => {
                all.into_iter().map(Self::Contract).collect()
            }
            other => vec![other],
        }) {
            if !all.contains(&error) {
                all.push(error);
            }
        }
        match all.len() {
            0 => Ok(()),
            1 => Err(all.remove(0)),
            _ => Err(Self::Several(all)),
        }
    }

    /// Shorthand for [`RustError::Unsupported`].
    pub(crate) fn unsupported(schema: &str, pointer: &str, what: impl Into<String>) -> Self {
        Self::Unsupported {
            schema: schema.to_owned(),
            pointer: pointer.to_owned(),
            what: what.into(),
        }
    }
}

/// Why an unsupported construct is refused: an `encoding` is no type but how parts
/// are read.
fn cannot(pointer: &str) -> &'static str {
    if pointer.contains("/encoding/") {
        "does not read yet"
    } else {
        "cannot turn into a Rust type yet"
    }
}

/// What an unsupported construct belongs to, named by where it sits.
fn subject(name: &str, pointer: &str) -> String {
    if pointer.starts_with("/paths/") {
        format!("operation `{name}`")
    } else {
        format!("schema `{name}`")
    }
}
