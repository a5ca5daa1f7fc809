//! The built-in templates, embedded from the top-level `templates/` folder.

use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "templates/"]
#[exclude = "*/NEEDS.md"]
struct Builtin;

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
