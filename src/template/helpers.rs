//! Handlebars helpers: case forms and one escaper per target format, so a
//! free-text value is a valid literal wherever it lands.

use handlebars::Handlebars;

use defs::{
    assign_helper, concat_helper, doc_line_helper, json_str_helper, kebab_helper, md_helper,
    pascal_helper, rust_str_helper, shouty_helper, snake_helper, status_const_helper,
    toml_str_helper, type_alias_helper, unused_pattern_helper, yaml_str_helper,
};

/// A double-quoted string that is valid as a TOML basic string and as a
/// YAML double-quoted scalar alike: the contract writer's own quoting.
pub(crate) use msgen_openapi::double_quoted;

/// A TOML basic string, quotes included.
#[must_use]
pub(crate) fn toml_str(text: &str) -> String {
    double_quoted(text)
}

/// A YAML double-quoted scalar, quotes included.
#[must_use]
pub(crate) fn yaml_str(text: &str) -> String {
    double_quoted(text)
}

/// A JSON string, quotes included.
#[must_use]
pub(crate) fn json_str(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}

/// A Rust string literal, quotes included.
#[must_use]
pub(crate) fn rust_str(text: &str) -> String {
    format!("{text:?}")
}

/// One line of prose for comments: control characters become spaces, runs
/// of whitespace collapse, and template or shell expression openers are
/// broken up so no later tool evaluates them.
#[must_use]
pub(crate) fn doc_line(text: &str) -> String {
    let visible: String = text.chars().filter(|c| !is_bidi_control(*c)).collect();
    fold_to_one_line(&visible)
        .replace("{{", "{ {")
        .replace("}}", "} }")
        .replace("$(", "$ (")
        .replace('`', "'")
}

/// Control characters become spaces and runs of whitespace collapse to one.
fn fold_to_one_line(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Bidirectional-text controls: rustc refuses them in comments and they
/// can make code read differently than it compiles (CVE-2021-42574).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// One Markdown paragraph that renders as the literal text.
#[must_use]
pub(crate) fn md(text: &str) -> String {
    let line = fold_to_one_line(text);
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The `http::StatusCode` constant of a 2xx status (`201` → `CREATED`); empty for a
/// status without one, so a template can fall back to `StatusCode::from_u16`.
#[must_use]
pub(crate) fn status_const(status: u64) -> &'static str {
    match status {
        200 => "OK",
        201 => "CREATED",
        202 => "ACCEPTED",
        203 => "NON_AUTHORITATIVE_INFORMATION",
        204 => "NO_CONTENT",
        205 => "RESET_CONTENT",
        206 => "PARTIAL_CONTENT",
        207 => "MULTI_STATUS",
        208 => "ALREADY_REPORTED",
        226 => "IM_USED",
        _ => "",
    }
}

/// A Rust binding pattern (`id`, `(order_id, r#type)`) with every name marked unused
/// (`_id`, `(_order_id, _type)`), for stubs that do not read their parameters yet.
#[must_use]
pub(crate) fn unused_pattern(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 4);
    let mut token = String::new();
    let flush = |token: &mut String, out: &mut String| {
        if !token.is_empty() {
            let name = token.strip_prefix("r#").unwrap_or(token);
            if !name.starts_with('_') {
                out.push('_');
            }
            out.push_str(name);
            token.clear();
        }
    };
    for c in pattern.chars() {
        if c.is_alphanumeric() || c == '_' || c == '#' {
            token.push(c);
        } else {
            flush(&mut token, &mut out);
            out.push(c);
        }
    }
    flush(&mut token, &mut out);
    out
}

/// `type NAME = TYPE;` laid out as rustfmt does at its default width of 100: on one
/// line when it fits, else broken after `=` with the type indented (long map types of
/// real contracts need it), else broken in its generic arguments.
#[must_use]
pub(crate) fn type_alias(name: &str, ty: &str) -> String {
    msgen_rust::type_item(&format!("type {name} ="), ty)
}

