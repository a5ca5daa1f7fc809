//! Finding the operations of a contract: ids, routes and parameters, before any typing.

use std::collections::{BTreeMap, HashMap};

use yaml_serde::Value;

use super::ContractError;
use super::doc::{deref, entries, escape, get, get_str};
use super::names::check_snake_ident;
use super::route::{HttpMethod, Segment, segments};
use super::types::{RType, Site, rust_type};

/// An operation found by [`scan`]: checked ids and routes, not yet typed.
pub(crate) struct Found<'a> {
    pub path: &'a str,
    pub method: HttpMethod,
    pub op: &'a Value,
    pub item: &'a Value,
    pub id: &'a str,
}

/// All operations in document order, with ids and routes checked.
pub(crate) fn scan(root: &Value) -> Result<Vec<Found<'_>>, ContractError> {
    let paths = get(root, "paths").ok_or_else(|| {
        ContractError::invalid(
            "/paths",
            "is missing; add `paths:` with at least one operation",
        )
    })?;
    let paths = match paths {
        Value::Mapping(map) => map,
        Value::Null => return Ok(Vec::new()),
        _ => return Err(ContractError::invalid("/paths", "is not a mapping")),
    };
    let mut found = Vec::new();
    // Route shape (literals, `None` for a parameter) → path: equal shapes conflict in axum.
    let mut routes: HashMap<Vec<Option<&str>>, &str> = HashMap::new();
    let mut ids: BTreeMap<&str, String> = BTreeMap::new();
    for (key, item) in paths {
        let Some(path) = key.as_str() else {
            return Err(ContractError::invalid(
                "/paths",
                "has a key that is not a string",
            ));
        };
        let shape = segments(path, false)?
            .into_iter()
            .map(|s| match s {
                Segment::Literal(lit) => Some(lit),
                Segment::Param(_) => None,
            })
            .collect();
        if let Some(other) = routes.insert(shape, path) {
            return Err(ContractError::ConflictingRoutes {
                first: other.to_owned(),
                second: path.to_owned(),
            });
        }
        let pointer = format!("/paths/{}", escape(path));
        let item = deref(root, item, &pointer)?;
        for (name, op) in entries(
            item.as_mapping()
                .ok_or_else(|| ContractError::invalid(&pointer, "is not a mapping"))?,
        ) {
            if name == "trace" {
                return Err(ContractError::invalid(
                    format!("{pointer}/trace"),
                    "is a TRACE operation, which msgen does not support",
                ));
            }
            let Ok(method) = name.parse::<HttpMethod>() else {
                continue;
            };
            let id = operation_id(op, method, path)?;
            let here = format!("{} {path}", method.upper());
            if let Some(first) = ids.insert(id, here.clone()) {
                return Err(ContractError::DuplicateOperationId {
                    id: id.to_owned(),
                    first,
                    second: here,
                });
            }
            found.push(Found {
                path,
                method,
                op,
                item,
                id,
            });
        }
    }
    Ok(found)
}

/// The operation at `path` and `method`, looked up directly rather than by a scan.
pub(crate) fn find<'a>(
    root: &'a Value,
    path: &'a str,
    method: HttpMethod,
) -> Result<Option<Found<'a>>, ContractError> {
    let Some(item) = get(root, "paths").and_then(|paths| get(paths, path)) else {
        return Ok(None);
    };
    let item = deref(root, item, &format!("/paths/{}", escape(path)))?;
    let Some(op) = get(item, method.as_str()) else {
        return Ok(None);
    };
    let id = operation_id(op, method, path)?;
    Ok(Some(Found {
        path,
        method,
        op,
        item,
        id,
    }))
}

fn operation_id<'a>(
    op: &'a Value,
    method: HttpMethod,
    path: &str,
) -> Result<&'a str, ContractError> {
    let id = get_str(op, "operationId").ok_or_else(|| ContractError::MissingOperationId {
        method: method.upper(),
        path: path.to_owned(),
    })?;
    check_snake_ident(id).map_err(|reason| ContractError::InvalidOperationId {
        id: id.to_owned(),
        method: method.upper(),
        path: path.to_owned(),
        reason,
    })?;
    Ok(id)
}

/// A parameter after `$ref` resolution and path-item/operation merge.
pub(crate) struct Param<'a> {
    pub name: &'a str,
    pub location: &'a str,
    pub required: bool,
    pub schema: &'a Value,
    pub description: Option<&'a str>,
}

/// Path-item parameters overridden by operation parameters (same name and `in`).
pub(crate) fn params<'a>(
    root: &'a Value,
    found: &Found<'a>,
) -> Result<Vec<Param<'a>>, ContractError> {
    let mut out: Vec<Param<'a>> = Vec::new();
    let base = format!("/paths/{}", escape(found.path));
    for (owner, pointer) in [
        (found.item, base.clone()),
        (found.op, format!("{base}/{}", found.method.as_str())),
    ] {
        let Some(list) = get(owner, "parameters").and_then(Value::as_sequence) else {
            continue;
        };
        for (i, raw) in list.iter().enumerate() {
            let pointer = format!("{pointer}/parameters/{i}");
            let param = deref(root, raw, &pointer)?;
            let name = get_str(param, "name")
                .ok_or_else(|| ContractError::invalid(&pointer, "has no `name`"))?;
            let location = get_str(param, "in")
                .ok_or_else(|| ContractError::invalid(&pointer, "has no `in`"))?;
            let schema = get(param, "schema").unwrap_or(&Value::Null);
            let required =
                matches!(get(param, "required"), Some(Value::Bool(true))) || location == "path";
            out.retain(|p| !(p.name == name && p.location == location));
            out.push(Param {
                name,
                location,
                required,
                schema,
                description: get_str(param, "description"),
            });
        }
    }
    Ok(out)
}

/// The site for typing a parameter of `found`.
pub(crate) fn param_site<'a>(found: &Found<'a>, param: &Param<'_>) -> Site<'a> {
    Site {
        owner: found.id,
        pointer: format!(
            "/paths/{}/{}/parameters/{}",
            escape(found.path),
            found.method.as_str(),
            escape(param.name)
        ),
        inline_name: None,
    }
}

/// The Rust type of a parameter: scalars and `$ref`s only.
pub(crate) fn param_type(param: &Param<'_>, site: &Site<'_>) -> Result<RType, ContractError> {
    if param.schema.is_null() {
        return Ok(RType::String);
    }
    let ty = rust_type(param.schema, site)?;
    match ty {
        RType::String
        | RType::I32
        | RType::I64
        | RType::F32
        | RType::F64
        | RType::Bool
        | RType::Named(_) => Ok(ty),
        _ => Err(ContractError::unsupported(
            site.owner,
            &site.pointer,
            format!(
                "{} parameter `{}` of type `{}` (use a string, integer, number or boolean)",
                param.location,
                param.name,
                ty.render("")
            ),
        )),
    }
}
