//! The `OpenAPI` contract: parse and check `openapi.yaml`, list its operations, generate the
//! Rust models, and insert new operations without touching any other byte.
//!
//! The typed view comes from `yaml_serde` (duplicate keys, alias and depth limits, line and
//! column in errors); edits are text insertions at positions found with yaml-edit's lossless
//! tree, re-parsed and checked before they are returned.

mod doc;
mod edit;
mod error;
mod example;
#[cfg(test)]
mod fixtures;
mod fragment;
mod locate;
mod models;
mod names;
mod nesting;
mod operation;
mod opid;
mod outline;
mod route;
mod rustfmt;
mod scan;
mod splice;
mod structs;
mod types;
mod validate;

use yaml_serde::Value;

pub use edit::{
    NewOperation, PROBLEM, QueryParam, insert_operation, insert_operation_parsed,
    insert_operation_then, insert_schema,
};
pub use error::ContractError;
pub use nesting::MAX_FLOW_DEPTH;
pub use operation::{Body, Operation, PathParam, QueryParamInfo};
pub use opid::default_operation_id;
pub use route::{HttpMethod, ParamType, validate_route_path};

use example::Examples;
use models::{Field, Generator};
use types::RType;

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
    /// refused), `paths` present, every `$ref` local and resolvable, every operation has a
    /// unique `snake_case` `operationId`, and no two paths are the same axum route.
    ///
    /// # Errors
    /// A [`ContractError`] naming the line:column or JSON pointer.
    pub fn parse(text: &str) -> Result<Self, ContractError> {
        check_size(text.len())?;
        nesting::check(text)?;
        Self::checked(text, doc::load(text)?)
    }

    /// [`Contract::parse`] for large texts: the three documents of
    /// [`outline::Outline::split`] are parsed on two cores and joined; also returns how
    /// many path items the first document held when that worked. Falls back to
    /// one parse when the text cannot be split or a part fails on its own. The join
    /// can accept what one parse refuses (say, a second document after `paths`), so
    /// callers must re-check what they build with [`Contract::parse`].
    ///
    /// # Errors
    /// As [`Contract::parse`].
    pub(crate) fn parse_split(
        text: &str,
        split: Option<(usize, usize)>,
    ) -> Result<(Self, Option<usize>), ContractError> {
        check_size(text.len())?;
        nesting::check(text)?;
        match split.and_then(|(cut, end)| doc::load_split(text, cut, end)) {
            Some((root, head_items)) => Ok((Self::checked(text, root)?, Some(head_items))),
            None => Ok((Self::parse(text)?, None)),
        }
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
    pub(crate) fn validate(root: &Value) -> Result<(), ContractError> {
        if !root.is_mapping() {
            return Err(ContractError::invalid(
                "",
                "is not a mapping (expected `openapi: 3.1.0` at the top)",
            ));
        }
        doc::check_version(root)?;
        if let Some(schemas) = doc::get(root, "components").and_then(|c| doc::get(c, "schemas"))
            && !schemas.is_mapping()
            && !schemas.is_null()
        {
            return Err(ContractError::invalid(
                "/components/schemas",
                "is not a mapping",
            ));
        }
        doc::check_refs(root)?;
        scan::scan(root)?;
        Ok(())
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

    /// Every operation, in document order.
    ///
    /// # Errors
    /// A parameter or body type msgen cannot map to Rust, or no 2xx response.
    pub fn operations(&self) -> Result<Vec<Operation>, ContractError> {
        let schemas = doc::schemas(&self.root);
        let examples = self.examples(&schemas, "models::");
        scan::scan(&self.root)?
            .iter()
            .map(|found| operation::build(&self.root, &examples, found))
            .collect()
    }

    /// The operation at `path` and `method`, if any.
    ///
    /// # Errors
    /// As [`Contract::operations`], for that operation only.
    pub fn operation_at(
        &self,
        path: &str,
        method: HttpMethod,
    ) -> Result<Option<Operation>, ContractError> {
        let schemas = doc::schemas(&self.root);
        let examples = self.examples(&schemas, "models::");
        scan::find(&self.root, path, method)?
            .map(|found| operation::build(&self.root, &examples, &found))
            .transpose()
    }

    /// Rust source of every component schema and every `<Id>Query` struct, for `models.rs`.
    /// See the `models` module docs for what is supported.
    ///
    /// # Errors
    /// [`ContractError::Unsupported`] or [`ContractError::NameCollision`] naming the schema.
    pub fn rust_models(&self) -> Result<String, ContractError> {
        let schemas = doc::schemas(&self.root);
        let examples = self.examples(&schemas, "");
        let mut generator = Generator::new(self.examples(&schemas, ""));
        generator.schemas()?;
        for found in scan::scan(&self.root)? {
            let params = scan::params(&self.root, &found)?;
            let mut fields = Vec::new();
            for param in params.iter().filter(|p| p.location == "query") {
                let site = scan::param_site(&found, param);
                let mut ty = scan::param_type(param, &site)?;
                let example = if param.required {
                    examples.expr(param.schema, &ty, &site, false)?
                } else {
                    ty = RType::Option(Box::new(ty));
                    "None".to_owned()
                };
                let rules = validate::rules(&schemas, param.schema, &ty, &site)?;
                let doc = param.description.map(str::to_owned);
                fields.push(Field {
                    name: param.name.to_owned(),
                    ty,
                    optional: !param.required,
                    doc,
                    example,
                    deserialize_with: None,
                    rules,
                });
            }
            if !fields.is_empty() {
                let name = format!(
                    "{}Query",
                    heck::ToUpperCamelCase::to_upper_camel_case(found.id)
                );
                generator.query_struct(&name, found.id, &fields)?;
            }
        }
        generator.finish()
    }

    /// Example builders over this document; `prefix` is `""` inside `models.rs`,
    /// `"models::"` elsewhere.
    fn examples<'a>(&'a self, schemas: &'a yaml_serde::Mapping, prefix: &'a str) -> Examples<'a> {
        Examples {
            root: &self.root,
            schemas,
            prefix,
        }
    }

    /// Whether `components.schemas` has an entry `name`.
    #[must_use]
    pub fn has_schema(&self, name: &str) -> bool {
        doc::get(&self.root, "components")
            .and_then(|c| doc::get(c, "schemas"))
            .and_then(|s| doc::get(s, name))
            .is_some()
    }
}

#[cfg(test)]
mod tests;
