//! The clients of other services a service calls: from each vendored contract, the
//! msgen-owned module `src/clients/NAME.rs` (typed models and one method per
//! operation), plus the machinery the template shares between them.

use std::fmt::Write as _;

use handlebars::Context;
use msgen_openapi::Contract;
use msgen_rust::{Operation, RustView};
use serde_json::{Value, json};

use crate::error::UserError;
use crate::generate::Rendered;
use crate::plan::Owner;
use crate::service_name::ServiceName;
use crate::template::Template;
use crate::template::render::Renderer;

/// The per-dependency template file in the template's `client/` folder.
const DEPENDENCY_FILE: &str = "dependency.rs.hbs";
/// Where the client modules go in the service.
const FOLDER: &str = "src/clients";

/// A vendored contract, as the client generation needs it.
pub(crate) struct Dependency<'a> {
    /// The provider's name.
    pub name: ServiceName,
    /// The vendored copy's path in the service (`contracts/payments.yaml`).
    pub contract_path: &'a str,
    /// Its text.
    pub text: &'a str,
}

/// The render context's `dependencies`: the names of each, in name order.
#[must_use]
pub(crate) fn context(dependencies: &[Dependency<'_>]) -> Vec<Value> {
    dependencies
        .iter()
        .map(|dependency| serde_json::to_value(&dependency.name).unwrap_or(Value::Null))
        .collect()
}

/// The client files of `dependencies` (none without any, or when the template has no
/// `client/` folder), all msgen-owned.
///
/// # Errors
/// A vendored contract msgen cannot read or type, and render errors.
pub(crate) fn render(
    template: &Template,
    dependencies: &[Dependency<'_>],
) -> Result<Vec<Rendered>, UserError> {
    if dependencies.is_empty() {
        return Ok(Vec::new());
    }
    let renderer = Renderer::new();
    let label = template.origin.label();
    let mut out = Vec::new();
    for file in &template.client_files {
        if file.path == DEPENDENCY_FILE {
            continue;
        }
        out.push(Rendered {
            path: format!("{FOLDER}/{}", file.path),
            contents: Some(file.bytes.clone()),
            owner: Owner::Msgen,
        });
    }
    let Some(per_dependency) = template
        .client_files
        .iter()
        .find(|file| file.path == DEPENDENCY_FILE)
    else {
        return Ok(out);
    };
    for dependency in dependencies {
        let context = dependency_context(dependency)?;
        let origin = format!("{label}/client/{DEPENDENCY_FILE}");
        let contents = renderer.contents(&origin, per_dependency, &Context::from(context))?;
        out.push(Rendered {
            path: format!("{FOLDER}/{}.rs", dependency.name.snake),
            contents: Some(contents),
            owner: Owner::Msgen,
        });
    }
    Ok(out)
}

fn dependency_context(dependency: &Dependency<'_>) -> Result<Value, UserError> {
    let unreadable = |message: String| {
        UserError::usage(format!(
            "the contract of `{}` (`{}`) cannot be turned into a client: {message}",
            dependency.name.kebab, dependency.contract_path
        ))
        .hint("fix the provider's contract (`msgen check` in the provider), then vendor it again")
    };
    let contract =
        Contract::parse(dependency.text).map_err(|error| unreadable(error.to_string()))?;
    let base_path = msgen_openapi::servers::base_path(contract.root())
        .map_err(|error| unreadable(error.to_string()))?;
    let models = contract
        .rust_models()
        .map_err(|error| unreadable(error.to_string()))?;
    let operations: Vec<Operation> = RustView::operations(&contract)
        .map_err(|error| unreadable(error.to_string()))?
        .into_iter()
        .filter(|operation| !operation.system)
        .collect();
    if operations.is_empty() {
        return Err(unreadable("it has no operation to call".to_owned()));
    }
    let calls: Vec<Value> = operations
        .iter()
        .map(|operation| operation_context(operation, &base_path))
        .collect();
    let call_of = |operation: &Operation| example_call(operation);
    let idempotent = operations.iter().find(|operation| is_idempotent(operation));
    let unsafe_one = operations
        .iter()
        .find(|operation| !is_idempotent(operation));
    Ok(json!({
        "msgen": { "version": env!("CARGO_PKG_VERSION") },
        "dependency": {
            "kebab": dependency.name.kebab,
            "snake": dependency.name.snake,
            "shouty": dependency.name.shouty,
            "pascal": dependency.name.pascal,
            "contract": dependency.contract_path,
        },
        "rust_models": indent(&models),
        "operations": calls,
        "any_call": call_of(idempotent.or(unsafe_one).unwrap_or(&operations[0])),
        "idempotent_call": idempotent.map(call_of),
        "unsafe_call": unsafe_one.map(call_of),
    }))
}

fn is_idempotent(operation: &Operation) -> bool {
    matches!(
        operation.method_upper.as_str(),
        "GET" | "HEAD" | "PUT" | "DELETE" | "OPTIONS"
    )
}

/// The models inside `pub mod models { … }`.
fn indent(models: &str) -> String {
    models
        .lines()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!("    {line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// How a path parameter of `rust_type` is passed: `&str` for strings, by value for
/// numbers and booleans, by reference otherwise.
fn param_type(rust_type: &str) -> String {
    match rust_type {
        "String" => "&str".to_owned(),
        t if is_plain(t) => t.to_owned(),
        t => format!("&{t}"),
    }
}

fn is_plain(rust_type: &str) -> bool {
    matches!(
        rust_type,
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "f32" | "f64" | "bool"
    )
}

fn operation_context(operation: &Operation, base_path: &str) -> Value {
    let mut params = String::new();
    for param in &operation.path_params {
        let _ = write!(
            params,
            ", {}: {}",
            param.rust_name,
            param_type(&param.rust_type)
        );
    }
    if let Some(query) = &operation.query_struct {
        let _ = write!(params, ", query: &models::{query}");
    }
    if let Some(request) = &operation.request {
        let _ = write!(params, ", body: &{}", request.rust_type);
    }
    let full_path = format!("{base_path}{}", operation.path);
    let mut pattern = String::new();
    let mut args = Vec::new();
    for segment in full_path.split('/').skip(1) {
        pattern.push('/');
        // `{Sid}.json`: the parameter between static text, as the contract writes it.
        if let Some((prefix, name, suffix)) = split_param(segment) {
            pattern.push_str(&format_text(prefix));
            pattern.push_str("{}");
            pattern.push_str(&format_text(suffix));
            let rust_name = operation
                .path_params
                .iter()
                .find(|param| param.name == name)
                .map_or(name, |param| param.rust_name.as_str());
            args.push(format!("runtime::segment(&{rust_name})"));
        } else {
            pattern.push_str(&format_text(segment));
        }
    }
    let path_expr = if args.is_empty() {
        format!("\"{pattern}\".to_owned()")
    } else {
        format!("format!(\"{pattern}\", {})", args.join(", "))
    };
    json!({
        "id": operation.id,
        "summary": operation.summary.replace(['\n', '\r'], " "),
        "method_upper": operation.method_upper,
        "path": operation.path,
        "full_path": rust_text(&full_path),
        "status": operation.status,
        "params": params,
        "returns": operation.response.as_ref().map_or("()", |body| body.rust_type.as_str()),
        "kind": if operation.response.is_some() { "json" } else { "empty" },
        "path_expr": path_expr,
        "query_expr": if operation.query_struct.is_some() { "runtime::query(query)" } else { "String::new()" },
        "body_expr": if operation.request.is_some() { "Some(runtime::to_json(body))" } else { "None" },
        "fake_body": operation.response.as_ref().map_or_else(
            || "None".to_owned(),
            |body| format!("Some(serde_json::to_value({}).unwrap_or_default())", body.example),
        ),
        "example_call": example_call(operation),
        "response_example": operation.response.as_ref().map(|body| body.example.clone()),
    })
}

/// A path segment holding a parameter as (static text before, name, static text
/// after): `{Sid}.json` → `("", "Sid", ".json")`; `None` for a literal segment.
fn split_param(segment: &str) -> Option<(&str, &str, &str)> {
    let (prefix, rest) = segment.split_once('{')?;
    let (name, suffix) = rest.split_once('}')?;
    Some((prefix, name, suffix))
}

/// `client.get_payment("pay_1")`: a call of `operation` with example arguments.
fn example_call(operation: &Operation) -> String {
    let mut args = Vec::new();
    let values = operation.example_path.split('/');
    let names = operation.path.split('/');
    for (segment, value) in names.zip(values) {
        let Some((prefix, name, suffix)) = split_param(segment) else {
            continue;
        };
        let value = value
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(suffix))
            .unwrap_or(value);
        let Some(param) = operation.path_params.iter().find(|p| p.name == name) else {
            continue;
        };
        let value = rust_text(&percent_decode(value));
        args.push(match param.rust_type.as_str() {
            "String" => format!("\"{value}\""),
            t if is_plain(t) => value,
            t => format!(
                "&serde_json::from_value::<{t}>(serde_json::Value::String(\"{value}\".to_owned())).unwrap()"
            ),
        });
    }
    if let Some(query) = &operation.query_struct {
        args.push(format!("&models::{query}::example()"));
    }
    if let Some(request) = &operation.request {
        args.push(format!("&{}", request.example));
    }
    format!("client.{}({})", operation.id, args.join(", "))
}

/// Text safe inside a Rust string literal.
fn rust_text(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Text safe inside a `format!` string literal.
fn format_text(text: &str) -> String {
    rust_text(text).replace('{', "{{").replace('}', "}}")
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_keeps_what_is_not_an_escape() {
        assert_eq!(percent_decode("a%20b%2"), "a b%2");
        assert_eq!(percent_decode("%E2%82%AC"), "€");
    }

    #[test]
    fn literal_text_is_escaped_for_format_strings() {
        assert_eq!(format_text("a\"{b}\\"), "a\\\"{{b}}\\\\");
        assert_eq!(rust_text("{b}"), "{b}");
    }

    #[test]
    fn a_parameter_beside_static_text_keeps_that_text_in_the_client_path() {
        assert_eq!(split_param("{Sid}.json"), Some(("", "Sid", ".json")));
        assert_eq!(split_param("v{n}"), Some(("v", "n", "")));
        assert_eq!(split_param("{id}"), Some(("", "id", "")));
        assert_eq!(split_param("Local.json"), None);
    }

    #[test]
    fn strings_are_borrowed_and_numbers_passed_by_value() {
        assert_eq!(param_type("String"), "&str");
        assert_eq!(param_type("i64"), "i64");
        assert_eq!(param_type("models::Status"), "&models::Status");
    }
}
