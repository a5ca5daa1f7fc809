//! Reading a template folder from disk, as data: symlinks refused, sizes capped.

use std::path::Path;

use anyhow::Context as _;
use walkdir::WalkDir;

use crate::error::UserError;

/// At most this many files in one template.
pub(crate) const MAX_FILES: usize = 2_000;
/// At most this many bytes in one template.
pub(crate) const MAX_BYTES: u64 = 32 * 1024 * 1024;
/// At most this deep a folder tree.
pub(crate) const MAX_DEPTH: usize = 24;

/// Reads every file under `root`: (path relative to root with `/`, bytes), sorted.
///
/// # Errors
/// A usage error for symlinks, special files, non-UTF-8 names or a template past
/// the limits; an I/O error with the path otherwise.
pub(crate) fn read_dir(root: &Path) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    let mut total = 0_u64;
    let walker = WalkDir::new(root)
        .follow_links(false)
        .max_depth(MAX_DEPTH + 1)
        .sort_by_file_name();
    for entry in walker {
        let entry =
            entry.with_context(|| format!("while reading template `{}`", root.display()))?;
        let relative = relative_path(root, entry.path())?;
        if entry.depth() > MAX_DEPTH {
            return Err(limit_error(
                root,
                &format!("nests deeper than {MAX_DEPTH} folders"),
            ));
        }
        let kind = entry.file_type();
        if kind.is_symlink() {
            return Err(UserError::usage(format!(
                "template file `{relative}` is a symlink; templates may not contain symlinks"
            ))
            .hint("replace the link with a copy of the file it points to")
            .into());
        }
        if kind.is_dir() {
            continue;
        }
        if !kind.is_file() {
            return Err(UserError::usage(format!(
                "template entry `{relative}` is not a regular file"
            ))
            .into());
        }
        total += entry.metadata()?.len();
        if files.len() >= MAX_FILES || total > MAX_BYTES {
            return Err(limit_error(
                root,
                &format!("holds more than {MAX_FILES} files or {MAX_BYTES} bytes"),
            ));
        }
        let bytes = std::fs::read(entry.path())
            .with_context(|| format!("while reading template file `{}`", entry.path().display()))?;
        files.push((relative, bytes));
    }
    Ok(files)
}

fn relative_path(root: &Path, path: &Path) -> anyhow::Result<String> {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let text = relative.to_str().ok_or_else(|| {
        UserError::usage(format!(
            "template path `{}` is not valid UTF-8",
            relative.display()
        ))
    })?;
    Ok(text.replace('\\', "/"))
}

fn limit_error(root: &Path, what: &str) -> anyhow::Error {
    UserError::usage(format!("template `{}` {what}", root.display()))
        .hint("templates are small text trees; move large assets out of the template")
        .into()
}