/// `LHS = VALUE;` (a `const` item or a `let` statement) on a line indented `indent`
/// spaces (written by the template before it), laid out as rustfmt does at its default
/// width of 100: on one line when it fits, else broken after `=` with the value
/// indented one level more. A value too long even then stays on the line, as rustfmt
/// leaves it.
#[must_use]
pub(crate) fn assign(lhs: &str, value: &str, indent: usize) -> String {
    let line = format!("{lhs} = {value};");
    // rustfmt breaks only when the value then fits.
    let value_line = indent + 4 + value.chars().count() + 1;
    if indent + line.chars().count() <= 100 || value_line > 100 {
        line
    } else {
        let pad = " ".repeat(indent + 4);
        format!("{lhs} =\n{pad}{value};")
    }
}

// The helper structs the macro defines are private plumbing.
mod defs {
    #![allow(missing_docs)]
    use handlebars::handlebars_helper;
    use heck::{ToKebabCase, ToPascalCase, ToShoutySnakeCase, ToSnakeCase};

    use super::{
        assign, doc_line, json_str, md, rust_str, status_const, toml_str, type_alias,
        unused_pattern, yaml_str,
    };

    handlebars_helper!(toml_str_helper: |text: str| toml_str(text));
    handlebars_helper!(yaml_str_helper: |text: str| yaml_str(text));
    handlebars_helper!(json_str_helper: |text: str| json_str(text));
    handlebars_helper!(rust_str_helper: |text: str| rust_str(text));
    handlebars_helper!(doc_line_helper: |text: str| doc_line(text));
    handlebars_helper!(md_helper: |text: str| md(text));
    handlebars_helper!(snake_helper: |text: str| text.to_snake_case());
    handlebars_helper!(kebab_helper: |text: str| text.to_kebab_case());
    handlebars_helper!(pascal_helper: |text: str| text.to_pascal_case());
    handlebars_helper!(shouty_helper: |text: str| text.to_shouty_snake_case());
    handlebars_helper!(status_const_helper: |status: u64| status_const(status));
    handlebars_helper!(unused_pattern_helper: |pattern: str| unused_pattern(pattern));
    handlebars_helper!(type_alias_helper: |name: str, ty: str| type_alias(name, ty));
    handlebars_helper!(concat_helper: |a: str, b: str| format!("{a}{b}"));
    handlebars_helper!(assign_helper: |lhs: str, value: str, {indent: u64 = 0}|
        assign(lhs, value, usize::try_from(indent).unwrap_or(usize::MAX)));
}

