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
        "{} at `{pointer}` uses {what}, which msgen cannot turn into a Rust type yet",
        subject(schema, pointer)
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
}

impl RustError {
    /// The way out, shown after the error as `hint: …`.
    #[must_use]
    pub fn hint(&self) -> Option<String> {
        match self {
            Self::Contract(error) => error.hint(),
            Self::Unsupported { .. } => Some(
                "Rust models support objects, arrays, maps, string enums, primitives, `$ref`, \
                 `allOf`, `oneOf` and `anyOf`; simplify this part of the contract, or use a \
                 template without `models = \"rust\"`"
                    .to_owned(),
            ),
            Self::NameCollision { .. } => Some("rename one of them in openapi.yaml".to_owned()),
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

    /// Shorthand for a [`ContractError::Invalid`].
    pub(crate) fn invalid(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Contract(ContractError::invalid(pointer, message))
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
