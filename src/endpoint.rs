//! An endpoint as the user describes it (flags of `add-endpoint`, or an
//! `[[endpoints]]` entry of a spec file), checked into a contract operation.

use clap::Args;
use serde::Deserialize;

use msgen_openapi::{
    ContractError, HttpMethod, NewOperation, ParamType, QueryParam, validate_route_path,
};

use crate::error::UserError;

/// One endpoint to add, as the user describes it: the flags and arguments of
/// `add-endpoint` (the doc comments are its `--help`) and the keys of a spec file's
/// `[[endpoints]]` entry.
#[derive(Debug, Clone, Default, Deserialize, Args)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct EndpointRequest {
    /// HTTP method: GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS.
    pub method: String,
    /// Route path in OpenAPI/axum syntax, e.g. `/orders/{id}/cancel`.
    pub path: String,
    /// The operationId (default: derived, e.g. `POST /orders` → `create_order`).
    #[arg(long, value_name = "OPERATION_ID")]
    #[serde(default)]
    pub name: Option<String>,
    /// One-line summary of the operation.
    #[arg(long)]
    #[serde(default)]
    pub summary: Option<String>,
    /// Type of a path parameter, e.g. `id:integer` (default string; repeatable).
    #[arg(long = "param", value_name = "NAME:TYPE")]
    #[serde(default)]
    pub params: Vec<String>,
    /// A query parameter, e.g. `limit:integer?` (`?` = optional; repeatable).
    #[arg(long = "query", value_name = "NAME:TYPE")]
    #[serde(default)]
    pub query: Vec<String>,
    /// Request body schema in components.schemas (created as a stub if missing).
    #[arg(long, value_name = "SCHEMA")]
    #[serde(default)]
    pub request: Option<String>,
    /// Response body schema; suffix `[]` for a list, e.g. `Order[]`.
    #[arg(long, value_name = "SCHEMA")]
    #[serde(default)]
    pub response: Option<String>,
    /// Success status code (default 200, 201 for POST).
    #[arg(long, value_name = "CODE")]
    #[serde(default)]
    pub status: Option<u16>,
}

impl EndpointRequest {
    /// Checks every part and builds the contract insertion.
    ///
    /// # Errors
    /// A usage error naming the bad part.
    pub(crate) fn to_operation(&self) -> Result<NewOperation, UserError> {
        let method: HttpMethod = self.method.parse().map_err(UserError::from)?;
        validate_route_path(&self.path).map_err(UserError::from)?;
        let params = self
            .params
            .iter()
            .map(|raw| {
                let (name, kind, _) = split_typed(raw, "--param")?;
                Ok((name, kind))
            })
            .collect::<Result<Vec<_>, UserError>>()?;
        for (name, _) in &params {
            if !self.path.contains(&format!("{{{name}}}")) {
                return Err(UserError::usage(format!(
                    "`--param {name}:…` names no `{{{name}}}` segment of `{}`",
                    self.path
                ))
                .hint("path parameters come from `{name}` segments of the path"));
            }
        }
        let query = self
            .query
            .iter()
            .map(|raw| {
                let (name, kind, required) = split_typed(raw, "--query")?;
                Ok(QueryParam {
                    name,
                    kind,
                    required,
                })
            })
            .collect::<Result<Vec<_>, UserError>>()?;
        if let Some(status) = self.status
            && !(200..=299).contains(&status)
        {
            return Err(
                UserError::usage(format!("`--status {status}` is not a success status"))
                    .hint("give a 2xx code; error responses are added for you"),
            );
        }
        Ok(NewOperation {
            method,
            path: self.path.clone(),
            operation_id: self.name.clone(),
            summary: self.summary.clone(),
            params,
            query,
            request: self.request.clone(),
            response: self.response.clone(),
            status: self.status,
        })
    }
}

/// `name:type` or `name:type?` (optional) or `name` (string, required).
fn split_typed(raw: &str, flag: &str) -> Result<(String, ParamType, bool), UserError> {
    let (name, kind) = raw.split_once(':').unwrap_or((raw, "string"));
    let (kind, required) = match kind.strip_suffix('?') {
        Some(kind) => (kind, false),
        None => (kind, true),
    };
    let name = name.trim();
    if name.is_empty()
        || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        || name.starts_with(|c: char| c.is_ascii_digit())
    {
        return Err(UserError::usage(format!(
            "`{flag} {raw}`: `{name}` is not a valid parameter name"
        ))
        .hint("use letters, digits and `_`, e.g. `order_id:integer`"));
    }
    let kind: ParamType = kind.parse().map_err(|error: ContractError| {
        UserError::usage(format!("`{flag} {raw}`: {error}"))
            .hint("types: string, integer, number, boolean")
    })?;
    Ok((name.to_owned(), kind, required))
}