/// Registers every msgen helper.
pub(crate) fn register(registry: &mut Handlebars<'_>) {
    registry.register_helper("toml_str", Box::new(toml_str_helper));
    registry.register_helper("yaml_str", Box::new(yaml_str_helper));
    registry.register_helper("json_str", Box::new(json_str_helper));
    registry.register_helper("rust_str", Box::new(rust_str_helper));
    registry.register_helper("doc_line", Box::new(doc_line_helper));
    registry.register_helper("md", Box::new(md_helper));
    registry.register_helper("snake", Box::new(snake_helper));
    registry.register_helper("kebab", Box::new(kebab_helper));
    registry.register_helper("pascal", Box::new(pascal_helper));
    registry.register_helper("shouty", Box::new(shouty_helper));
    registry.register_helper("status_const", Box::new(status_const_helper));
    registry.register_helper("unused_pattern", Box::new(unused_pattern_helper));
    registry.register_helper("type_alias", Box::new(type_alias_helper));
    registry.register_helper("concat", Box::new(concat_helper));
    registry.register_helper("assign", Box::new(assign_helper));
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str =
        "a \"q\" 'x' \\ {{x}} ${{ github.token }} $(rm -rf /) # : - \n\t\r\u{1b}[31m \u{2028} end";

    #[test]
    fn toml_string_round_trips() {
        let parsed: toml::Table = toml::from_str(&format!("v = {}", toml_str(HOSTILE))).unwrap();
        assert_eq!(parsed["v"].as_str(), Some(HOSTILE));
    }

    #[test]
    fn yaml_string_round_trips() {
        let parsed: serde_json::Value =
            yaml_serde::from_str(&format!("v: {}\n", yaml_str(HOSTILE))).unwrap();
        assert_eq!(parsed["v"].as_str(), Some(HOSTILE));
    }

    #[test]
    fn json_string_round_trips() {
        let parsed: String = serde_json::from_str(&json_str(HOSTILE)).unwrap();
        assert_eq!(parsed, HOSTILE);
    }

    #[test]
    fn rust_literal_has_no_raw_quote_or_newline() {
        let literal = rust_str(HOSTILE);
        let inner = &literal[1..literal.len() - 1];
        assert!(!inner.replace("\\\"", "").contains('"'));
        assert!(!literal.contains('\n'));
    }

    #[test]
    fn stub_helpers_name_statuses_and_mark_bindings_unused() {
        assert_eq!(status_const(201), "CREATED");
        assert_eq!(status_const(299), "");
        assert_eq!(unused_pattern("id"), "_id");
        assert_eq!(
            unused_pattern("(order_id, r#type, _x)"),
            "(_order_id, _type, _x)"
        );
    }

    #[test]
    fn assignments_break_after_the_equals_sign_past_100_columns() {
        assert_eq!(
            assign("const A: &str", "\"/x\"", 0),
            "const A: &str = \"/x\";"
        );
        let long = format!("\"/{}\"", "a".repeat(90));
        assert_eq!(
            assign("const ROUTE: &str", &long, 0),
            format!("const ROUTE: &str =\n    {long};")
        );
        let longer = format!("\"/{}\"", "a".repeat(100));
        assert_eq!(
            assign("const ROUTE: &str", &longer, 0),
            format!("const ROUTE: &str = {longer};")
        );
    }

    #[test]
    fn indented_assignments_count_their_indent() {
        // A handler's stub example of a model with a long name, as in Twilio's API:
        // 100 columns at indent 0, 104 at indent 4 (rustfmt breaks it there).
        let value = format!("models::{}::example()", "A".repeat(52));
        let lhs = "let example: ResponseBody";
        assert_eq!(assign(lhs, &value, 0), format!("{lhs} = {value};"));
        assert_eq!(assign(lhs, &value, 4), format!("{lhs} =\n        {value};"));
        // Too long for the next line too: rustfmt leaves it.
        let longer = format!("models::{}::example()", "A".repeat(80));
        assert_eq!(assign(lhs, &longer, 4), format!("{lhs} = {longer};"));
    }

    #[test]
    fn type_aliases_break_after_the_equals_sign_past_100_columns() {
        assert_eq!(
            type_alias("Body", "models::Order"),
            "type Body = models::Order;"
        );
        let long = format!("Vec<{}>", "x".repeat(90));
        assert_eq!(
            type_alias("ResponseBody", &long),
            format!("type ResponseBody =\n    {long};")
        );
        assert_eq!(type_alias("B", &"y".repeat(90)).lines().count(), 1);
        // Too long for the next line: rustfmt breaks the generic arguments.
        let model = format!("models::{}", "M".repeat(86));
        assert_eq!(
            type_alias("ResponseBody", &format!("Vec<{model}>")),
            format!("type ResponseBody = Vec<\n    {model},\n>;")
        );
    }

    #[test]
    fn doc_line_is_one_inert_line() {
        let line = doc_line(HOSTILE);
        assert!(!line.contains('\n') && !line.contains("{{") && !line.contains("$("));
        assert!(!doc_line("x \u{202e} y").contains('\u{202e}'));
        assert!(!md(HOSTILE).contains('\n'));
    }
}
