//! Format-preserving insertion of an operation (or a schema) into `openapi.yaml`.
//!
//! The new text is inserted at positions found with yaml-edit; every other byte stays as
//! written (comments, key order, quoting, flow style, CRLF, BOM). The only bytes that may
//! change are an empty ` {}` after `paths:`/`schemas:`/`components:`, which is dropped
//! when its first entry is added. The result is re-parsed and compared with the input,
//! and refused if anything but the addition differs.

mod lifecycle;
mod path_params;
mod position;
mod request;
mod splice;
mod yaml_tree;
mod yaml_writer;

pub use yaml_writer::double_quoted;

pub use lifecycle::{Removed, remove_operation, rename_operation};
pub use request::{NewOperation, QueryParam};

use path_params::Declared;
use splice::{
    apply, expected, fragment, path_edits, schema_edits, schema_spot, schemas_mut, split_bom,
    spots_from_tree, style, verify,
};
use yaml_tree::Tree;
use yaml_writer::{BodyRef, Lines, OperationYaml, Problem, Stub, named_json, stub_schema};

use crate::id_style::IdStyle;
use crate::names::{
    check_operation_id, check_snake_ident, module_ident, sentence, singular_snake, type_ident,
};
use crate::operations::{self, ListedOperation};
use crate::route::{HttpMethod, routes_conflict, segments, validate_route_path};
use crate::yaml_view::{escape, get};
use crate::{Contract, ContractError, default_operation_id};

/// Name of the problem+json definition error responses point at: `components.responses.Problem`
/// when it exists, else `components.schemas.Problem`; with neither, no error responses are added.
pub const PROBLEM: &str = "Problem";

/// Add `op` to the contract text and return the new text and the contract it parses to.
///
/// Path parameters come from the `{x}` segments, error responses `$ref` [`PROBLEM`], and a
/// request/response schema missing from `components.schemas` is created as a stub object
/// (one string `id`, required only when the schema is not a request body). The contract is
/// parsed once; the new text is parsed again and must give the old tree plus exactly the
/// addition.
///
/// # Errors
/// The base contract is invalid; the path, id, parameters or status are bad; the method and
/// path exist; the id is taken; the route conflicts; `paths` is in flow style.
pub fn insert_operation(
    contract_text: &str,
    op: &NewOperation,
) -> Result<(String, Contract), ContractError> {
    insert_operation_with_stubs(contract_text, op).map(|(text, contract, _)| (text, contract))
}

/// [`insert_operation`], also naming the stub schemas it created, in order.
///
/// # Errors
/// As [`insert_operation`].
pub fn insert_operation_with_stubs(
    contract_text: &str,
    op: &NewOperation,
) -> Result<(String, Contract, Vec<String>), ContractError> {
    let (bom, base) = split_bom(contract_text);
    let (contract, id) = checked_against(contract_text, op)?;
    let declared = path_params::declared(&contract.root, &op.path)?;
    path_params::check_given(&op.path, &declared, &op.params)?;
    let request = op.request.as_deref().map(body_ref).transpose()?;
    let response = op.response.as_deref().map(body_ref).transpose()?;
    let status = status(op, response.is_some())?;
    let yaml = OperationYaml {
        method: op.method.as_str(),
        id: &id,
        summary: &op
            .summary
            .clone()
            .unwrap_or_else(|| sentence(&module_ident(&id).unwrap_or_else(|| id.clone()))),
        params: params(op, &declared)?,
        errors: errors(op, request.is_some()),
        problem: problem(&contract),
        request: request.clone(),
        response: response.clone(),
        status,
    };
    let mut stubs: Vec<Stub> = Vec::new();
    for body in request.iter().chain(&response) {
        if !contract.has_schema(&body.name) && !stubs.iter().any(|s| s.name == body.name) {
            stubs.push(Stub {
                name: body.name.clone(),
                required_id: request.as_ref().is_none_or(|r| r.name != body.name),
            });
        }
    }
    let tree = Tree::parse(base)?;
    let spots = spots_from_tree(&tree, &op.path, !stubs.is_empty())?;
    drop(tree);
    let style = style(base, spots.unit);
    let mut edits = path_edits(&spots, base, style, &op.path, &yaml);
    if let Some(spot) = &spots.schemas {
        let add = |lines: &mut Lines, col: usize| {
            for stub in &stubs {
                stub_schema(lines, style, col, stub);
            }
        };
        edits.extend(schema_edits(spot, base, style, &add));
    }
    let text = format!("{bom}{}", apply(base, edits));
    let grown = Contract {
        root: expected(contract.root, op, &yaml, style, &stubs)?,
        text,
    };
    verify(&grown)?;
    let added = operations::find(&grown.root, &op.path, op.method)?;
    if added.is_none_or(|found| found.id != id) {
        return Err(ContractError::EditFailed(format!(
            "operation `{id}` is not in the result"
        )));
    }
    let stubs = stubs.into_iter().map(|stub| stub.name).collect();
    Ok((grown.text.clone(), grown, stubs))
}

