//! Rust code generation from a checked `OpenAPI` contract: the service's `models.rs`
//! (structs, enums, `example()`, `impl Validate`), laid out as rustfmt would, and the Rust
//! view of each operation (types, extractors, names) that the rust-axum template renders.
//!
//! It reads the contract only through `msgen-openapi`'s public view and writes nothing:
//! every function returns source text or plain values.

mod encoding;
mod error;
mod example;
mod idents;
mod merge;
mod models;
mod multipart;
mod operation;
mod param_examples;
mod params;
mod request;
mod rustfmt;
mod structs;
mod types;
mod union;
mod validate;

use msgen_openapi::operations::{self, params};
use msgen_openapi::yaml_view::schemas;
use msgen_openapi::{Contract, HttpMethod};

pub use error::RustError;
pub use operation::{Body, Operation, PathParam, QueryParamInfo, ResponseHeader};
pub use param_examples::{BadRequest, NameValue};
pub use request::RequestBody;
pub use rustfmt::type_item;

use example::Examples;
use models::Generator;
use types::SchemaNames;

/// Whether an operation of `contract` takes a `multipart/form-data` body: the
/// service then needs `crate::extract::Multipart`, which its `multipart` feature
/// builds. A contract msgen cannot list has none.
#[must_use]
pub fn has_multipart_body(contract: &Contract) -> bool {
    let root = contract.root();
    operations::list(root).is_ok_and(|listed| {
        listed
            .iter()
            .any(|found| matches!(multipart::body_schema(root, found), Ok(Some(_))))
    })
}

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
        let mut errors = Vec::new();
        let mut built = Vec::new();
        for found in &operations::list(root)? {
            match operation::build(root, &examples, found) {
                Ok(operation) => built.push(operation),
                Err(error) => errors.push(error),
            }
        }
        RustError::collect(errors)?;
        Ok(built)
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
        // Every problem is collected, so that one run reports them all.
        let mut errors = Vec::new();
        if let Err(error) = generator.schemas() {
            errors.push(error);
        }
        for found in operations::list(root)? {
            if let Err(error) = operation_models(&mut generator, &examples, &names, &found) {
                errors.push(error);
            }
        }
        RustError::collect(errors)?;
        generator.finish()
    }
}

/// The models one operation adds: its inline request and response bodies, and the structs that read
/// and check its path, query, header and cookie parameters.
fn operation_models(
    generator: &mut Generator<'_>,
    examples: &Examples<'_>,
    names: &SchemaNames,
    found: &operations::ListedOperation<'_>,
) -> Result<(), RustError> {
    let root = examples.root;
    if let Some((schema, site)) = request::request_schema(root, names, found)? {
        generator.inline_here(&*merge::body(root, schema, &site)?, &site)?;
    }
    if let Some((schema, pointer)) = multipart::body_schema(root, found)? {
        let types = multipart::part_types(root, found, schema)?;
        let (fields, inline) = multipart::fields(examples, found, schema, &pointer, &types)?;
        for (schema, site) in inline {
            generator.inline_here(schema, &site)?;
        }
        let name = multipart::struct_name(found);
        // A form that names its parts (`additionalProperties: false`) refuses others.
        let deny = structs::closed(schema);
        let what = "The `multipart/form-data` parts";
        generator.params_struct(&name, what, &found.id, &fields, deny)?;
        generator.push_item(encoding::part_types_impl(&name, &types));
    }
    if let Some((schema, site)) = operation::response_schema(root, names, found)? {
        generator.inline_here(&schema, &site)?;
    }
    let params = params(root, found)?;
    for location in ["path", "query", "header", "cookie"] {
        let typed = params::typed(names, found, &params, location)?;
        for one in &typed {
            generator.inline_here(one.param.schema, &one.site)?;
        }
        let (fields, checked) = params::fields(examples, &typed)?;
        // Path parameters without constraints stay a plain tuple.
        if fields.is_empty() || (location == "path" && !checked) {
            continue;
        }
        let what = match location {
            "path" => "Path parameters",
            "header" => "Header parameters (by lowercase name)",
            "cookie" => "Cookie parameters",
            _ => "Query parameters",
        };
        let name = params::struct_name(found, location);
        generator.params_struct(&name, what, &found.id, &fields, false)?;
    }
    Ok(())
}

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod insert_tests;
#[cfg(test)]
mod tests;
