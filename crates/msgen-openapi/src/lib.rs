//! The `OpenAPI` contract of a service: read and check `openapi.yaml`, list its operations,
//! and insert new operations and schemas, remove an operation or rename its `operationId`,
//! without touching any other byte.
//!
//! The typed view comes from `yaml_serde` (duplicate keys, alias and depth limits, line and
//! column in errors); edits are text insertions at positions found with yaml-edit's lossless
//! tree, re-parsed and checked before they are returned. Nothing here knows a template or a
//! target language: templates of every language read [`Contract::view`], the plain-data
//! [`view`], and code generation reads the checked tree through [`Contract::root`],
//! [`yaml_view`] and [`operations`].

pub mod diff;
mod edit;
mod error;
pub mod error_format;
pub mod examples;
#[cfg(test)]
mod fixtures;
mod id_style;
pub mod names;
mod nesting;
mod operation_id;
pub mod operations;
mod pattern;
pub mod responses;
pub mod route;
pub mod servers;
pub mod system;
pub mod view;
pub mod yaml_view;

use yaml_serde::Value;

pub use edit::{
    NewOperation, PROBLEM, QueryParam, Removed, double_quoted, insert_operation,
    insert_operation_with_stubs, insert_schema, remove_operation, rename_operation, route_is_free,
};
pub use error::ContractError;
pub use nesting::MAX_FLOW_DEPTH;
pub use operation_id::default_operation_id;
pub use route::{HttpMethod, ParamType, validate_route_path};

/// Largest `openapi.yaml` msgen reads.
pub const MAX_CONTRACT_BYTES: usize = 4 * 1024 * 1024;

/// Refuses texts over [`MAX_CONTRACT_BYTES`].
fn check_size(size: usize) -> Result<(), ContractError> {
    if size > MAX_CONTRACT_BYTES {
        return Err(ContractError::TooLarge {
            size,
            limit: MAX_CONTRACT_BYTES,
        });
    }
    Ok(())
}

/// A parsed, validated `openapi.yaml` (`OpenAPI` 3.1.x or 3.0.x).
#[derive(Clone, Debug)]
pub struct Contract {
    text: String,
    root: Value,
}

impl Contract {
    /// Parse and check a contract.
    ///
    /// A leading BOM is accepted. Checked: size (≤ [`MAX_CONTRACT_BYTES`]), flow nesting
    /// (≤ [`MAX_FLOW_DEPTH`], before any YAML parser runs), YAML syntax,
    /// duplicate keys, alias and nesting limits, `openapi: 3.0.x|3.1.x` (Swagger 2.0 is
    /// refused), `paths` present, every `$ref` local and resolvable, no two operations share
    /// an `operationId` (any non-empty string; a missing one is derived), and no two paths
    /// are the same axum route.
    ///
    /// # Errors
    /// A [`ContractError`] naming the line:column or JSON pointer.
    pub fn parse(text: &str) -> Result<Self, ContractError> {
        check_size(text.len())?;
        nesting::check(text)?;
        Self::checked(text, yaml_view::load(text)?)
    }

    /// The checks of [`Contract::parse`] after the YAML is read.
    fn checked(text: &str, root: Value) -> Result<Self, ContractError> {
        Self::validate(&root)?;
        Ok(Self {
            text: text.to_owned(),
            root,
        })
    }

    /// The checks of [`Contract::parse`] on a tree already read.
    fn validate(root: &Value) -> Result<(), ContractError> {
        if !root.is_mapping() {
            return Err(ContractError::invalid(
                "",
                "is not a mapping (expected `openapi: 3.1.0` at the top)",
            ));
        }
        yaml_view::check_version(root)?;
        // Past the version, every problem is collected: one run reports them all.
        let mut errors = Vec::new();
        if let Some(schemas) =
            yaml_view::get(root, "components").and_then(|c| yaml_view::get(c, "schemas"))
            && !schemas.is_mapping()
            && !schemas.is_null()
        {
            errors.push(ContractError::invalid(
                "/components/schemas",
                "is not a mapping",
            ));
        }
        yaml_view::check_refs(root, &mut errors);
        if let Err(error) = operations::list(root) {
            errors.push(error);
        }
        ContractError::collect(errors)
    }

    /// [`Contract::parse`] for raw file contents: checks the size, then UTF-8.
    ///
    /// # Errors
    /// [`ContractError::NotUtf8`] with the position of the first bad byte, or any error of
    /// [`Contract::parse`].
    pub fn parse_bytes(bytes: &[u8]) -> Result<Self, ContractError> {
        check_size(bytes.len())?;
        match std::str::from_utf8(bytes) {
            Ok(text) => Self::parse(text),
            Err(error) => {
                let good = &bytes[..error.valid_up_to()];
                let line = good.split(|b| *b == b'\n').count();
                let column =
                    good.len() - good.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1) + 1;
                Err(ContractError::NotUtf8 { line, column })
            }
        }
    }

    /// The source text, exactly as given.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The checked YAML tree.
    #[must_use]
    pub fn root(&self) -> &Value {
        &self.root
    }

    /// Whether `components.schemas` has an entry `name`.
    #[must_use]
    pub fn has_schema(&self, name: &str) -> bool {
        yaml_view::get(&self.root, "components")
            .and_then(|c| yaml_view::get(c, "schemas"))
            .and_then(|s| yaml_view::get(s, name))
            .is_some()
    }
}

#[cfg(test)]
mod tests;
