//! The types the contract already gives a path's parameters: a new operation on the same
//! path reuses them, and a `--param` that would give one a second type is refused.

use yaml_serde::Value;

use crate::ContractError;
use crate::operations::{self, params};
use crate::route::{HttpMethod, ParamType};
use crate::yaml_view::{deref, escape, get, get_str};

/// A path parameter's schema type as the contract declares it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Declared {
    pub name: String,
    pub ty: String,
    pub format: Option<String>,
}

impl Declared {
    fn describe(&self) -> String {
        match &self.format {
            Some(format) => format!("{} ({format})", self.ty),
            None => self.ty.clone(),
        }
    }
}

/// The path parameters the operations already on `path` declare (first declaration wins).
pub(crate) fn declared(root: &Value, path: &str) -> Result<Vec<Declared>, ContractError> {
    let mut out: Vec<Declared> = Vec::new();
    // Looked up on the path's own item, not by listing every operation of the contract.
    let pointer = format!("/paths/{}", escape(path));
    let Some(item) = get(root, "paths").and_then(|paths| get(paths, path)) else {
        return Ok(out);
    };
    let methods: Vec<HttpMethod> = deref(root, item, &pointer)?
        .as_mapping()
        .map(|item| {
            item.keys()
                .filter_map(|key| key.as_str()?.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    for method in methods {
        let Some(found) = operations::find(root, path, method)? else {
            continue;
        };
        for param in params(root, &found)? {
            if param.location != "path" || out.iter().any(|d| d.name == param.name) {
                continue;
            }
            let schema = deref(root, param.schema, &pointer)?;
            if let Some(ty) = get_str(schema, "type") {
                out.push(Declared {
                    name: param.name.to_owned(),
                    ty: ty.to_owned(),
                    format: get_str(schema, "format").map(str::to_owned),
                });
            }
        }
    }
    Ok(out)
}

/// Refuses a `--param` type that differs from the one the path already declares.
pub(crate) fn check_given(
    path: &str,
    declared: &[Declared],
    given: &[(String, ParamType)],
) -> Result<(), ContractError> {
    for (name, kind) in given {
        let (ty, format) = kind.openapi();
        let Some(existing) = declared.iter().find(|d| &d.name == name) else {
            continue;
        };
        if existing.ty != ty || existing.format.as_deref() != format {
            return Err(ContractError::ParamTypeConflict {
                path: path.to_owned(),
                name: name.clone(),
                existing: existing.describe(),
                given: Declared {
                    name: name.clone(),
                    ty: ty.to_owned(),
                    format: format.map(str::to_owned),
                }
                .describe(),
            });
        }
    }
    Ok(())
}
