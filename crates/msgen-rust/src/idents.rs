//! Rust field and variable identifiers from contract names.

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
}