/// The parsed contract and the operationId `op` gets, once `op` is known not to clash
/// with what the contract holds.
fn checked_against(
    contract_text: &str,
    op: &NewOperation,
) -> Result<(Contract, String), ContractError> {
    let contract = Contract::parse(contract_text)?;
    validate_route_path(&op.path)?;
    let found = operations::list(&contract.root)?;
    let id = match &op.operation_id {
        Some(id) => id.clone(),
        None => free_default_id(&found, op)?,
    };
    if let Err(reason) = check_operation_id(&id) {
        return Err(ContractError::InvalidOperationId {
            id: id.clone(),
            method: op.method.upper(),
            path: op.path.clone(),
            reason: reason.to_owned(),
        });
    }
    check_against(&found, op, &id)?;
    drop(found);
    Ok((contract, id))
}

/// Add a schema to `components.schemas` (creating `components`/`schemas` when absent).
///
/// # Errors
/// A schema of that name exists, the name is unusable, or the base contract is invalid.
pub fn insert_schema(
    contract_text: &str,
    name: &str,
    schema: &serde_json::Value,
) -> Result<String, ContractError> {
    let contract = Contract::parse(contract_text)?;
    check_schema_name(name)?;
    if contract.has_schema(name) {
        return Err(ContractError::invalid(
            format!("/components/schemas/{}", escape(name)),
            "already exists",
        ));
    }
    let schema = &with_int64(schema);
    let (bom, base) = split_bom(contract_text);
    let tree = Tree::parse(base)?;
    let spot = schema_spot(&tree)?;
    let style = style(base, tree.unit());
    drop(tree);
    let add = |lines: &mut Lines, col: usize| named_json(lines, style, col, name, schema);
    let text = format!(
        "{bom}{}",
        apply(base, schema_edits(&spot, base, style, &add))
    );
    // The lines must mean the JSON schema, and the re-parse must give the old tree plus
    // exactly those lines.
    let round_trip = |e: &dyn std::fmt::Display| {
        ContractError::EditFailed(format!("schema `{name}` did not round-trip: {e}"))
    };
    let wanted = yaml_serde::to_value(schema).map_err(|e| round_trip(&e))?;
    let mut lines = Lines::default();
    named_json(&mut lines, style, 0, name, schema);
    let added = fragment(&lines)?;
    if added.get(name) != Some(&wanted) {
        return Err(round_trip(&"its YAML reads back differently"));
    }
    let mut root = contract.root;
    schemas_mut(&mut root)
        .ok_or_else(|| round_trip(&"no mapping where it goes"))?
        .extend(added);
    let grown = Contract { text, root };
    verify(&grown).map_err(|e| round_trip(&e))?;
    Ok(grown.text)
}

