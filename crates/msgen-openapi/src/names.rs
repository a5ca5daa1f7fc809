//! Names in the contract and the rules msgen holds them to: operationIds, path parameters
//! and schema names become Rust modules, variables and types in the services it generates,
//! so keywords and std type names are refused here. Also case forms and a tiny singularizer.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Strict and reserved keywords of Rust 2024, plus `_`.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "_",
];

/// Type names the generated `models.rs` uses itself; a schema may not shadow them.
const RESERVED_TYPES: &[&str] = &[
    "String", "Vec", "Option", "Some", "None", "Box", "Result", "Ok", "Err", "Self",
    // The trait and the integer type of the template's `models.rs`.
    "Validate", "Integer",
];

/// Whether `word` is a Rust keyword.
#[must_use]
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Whether `id` is a `snake_case` identifier usable as a module name:
/// `[a-z][a-z0-9_]*`, no `__`, no trailing `_`, and no keyword.
///
/// # Errors
/// The reason, as a lowercase phrase.
pub(crate) fn check_snake_ident(id: &str) -> Result<(), String> {
    let mut chars = id.chars();
    match chars.next() {
        None => return Err("it is empty".into()),
        Some(c) if !c.is_ascii_lowercase() => {
            return Err("it must start with a lowercase ASCII letter".into());
        }
        Some(_) => {}
    }
    if let Some(bad) = id
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_'))
    {
        return Err(format!(
            "`{bad}` is not allowed (snake_case expected, e.g. `{}`)",
            id.to_snake_case()
        ));
    }
    if id.contains("__") || id.ends_with('_') {
        return Err("it has a doubled or trailing `_`".into());
    }
    if is_keyword(id) {
        return Err("it is a Rust keyword".into());
    }
    Ok(())
}

/// Whether `id` is usable as an `operationId` msgen writes: any non-empty text without
/// control characters (the contract's own style is kept; [`module_ident`] maps it).
///
/// # Errors
/// The reason, as a lowercase phrase.
pub(crate) fn check_operation_id(id: &str) -> Result<(), &'static str> {
    if id.trim().is_empty() {
        Err("it is empty")
    } else if id.chars().any(char::is_control) {
        Err("it has a control character")
    } else {
        Ok(())
    }
}

/// The `snake_case` identifier for an `operationId` as written: `listPets` → `list_pets`,
/// `list-data-sets` → `list_data_sets`, `find pet by id` → `find_pet_by_id`,
/// `FetchDay` → `fetch_day`. Characters outside ASCII letters and digits separate words;
/// a leading digit gets `op_` before it and a keyword `_op` after it, so the result
/// always passes the module-name rules. `None` when nothing usable is left.
#[must_use]
pub fn module_ident(id: &str) -> Option<String> {
    let spaced: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let mut snake = spaced.to_snake_case();
    while snake.contains("__") {
        snake = snake.replace("__", "_");
    }
    let snake = snake.trim_matches('_');
    if snake.is_empty() {
        return None;
    }
    let mut ident = if snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("op_{snake}")
    } else {
        snake.to_owned()
    };
    if is_keyword(&ident) {
        ident.push_str("_op");
    }
    debug_assert!(check_snake_ident(&ident).is_ok(), "{ident}");
    Some(ident)
}

/// The `PascalCase` Rust type name of a schema or variant; `None` when nothing usable is left.
#[must_use]
pub fn type_ident(name: &str) -> Option<String> {
    let mut pascal = name.to_upper_camel_case();
    if pascal.is_empty() {
        return None;
    }
    if pascal.starts_with(|c: char| c.is_ascii_digit()) {
        pascal = format!("V{pascal}");
    }
    if RESERVED_TYPES.contains(&pascal.as_str()) || is_keyword(&pascal) {
        return None;
    }
    Some(pascal)
}

