//! Reading the team's files: handlers and tests no operation uses (orphans), which lines
//! of a handler are msgen's own, and where an operationId is still named.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use super::existing::{Derived, ExistingService};
use crate::plan::Plan;
use crate::template::Template;

/// Where the team's other files name `id` as a word: files with the extensions of
/// the operation files, outside what the plan writes or removes, the operation's own
/// files (`own`), and hidden, `target` and `node_modules` folders.
pub(crate) fn mentions(
    service: &ExistingService,
    plan: &Plan,
    own: &[&str],
    id: &str,
) -> Vec<String> {
    let extensions: BTreeSet<&str> = service
        .template
        .operation_files
        .iter()
        .filter_map(|file| {
            let name = file.path.strip_suffix(".hbs").unwrap_or(&file.path);
            name.rsplit_once('.').map(|(_, extension)| extension)
        })
        .filter(|extension| !extension.contains('/') && !extension.contains("{{"))
        .collect();
    let planned: BTreeSet<&str> = plan.files.iter().map(|file| file.path.as_str()).collect();
    let mut found = Vec::new();
    let walk = walkdir::WalkDir::new(&service.root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            let name = entry.file_name().to_string_lossy();
            entry.depth() == 0
                || !(name.starts_with('.') || name == "target" || name == "node_modules")
        });
    for entry in walk.flatten().filter(|entry| entry.file_type().is_file()) {
        let Ok(relative) = entry.path().strip_prefix(&service.root) else {
            continue;
        };
        let relative = relative.to_string_lossy().replace('\\', "/");
        let wanted = relative
            .rsplit_once('.')
            .is_some_and(|(_, extension)| extensions.contains(extension));
        if !wanted || planned.contains(relative.as_str()) || own.contains(&relative.as_str()) {
            continue;
        }
        let Ok(bytes) = std::fs::read(entry.path()) else {
            continue;
        };
        for line in lines_naming(&bytes, id) {
            found.push(format!("{relative}:{line}"));
        }
    }
    found
}

/// `text` with every line that is exactly a line msgen generated for the old id replaced
/// by the line it generates for the new one; every other line stays as the team wrote it.
pub(crate) fn rewrite_generated_lines(text: &[u8], old: &[u8], new: &[u8]) -> Vec<u8> {
    let (Ok(text), Ok(old), Ok(new)) = (
        std::str::from_utf8(text),
        std::str::from_utf8(old),
        std::str::from_utf8(new),
    ) else {
        return text.to_vec();
    };
    let (old_lines, new_lines): (Vec<&str>, Vec<&str>) =
        (old.lines().collect(), new.lines().collect());
    if old_lines.len() != new_lines.len() {
        return text.as_bytes().to_vec();
    }
    let mut replacements: HashMap<&str, &str> = HashMap::new();
    for (before, after) in old_lines.into_iter().zip(new_lines) {
        if before != after {
            replacements.entry(before).or_insert(after);
        }
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        match replacements.get(body) {
            Some(after) => {
                out.push_str(after);
                out.push_str(&line[body.len()..]);
            }
            None => out.push_str(line),
        }
    }
    out.into_bytes()
}

/// 1-based numbers of the lines of `text` that name `id` as a whole word.
pub(crate) fn lines_naming(text: &[u8], id: &str) -> Vec<usize> {
    let text = String::from_utf8_lossy(text);
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.lines()
        .enumerate()
        .filter(|(_, line)| {
            line.match_indices(id).any(|(at, _)| {
                !line[..at].chars().next_back().is_some_and(word)
                    && !line[at + id.len()..].chars().next().is_some_and(word)
            })
        })
        .map(|(index, _)| index + 1)
        .collect()
}

/// Files beside per-operation files (same folder, same extension) that no operation,
/// skeleton or owned file of `derived` accounts for. The operation templates' folders
/// count even when no operation is left.
pub(crate) fn orphans(root: &Path, template: &Template, derived: &Derived) -> Vec<String> {
    let expected: BTreeSet<&str> = derived
        .operation_files
        .iter()
        .map(|file| file.path.as_str())
        .collect();
    let known: BTreeSet<&str> = derived
        .skeleton_paths
        .iter()
        .map(String::as_str)
        .chain(expected.iter().copied())
        .collect();
    // The folders of the operation templates count even when no operation is left.
    let templates = template.operation_files.iter().filter_map(|file| {
        let path = file.path.strip_suffix(".hbs").unwrap_or(&file.path);
        let (folder, _) = path.rsplit_once('/')?;
        (!folder.contains("{{")).then_some(path)
    });
    let mut folders = BTreeSet::new();
    for path in expected.iter().copied().chain(templates) {
        let (folder, file) = path.rsplit_once('/').unwrap_or(("", path));
        let extension = file.rsplit_once('.').map_or("", |(_, extension)| extension);
        if !extension.contains("{{") {
            folders.insert((folder.to_owned(), extension.to_owned()));
        }
    }
    let mut found = Vec::new();
    for (folder, extension) in folders {
        let Ok(entries) = std::fs::read_dir(root.join(&folder)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = if folder.is_empty() {
                name.clone()
            } else {
                format!("{folder}/{name}")
            };
            let same_kind = name
                .rsplit_once('.')
                .is_some_and(|(_, ext)| ext == extension);
            if same_kind && entry.path().is_file() && !known.contains(path.as_str()) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_only_lines_as_msgen_generated_them() {
        let old = b"//! `GET /a` (operationId `get_a`)\npub async fn get_a(\n    todo\n}\n";
        let new = b"//! `GET /a` (operationId `fetch_a`)\npub async fn fetch_a(\n    todo\n}\n";
        let team = b"//! `GET /a` (operationId `get_a`)\npub async fn get_a(\n    real code calling get_a()\n}\n";
        let out = rewrite_generated_lines(team, old, new);
        assert_eq!(
            String::from_utf8(out.clone()).unwrap(),
            "//! `GET /a` (operationId `fetch_a`)\npub async fn fetch_a(\n    real code calling get_a()\n}\n"
        );
        assert_eq!(lines_naming(&out, "get_a"), vec![3]);
        assert!(lines_naming(b"get_ab a_get_a", "get_a").is_empty());
    }

    #[test]
    fn crlf_lines_keep_their_ending() {
        let out = rewrite_generated_lines(b"fn a() {}\r\nx\r\n", b"fn a() {}\n", b"fn b() {}\n");
        assert_eq!(out, b"fn b() {}\r\nx\r\n");
    }
}
