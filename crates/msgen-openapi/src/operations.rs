//! Listing the operations of a contract: ids, routes and parameters, before any typing.

use std::collections::{BTreeMap, HashMap, HashSet};

use yaml_serde::Value;

use crate::ContractError;
use crate::default_operation_id;
use crate::names::{check_snake_ident, module_ident};
use crate::route::{HttpMethod, Segment, segments};
use crate::yaml_view::{deref, entries, escape, get, get_str};

/// An operation listed by [`list`]: checked ids and routes, not yet typed.
pub struct ListedOperation<'a> {
    /// The path key under `paths`.
    pub path: &'a str,
    /// The method key in the path item.
    pub method: HttpMethod,
    /// The operation object.
    pub op: &'a Value,
    /// The path item holding it (`$ref` resolved).
    pub item: &'a Value,
    /// Its `operationId` as written; `None` when the contract gives none.
    pub written: Option<&'a str>,
    /// The id msgen knows it by: the `operationId` as written, or, when there is none,
    /// one derived from the method and path (the same as [`ListedOperation::module`]).
    pub id: String,
    /// A `snake_case` identifier for the operation, unique in the contract: module,
    /// function and file names of the code generated for it.
    pub module: String,
}

/// All operations in document order, with ids and routes checked and unique module names.
///
/// Module names are the `snake_case` forms of the ids ([`module_ident`]); a missing
/// `operationId` is derived from the method and path ([`default_operation_id`]). An
/// operation whose written id is already a module name keeps it; the others, in document
/// order, take their form or, when that is taken, the first free of `<form>_2`, `<form>_3`, ….
/// The contract alone decides the names, so every run gives the same ones.
///
/// # Errors
/// A path, route, `operationId` or `$ref` the contract checks refuse.
pub fn list(root: &Value) -> Result<Vec<ListedOperation<'_>>, ContractError> {
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
    // Every problem is collected, so that one run reports them all.
    let mut errors = Vec::new();
    // Route shape (literals, `None` for a parameter) → path: equal shapes conflict in axum.
    let mut routes: HashMap<Vec<Option<&str>>, &str> = HashMap::new();
    let mut ids: BTreeMap<&str, String> = BTreeMap::new();
    for (key, item) in paths {
        let Some(path) = key.as_str() else {
            errors.push(ContractError::invalid(
                "/paths",
                "has a key that is not a string",
            ));
            continue;
        };
        let shape = match segments(path, false) {
            Ok(segments) => segments
                .into_iter()
                // A segment with a parameter is routed whole, affixes or not.
                .map(|s| match s {
                    Segment::Literal(lit) => Some(lit),
                    Segment::Param(_) | Segment::Affixed { .. } => None,
                })
                .collect(),
            Err(error) => {
                errors.push(error);
                continue;
            }
        };
        if let Some(other) = routes.insert(shape, path) {
            errors.push(ContractError::ConflictingRoutes {
                first: other.to_owned(),
                second: path.to_owned(),
            });
            continue;
        }
        let pointer = format!("/paths/{}", escape(path));
        let item = match deref(root, item, &pointer) {
            Ok(item) => item,
            Err(error) => {
                errors.push(error);
                continue;
            }
        };
        let Some(map) = item.as_mapping() else {
            errors.push(ContractError::invalid(&pointer, "is not a mapping"));
            continue;
        };
        for (name, op) in entries(map) {
            if name == "trace" {
                errors.push(ContractError::invalid(
                    format!("{pointer}/trace"),
                    "is a TRACE operation, which msgen does not support",
                ));
                continue;
            }
            let Ok(method) = name.parse::<HttpMethod>() else {
                continue;
            };
            let written = match operation_id(op, method, path) {
                Ok(written) => written,
                Err(error) => {
                    errors.push(error);
                    continue;
                }
            };
            let here = format!("{} {path}", method.upper());
            if let Some(id) = written
                && let Some(first) = ids.insert(id, here.clone())
            {
                errors.push(ContractError::DuplicateOperationId {
                    id: id.to_owned(),
                    first,
                    second: here,
                });
                continue;
            }
            found.push(ListedOperation {
                path,
                method,
                op,
                item,
                written,
                id: String::new(),
                module: String::new(),
            });
        }
    }
    ContractError::collect(errors)?;
    assign_modules(&mut found);
    Ok(found)
}

