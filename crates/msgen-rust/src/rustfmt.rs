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

/// `pub type Name = Type;`, broken after `=` when too long.
pub(crate) fn type_alias(name: &str, ty: &str) -> String {
    let line = format!("pub type {name} = {ty};\n");
    if line.len() - 1 <= MAX_WIDTH {
        line
    } else {
        format!("pub type {name} =\n    {ty};\n")
    }
}

/// `    pub name: Type,` in a struct, with the type on its own line when too long.
pub(crate) fn field_decl(ident: &str, ty: &str) -> String {
    let line = format!("    pub {ident}: {ty},\n");
    if line.len() - 1 <= MAX_WIDTH {
        line
    } else {
        format!("    pub {ident}:\n        {ty},\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_comments_cannot_break_code_or_docs() {
        let doc = doc_comment(
            Some(
                "Line `one` */ [link](x)\n\n    indented <b>\r\u{7}https://example.com x_y\u{202e}",
            ),
            "    ",
        );
        assert_eq!(
            doc,
            "    /// Line \\`one\\` \\*/ \\[link\\](x)\n    ///\n    /// indented \\<b\\>\n    /// <https://example.com> x\\_y\n"
        );
        assert_eq!(doc_comment(Some("  "), ""), "");
        assert_eq!(doc_comment(None, ""), "");
    }

    #[test]
    fn short_struct_literals_stay_on_one_line() {
        let short = [
            ("abcdefghi".to_owned(), "1".to_owned()),
            ("b".to_owned(), "2".to_owned()),
        ];
        assert_eq!(
            struct_literal("Self", &short, 8),
            "Self { abcdefghi: 1, b: 2 }"
        );
        let long = [("abcdefghijklmnop".to_owned(), "1".to_owned())];
        assert_eq!(
            struct_literal("Self", &long, 8),
            "Self {\n            abcdefghijklmnop: 1,\n        }"
        );
        assert_eq!(struct_literal("Self", &[], 8), "Self {}");
    }
}
