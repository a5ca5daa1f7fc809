//! The parameters of an operation, typed per location (`path`, `query`, `header`,
//! `cookie`): the Rust type of each, the wire name its struct field reads, and how a
//! value written as text becomes that type.
//!
//! Read: scalars, `$ref`s and inline enums everywhere; arrays of those in the query
//! (`style: form`, `?tag=a&tag=b` when exploded, the default, `?tag=a,b` when not), in
//! headers (`a,b`) and in cookies when not exploded. Refused, naming the parameter:
//! other styles (`deepObject`, `spaceDelimited`, `pipeDelimited`, `matrix`, `label`),
//! `content` instead of `schema`, objects, and arrays in the path. Header parameters
//! named `Accept`, `Content-Type` or `Authorization` are left out, as `OpenAPI` says.

use heck::ToUpperCamelCase;
use yaml_serde::Value;

use crate::RustError;
use crate::example::Examples;
use crate::structs::Field;
use crate::types::{RType, SchemaNames, Shape, Site, rust_type, shape};
use crate::validate::rules;
use msgen_openapi::operations::{ListedOperation, Param};
use msgen_openapi::yaml_view::{escape, get, get_str};

/// A parameter with its Rust type.
pub(crate) struct Typed<'a> {
    /// The parameter.
    pub param: Param<'a>,
    /// The name its struct field reads (headers in lowercase).
    pub wire: String,
    /// The Rust type, without the `Option` of an optional parameter.
    pub ty: RType,
    /// Where it is typed (inline enums are named `<Op><Location><Param>`).
    pub site: Site<'a>,
    /// The `crate::extract` helper that reads a comma-separated array.
    pub deserialize_with: Option<&'static str>,
}

/// The Rust name of the struct holding the parameters of `location`.
pub(crate) fn struct_name(found: &ListedOperation<'_>, location: &str) -> String {
    format!(
        "{}{}",
        found.module.to_upper_camel_case(),
        location_word(location)
    )
}

fn location_word(location: &str) -> &'static str {
    match location {
        "path" => "Path",
        "header" => "Headers",
        "cookie" => "Cookies",
        _ => "Query",
    }
}

/// The parameters of `found` in `location`, typed, in document order (path ones as
/// `params` lists them).
pub(crate) fn typed<'a>(
    names: &'a SchemaNames,
    found: &'a ListedOperation<'_>,
    params: &[Param<'a>],
    location: &str,
) -> Result<Vec<Typed<'a>>, RustError> {
    params
        .iter()
        .filter(|p| p.location == location)
        .filter(|p| {
            location != "header"
                || !["accept", "content-type", "authorization"]
                    .contains(&p.name.to_ascii_lowercase().as_str())
        })
        .map(|param| one(names, found, *param))
        .collect()
}

/// One parameter typed (see [`typed`]).
pub(crate) fn one<'a>(
    names: &'a SchemaNames,
    found: &'a ListedOperation<'_>,
    param: Param<'a>,
) -> Result<Typed<'a>, RustError> {
    let site = Site {
        names,
        owner: &found.id,
        pointer: format!(
            "/paths/{}/{}/parameters/{}",
            escape(found.path),
            found.method.as_str(),
            escape(param.name)
        ),
        inline_name: Some(format!(
            "{}{}",
            struct_name(found, param.location),
            param.name.to_upper_camel_case()
        )),
    };
    let unsupported = |what: String| RustError::unsupported(site.owner, &site.pointer, what);
    let described = format!("{} parameter `{}`", param.location, param.name);
    if get(param.object, "content").is_some() {
        return Err(unsupported(format!(
            "{described} with `content` instead of `schema`"
        )));
    }
    let default_style = match param.location {
        "query" | "cookie" => "form",
        _ => "simple",
    };
    let style = get_str(param.object, "style").unwrap_or(default_style);
    if style != default_style {
        return Err(unsupported(format!(
            "{described} with `style: {style}` (msgen reads the `{default_style}` style here)"
        )));
    }
    let explode = match get(param.object, "explode") {
        Some(Value::Bool(explode)) => *explode,
        _ => style == "form",
    };
    if matches!(shape(param.schema, &site)?.0, Shape::Object) {
        return Err(unsupported(format!(
            "{described} with an object schema (msgen reads scalars, enums and arrays of \
             those)"
        )));
    }
    let ty = if param.schema.is_null() {
        RType::String
    } else {
        rust_type(param.schema, &site)?
    };
    let scalar = |ty: &RType| {
        matches!(
            ty,
            RType::String
                | RType::I32
                | RType::I64
                | RType::Integer
                | RType::F32
                | RType::F64
                | RType::Bool
                | RType::Named(_)
        )
    };
    let comma = match &ty {
        t if scalar(t) => false,
        RType::Vec(item) if scalar(item) => match param.location {
            "query" => !explode,
            "header" => true,
            "cookie" if !explode => true,
            _ => {
                return Err(unsupported(format!(
                    "{described} of type `{}` (an array in the {} with `explode: {explode}`)",
                    ty.render(""),
                    param.location
                )));
            }
        },
        _ => {
            return Err(unsupported(format!(
                "{described} of type `{}` (use a string, integer, number, boolean, or an \
                 array of those in the query)",
                ty.render("")
            )));
        }
    };
    let deserialize_with = comma.then_some(if param.required {
        "crate::extract::comma_separated"
    } else {
        "crate::extract::optional_comma_separated"
    });
    Ok(Typed {
        wire: if param.location == "header" {
            param.name.to_ascii_lowercase()
        } else {
            param.name.to_owned()
        },
        param,
        ty,
        site,
        deserialize_with,
    })
}

/// The struct fields of `typed` (optional ones `Option<…>`, examples filled), and
/// whether any has a constraint to check.
pub(crate) fn fields(
    examples: &Examples<'_>,
    typed: &[Typed<'_>],
) -> Result<(Vec<Field>, bool), RustError> {
    let mut fields = Vec::new();
    let mut checked = false;
    for one in typed {
        let (ty, example) = if one.param.required {
            let example = examples.expr(one.param.schema, &one.ty, &one.site, true)?;
            (one.ty.clone(), example)
        } else {
            (RType::Option(Box::new(one.ty.clone())), "None".to_owned())
        };
        let rules = rules(examples.schemas, one.param.schema, &ty, &one.site)?;
        checked |= !rules.is_empty();
        fields.push(Field {
            name: one.wire.clone(),
            ty,
            optional: !one.param.required,
            doc: one.param.description.map(str::to_owned),
            example,
            deserialize_with: one.deserialize_with,
            write_only: false,
            rules,
            flatten: false,
        });
    }
    Ok((fields, checked))
}

#[cfg(test)]
#[path = "params_tests.rs"]
mod tests;
