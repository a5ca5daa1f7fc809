//! `impl Validate` of the generated models: the schema constraints serde does not enforce,
//! checked by the template's `models::check` helpers after deserializing.
//!
//! Checked: `minLength`/`maxLength` (characters), `minimum`/`maximum` and the exclusive forms
//! (3.0 booleans and 3.1 numbers; on an `Integer`, bounds past 64 bits compare its
//! `as_f64()`), `minItems`/`maxItems`, `uniqueItems`, and the string formats `uuid`,
//! `date`, `date-time`, `email`, `ipv4`, `ipv6`, `uri`; on fields, array items and map
//! values, through `$ref`s to type aliases; nested models call their own `validate`.
//! `multipleOf`: exact on integers by an integer divisor (`Integer`s past 64 bits on their
//! `f64`), else the quotient within four units in the last place of an integer (decimal
//! divisors such as `0.01` are inexact in binary; see `check::number_multiple_of`).
//! Not checked: `pattern` (the service has no regex engine), other formats,
//! `minProperties`/`maxProperties`, and `enum` of non-model values (query strings).

use std::fmt::Write as _;

use yaml_serde::{Mapping, Value};

use crate::RustError;
use crate::example::component;
use crate::rustfmt::{MAX_WIDTH, impl_open};
use crate::types::{RType, Shape, Site, child, rust_type, shape};
use msgen_openapi::examples::bounds;
use msgen_openapi::yaml_view::{escape, get, get_str};

/// rustfmt's `fn_call_width` (small heuristics at `max_width = 100`).
const CALL_WIDTH: usize = 60;
/// rustfmt's `chain_width`.
const CHAIN_WIDTH: usize = 60;