/// Fills in `id` and `module` of every listed operation (see [`list`]).
fn assign_modules(found: &mut [ListedOperation<'_>]) {
    let mut taken: HashSet<String> = found
        .iter()
        .filter_map(|f| f.written)
        .filter(|id| check_snake_ident(id).is_ok())
        .map(str::to_owned)
        .collect();
    for f in found.iter_mut() {
        if let Some(id) = f.written
            && check_snake_ident(id).is_ok()
        {
            id.clone_into(&mut f.module);
            id.clone_into(&mut f.id);
            continue;
        }
        let base = f
            .written
            .and_then(module_ident)
            .unwrap_or_else(|| default_operation_id(f.method, f.path));
        let mut module = base.clone();
        let mut n = 1;
        while taken.contains(&module) {
            n += 1;
            module = format!("{base}_{n}");
        }
        taken.insert(module.clone());
        f.id = f.written.map_or_else(|| module.clone(), str::to_owned);
        f.module = module;
    }
}

/// The operation at `path` and `method`, with the names [`list`] gives it.
///
/// # Errors
/// As [`list`].
pub fn find<'a>(
    root: &'a Value,
    path: &str,
    method: HttpMethod,
) -> Result<Option<ListedOperation<'a>>, ContractError> {
    Ok(list(root)?
        .into_iter()
        .find(|f| f.path == path && f.method == method))
}

/// The `operationId` as written: any non-empty string (`None` when absent).
fn operation_id<'a>(
    op: &'a Value,
    method: HttpMethod,
    path: &str,
) -> Result<Option<&'a str>, ContractError> {
    let invalid = |id: &str, reason: &str| ContractError::InvalidOperationId {
        id: id.to_owned(),
        method: method.upper(),
        path: path.to_owned(),
        reason: reason.to_owned(),
    };
    match get(op, "operationId") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(id)) if id.trim().is_empty() => Err(invalid(id, "it is empty")),
        Some(Value::String(id)) => Ok(Some(id)),
        Some(_) => Err(invalid("…", "it is not a string")),
    }
}

/// A parameter after `$ref` resolution and path-item/operation merge.
#[derive(Clone, Copy)]
pub struct Param<'a> {
    /// Its `name`.
    pub name: &'a str,
    /// Its `in`: `path`, `query`, `header` or `cookie`.
    pub location: &'a str,
    /// `required: true`, or a path parameter.
    pub required: bool,
    /// Its `schema` (`null` when absent).
    pub schema: &'a Value,
    /// Its `description`.
    pub description: Option<&'a str>,
    /// The parameter object (`$ref` resolved; `null` for an undeclared path
    /// parameter), for `style`, `explode`, `content` and the like.
    pub object: &'a Value,
}

/// The parameter declared for the path segment `{name}`, or a required one without a
/// schema (a string) when the operation does not declare it.
#[must_use]
pub fn path_param<'a>(params: &[Param<'a>], name: &'a str) -> Param<'a> {
    params
        .iter()
        .find(|param| param.location == "path" && param.name == name)
        .copied()
        .unwrap_or(Param {
            name,
            location: "path",
            required: true,
            schema: &Value::Null,
            description: None,
            object: &Value::Null,
        })
}

/// Path-item parameters overridden by operation parameters (same name and `in`).
///
/// # Errors
/// A parameter `$ref` that does not resolve, or a parameter without `name` or `in`.
pub fn params<'a>(
    root: &'a Value,
    found: &ListedOperation<'a>,
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
                object: param,
            });
        }
    }
    Ok(out)
}
