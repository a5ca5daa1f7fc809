//! Unit tests of `rustfmt`: each layout against what rustfmt itself writes.

use super::*;

#[test]
fn doc_comments_cannot_break_code_or_docs() {
    let doc = doc_comment(
        Some("Line `one` */ [link](x)\n\n    indented <b>\r\u{7}https://example.com x_y\u{202e}"),
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