/// One check of a value, or the checks of what it holds.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Rule {
    /// `enum` of numbers or booleans: one of these literals.
    OneOf(Vec<String>),
    /// Present (`Some`): a required property serde reads as optional (`writeOnly`).
    Required,
    MinLength(u64),
    MaxLength(u64),
    /// A `check::…` function of a string `format`.
    Format(&'static str),
    /// A `check::…` bound function and its literal.
    Bound(&'static str, String),
    /// A bound past 64 bits of an `Integer`, checked on its `as_f64()`.
    BoundF64(&'static str, String),
    /// `multipleOf`: a `check::…` function, the value's expression (`{}` the value) and
    /// the divisor's literal.
    MultipleOf(&'static str, &'static str, String),
    MinItems(u64),
    MaxItems(u64),
    UniqueItems,
    /// The value's own `Validate` (a model, or a container of models).
    Nested,
    /// The checks of the value inside `Some`.
    Some(Vec<Rule>),
    /// The checks of every array item.
    Items(Vec<Rule>),
    /// The checks of every map value.
    Values(Vec<Rule>),
}

/// The checks of a value of type `ty` against `schema`.
pub(crate) fn rules(
    schemas: &Mapping,
    schema: &Value,
    ty: &RType,
    site: &Site<'_>,
) -> Result<Vec<Rule>, RustError> {
    rules_at(schemas, schema, ty, site, 0)
}

fn rules_at(
    schemas: &Mapping,
    schema: &Value,
    ty: &RType,
    site: &Site<'_>,
    depth: usize,
) -> Result<Vec<Rule>, RustError> {
    if depth > 32 {
        return Err(RustError::unsupported(
            site.owner,
            &site.pointer,
            "a `$ref` cycle of type aliases",
        ));
    }
    if schema.is_null() {
        return Ok(Vec::new());
    }
    let (found, _) = shape(schema, site)?;
    Ok(match (ty, found) {
        (RType::Option(inner), _) => wrap(
            Rule::Some,
            rules_at(schemas, schema, inner, site, depth + 1)?,
        ),
        (RType::Named(name), Shape::Ref(target)) => {
            let target_schema = component(schemas, target);
            let target_site = Site {
                names: site.names,
                owner: target,
                pointer: format!("/components/schemas/{}", escape(target)),
                inline_name: Some(name.clone()),
            };
            match shape(target_schema, &target_site)?.0 {
                Shape::Object | Shape::Union(..) => vec![Rule::Nested],
                Shape::Enum(_) => Vec::new(),
                _ => {
                    let alias = rust_type(target_schema, &target_site)?;
                    rules_at(schemas, target_schema, &alias, &target_site, depth + 1)?
                }
            }
        }
        (RType::Named(_), Shape::Object | Shape::Union(..)) => vec![Rule::Nested],
        (RType::String, Shape::Prim("string")) => {
            let mut out = Vec::new();
            if let Some(min) = count(schema, "minLength").filter(|n| *n > 0) {
                out.push(Rule::MinLength(min));
            }
            if let Some(max) = count(schema, "maxLength") {
                out.push(Rule::MaxLength(max));
            }
            let format = match get_str(schema, "format") {
                Some("uuid") => Some("check::uuid"),
                Some("date") => Some("check::date"),
                Some("date-time") => Some("check::date_time"),
                Some("email") => Some("check::email"),
                Some("ipv4") => Some("check::ipv4"),
                Some("ipv6") => Some("check::ipv6"),
                Some("uri") => Some("check::uri"),
                _ => None,
            };
            out.extend(format.map(Rule::Format));
            out
        }
        (RType::I32 | RType::I64 | RType::Integer, Shape::Prim("integer"))
        | (RType::F32 | RType::F64, Shape::Prim("number")) => number_rules(schema, ty),
        (RType::Bool, Shape::Prim("boolean")) => {
            enum_rule(schema, |v| v.as_bool().map(|b| b.to_string()))
                .into_iter()
                .collect()
        }
        (RType::Vec(inner), Shape::Array(items)) => {
            let mut out = Vec::new();
            if let Some(min) = count(schema, "minItems").filter(|n| *n > 0) {
                out.push(Rule::MinItems(min));
            }
            if let Some(max) = count(schema, "maxItems") {
                out.push(Rule::MaxItems(max));
            }
            if matches!(get(schema, "uniqueItems"), Some(Value::Bool(true))) {
                out.push(Rule::UniqueItems);
            }
            let item_site = child(site, "/items", "Item");
            out.extend(wrap(
                Rule::Items,
                rules_at(schemas, items, inner, &item_site, depth + 1)?,
            ));
            out
        }
        (RType::Map(inner), Shape::Map(Some(values))) => {
            let value_site = child(site, "/additionalProperties", "Value");
            wrap(
                Rule::Values,
                rules_at(schemas, values, inner, &value_site, depth + 1)?,
            )
        }
        _ => Vec::new(),
    })
}

/// `inner` under a wrapper; a container of models validates itself (`Vec`, `Option`, map).
fn wrap(wrapper: fn(Vec<Rule>) -> Rule, inner: Vec<Rule>) -> Vec<Rule> {
    if inner.is_empty() {
        Vec::new()
    } else if inner == [Rule::Nested] {
        inner
    } else {
        vec![wrapper(inner)]
    }
}

/// `enum` of a number or boolean: the literals of its values (`null` left out).
fn enum_rule(schema: &Value, literal: fn(&Value) -> Option<String>) -> Option<Rule> {
    let values = get(schema, "enum")?.as_sequence()?;
    let literals: Vec<String> = values.iter().filter_map(literal).collect();
    (!literals.is_empty()).then_some(Rule::OneOf(literals))
}

/// The bounds, `multipleOf` and `enum` of an integer or a number of type `ty`.
fn number_rules(schema: &Value, ty: &RType) -> Vec<Rule> {
    match ty {
        RType::I32 | RType::I64 => {
            let mut out = int_rules(schema, ty);
            out.extend(multiple_rule(schema, ty));
            out.extend(enum_rule(schema, |v| v.as_i64().map(|n| n.to_string())));
            out
        }
        RType::Integer => {
            let mut out = integer_rules(schema);
            // `integer_rules` ends with the `enum`; `multipleOf` goes before it.
            let position = out
                .iter()
                .position(|r| matches!(r, Rule::OneOf(_)))
                .unwrap_or(out.len());
            if let Some(rule) = multiple_rule(schema, ty) {
                out.insert(position, rule);
            }
            out
        }
        _ => {
            let mut out = float_rules(schema, ty);
            out.extend(multiple_rule(schema, ty));
            out.extend(enum_rule(schema, |v| v.as_f64().map(|n| format!("{n:?}"))));
            out
        }
    }
}

/// `multipleOf`: exact on integers by an integer divisor, within a rounding tolerance
/// otherwise (`check::number_multiple_of`).
fn multiple_rule(schema: &Value, ty: &RType) -> Option<Rule> {
    let divisor = get(schema, "multipleOf")?;
    let float = divisor.as_f64().filter(|d| d.is_finite() && *d > 0.0)?;
    let whole = divisor.as_u64().filter(|d| *d > 0);
    Some(match (ty, whole) {
        (RType::I32 | RType::I64, Some(d)) => {
            Rule::MultipleOf("check::multiple_of", "{}", d.to_string())
        }
        (RType::Integer, Some(d)) => {
            Rule::MultipleOf("check::integer_multiple_of", "{}", d.to_string())
        }
        (RType::I32 | RType::I64, None) => Rule::MultipleOf(
            "check::number_multiple_of",
            "Integer::from({}).as_f64()",
            format!("{float:?}"),
        ),
        (RType::Integer, None) => Rule::MultipleOf(
            "check::number_multiple_of",
            "{}.as_f64()",
            format!("{float:?}"),
        ),
        _ => Rule::MultipleOf("check::number_multiple_of", "{}", format!("{float:?}")),
    })
}

fn count(schema: &Value, key: &str) -> Option<u64> {
    get(schema, key).and_then(Value::as_u64)
}

/// Integer bounds, made inclusive (`exclusiveMinimum: 0` → `minimum(…, 1)`), and dropped
/// where the Rust type cannot exceed them.
fn int_rules(schema: &Value, ty: &RType) -> Vec<Rule> {
    let (low, high) = bounds(schema);
    let (type_min, type_max) = if *ty == RType::I32 {
        (i64::from(i32::MIN), i64::from(i32::MAX))
    } else {
        (i64::MIN, i64::MAX)
    };
    let mut out = Vec::new();
    #[allow(clippy::cast_possible_truncation)]
    if let Some((b, exclusive)) = low {
        let min = if exclusive {
            b.floor() as i64 + 1
        } else {
            b.ceil() as i64
        };
        if min > type_min {
            out.push(Rule::Bound("minimum", min.min(type_max).to_string()));
        }
    }
    #[allow(clippy::cast_possible_truncation)]
    if let Some((b, exclusive)) = high {
        let max = if exclusive {
            b.ceil() as i64 - 1
        } else {
            b.floor() as i64
        };
        if max < type_max {
            out.push(Rule::Bound("maximum", max.max(type_min).to_string()));
        }
    }
    out
}

/// An `Integer` literal of a 64-bit value (`Integer::from(5_i64)`).
fn integer_literal(value: &Value) -> Option<String> {
    match (value.as_i64(), value.as_u64()) {
        (Some(n), _) => Some(format!("Integer::from({n}_i64)")),
        (None, Some(n)) => Some(format!("Integer::from({n}_u64)")),
        (None, None) => None,
    }
}

/// The bounds of an `Integer`: inclusive `Integer` literals within 64 bits (as
/// [`int_rules`] makes them), exact; comparisons of `as_f64()` past them, as exact as
/// the value (the nearest `f64`); then its `enum`.
fn integer_rules(schema: &Value) -> Vec<Rule> {
    // 2^63 and 2^64 are exact as f64s.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    const U64_LIMIT: f64 = 18_446_744_073_709_551_616.0;
    let (low, high) = bounds(schema);
    let mut out = Vec::new();
    for (bound, low_side) in [(low, true), (high, false)] {
        let Some((b, exclusive)) = bound.filter(|(b, _)| b.is_finite()) else {
            continue;
        };
        let inclusive = match (low_side, exclusive) {
            (true, true) => b.floor() + 1.0,
            (true, false) => b.ceil(),
            (false, true) => b.ceil() - 1.0,
            (false, false) => b.floor(),
        };
        let function = if low_side { "minimum" } else { "maximum" };
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        if (-LIMIT..LIMIT).contains(&inclusive) {
            let literal = format!("Integer::from({}_i64)", inclusive as i64);
            out.push(Rule::Bound(function, literal));
        } else if (0.0..U64_LIMIT).contains(&inclusive) {
            let literal = format!("Integer::from({}_u64)", inclusive as u64);
            out.push(Rule::Bound(function, literal));
        } else {
            let function = match (low_side, exclusive) {
                (true, true) => "exclusive_minimum",
                (false, true) => "exclusive_maximum",
                _ => function,
            };
            out.push(Rule::BoundF64(function, format!("{b:?}")));
        }
    }
    out.extend(enum_rule(schema, integer_literal));
    out
}

fn float_rules(schema: &Value, ty: &RType) -> Vec<Rule> {
    let (low, high) = bounds(schema);
    #[allow(clippy::cast_possible_truncation)]
    let literal = |b: f64| {
        let text = if *ty == RType::F32 {
            let small = b as f32;
            small.is_finite().then(|| format!("{small:?}"))
        } else {
            b.is_finite().then(|| format!("{b:?}"))
        };
        text.filter(|t| !t.contains("inf") && !t.contains("NaN"))
    };
    let mut out = Vec::new();
    if let Some((b, exclusive)) = low
        && let Some(lit) = literal(b)
    {
        let function = if exclusive {
            "exclusive_minimum"
        } else {
            "minimum"
        };
        out.push(Rule::Bound(function, lit));
    }
    if let Some((b, exclusive)) = high
        && let Some(lit) = literal(b)
    {
        let function = if exclusive {
            "exclusive_maximum"
        } else {
            "maximum"
        };
        out.push(Rule::Bound(function, lit));
    }
    out
}

/// `impl Validate for {rust}` checking `fields`: `(Rust ident, JSON name, rules)`.
/// Without any rule the parameters are `_`, so no lint fires on an empty body.
pub(crate) fn validate_impl(rust: &str, fields: &[(String, Option<String>, Vec<Rule>)]) -> String {
    let mut body = String::new();
    for (ident, name, rules) in fields {
        // `None`: a flattened field, whose keys are the object's own.
        let pointer = match name {
            Some(name) => format!(
                "{{path}}/{}",
                escape(name).replace('{', "{{").replace('}', "}}")
            ),
            None => "{path}".to_owned(),
        };
        render(
            &mut body,
            rules,
            &Access::Place(format!("self.{ident}")),
            &pointer,
            8,
            0,
        );
    }
    let mut text = format!("{}\n", impl_open(Some("Validate"), rust));
    if body.is_empty() {
        text.push_str("    fn validate(&self, _: &str, _: &mut Vec<String>) {}\n");
    } else {
        text.push_str("    fn validate(&self, path: &str, errors: &mut Vec<String>) {\n");
        text.push_str(&body);
        text.push_str("    }\n");
    }
    text.push_str("}\n");
    text
}

/// The checks of one `oneOf`/`anyOf` variant's value (`value`, a reference) at `{path}`,
/// as statements at `indent`.
pub(crate) fn variant_checks(rules: &[Rule], indent: usize) -> String {
    let mut out = String::new();
    render(
        &mut out,
        rules,
        &Access::Ref("value".to_owned()),
        "{path}",
        indent,
        1,
    );
    out
}

/// How the generated code reaches a value.
enum Access {
    /// A place such as `self.name`.
    Place(String),
    /// A variable holding a reference, such as `item`.
    Ref(String),
}

impl Access {
    fn by_ref(&self) -> String {
        match self {
            Self::Place(place) => format!("&{place}"),
            Self::Ref(var) => var.clone(),
        }
    }

    fn by_value(&self) -> String {
        match self {
            Self::Place(place) => place.clone(),
            Self::Ref(var) => format!("*{var}"),
        }
    }

    fn receiver(&self) -> &str {
        match self {
            Self::Place(s) | Self::Ref(s) => s,
        }
    }
}

fn render(
    out: &mut String,
    rules: &[Rule],
    access: &Access,
    pointer: &str,
    indent: usize,
    depth: usize,
) {
    let at = format!("format_args!({pointer:?})");
    for rule in rules {
        let (function, mut args) = match rule {
            Rule::MinLength(n) => ("check::min_length", vec![access.by_ref(), n.to_string()]),
            Rule::MaxLength(n) => ("check::max_length", vec![access.by_ref(), n.to_string()]),
            Rule::Bound(function, lit) | Rule::BoundF64(function, lit) => {
                let value = match rule {
                    Rule::BoundF64(..) => format!("{}.as_f64()", access.receiver()),
                    _ => access.by_value(),
                };
                let name = match *function {
                    "minimum" => "check::minimum",
                    "maximum" => "check::maximum",
                    "exclusive_minimum" => "check::exclusive_minimum",
                    _ => "check::exclusive_maximum",
                };
                (name, vec![value, lit.clone()])
            }
            Rule::MultipleOf(function, expr, lit) => {
                // A method call auto-dereferences (`value.as_f64()`, not `*value.as_f64()`).
                let value = if expr.starts_with("{}.") {
                    expr.replace("{}", access.receiver())
                } else {
                    expr.replace("{}", &access.by_value())
                };
                (*function, vec![value, lit.clone()])
            }
            Rule::MinItems(n) => ("check::min_items", vec![access.by_ref(), n.to_string()]),
            Rule::MaxItems(n) => ("check::max_items", vec![access.by_ref(), n.to_string()]),
            Rule::UniqueItems => ("check::unique_items", vec![access.by_ref()]),
            Rule::Required => ("check::required", vec![access.by_ref()]),
            Rule::OneOf(literals) => (
                "check::one_of",
                vec![access.by_value(), format!("&[{}]", literals.join(", "))],
            ),
            Rule::Format(function) => (*function, vec![access.by_ref()]),
            Rule::Nested => {
                let args = vec![
                    access.by_ref(),
                    format!("&format!({pointer:?})"),
                    "errors".to_owned(),
                ];
                out.push_str(&call(indent, "Validate::validate", &args));
                continue;
            }
            Rule::Some(_) | Rule::Items(_) | Rule::Values(_) => {
                render_block(out, rule, access, pointer, indent, depth);
                continue;
            }
        };
        args.extend([at.clone(), "errors".to_owned()]);
        out.push_str(&call(indent, function, &args));
    }
}

/// `if let Some(…)` or a `for` loop around the checks of what `access` holds.
fn render_block(
    out: &mut String,
    rule: &Rule,
    access: &Access,
    pointer: &str,
    indent: usize,
    depth: usize,
) {
    let pad = " ".repeat(indent);
    let suffix = if depth == 0 {
        String::new()
    } else {
        depth.to_string()
    };
    let (inner, var, inner_pointer) = match rule {
        Rule::Some(inner) => {
            let var = format!("value{suffix}");
            let head = format!("{pad}if let Some({var}) = {} {{", access.by_ref());
            if head.chars().count() <= MAX_WIDTH {
                let _ = writeln!(out, "{head}");
            } else {
                let _ = writeln!(
                    out,
                    "{pad}if let Some({var}) =\n{pad}    {}\n{pad}{{",
                    access.by_ref()
                );
            }
            (inner, var, pointer.to_owned())
        }
        Rule::Items(inner) => {
            let (index, item) = (format!("i{suffix}"), format!("item{suffix}"));
            let mut receiver = access.receiver().to_owned();
            if receiver.len() + ".iter().enumerate()".len() > CHAIN_WIDTH {
                let items = format!("items{suffix}");
                let bind = format!("{pad}let {items} = {};", access.by_ref());
                if bind.chars().count() <= MAX_WIDTH {
                    let _ = writeln!(out, "{bind}");
                } else {
                    let _ = writeln!(out, "{pad}let {items} =\n{pad}    {};", access.by_ref());
                }
                receiver = items;
            }
            let _ = writeln!(
                out,
                "{pad}for ({index}, {item}) in {receiver}.iter().enumerate() {{"
            );
            (inner, item, format!("{pointer}/{{{index}}}"))
        }
        Rule::Values(inner) => {
            let (key, value) = (format!("key{suffix}"), format!("value{suffix}"));
            let _ = writeln!(out, "{pad}for ({key}, {value}) in {} {{", access.by_ref());
            let _ = writeln!(out, "{pad}    let {key} = check::escape({key});");
            (inner, value, format!("{pointer}/{{{key}}}"))
        }
        _ => return,
    };
    render(
        out,
        inner,
        &Access::Ref(var),
        &inner_pointer,
        indent + 4,
        depth + 1,
    );
    let _ = writeln!(out, "{pad}}}");
}

/// `function(args);` at `indent`, laid out as rustfmt does: on one line when the arguments
/// fit `fn_call_width` and the line fits `max_width`, else one argument per line.
pub(crate) fn call(indent: usize, function: &str, args: &[String]) -> String {
    let pad = " ".repeat(indent);
    let joined = args.join(", ");
    let line = format!("{pad}{function}({joined});");
    if joined.chars().count() <= CALL_WIDTH && line.chars().count() <= MAX_WIDTH {
        let mut line = line;
        line.push('\n');
        return line;
    }
    let mut text = format!("{pad}{function}(\n");
    for arg in args {
        let line = format!("{pad}    {arg},");
        let macro_call = ["format_args!(", "&format!("]
            .into_iter()
            .find_map(|m| Some((m, arg.strip_prefix(m)?.strip_suffix(')')?)));
        match macro_call {
            Some((name, inner)) if line.chars().count() > MAX_WIDTH => {
                let _ = writeln!(text, "{pad}    {name}\n{pad}        {inner}\n{pad}    ),");
            }
            _ => {
                let _ = writeln!(text, "{line}");
            }
        }
    }
    let _ = writeln!(text, "{pad});");
    text
}

#[cfg(test)]
#[path = "validate_tests.rs"]
mod tests;
