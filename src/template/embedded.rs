//! The built-in templates, embedded from the top-level `templates/` folder, and
//! their earlier released versions from `templates/history/NAME/VERSION/`.

use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "templates/"]
#[exclude = "*/NEEDS.md"]
#[exclude = "history/*"]
struct Builtin;

#[derive(RustEmbed)]
#[folder = "templates/history/"]
struct History;

/// Names of the built-in templates, sorted.
#[must_use]
pub(crate) fn names() -> Vec<String> {
    let mut names: Vec<String> = Builtin::iter()
        .filter_map(|path| path.split_once('/').map(|(name, _)| name.to_owned()))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Every file of built-in template `name`: (path inside the template, bytes),
/// sorted by path. Empty when there is no such template.
#[must_use]
pub(crate) fn files(name: &str) -> Vec<(String, Vec<u8>)> {
    let prefix = format!("{name}/");
    let mut files: Vec<(String, Vec<u8>)> = Builtin::iter()
        .filter_map(|path| {
            let inner = path.strip_prefix(&prefix)?.to_owned();
            let file = Builtin::get(&path)?;
            Some((inner, file.data.into_owned()))
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// The released versions of built-in template `name` kept in msgen, unsorted.
#[must_use]
pub(crate) fn history_versions(name: &str) -> Vec<String> {
    let prefix = format!("{name}/");
    let mut versions: Vec<String> = History::iter()
        .filter_map(|path| {
            let rest = path.strip_prefix(&prefix)?;
            rest.split_once('/').map(|(version, _)| version.to_owned())
        })
        .collect();
    versions.sort();
    versions.dedup();
    versions
}

/// Every file of built-in template `name` as version `version` shipped it, sorted
/// by path. Empty when msgen keeps no such version.
#[must_use]
pub(crate) fn history_files(name: &str, version: &str) -> Vec<(String, Vec<u8>)> {
    let prefix = format!("{name}/{version}/");
    let mut files: Vec<(String, Vec<u8>)> = History::iter()
        .filter_map(|path| {
            let inner = path.strip_prefix(&prefix)?.to_owned();
            let file = History::get(&path)?;
            Some((inner, file.data.into_owned()))
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}
