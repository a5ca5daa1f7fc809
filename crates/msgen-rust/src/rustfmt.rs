//! The few rustfmt (edition 2024, default config) layout rules the generated models need,
//! so the output passes `cargo fmt --check` without running rustfmt.

use std::fmt::Write as _;

/// rustfmt's `max_width`.
pub(crate) const MAX_WIDTH: usize = 100;
/// rustfmt's `struct_lit_width` (small heuristics at `max_width = 100`).
const STRUCT_LIT_WIDTH: usize = 18;

/// `///` lines for `text` at `indent`, neutralized so no schema text can break the code
/// or the docs: one line per source line, control characters dropped, leading spaces
/// trimmed (no indented code blocks, hence no doctests), Markdown punctuation escaped,
/// URLs wrapped in `<…>` (no `rustdoc::bare_urls` warnings).
pub(crate) fn doc_comment(text: Option<&str>, indent: &str) -> String {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return String::new();
    };
    let mut out = String::new();
    for line in text.replace("\r\n", "\n").replace('\r', "\n").lines() {
        // Bidi controls in comments are a deny-by-default lint (`text_direction_codepoint_in_comment`).
        let bidi = |c: &char| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}');
        let clean: String = line
            .chars()
            .filter(|c| !c.is_control() && !bidi(c))
            .collect();
        let words: Vec<String> = clean.split_whitespace().map(doc_word).collect();
        if words.is_empty() {
            let _ = writeln!(out, "{indent}///");
        } else {
            let _ = writeln!(out, "{indent}/// {}", words.join(" "));
        }
    }
    out
}

