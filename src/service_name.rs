//! The service name, validated: safe as a crate, module, folder,
//! Kubernetes label and Windows path at once.

use heck::{ToKebabCase, ToPascalCase, ToShoutySnakeCase, ToSnakeCase, ToTitleCase};
use serde::Serialize;

use crate::error::UserError;

/// The longest name allowed: a Kubernetes DNS-1123 label.
pub(crate) const MAX_NAME_LEN: usize = 63;

const RUST_KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen", "union",
];

/// Names cargo refuses, or that shadow crates every Rust file can `use`.
const CARGO_RESERVED: &[&str] = &[
    "test",
    "std",
    "core",
    "alloc",
    "proc_macro",
    "build",
    "deps",
    "examples",
    "incremental",
    "src",
    "target",
    "bench",
    "benches",
    "doc",
];

const WINDOWS_RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// A validated service name in canonical kebab case, with its derived forms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct ServiceName {
    /// `order-service`: folder, package, Kubernetes name.
    pub kebab: String,
    /// `order_service`: Rust crate and module name.
    pub snake: String,
    /// `OrderService`: type names.
    pub pascal: String,
    /// `ORDER_SERVICE`: environment variable prefixes.
    pub shouty: String,
    /// `Order Service`: prose.
    pub title: String,
}

impl ServiceName {
    /// Validates `raw`; `reserved` adds names the template forbids (its own
    /// dependencies, which a same-named crate would shadow).
    ///
    /// # Errors
    /// A usage error naming the broken rule and, when one exists, a valid name.
    pub(crate) fn parse(raw: &str, reserved: &[String]) -> Result<Self, UserError> {
        check_shape(raw)?;
        let snake = raw.to_snake_case();
        let rule = if RUST_KEYWORDS.contains(&snake.as_str()) {
            Some("it is a Rust keyword")
        } else if CARGO_RESERVED.contains(&snake.as_str()) || snake == "proc_macro" {
            Some("cargo reserves it or it shadows a standard crate")
        } else if WINDOWS_RESERVED.contains(&raw) {
            Some("it is a reserved file name on Windows")
        } else if reserved.iter().any(|name| name.to_snake_case() == snake) {
            Some("the generated service depends on a crate of that name")
        } else {
            None
        };
        if let Some(rule) = rule {
            return Err(
                UserError::usage(format!("`{raw}` cannot be a service name: {rule}"))
                    .hint(format!("choose another name, e.g. `{raw}-service`")),
            );
        }
        Ok(Self {
            kebab: raw.to_owned(),
            pascal: raw.to_pascal_case(),
            shouty: raw.to_shouty_snake_case(),
            title: raw.to_title_case(),
            snake,
        })
    }
}

fn check_shape(raw: &str) -> Result<(), UserError> {
    let pattern_hint = "names are lowercase ASCII words joined by `-`, starting with a letter \
                        (`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)";
    if raw.trim().is_empty() {
        return Err(UserError::usage("the service name must not be empty")
            .hint("pass a name such as `orders`"));
    }
    if !raw.is_ascii() {
        return Err(UserError::usage(format!(
            "`{}` cannot be a service name: it must be ASCII only",
            raw.escape_debug()
        ))
        .hint(pattern_hint));
    }
    if raw.len() > MAX_NAME_LEN {
        return Err(UserError::usage(format!(
            "the service name is {} characters long; the limit is {MAX_NAME_LEN}",
            raw.len()
        ))
        .hint("Kubernetes labels and crates.io cap names at 63 characters; choose a shorter one"));
    }
    if is_canonical(raw) {
        return Ok(());
    }
    let suggestion = suggest(raw);
    let hint = match suggestion {
        Some(name) => format!("use `{name}`; {pattern_hint}"),
        None => pattern_hint.to_owned(),
    };
    Err(UserError::usage(format!(
        "`{}` cannot be a service name: it is not lowercase kebab-case",
        raw.escape_debug()
    ))
    .hint(hint))
}

fn is_canonical(raw: &str) -> bool {
    raw.starts_with(|c: char| c.is_ascii_lowercase())
        && raw.split('-').all(|word| {
            !word.is_empty()
                && word
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// The canonical form of a near miss (`My_Service` → `my-service`), if valid.
fn suggest(raw: &str) -> Option<String> {
    let cleaned: String = raw
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let kebab = cleaned.to_kebab_case();
    (is_canonical(&kebab) && kebab.len() <= MAX_NAME_LEN).then_some(kebab)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reject(raw: &str) -> UserError {
        ServiceName::parse(raw, &["axum".into(), "tower-http".into()]).unwrap_err()
    }

    #[test]
    fn accepts_kebab_names_and_derives_case_forms() {
        let name = ServiceName::parse("order-service2", &[]).unwrap();
        assert_eq!(name.snake, "order_service2");
        assert_eq!(name.pascal, "OrderService2");
        assert_eq!(name.shouty, "ORDER_SERVICE2");
    }

    #[test]
    fn suggests_canonical_form_for_near_misses() {
        assert!(reject("My_Service").hint.unwrap().contains("`my-service`"));
        assert!(reject("orders ").hint.unwrap().contains("`orders`"));
    }

    #[test]
    fn rejects_each_rule_with_its_reason() {
        for (raw, reason) in [
            ("", "empty"),
            ("   ", "empty"),
            ("fn", "keyword"),
            ("gen", "keyword"),
            ("self", "keyword"),
            ("test", "cargo"),
            ("proc-macro", "cargo"),
            ("incremental", "cargo"),
            ("con", "Windows"),
            ("lpt1", "Windows"),
            ("axum", "depends"),
            ("tower-http", "depends"),
            ("sérvice", "ASCII"),
            ("\u{202e}abc", "ASCII"),
            ("1orders", "kebab"),
            ("a--b", "kebab"),
            ("orders-", "kebab"),
            ("../x", "kebab"),
            ("--help", "kebab"),
        ] {
            let error = reject(raw);
            assert!(error.message.contains(reason), "{raw:?}: {}", error.message);
            assert_eq!(error.kind, crate::error::ErrorKind::Usage);
        }
        assert!(reject(&"a".repeat(64)).message.contains("64 characters"));
        assert!(ServiceName::parse(&"a".repeat(63), &[]).is_ok());
    }
}
