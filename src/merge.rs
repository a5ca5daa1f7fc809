//! Three-way merge of text files, and finding the conflict markers it leaves.

use diffy::{ConflictStyle, IncompleteHunkStyle, MergeOptions};

/// The result of merging the team's file and the new template's over their common base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Merged {
    /// Every change applied; no conflict.
    Clean(Vec<u8>),
    /// Both sides changed the same lines: the file holds conflict markers.
    Conflicts(Vec<u8>),
}

/// Merges `ours` (the team's file) and `theirs` (the new template's) over `base` (what
/// the old template wrote), line by line. Conflicting hunks are written with the standard
/// markers: `<<<<<<< yours`, `=======`, `>>>>>>> {label}`. A side that is not UTF-8 text
/// cannot be merged by line: the result is a conflict holding the team's bytes.
#[must_use]
pub(crate) fn three_way(base: &[u8], ours: &[u8], theirs: &[u8], label: &str) -> Merged {
    if ours == theirs || base == theirs {
        return Merged::Clean(ours.to_vec());
    }
    if base == ours {
        return Merged::Clean(theirs.to_vec());
    }
    let (Ok(base), Ok(ours_text), Ok(theirs)) = (
        std::str::from_utf8(base),
        std::str::from_utf8(ours),
        std::str::from_utf8(theirs),
    ) else {
        return Merged::Conflicts(ours.to_vec());
    };
    let mut options = MergeOptions::new();
    options
        .set_conflict_style(ConflictStyle::Merge)
        .set_incomplete_hunk_style(IncompleteHunkStyle::Git);
    match options.merge(base, ours_text, theirs) {
        Ok(text) => Merged::Clean(text.into_bytes()),
        Err(text) => Merged::Conflicts(relabel(&text, label).into_bytes()),
    }
}

/// diffy names the sides `ours` and `theirs`; a team reads `yours` and the template.
fn relabel(text: &str, label: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        match body {
            "<<<<<<< ours" => out.push_str("<<<<<<< yours"),
            ">>>>>>> theirs" => {
                out.push_str(">>>>>>> ");
                out.push_str(label);
            }
            _ => out.push_str(body),
        }
        out.push_str(&line[body.len()..]);
    }
    out
}

/// 1-based line numbers of the conflict blocks left in `text`: each line opening one
/// (`<<<<<<<` alone or followed by a space) that a closing `>>>>>>>` line follows.
#[must_use]
pub(crate) fn conflict_lines(text: &[u8]) -> Vec<usize> {
    let is_marker = |line: &[u8], marker: &[u8]| {
        line.strip_prefix(marker)
            .is_some_and(|rest| matches!(rest.first(), None | Some(b' ' | b'\r')))
    };
    let mut found = Vec::new();
    let mut open = None;
    for (index, line) in text.split(|byte| *byte == b'\n').enumerate() {
        if is_marker(line, b"<<<<<<<") {
            open = Some(index + 1);
        } else if is_marker(line, b">>>>>>>")
            && let Some(start) = open.take()
        {
            found.push(start);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_on_different_lines_merge_cleanly() {
        let base = b"a\nb\nc\nd\ne\n";
        let ours = b"a\nB by the team\nc\nd\ne\n";
        let theirs = b"a\nb\nc\nd\nE by the template\n";
        assert_eq!(
            three_way(base, ours, theirs, "t 2"),
            Merged::Clean(b"a\nB by the team\nc\nd\nE by the template\n".to_vec())
        );
    }

    #[test]
    fn changes_to_one_line_conflict_with_standard_markers() {
        let Merged::Conflicts(text) =
            three_way(b"a\nb\nc\n", b"a\nteam\nc\n", b"a\ntpl\nc\n", "t 2")
        else {
            panic!("expected a conflict");
        };
        let text = String::from_utf8(text).unwrap();
        assert_eq!(
            text,
            "a\n<<<<<<< yours\nteam\n=======\ntpl\n>>>>>>> t 2\nc\n"
        );
        assert_eq!(conflict_lines(text.as_bytes()), vec![2]);
    }

    #[test]
    fn one_sided_changes_win_and_text_without_markers_has_none() {
        assert_eq!(
            three_way(b"a\n", b"a\n", b"b\n", "t"),
            Merged::Clean(b"b\n".to_vec())
        );
        assert_eq!(
            three_way(b"a\n", b"b\n", b"a\n", "t"),
            Merged::Clean(b"b\n".to_vec())
        );
        assert!(conflict_lines(b"<<<<<<<< not a marker\n=======\n>>>>>>> x\n").is_empty());
        assert!(conflict_lines(b"<<<<<<< open only\n").is_empty());
    }
}
