//! Earlier released versions of the built-in templates, kept inside msgen so that
//! `msgen upgrade` can render exactly what a service was generated from.
//!
//! `templates/history/NAME/VERSION/` holds each released version's files byte for
//! byte as they shipped; `templates/history/versions.toml` records a digest of every
//! version's files, so a test notices a built-in template that changed without a
//! version bump (see `docs/templates.md`, "Versions of the built-in template").

use super::definition::{Models, version_tuple};
use super::{Origin, Template, embedded};
use crate::error::UserError;

/// Built-in template `name` at `version`: the current one when it has that version,
/// else the released version kept in msgen.
///
/// # Errors
/// A usage error naming the versions msgen keeps when it keeps no such version.
pub(crate) fn builtin_at(name: &str, version: &str) -> anyhow::Result<Template> {
    let current = Template::load(name)?;
    if current.manifest.version == version {
        return Ok(current);
    }
    let files = embedded::history_files(name, version);
    if files.is_empty() {
        return Err(UserError::usage(format!(
            "msgen {} has no version `{version}` of the built-in template `{name}`",
            env!("CARGO_PKG_VERSION")
        ))
        .hint(format!(
            "versions it has: {}",
            versions(name, &current.manifest.version).join(", ")
        ))
        .into());
    }
    let mut template = Template::from_files(Origin::Builtin(name.to_owned()), &files)?;
    // Templates written before `models` existed got the Rust view without asking, and
    // the built-in ones all read it; rendered with it, they write what they wrote then.
    if template.manifest.models.is_none() {
        template.manifest.models = Some(Models::Rust);
    }
    Ok(template)
}

/// Every version of built-in template `name` msgen can render, oldest first.
#[must_use]
pub(crate) fn versions(name: &str, current: &str) -> Vec<String> {
    let mut all = embedded::history_versions(name);
    all.push(current.to_owned());
    all.sort_by_key(|version| version_tuple(version));
    all.dedup();
    all
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::fmt::Write as _;

    use sha2::{Digest as _, Sha256};

    use super::*;

    /// The digest of a template's files: `sha256:` over each path and its bytes, in
    /// path order.
    #[must_use]
    fn digest(files: &[(String, Vec<u8>)]) -> String {
        let mut sorted: Vec<&(String, Vec<u8>)> = files.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        let mut hasher = Sha256::new();
        for (path, bytes) in sorted {
            hasher.update(path.as_bytes());
            hasher.update([0]);
            hasher.update(bytes.len().to_le_bytes());
            hasher.update(bytes);
        }
        let mut out = String::from("sha256:");
        for byte in hasher.finalize() {
            let _ = write!(out, "{byte:02x}");
        }
        out
    }

    /// `versions.toml`: template name → version → digest.
    type Digests = BTreeMap<String, BTreeMap<String, String>>;

    const DIGESTS: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/history/versions.toml"
    );
    const UPDATE_ENV: &str = "MSGEN_UPDATE_TEMPLATE_DIGEST";

    fn recorded() -> Digests {
        toml::from_str(&std::fs::read_to_string(DIGESTS).unwrap()).unwrap()
    }

    /// The history is exact: each kept version's files still hash to what was recorded
    /// when it was released.
    #[test]
    fn kept_versions_match_their_recorded_digest() {
        let recorded = recorded();
        for name in embedded::names() {
            for version in embedded::history_versions(&name) {
                let files = embedded::history_files(&name, &version);
                assert_eq!(
                    recorded.get(&name).and_then(|all| all.get(&version)),
                    Some(&digest(&files)),
                    "templates/history/{name}/{version} changed: a released version's files never change"
                );
                assert!(
                    builtin_at(&name, &version).is_ok(),
                    "{name} {version} loads"
                );
            }
        }
    }

    /// The current built-in template's files are what its version records. Set
    /// MSGEN_UPDATE_TEMPLATE_DIGEST=1 to record them for a version not released yet.
    #[test]
    fn the_builtin_template_changes_only_with_a_version_bump() {
        let mut recorded = recorded();
        let update = std::env::var_os(UPDATE_ENV).is_some();
        for name in embedded::names() {
            let template = Template::load(&name).unwrap();
            let version = template.manifest.version.clone();
            let now = digest(&embedded::files(&name));
            let released = embedded::history_versions(&name).contains(&version);
            let entry = recorded.entry(name.clone()).or_default();
            if update {
                // A version just copied into the history is recorded once, as it is.
                for kept in embedded::history_versions(&name) {
                    let files = embedded::history_files(&name, &kept);
                    entry.entry(kept).or_insert_with(|| digest(&files));
                }
            }
            if entry.get(&version) == Some(&now) {
                continue;
            }
            assert!(
                !released || !update,
                "version {version} of `{name}` is released (kept in templates/history); bump the version"
            );
            assert!(
                update && !released,
                "the files of built-in template `{name}` differ from what version {version} records \
                 in templates/history/versions.toml. If {version} was released, bump `version` in \
                 templates/{name}/template.toml (semver) and copy the files of {version} (from git) \
                 into templates/history/{name}/{version}/; then record the current files with \
                 {UPDATE_ENV}=1 cargo test --lib builtin_template_changes"
            );
            entry.insert(version, now);
        }
        if update {
            let text = format!(
                "# The digest of each version of each built-in template (see src/template/history.rs).\n\
                 # Refresh the current version's with {UPDATE_ENV}=1 cargo test --lib builtin_template_changes\n{}",
                toml::to_string(&recorded).unwrap()
            );
            std::fs::write(DIGESTS, text).unwrap();
        }
    }

    #[test]
    fn versions_are_listed_oldest_first() {
        let listed = versions("rust-axum", "0.10.0");
        assert_eq!(listed.first().map(String::as_str), Some("0.1.0"));
        assert_eq!(listed.last().map(String::as_str), Some("0.10.0"));
        assert!(builtin_at("rust-axum", "0.0.9").is_err());
    }
}
