//! Rust code generation from a checked `OpenAPI` contract: the service's `models.rs`
//! (structs, enums, `example()`, `impl Validate`), laid out as rustfmt would, and the Rust
//! view of each operation (types, extractors, names) that the rust-axum template renders.
//!
//! It reads the contract only through `msgen-openapi`'s public view and writes nothing:
//! every function returns source text or plain values.

mod error;
mod example;
mod idents;
mod merge;
mod models;
mod operation;
mod rustfmt;
mod structs;
mod types;
mod union;
mod validate;

use msgen_openapi::operations::{self, params};
use msgen_openapi::yaml_view::schemas;
use msgen_openapi::{Contract, HttpMethod};

pub use error::RustError;
pub use operation::{Body, Operation, PathParam, QueryParamInfo};

use example::Examples;
use models::Generator;
use structs::Field;
use types::{RType, SchemaNames, param_site, param_type};

/// The Rust view of a [`Contract`].
pub trait RustView {
    /// Every operation, in document order.
    ///
    /// # Errors
    /// A parameter or body type msgen cannot map to Rust, or no 2xx response.
    fn operations(&self) -> Result<Vec<Operation>, RustError>;

    /// The operation at `path` and `method`, if any.
    ///
    /// # Errors
    /// As [`RustView::operations`], for that operation only.
    fn operation_at(&self, path: &str, method: HttpMethod) -> Result<Option<Operation>, RustError>;

    /// Rust source of every component schema and every `<Id>Query` struct, for `models.rs`.
    /// See the `models` module docs for what is supported.
    ///
    /// # Errors
    /// [`RustError::Unsupported`] or [`RustError::NameCollision`] naming the schema.
    fn rust_models(&self) -> Result<String, RustError>;
}

impl RustView for Contract {
    fn operations(&self) -> Result<Vec<Operation>, RustError> {
        let root = self.root();
        let names = SchemaNames::new(&schemas(root));
        let schemas = merge::normalize(&schemas(root), &names)?;
        let examples = Examples::new(root, &schemas, &names, "models::");
        operations::list(root)?
            .iter()
            .map(|found| operation::build(root, &examples, found))
            .collect()
    }

    fn operation_at(&self, path: &str, method: HttpMethod) -> Result<Option<Operation>, RustError> {
        let root = self.root();
        let names = SchemaNames::new(&schemas(root));
        let schemas = merge::normalize(&schemas(root), &names)?;
        let examples = Examples::new(root, &schemas, &names, "models::");
        operations::find(root, path, method)?
            .map(|found| operation::build(root, &examples, &found))
            .transpose()
    }

    fn rust_models(&self) -> Result<String, RustError> {
        let root = self.root();
        let names = SchemaNames::new(&schemas(root));
        let schemas = merge::normalize(&schemas(root), &names)?;
        let examples = Examples::new(root, &schemas, &names, "");
        let mut generator = Generator::new(Examples::new(root, &schemas, &names, ""));
        generator.schemas()?;
        for found in operations::list(root)? {
            let params = params(root, &found)?;
            let mut fields = Vec::new();
            for param in params.iter().filter(|p| p.location == "query") {
                let site = param_site(&names, &found, param);
                let mut ty = param_type(param, &site)?;
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
                    write_only: false,
                    rules,
                });
            }
            if !fields.is_empty() {
                let name = format!(
                    "{}Query",
                    heck::ToUpperCamelCase::to_upper_camel_case(found.module.as_str())
                );
                generator.query_struct(&name, &found.id, &fields)?;
            }
        }
        generator.finish()
    }
}

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod insert_tests;
#[cfg(test)]
mod tests;