/// Singular of an English plural noun, good enough for REST resource names:
/// `orders`→`order`, `categories`→`category`, `addresses`→`address`, `statuses`→`status`.
#[must_use]
pub(crate) fn singular(word: &str) -> String {
    const IRREGULAR: &[(&str, &str)] = &[
        ("people", "person"),
        ("children", "child"),
        ("men", "man"),
        ("women", "woman"),
        ("movies", "movie"),
        ("cookies", "cookie"),
        ("series", "series"),
        ("species", "species"),
        ("news", "news"),
    ];
    if let Some((_, one)) = IRREGULAR.iter().find(|(many, _)| *many == word) {
        return (*one).to_owned();
    }
    let cut = |n: usize, add: &str| format!("{}{add}", &word[..word.len() - n]);
    let before = |suffix: &str| {
        word.strip_suffix(suffix)
            .and_then(|stem| stem.chars().last())
    };
    let vowel = |c: Option<char>| c.is_some_and(|c| "aeiou".contains(c));
    if word.ends_with("ies") && word.len() > 4 {
        cut(3, "y")
    } else if word.ends_with("uses") && !vowel(before("uses")) {
        // statuses, buses, campuses (but houses, causes keep their `e`)
        cut(2, "")
    } else if word.ends_with("ches") && before("ches") == Some('a') {
        // caches, headaches
        cut(1, "")
    } else if ["sses", "shes", "ches", "xes", "zzes"]
        .iter()
        .any(|s| word.ends_with(s))
    {
        cut(2, "")
    } else if word.ends_with('s')
        && !["ss", "us", "is"].iter().any(|s| word.ends_with(s))
        && word.len() > 1
    {
        cut(1, "")
    } else {
        word.to_owned()
    }
}

/// Singularize the last `_`-separated word of a `snake_case` name.
#[must_use]
pub(crate) fn singular_snake(snake: &str) -> String {
    match snake.rsplit_once('_') {
        Some((head, last)) => format!("{head}_{}", singular(last)),
        None => singular(snake),
    }
}

/// A summary made from an operation id: `list_order_lines` → `List order lines`.
pub fn sentence(id: &str) -> String {
    let text = id.replace('_', " ");
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singularizes_resource_names() {
        for (many, one) in [
            ("orders", "order"),
            ("categories", "category"),
            ("addresses", "address"),
            ("statuses", "status"),
            ("boxes", "box"),
            ("matches", "match"),
            ("status", "status"),
            ("people", "person"),
            ("healthz", "healthz"),
            ("news", "news"),
            ("warehouses", "warehouse"),
            ("houses", "house"),
            ("causes", "cause"),
            ("buses", "bus"),
            ("caches", "cache"),
            ("branches", "branch"),
            ("responses", "response"),
            ("movies", "movie"),
        ] {
            assert_eq!(singular(many), one, "{many}");
        }
        assert_eq!(singular_snake("order_items"), "order_item");
    }

    #[test]
    fn snake_ident_rules() {
        assert!(check_snake_ident("list_orders").is_ok());
        assert!(check_snake_ident("v2_orders").is_ok());
        for bad in [
            "",
            "ListOrders",
            "list-orders",
            "2x",
            "type",
            "a__b",
            "a_",
            "_a",
            "é",
        ] {
            assert!(check_snake_ident(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn operation_ids_map_to_module_idents() {
        for (id, module) in [
            ("list_orders", "list_orders"),
            ("listPets", "list_pets"),
            ("showPetById", "show_pet_by_id"),
            ("list-data-sets", "list_data_sets"),
            ("find pet by id", "find_pet_by_id"),
            ("FetchDay", "fetch_day"),
            ("listVersionsv2", "list_versionsv2"),
            ("getHTTPStatus", "get_http_status"),
            ("2fa", "op_2fa"),
            ("type", "type_op"),
            ("Self", "self_op"),
            ("pets.get", "pets_get"),
            ("a__b_", "a_b"),
            ("café", "caf"),
        ] {
            let got = module_ident(id);
            assert_eq!(got.as_deref(), Some(module), "{id}");
            assert!(check_snake_ident(module).is_ok(), "{module}");
        }
        for nothing in ["", "--", "é"] {
            assert_eq!(module_ident(nothing), None, "{nothing}");
        }
    }

    #[test]
    fn type_idents_avoid_std_names() {
        assert_eq!(type_ident("order_line").as_deref(), Some("OrderLine"));
        assert_eq!(type_ident("3d").as_deref(), Some("V3d"));
        assert_eq!(type_ident("string"), None);
        assert_eq!(type_ident("self"), None);
        assert_eq!(type_ident("--"), None);
    }
}
