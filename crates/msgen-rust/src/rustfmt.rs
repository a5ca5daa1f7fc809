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

    // The expected layouts are rustfmt's (edition 2024, default config); the names are
    // as long as Twilio's API v2010 model names.
    fn name(c: char, len: usize) -> String {
        c.to_string().repeat(len)
    }

    #[test]
    fn long_item_headers_put_the_brace_on_its_own_line() {
        assert_eq!(item_open("pub struct Short", false), "pub struct Short {");
        let long = format!("pub struct {}", name('A', 90));
        assert_eq!(item_open(&long, false), format!("{long}\n{{"));
        assert_eq!(item_open(&long, true), format!("{long}\n{{}}"));
        let fits = format!("pub enum {}", name('B', 89));
        assert_eq!(item_open(&fits, false), format!("{fits} {{"));
    }

    #[test]
    fn long_impl_headers_move_the_type_to_its_own_line_when_it_fits_there() {
        assert_eq!(impl_open(None, "Short"), "impl Short {");
        assert_eq!(
            impl_open(Some("Validate"), "Short"),
            "impl Validate for Short {"
        );
        let (a80, a81) = (name('A', 80), name('A', 81));
        assert_eq!(
            impl_open(Some("Validate"), &a80),
            format!("impl Validate for {a80} {{")
        );
        assert_eq!(
            impl_open(Some("Validate"), &a81),
            format!("impl Validate\n    for {a81}\n{{")
        );
        let (b96, b97) = (name('B', 96), name('B', 97));
        assert_eq!(impl_open(None, &b96), format!("impl\n    {b96}\n{{"));
        // Past the line even there: rustfmt leaves the header as it is.
        assert_eq!(impl_open(None, &b97), format!("impl {b97} {{"));
        let (c92, c93) = (name('C', 92), name('C', 93));
        assert_eq!(
            impl_open(Some("Validate"), &c92),
            format!("impl Validate\n    for {c92}\n{{")
        );
        assert_eq!(
            impl_open(Some("Validate"), &c93),
            format!("impl Validate for {c93} {{")
        );
    }

    #[test]
    fn long_macro_items_put_the_argument_on_its_own_line_when_it_fits_there() {
        let m = "json::object_only";
        assert_eq!(macro_item(m, "Short"), "json::object_only!(Short);");
        let (e95, f96) = (name('E', 95), name('F', 96));
        assert_eq!(macro_item(m, &e95), format!("{m}!(\n    {e95}\n);"));
        assert_eq!(macro_item(m, &f96), format!("{m}!({f96});"));
    }

    #[test]
    fn long_field_types_go_to_the_next_line_then_break_their_generics() {
        assert_eq!(
            field_decl("a", "Option<String>"),
            "    pub a: Option<String>,\n"
        );
        let i70 = name('I', 70);
        assert_eq!(
            field_decl("contents", &format!("Option<Vec<{i70}>>")),
            format!("    pub contents:\n        Option<Vec<{i70}>>,\n")
        );
        let j86 = name('J', 86);
        assert_eq!(
            field_decl("contents", &format!("Option<Vec<{j86}>>")),
            format!("    pub contents: Option<\n        Vec<{j86}>,\n    >,\n")
        );
        let k87 = name('K', 87);
        assert_eq!(
            field_decl("contents", &format!("Option<Vec<{k87}>>")),
            format!(
                "    pub contents: Option<\n        Vec<\n            {k87},\n        >,\n    >,\n"
            )
        );
        let l60 = name('L', 60);
        assert_eq!(
            field_decl(
                "map",
                &format!("Option<std::collections::BTreeMap<String, {l60}>>")
            ),
            format!(
                "    pub map: Option<\n        std::collections::BTreeMap<\n            String,\n            {l60},\n        >,\n    >,\n"
            )
        );
    }

    #[test]
    fn long_tuple_variants_put_the_type_on_its_own_line_when_it_fits_there() {
        assert_eq!(tuple_variant("A", "String"), "    A(String),\n");
        let t79 = name('T', 79);
        assert_eq!(
            tuple_variant(&t79, &t79),
            format!("    {t79}(\n        {t79},\n    ),\n")
        );
        let (u91, u92) = (name('U', 91), name('U', 92));
        assert_eq!(tuple_variant("A", &u91), format!("    A({u91}),\n"));
        assert_eq!(
            tuple_variant("Abcdefghij", &u91),
            format!("    Abcdefghij(\n        {u91},\n    ),\n")
        );
        // Past the line even there: rustfmt leaves the enum as it is.
        assert_eq!(
            tuple_variant("Abcdefghij", &u92),
            format!("    Abcdefghij({u92}),\n")
        );
    }

    #[test]
    fn long_type_aliases_break_after_the_equals_sign_or_in_their_generics() {
        assert_eq!(
            type_alias("Ids", "Vec<String>"),
            "pub type Ids = Vec<String>;\n"
        );
        let (m40, m60) = (name('M', 40), name('M', 60));
        assert_eq!(
            type_alias(&m40, &format!("Option<{m60}>")),
            format!("pub type {m40} =\n    Option<{m60}>;\n")
        );
        let (n40, n86) = (name('N', 40), name('N', 86));
        assert_eq!(
            type_alias(&n40, &format!("Option<Vec<{n86}>>")),
            format!("pub type {n40} = Option<\n    Vec<{n86}>,\n>;\n")
        );
        // `pub type A = Option<` does not fit: the whole type on the next line, broken.
        let a90 = name('A', 90);
        assert_eq!(
            type_alias(&a90, &format!("Option<{a90}>")),
            format!("pub type {a90} =\n    Option<\n        {a90},\n    >;\n")
        );
    }
}