fn doc_word(word: &str) -> String {
    let is_url = (word.starts_with("https://") || word.starts_with("http://"))
        && !word.contains(['<', '>', '`', '\\']);
    if is_url {
        return format!("<{word}>");
    }
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if matches!(
            c,
            '\\' | '`' | '[' | ']' | '<' | '>' | '*' | '_' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `name { field: expr, … }` as an expression at `indent` spaces (the line's own indent).
pub(crate) fn struct_literal(name: &str, fields: &[(String, String)], indent: usize) -> String {
    if fields.is_empty() {
        return format!("{name} {{}}");
    }
    let body = fields
        .iter()
        .map(|(f, e)| format!("{f}: {e}"))
        .collect::<Vec<_>>()
        .join(", ");
    if body.len() <= STRUCT_LIT_WIDTH {
        return format!("{name} {{ {body} }}");
    }
    let pad = " ".repeat(indent + 4);
    let mut out = format!("{name} {{\n");
    for (field, expr) in fields {
        out.push_str(&field_line(&pad, field, expr));
    }
    out.push_str(&" ".repeat(indent));
    out.push('}');
    out
}

/// `field: expr,` on its own line, broken the way rustfmt breaks a long `String::from("…")`.
fn field_line(pad: &str, field: &str, expr: &str) -> String {
    let line = format!("{pad}{field}: {expr},\n");
    if line.len() - 1 <= MAX_WIDTH {
        return line;
    }
    if let Some(arg) = expr
        .strip_prefix("String::from(")
        .and_then(|e| e.strip_suffix(')'))
    {
        return format!("{pad}{field}: String::from(\n{pad}    {arg},\n{pad}),\n");
    }
    line
}

/// rustfmt's `attr_fn_like_width`.
const ATTR_WIDTH: usize = 70;

/// `#[serde(a, b)]` at `indent`, one argument per line when rustfmt would break it:
/// several arguments wider than `attr_fn_like_width`, or a line over `max_width`.
pub(crate) fn serde_attr(indent: &str, args: &[String]) -> String {
    let joined = args.join(", ");
    let line = format!("{indent}#[serde({joined})]\n");
    if line.len() - 1 <= MAX_WIDTH && (args.len() == 1 || joined.len() <= ATTR_WIDTH) {
        return line;
    }
    let inner: Vec<String> = args.iter().map(|a| format!("{indent}    {a}")).collect();
    format!("{indent}#[serde(\n{}\n{indent})]\n", inner.join(",\n"))
}

/// `pub type Name = Type;`, laid out as rustfmt lays out the right-hand side of `=`.
pub(crate) fn type_alias(name: &str, ty: &str) -> String {
    format!("{}\n", rhs(&format!("pub type {name} ="), ty, 0, ";"))
}

/// `    pub name: Type,` in a struct, laid out as rustfmt lays out a field's type.
pub(crate) fn field_decl(ident: &str, ty: &str) -> String {
    format!("{}\n", rhs(&format!("    pub {ident}:"), ty, 4, ","))
}

/// `    Variant(Type),` of an enum: past `max_width`, rustfmt puts the type on a line
/// of its own when it fits there, else leaves the line as it is.
pub(crate) fn tuple_variant(ident: &str, ty: &str) -> String {
    let line = format!("    {ident}({ty}),\n");
    if width(&line) - 1 <= MAX_WIDTH || 8 + width(ty) + 1 > MAX_WIDTH {
        line
    } else {
        format!("    {ident}(\n        {ty},\n    ),\n")
    }
}

/// `head ty;` as an item at column 0 (`type Name =` of a template), laid out as
/// rustfmt lays out the right-hand side of `=`.
#[must_use]
pub fn type_item(head: &str, ty: &str) -> String {
    rhs(head, ty, 0, ";")
}

/// `head ty suffix` where `head` (`pub x:`, `pub type X =`, at `indent` spaces) ends
/// the line when rustfmt breaks: on one line when it fits; else the type alone on the
/// next line; else the type's generic arguments broken one per line (`Option<` stays
/// on the first line when it fits there); else, as rustfmt keeps what it cannot lay
/// out, the type on the next line.
fn rhs(head: &str, ty: &str, indent: usize, suffix: &str) -> String {
    let line = format!("{head} {ty}{suffix}");
    if width(&line) <= MAX_WIDTH {
        return line;
    }
    let pad = " ".repeat(indent + 4);
    if indent + 4 + width(ty) + width(suffix) <= MAX_WIDTH {
        return format!("{head}\n{pad}{ty}{suffix}");
    }
    if let Some(broken) = break_type(ty, width(head) + 1, indent, suffix) {
        return format!("{head} {broken}");
    }
    if let Some(broken) = break_type(ty, indent + 4, indent + 4, suffix) {
        return format!("{head}\n{pad}{broken}");
    }
    format!("{head}\n{pad}{ty}{suffix}")
}

/// `ty` followed by `suffix`, starting at column `column` on a line indented `indent`:
/// on one line when it fits, else `Head<` with one argument a line (each broken in
/// turn) and `>` back at `indent`; `None` when rustfmt could not lay it out either.
fn break_type(ty: &str, column: usize, indent: usize, suffix: &str) -> Option<String> {
    if column + width(ty) + width(suffix) <= MAX_WIDTH {
        return Some(format!("{ty}{suffix}"));
    }
    let (head, args) = ty.strip_suffix('>')?.split_once('<')?;
    if column + width(head) + 1 > MAX_WIDTH {
        return None;
    }
    let pad = " ".repeat(indent + 4);
    let mut out = format!("{head}<\n");
    for arg in generic_args(args) {
        let arg = break_type(arg, indent + 4, indent + 4, ",")?;
        let _ = writeln!(out, "{pad}{arg}");
    }
    out.push_str(&" ".repeat(indent));
    out.push('>');
    out.push_str(suffix);
    Some(out)
}

/// The top-level comma-separated arguments of a generic argument list.
fn generic_args(args: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0_usize, 0);
    for (i, c) in args.char_indices() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.push(args[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(args[start..].trim());
    out
}

/// `head {` of a struct or enum (`pub struct Name`), with `{` on its own line when
/// the line would pass `max_width`; `empty` gives `{}`.
pub(crate) fn item_open(head: &str, empty: bool) -> String {
    let brace = if empty { "{}" } else { "{" };
    if width(head) + 1 + brace.len() <= MAX_WIDTH {
        format!("{head} {brace}")
    } else {
        format!("{head}\n{brace}")
    }
}

/// `impl Trait for Type {` (`impl Type {` without a trait): past `max_width`, rustfmt
/// moves the type (`for Type`) to an indented line of its own and `{` below it, when
/// that line fits; else it leaves the header as it is.
pub(crate) fn impl_open(trait_name: Option<&str>, ty: &str) -> String {
    let (head, target) = match trait_name {
        Some(name) => (format!("impl {name}"), format!("for {ty}")),
        None => ("impl".to_owned(), ty.to_owned()),
    };
    let line = format!("{head} {target} {{");
    if width(&line) <= MAX_WIDTH || 4 + width(&target) > MAX_WIDTH {
        line
    } else {
        format!("{head}\n    {target}\n{{")
    }
}

/// `path!(arg);` as an item: past `max_width`, rustfmt puts the argument on a line of
/// its own when it fits there (counting a separator it does not write).
pub(crate) fn macro_item(path: &str, arg: &str) -> String {
    let line = format!("{path}!({arg});");
    if width(&line) <= MAX_WIDTH || 4 + width(arg) + 1 > MAX_WIDTH {
        line
    } else {
        format!("{path}!(\n    {arg}\n);")
    }
}

fn width(text: &str) -> usize {
    text.chars().count()
}

#[cfg(test)]
#[path = "rustfmt_tests.rs"]
mod tests;