/// [`default_operation_id`], or when another operation has it, the first free of
/// `<id>_by_<last param>`, `list_…` for a `get_…` collection, `<id>_<method>`, `<id>_2`, …;
/// written in the style of the contract's other ids (`createOrder` beside `listOrders`).
fn free_default_id(
    found: &[ListedOperation<'_>],
    op: &NewOperation,
) -> Result<String, ContractError> {
    let id = default_operation_id(op.method, &op.path);
    // Neither another id nor another module name, so the new operation keeps its own.
    let taken: Vec<&str> = found
        .iter()
        .flat_map(|f| [f.id.as_str(), f.module.as_str()])
        .collect();
    let last_param = segments(&op.path, true)?
        .into_iter()
        .next_back()
        .and_then(|s| s.param().map(heck::ToSnakeCase::to_snake_case));
    let mut candidates = vec![id.clone()];
    if let Some(param) = last_param {
        candidates.push(format!("{id}_by_{param}"));
    } else if let Some(rest) = id.strip_prefix("get_") {
        candidates.push(format!("list_{rest}"));
    }
    candidates.push(format!("{id}_{}", op.method.as_str()));
    candidates.extend((2..100).map(|n| format!("{id}_{n}")));
    let style = IdStyle::of(found.iter().filter_map(|f| f.written));
    Ok(candidates
        .into_iter()
        .filter(|c| check_snake_ident(c).is_ok())
        .map(|c| style.apply(&c))
        .find(|styled| {
            let module = module_ident(styled).unwrap_or_default();
            !taken.contains(&styled.as_str()) && !taken.contains(&module.as_str())
        })
        .unwrap_or_else(|| style.apply(&id)))
}

/// `schema` with `format: int64` on every integer without a `format`, so test generators
/// stay within the range of the Rust type.
fn with_int64(schema: &serde_json::Value) -> serde_json::Value {
    match schema {
        serde_json::Value::Object(map) => {
            let mut out: serde_json::Map<String, serde_json::Value> = map
                .iter()
                .map(|(k, v)| (k.clone(), with_int64(v)))
                .collect();
            let integer = match map.get("type") {
                Some(serde_json::Value::String(t)) => t == "integer",
                Some(serde_json::Value::Array(types)) => types.iter().any(|t| t == "integer"),
                _ => false,
            };
            if integer && !map.contains_key("format") {
                out.insert("format".into(), "int64".into());
            }
            serde_json::Value::Object(out)
        }
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.iter().map(with_int64).collect())
        }
        other => other.clone(),
    }
}

/// Whether `contract` takes a new operation at `method path`: a valid route that no
/// operation holds and no other route conflicts with (the route checks of
/// [`insert_operation`]).
#[must_use]
pub fn route_is_free(contract: &Contract, method: HttpMethod, path: &str) -> bool {
    let (Ok(found), Ok(()), Ok(new_segments)) = (
        operations::list(&contract.root),
        validate_route_path(path),
        segments(path, true),
    ) else {
        return false;
    };
    found.iter().all(|found| {
        if found.path == path {
            return found.method != method;
        }
        segments(found.path, false).is_ok_and(|old| !routes_conflict(&old, &new_segments))
    })
}

