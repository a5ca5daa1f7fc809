//! Rust field and variable identifiers from contract names.

use std::collections::BTreeSet;

use heck::ToSnakeCase;
use msgen_openapi::names::is_keyword;

/// Keywords that cannot be written as raw identifiers (`r#self` is an error).
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// The `snake_case` form of a contract name, made a valid Rust field/variable identifier.
/// Keywords become raw identifiers (`r#type`), or get a trailing `_` where raw is impossible.
#[must_use]
pub(crate) fn field_ident(name: &str) -> String {
    let mut snake = name.to_snake_case();
    if snake.is_empty() {
        snake = "field".into();
    }
    if snake.starts_with(|c: char| c.is_ascii_digit()) {
        snake = format!("field_{snake}");
    }
    if NOT_RAW.contains(&snake.as_str()) {
        format!("{snake}_")
    } else if is_keyword(&snake) {
        format!("r#{snake}")
    } else {
        snake
    }
}

/// [`field_ident`] of each name, made unique in document order: a name whose identifier
/// is taken gets the first free `_2`, `_3`, …. The wire names stay as written (serde
/// renames), so only the Rust side changes.
#[must_use]
pub(crate) fn field_idents<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut taken = BTreeSet::new();
    names
        .into_iter()
        .map(|name| {
            let ident = field_ident(name);
            let mut unique = ident.clone();
            let mut n = 1;
            while !taken.insert(unraw(&unique).to_owned()) {
                n += 1;
                unique = format!("{}_{n}", unraw(&ident));
            }
            unique
        })
        .collect()
}

/// The identifier without a leading `r#`: the name serde uses for the field.
#[must_use]
pub(crate) fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_idents_are_valid_rust() {
        assert_eq!(field_ident("createdAt"), "created_at");
        assert_eq!(field_ident("type"), "r#type");
        assert_eq!(field_ident("self"), "self_");
        assert_eq!(field_ident("2fa"), "field_2fa");
        assert_eq!(field_ident("--"), "field");
        assert_eq!(unraw("r#type"), "type");
    }

    #[test]
    fn colliding_fields_get_numeric_suffixes_in_document_order() {
        assert_eq!(
            field_idents([
                "createdAt",
                "created_at",
                "created-at",
                "type",
                "Type",
                "id"
            ]),
            [
                "created_at",
                "created_at_2",
                "created_at_3",
                "r#type",
                "type_2",
                "id"
            ]
        );
        assert_eq!(
            field_idents(["a_b", "a-b", "a_b_2"]),
            ["a_b", "a_b_2", "a_b_2_2"]
        );
    }
}
