//! An endpoint as the user describes it (flags of `add-endpoint`, or an
//! `[[endpoints]]` entry of a spec file), checked into a contract operation.

use serde::Deserialize;

use msgen_openapi::{
    ContractError, HttpMethod, NewOperation, ParamType, QueryParam, validate_route_path,
};

use crate::error::UserError;

/// The raw description of one endpoint.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EndpointRequest {
    /// HTTP method, any case.
    pub method: String,
    /// Route path, e.g. `/orders/{id}`.
    pub path: String,
    /// operationId; derived when absent.
    #[serde(default)]
    pub name: Option<String>,
    /// One-line summary.
    #[serde(default)]
    pub summary: Option<String>,
    /// Path parameter types: `id:integer`.
    #[serde(default)]
    pub params: Vec<String>,
    /// Query parameters: `limit:integer?`.
    #[serde(default)]
    pub query: Vec<String>,
    /// Request body schema name.
    #[serde(default)]
    pub request: Option<String>,
    /// Response body schema name (`Order[]` for a list).
    #[serde(default)]
    pub response: Option<String>,
    /// Success status.
    #[serde(default)]
    pub status: Option<u16>,
}

impl EndpointRequest {
    /// Checks every part and builds the contract insertion.
    ///
    /// # Errors
    /// A usage error naming the bad part.
    pub fn to_operation(&self) -> Result<NewOperation, UserError> {
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