fn check_against(
    found: &[ListedOperation<'_>],
    op: &NewOperation,
    id: &str,
) -> Result<(), ContractError> {
    let new_segments = segments(&op.path, true)?;
    for found in found {
        if found.path == op.path && found.method == op.method {
            return Err(ContractError::OperationExists {
                method: op.method.upper(),
                path: op.path.clone(),
                id: found.id.clone(),
            });
        }
        if found.path != op.path && routes_conflict(&segments(found.path, false)?, &new_segments) {
            return Err(ContractError::ConflictingRoutes {
                first: found.path.to_owned(),
                second: op.path.clone(),
            });
        }
    }
    for found in found {
        if found.id == id {
            return Err(ContractError::DuplicateOperationId {
                id: id.to_owned(),
                first: format!("{} {}", found.method.upper(), found.path),
                second: format!("{} {}", op.method.upper(), op.path),
            });
        }
    }
    Ok(())
}

fn body_ref(raw: &str) -> Result<BodyRef, ContractError> {
    let (name, array) = raw.strip_suffix("[]").map_or((raw, false), |n| (n, true));
    check_schema_name(name)?;
    Ok(BodyRef {
        name: name.to_owned(),
        array,
    })
}

fn check_schema_name(name: &str) -> Result<(), ContractError> {
    let ok = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && type_ident(name).is_some();
    if ok {
        Ok(())
    } else {
        Err(ContractError::invalid(
            format!("/components/schemas/{}", escape(name)),
            "is not a usable schema name: start with a letter, use letters, digits, `_`, `-`, `.`, and no Rust std name like `String`",
        ))
    }
}

fn status(op: &NewOperation, has_body: bool) -> Result<u16, ContractError> {
    // POST to a plural collection creates (201); POST to an action (`/orders/{id}/cancel`) does not.
    let last = op.path.rsplit('/').next().unwrap_or_default();
    let creates = !last.starts_with('{')
        && singular_snake(&heck::ToSnakeCase::to_snake_case(last))
            != heck::ToSnakeCase::to_snake_case(last);
    let status = op.status.unwrap_or(match (op.method, has_body) {
        (HttpMethod::Post, _) if creates => 201,
        (_, false) if op.method != HttpMethod::Get && op.method != HttpMethod::Head => 204,
        _ => 200,
    });
    if !(200..300).contains(&status) {
        return Err(ContractError::invalid(
            "/responses",
            format!("status `{status}` is not a success (2xx) status"),
        ));
    }
    if has_body && matches!(status, 204 | 205) {
        return Err(ContractError::invalid(
            "/responses",
            format!("status `{status}` cannot have a response body"),
        ));
    }
    Ok(status)
}

type ParamYaml<'a> = (&'a str, &'static str, bool, &'a str, Option<&'a str>);

/// The parameters' YAML: a path parameter's type is its `--param` type, else the type
/// the path already declares for it, else a string.
fn params<'a>(
    op: &'a NewOperation,
    declared: &'a [Declared],
) -> Result<Vec<ParamYaml<'a>>, ContractError> {
    let mut out = Vec::new();
    let path_names: Vec<&str> = segments(&op.path, true)?
        .into_iter()
        .filter_map(|s| s.param())
        .collect();
    for (name, _) in &op.params {
        if !path_names.contains(&name.as_str()) {
            return Err(ContractError::InvalidPath {
                path: op.path.clone(),
                reason: format!("parameter `{name}` has no `{{{name}}}` segment"),
            });
        }
    }
    for name in path_names {
        let given = op.params.iter().find(|(n, _)| n == name).map(|(_, k)| *k);
        let (ty, format) = match (given, declared.iter().find(|d| d.name == name)) {
            (None, Some(declared)) => (declared.ty.as_str(), declared.format.as_deref()),
            (given, _) => given.unwrap_or_default().openapi(),
        };
        out.push((name, "path", true, ty, format));
    }
    for (i, query) in op.query.iter().enumerate() {
        let valid = query
            .name
            .starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && query
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
        if !valid || op.query[..i].iter().any(|q| q.name == query.name) {
            return Err(ContractError::invalid(
                format!("/parameters/{}", escape(&query.name)),
                "is not a usable query parameter name (letters, digits, `_`, `-`, `.`; each once)",
            ));
        }
        let (ty, format) = query.kind.openapi();
        out.push((query.name.as_str(), "query", query.required, ty, format));
    }
    Ok(out)
}

fn errors(op: &NewOperation, has_request: bool) -> Vec<(u16, &'static str)> {
    let has_path_params = op.path.contains('{');
    let mut out = Vec::new();
    if has_path_params || has_request || !op.query.is_empty() {
        out.push((400, "Bad Request"));
    }
    if has_path_params {
        out.push((404, "Not Found"));
    }
    if has_request {
        out.push((422, "Unprocessable Content"));
    }
    out
}

fn problem(contract: &Contract) -> Problem {
    let responses = get(&contract.root, "components").and_then(|c| get(c, "responses"));
    if responses.and_then(|r| get(r, PROBLEM)).is_some() {
        Problem::Response(PROBLEM.to_owned())
    } else if contract.has_schema(PROBLEM) {
        Problem::Schema(PROBLEM.to_owned())
    } else {
        Problem::Absent
    }
}

#[cfg(test)]
mod tests;
