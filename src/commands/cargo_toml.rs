//! The edits msgen makes to a service's `Cargo.toml`: turning its `clients`
//! feature on (the first dependency) and off (the last one removed), and its
//! `multipart` feature on (the contract's first `multipart/form-data` body). The
//! lockfile lists the features' crates either way, so `cargo build --locked` keeps
//! working.

use crate::error::UserError;

const FEATURE: &str = "clients";

/// The feature that builds `crate::extract::Multipart`.
pub(crate) const MULTIPART: &str = "multipart";

/// `text` with `clients` in `[features] default`, or `None` when it is there already.
///
/// # Errors
/// A usage error when the service has no `clients` feature or its `default` line is
/// not one line msgen can edit.
pub(crate) fn enable(text: &str) -> Result<Option<String>, UserError> {
    let features = features(text)?;
    if !features.contains_key(FEATURE) {
        return Err(UserError::usage(
            "`Cargo.toml` has no `clients` feature, which the clients of other services need",
        )
        .hint(
            "copy the [features] table of a service made by this msgen into Cargo.toml (see the README's \"Calling another service\"), then rerun",
        ));
    }
    if is_default(&features, FEATURE) {
        return Ok(None);
    }
    edit_default(text, |items| {
        items.insert(0, format!("\"{FEATURE}\""));
    })
    .map(Some)
}

/// `text` with `multipart` in `[features] default`, or `None` when it is there
/// already or the service has no such feature (`msgen check` reports that).
///
/// # Errors
/// As [`enable`].
pub(crate) fn enable_multipart(text: &str) -> Result<Option<String>, UserError> {
    let features = features(text)?;
    if !features.contains_key(MULTIPART) || is_default(&features, MULTIPART) {
        return Ok(None);
    }
    edit_default(text, |items| items.push(format!("\"{MULTIPART}\""))).map(Some)
}

/// Whether `text` builds `feature` by default; `None` when it has no such feature.
///
/// # Errors
/// As [`enable`].
pub(crate) fn builds(text: &str, feature: &str) -> Result<Option<bool>, UserError> {
    let features = features(text)?;
    Ok(features
        .contains_key(feature)
        .then(|| is_default(&features, feature)))
}

/// `text` without `clients` in `[features] default`, or `None` when it is not there.
///
/// # Errors
/// As [`enable`].
pub(crate) fn disable(text: &str) -> Result<Option<String>, UserError> {
    let features = features(text)?;
    if !is_default(&features, FEATURE) {
        return Ok(None);
    }
    edit_default(text, |items| {
        items.retain(|item| item.trim() != format!("\"{FEATURE}\""));
    })
    .map(Some)
}

fn features(text: &str) -> Result<toml::Table, UserError> {
    let table: toml::Table = toml::from_str(text).map_err(|error| {
        UserError::usage(format!(
            "`Cargo.toml` is not valid TOML: {}",
            crate::error::one_line(&error.to_string())
        ))
        .hint("fix it so that `cargo metadata` reads it, then rerun")
    })?;
    Ok(table
        .get("features")
        .and_then(toml::Value::as_table)
        .cloned()
        .unwrap_or_default())
}

fn is_default(features: &toml::Table, feature: &str) -> bool {
    features
        .get("default")
        .and_then(toml::Value::as_array)
        .is_some_and(|items| items.iter().any(|item| item.as_str() == Some(feature)))
}

