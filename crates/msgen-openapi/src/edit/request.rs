//! What `insert_operation` adds: a new operation, as plain values.

use crate::route::{HttpMethod, ParamType};

/// A query parameter of a new operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryParam {
    /// Name in the query string.
    pub name: String,
    /// Its type.
    pub kind: ParamType,
    /// Whether it is required.
    pub required: bool,
}

/// An operation to add with [`insert_operation`](crate::insert_operation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewOperation {
    /// HTTP method.
    pub method: HttpMethod,
    /// Route path, checked with [`validate_route_path`](crate::validate_route_path).
    pub path: String,
    /// `operationId`; [`default_operation_id`](crate::default_operation_id) when `None`.
    pub operation_id: Option<String>,
    /// One-line summary; made from the id when `None`.
    pub summary: Option<String>,
    /// Types of `{param}` segments; unlisted ones are strings.
    pub params: Vec<(String, ParamType)>,
    /// Query parameters.
    pub query: Vec<QueryParam>,
    /// Request body schema name; `Name[]` for an array.
    pub request: Option<String>,
    /// Response body schema name; `Name[]` for an array.
    pub response: Option<String>,
    /// Success status; default 201 for POST to a plural collection (`/orders`), else 204
    /// without a response body (GET/HEAD: 200), else 200.
    pub status: Option<u16>,
}
