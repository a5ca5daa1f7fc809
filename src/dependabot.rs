//! One `.github/dependabot.yml` for many services: a second service inside a
//! repository adds its `updates` entries to the file the first one created,
//! keeping every existing byte, or leaves the file alone when it cannot be sure.

use yaml_serde::Value;

/// Whether `path` (from the work-tree root) is a dependabot configuration.
#[must_use]
pub(crate) fn is_config(path: &str) -> bool {
    matches!(path, ".github/dependabot.yml" | ".github/dependabot.yaml")
}

/// `existing` with the entries of `ours` it lacks appended to its `updates` list
/// (an entry is there already when its ecosystem and directory match). `None` when
/// either file is not a dependabot configuration msgen can read, or when appending
/// text would not give exactly that list with every other key unchanged (another
/// layout than msgen's, `updates` not last, …): the caller then keeps the file.
#[must_use]
pub(crate) fn merge(existing: &str, ours: &str) -> Option<String> {
    let old = updates(existing)?;
    let new = updates(ours)?;
    let blocks = entry_blocks(ours);
    if blocks.len() != new.len() {
        return None;
    }
    let (missing, texts): (Vec<Value>, Vec<&str>) = new
        .iter()
        .zip(&blocks)
        .filter(|(entry, _)| !old.iter().any(|known| same_target(known, entry)))
        .map(|(entry, text)| (entry.clone(), text.as_str()))
        .unzip();
    if missing.is_empty() {
        return Some(existing.to_owned());
    }
    let mut merged = existing.to_owned();
    if !merged.is_empty() && !merged.ends_with('\n') {
        merged.push('\n');
    }
    for text in texts {
        merged.push_str(text);
    }
    let mut expected: Value = yaml_serde::from_str(existing).ok()?;
    let list = expected.get_mut("updates")?.as_sequence_mut()?;
    list.extend(missing);
    let parsed: Value = yaml_serde::from_str(&merged).ok()?;
    (parsed == expected).then_some(merged)
}

fn updates(text: &str) -> Option<Vec<Value>> {
    let value: Value = yaml_serde::from_str(text).ok()?;
    value.get("updates")?.as_sequence().cloned()
}

fn same_target(a: &Value, b: &Value) -> bool {
    let key = |entry: &Value| {
        (
            entry.get("package-ecosystem").cloned(),
            entry.get("directory").cloned(),
            entry.get("directories").cloned(),
        )
    };
    key(a) == key(b)
}

/// The text of each entry of the `updates:` list in msgen's own layout: the list
/// follows `updates:` at column 0, each entry starts with `  - `.
fn entry_blocks(text: &str) -> Vec<String> {
    let mut blocks: Vec<String> = Vec::new();
    let mut inside = false;
    for line in text.split_inclusive('\n') {
        if !inside {
            inside = line.trim_end() == "updates:";
            continue;
        }
        if line.starts_with("  - ") {
            blocks.push(line.to_owned());
        } else if line.starts_with("    ") || line.trim().is_empty() {
            if let Some(block) = blocks.last_mut() {
                block.push_str(line);
            }
        } else {
            break;
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(directory: &str) -> String {
        format!(
            "version: 2\nupdates:\n  - package-ecosystem: cargo\n    directory: \"{directory}\"\n    schedule:\n      interval: weekly\n  - package-ecosystem: github-actions\n    directory: /\n    schedule:\n      interval: weekly\n"
        )
    }

    #[test]
    fn appends_only_the_missing_entries_and_keeps_every_byte() {
        let existing = format!("# ours\n{}", config("/orders"));
        let merged = merge(&existing, &config("/payments")).unwrap();
        assert!(merged.starts_with(&existing));
        let added = &merged[existing.len()..];
        assert!(added.contains("/payments") && !added.contains("github-actions"));
        assert_eq!(merge(&merged, &config("/payments")).unwrap(), merged);
    }

    #[test]
    fn leaves_a_file_of_another_layout_alone() {
        let flush = config("/orders")
            .replace("  - ", "- ")
            .replace("\n    ", "\n  ");
        assert_eq!(merge(&flush, &config("/payments")), None);
        let updates_first = "updates:\n  - package-ecosystem: cargo\n    directory: /\n    schedule:\n      interval: weekly\nversion: 2\n";
        assert_eq!(merge(updates_first, &config("/payments")), None);
        assert_eq!(merge("not: [yaml", &config("/payments")), None);
    }
}