/// Rewrites the one-line `default = [...]` of `[features]` (adding one after the
/// header when there is none), keeping every other byte.
fn edit_default(text: &str, change: impl Fn(&mut Vec<String>)) -> Result<String, UserError> {
    let mut out = String::with_capacity(text.len() + 16);
    let mut table = String::new();
    let mut done = false;
    let mut header_end = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            trimmed.clone_into(&mut table);
            if table == "[features]" {
                header_end = Some(out.len() + line.len());
            }
        } else if table == "[features]" && !done && key_of(trimmed) == Some("default") {
            let (Some(open), Some(close)) = (line.find('['), line.rfind(']')) else {
                return Err(unsupported());
            };
            let mut items: Vec<String> = line[open + 1..close]
                .split(',')
                .map(|item| item.trim().to_owned())
                .filter(|item| !item.is_empty())
                .collect();
            change(&mut items);
            out.push_str(&line[..=open]);
            out.push_str(&items.join(", "));
            out.push_str(&line[close..]);
            done = true;
            continue;
        }
        out.push_str(line);
    }
    if !done {
        let Some(at) = header_end else {
            return Err(unsupported());
        };
        let mut items = Vec::new();
        change(&mut items);
        out.insert_str(at, &format!("default = [{}]\n", items.join(", ")));
    }
    Ok(out)
}

fn key_of(line: &str) -> Option<&str> {
    let (key, _) = line.split_once('=')?;
    Some(key.trim())
}

fn unsupported() -> UserError {
    UserError::usage("`default` under [features] in `Cargo.toml` is not on one line")
        .hint("write it on one line (`default = [\"clients\"]` turns the clients on), then rerun")
}

#[cfg(test)]
mod tests {
    use super::*;

    const GENERATED: &str = "[package]\nname = \"orders\"\n\n[features]\n# why\ndefault = []\nclients = [\"hyper/client\"]\n\n[dependencies]\n";

    #[test]
    fn enabling_edits_only_the_default_line_and_disabling_restores_it() {
        let on = enable(GENERATED).unwrap().unwrap();
        assert_eq!(
            on,
            GENERATED.replace("default = []", "default = [\"clients\"]")
        );
        assert_eq!(enable(&on).unwrap(), None);
        assert_eq!(disable(&on).unwrap().unwrap(), GENERATED);
        assert_eq!(disable(GENERATED).unwrap(), None);
    }

    #[test]
    fn other_default_features_are_kept() {
        let text = GENERATED.replace("default = []", "default = [\"json-logs\"]  # ours");
        let text = text.replace("[dependencies]", "json-logs = []\n[dependencies]");
        let on = enable(&text).unwrap().unwrap();
        assert!(
            on.contains("default = [\"clients\", \"json-logs\"]  # ours\n"),
            "{on}"
        );
        assert_eq!(disable(&on).unwrap().unwrap(), text);
    }

    #[test]
    fn a_missing_default_line_is_added_after_the_header() {
        let text = GENERATED.replace("default = []\n", "");
        let on = enable(&text).unwrap().unwrap();
        assert!(
            on.contains("[features]\ndefault = [\"clients\"]\n# why\n"),
            "{on}"
        );
    }

    #[test]
    fn multipart_is_turned_on_beside_clients_and_only_when_the_service_has_it() {
        let text = GENERATED.replace(
            "[dependencies]",
            "multipart = [\"axum/multipart\"]\n[dependencies]",
        );
        let on = enable_multipart(&text).unwrap().unwrap();
        assert_eq!(
            on,
            text.replace("default = []", "default = [\"multipart\"]")
        );
        assert_eq!(enable_multipart(&on).unwrap(), None);
        assert_eq!(builds(&on, MULTIPART).unwrap(), Some(true));
        assert_eq!(builds(&text, MULTIPART).unwrap(), Some(false));
        let both = enable(&on).unwrap().unwrap();
        assert!(
            both.contains("default = [\"clients\", \"multipart\"]\n"),
            "{both}"
        );
        assert_eq!(disable(&both).unwrap().unwrap(), on);
        assert_eq!(enable_multipart(GENERATED).unwrap(), None);
        assert_eq!(builds(GENERATED, MULTIPART).unwrap(), None);
    }

    #[test]
    fn a_service_without_the_feature_is_refused_with_a_hint() {
        let error = enable("[package]\nname = \"old\"\n").unwrap_err();
        assert!(
            error.message.contains("no `clients` feature"),
            "{}",
            error.message
        );
    }
}
