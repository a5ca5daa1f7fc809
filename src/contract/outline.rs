//! The block structure of a plainly formatted `openapi.yaml`, from indentation alone:
//! where `paths`, its items and `components.schemas` begin and end.
//!
//! This is the fast path of `add-endpoint`; it decides nothing on its own. It answers
//! `None` for anything it does not plainly recognise (tabs, document markers, flow
//! style, empty mappings, indented roots), and every text built with its help is
//! re-parsed and compared with the expected tree before use, falling back to
//! yaml-edit's tree and one whole parse when anything differs.

use super::locate::Slot;
use super::splice::{SchemaSpot, Spots, Target};

/// One line of the text.
#[derive(Clone, Copy)]
struct Line<'a> {
    /// Offset of its first byte.
    start: usize,
    /// Offset just past its newline (or the end of the text).
    end: usize,
    /// Leading spaces.
    indent: usize,
    /// The rest, without the line break; empty for a blank line.
    rest: &'a str,
}

impl Line<'_> {
    /// Holds something besides spaces and a comment.
    fn is_content(&self) -> bool {
        !self.rest.is_empty() && !self.rest.starts_with('#')
    }
}

/// The block structure of a contract text (BOM already stripped).
pub(crate) struct Outline<'a> {
    lines: Vec<Line<'a>>,
    /// Index of the `paths:` line.
    paths: usize,
    /// Index of the first line after the `paths` block.
    paths_end: usize,
    /// Indentation of the path keys: the file's indentation step.
    unit: usize,
}

impl<'a> Outline<'a> {
    /// The outline, or `None` when the text is not plainly block-formatted with a
    /// non-empty `paths:` mapping at the root.
    pub(crate) fn of(text: &'a str) -> Option<Self> {
        let mut lines = Vec::new();
        let mut start = 0;
        for raw in text.split_inclusive('\n') {
            let end = start + raw.len();
            let body = raw.trim_end_matches('\n').trim_end_matches('\r');
            let indent = body.len() - body.trim_start_matches(' ').len();
            let rest = body[indent..].trim_end_matches(' ');
            if rest.starts_with('\t') || rest.ends_with('\t') {
                return None;
            }
            lines.push(Line {
                start,
                end,
                indent,
                rest,
            });
            start = end;
        }
        let roots = lines
            .iter()
            .filter(|line| line.is_content() && line.indent == 0);
        let first_content = lines.iter().find(|line| line.is_content())?;
        // Document markers, directives and an indented root are left to yaml-edit.
        if first_content.indent != 0
            || roots
                .clone()
                .any(|line| ["---", "...", "%"].iter().any(|m| line.rest.starts_with(m)))
        {
            return None;
        }
        let paths = lines
            .iter()
            .position(|line| line.indent == 0 && block_key(line.rest) == Some(("paths", None)))?;
        let paths_end = block_end(&lines, paths, 0);
        let unit = lines[paths + 1..paths_end]
            .iter()
            .find(|line| line.is_content())?
            .indent;
        if unit == 0 {
            return None;
        }
        Some(Self {
            lines,
            paths,
            paths_end,
            unit,
        })
    }

    /// Where the new operation (and new schemas, when `schemas`) go; `path_exists`
    /// says whether `paths` already has the item.
    pub(crate) fn spots(&self, path: &str, path_exists: bool, schemas: bool) -> Option<Spots> {
        let items = &self.lines[self.paths + 1..self.paths_end];
        // Every line of the block is either indented at least one step or a comment.
        if items
            .iter()
            .any(|line| line.is_content() && line.indent < self.unit)
        {
            return None;
        }
        let first_key = items.iter().find(|line| line.is_content())?;
        let (_, key_quote) = block_key(first_key.rest)?;
        let target = if path_exists {
            let item = self.paths
                + 1
                + items.iter().position(|line| {
                    line.indent == self.unit
                        && block_key(line.rest).is_some_and(|(key, _)| key == path)
                })?;
            Target::Method(self.block_slot(item, self.paths_end)?)
        } else {
            Target::NewPath(Slot::Block {
                at: last_content_end(items)?,
                indent: self.unit,
            })
        };
        let schemas = if schemas {
            Some(self.schemas_spot()?)
        } else {
            None
        };
        Some(Spots {
            unit: self.unit,
            target,
            key_quote,
            schemas,
        })
    }

    /// Byte offsets that cut the text into three documents that parse on their own:
    /// everything before a path item near the middle, the path items from there to
    /// the end of `paths`, and the rest. `None` when there is no such item.
    pub(crate) fn split(&self) -> Option<(usize, usize)> {
        let text_end = self.lines.last().map_or(0, |line| line.end);
        let items = &self.lines[self.paths + 1..self.paths_end];
        let middle = text_end / 2;
        let cut = items
            .iter()
            .filter(|line| {
                line.indent == self.unit && line.is_content() && block_key(line.rest).is_some()
            })
            .skip(1)
            .min_by_key(|line| line.start.abs_diff(middle))?;
        let end = self
            .lines
            .get(self.paths_end)
            .map_or(text_end, |line| line.start);
        Some((cut.start, end))
    }

    /// The slot for a new child of the block key on line `key`, whose block ends
    /// before line `limit` at the latest.
    fn block_slot(&self, key: usize, limit: usize) -> Option<Slot> {
        let parent = self.lines[key].indent;
        let end = block_end(&self.lines[..limit], key, parent);
        let children = &self.lines[key + 1..end];
        let indent = children.iter().find(|line| line.is_content())?.indent;
        if indent <= parent
            || children
                .iter()
                .any(|line| line.is_content() && line.indent < indent)
        {
            return None;
        }
        Some(Slot::Block {
            at: last_content_end(children)?,
            indent,
        })
    }

    fn schemas_spot(&self) -> Option<SchemaSpot> {
        let components = self.lines.iter().position(|line| {
            line.indent == 0 && block_key(line.rest) == Some(("components", None))
        })?;
        let end = block_end(&self.lines, components, 0);
        let step = self.lines[components + 1..end]
            .iter()
            .find(|line| line.is_content())?
            .indent;
        let schemas = components
            + 1
            + self.lines[components + 1..end].iter().position(|line| {
                line.indent == step && block_key(line.rest) == Some(("schemas", None))
            })?;
        Some(SchemaSpot::Schemas(self.block_slot(schemas, end)?))
    }
}

/// Index of the first content line after `key` indented `parent` or less.
fn block_end(lines: &[Line<'_>], key: usize, parent: usize) -> usize {
    lines[key + 1..]
        .iter()
        .position(|line| line.is_content() && line.indent <= parent)
        .map_or(lines.len(), |i| key + 1 + i)
}

/// Offset just past the last content line of `lines`.
fn last_content_end(lines: &[Line<'_>]) -> Option<usize> {
    lines
        .iter()
        .rev()
        .find(|line| line.is_content())
        .map(|line| line.end)
}

/// `key:` with nothing after it but a comment: the key (plain, or quoted without
/// escapes) and its quote.
fn block_key(rest: &str) -> Option<(&str, Option<char>)> {
    let (key, after) = match rest.chars().next()? {
        quote @ ('"' | '\'') => {
            let close = rest[1..].find(quote)? + 1;
            let key = &rest[1..close];
            if key.contains('\\') || rest[close + 1..].starts_with(quote) {
                return None;
            }
            let after = rest[close + 1..].strip_prefix(':')?;
            return plain_after(after).then_some((key, Some(quote)));
        }
        _ => rest.split_once(':')?,
    };
    let plain = !key.is_empty()
        && !key.starts_with([
            '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '%', '@', '`',
        ])
        && !key.contains(" #")
        && !key.ends_with(' ');
    (plain && plain_after(after)).then_some((key, None))
}

/// Nothing but spaces and perhaps a comment.
fn plain_after(after: &str) -> bool {
    let trimmed = after.trim_start_matches(' ');
    trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < after.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "openapi: 3.1.0\n# note\npaths:\n  /a:\n    get:\n      operationId: a\n      # trailing\n  \"/b/{id}\":\n    get:\n      operationId: b\n\n# between\ncomponents:\n  schemas:\n    A:\n      type: object\n  # end\n";

    #[test]
    fn finds_the_blocks() {
        let outline = Outline::of(TEXT).unwrap();
        assert_eq!(outline.unit, 2);
        let spots = outline.spots("/c", false, true).unwrap();
        let after_b = TEXT.find("\n\n# between").unwrap() + 1;
        assert!(
            matches!(spots.target, Target::NewPath(Slot::Block { at, indent: 2 }) if at == after_b)
        );
        assert_eq!(spots.key_quote, None);
        let after_a = TEXT.find("      # trailing").unwrap();
        let spots = outline.spots("/a", true, false).unwrap();
        assert!(
            matches!(spots.target, Target::Method(Slot::Block { at, indent: 4 }) if at == after_a)
        );
        let spots = outline.spots("/b/{id}", true, true).unwrap();
        let after_b_item = TEXT.find("\n\n# between").unwrap() + 1;
        assert!(
            matches!(spots.target, Target::Method(Slot::Block { at, indent: 4 }) if at == after_b_item)
        );
        let end = TEXT.find("  # end").unwrap();
        assert!(
            matches!(spots.schemas, Some(SchemaSpot::Schemas(Slot::Block { at, indent: 4 })) if at == end)
        );
        let (cut, paths_end) = outline.split().unwrap();
        assert_eq!(&TEXT[cut..cut + 10], "  \"/b/{id}");
        assert_eq!(&TEXT[paths_end..paths_end + 11], "components:");
    }

    #[test]
    fn leaves_unusual_layouts_to_the_tree() {
        for text in [
            "---\nopenapi: 3.1.0\npaths:\n  /a:\n    get: {}\n",
            "openapi: 3.1.0\npaths: {}\n",
            "openapi: 3.1.0\npaths:\n\t/a:\n",
            "  openapi: 3.1.0\n  paths:\n    /a:\n      get: {}\n",
            "openapi: 3.1.0\npaths: # none\n",
        ] {
            assert!(
                Outline::of(text).is_none_or(|o| o.spots("/x", false, false).is_none()),
                "{text}"
            );
        }
        let empty_item = "openapi: 3.1.0\npaths:\n  /a:\n  /b:\n    get: {}\n";
        assert!(
            Outline::of(empty_item)
                .unwrap()
                .spots("/a", true, false)
                .is_none()
        );
        let no_schemas = "openapi: 3.1.0\npaths:\n  /a:\n    get: {}\n";
        assert!(
            Outline::of(no_schemas)
                .unwrap()
                .spots("/x", false, true)
                .is_none()
        );
    }

    #[test]
    fn block_keys() {
        assert_eq!(block_key("paths:"), Some(("paths", None)));
        assert_eq!(block_key("paths:  # c"), Some(("paths", None)));
        assert_eq!(block_key("'/a/{id}':"), Some(("/a/{id}", Some('\''))));
        assert_eq!(block_key("\"/a\":"), Some(("/a", Some('"'))));
        assert_eq!(block_key("paths: {}"), None);
        assert_eq!(block_key("\"a\\\"b\":"), None);
        assert_eq!(block_key("'it''s':"), None);
        assert_eq!(block_key("- a:"), None);
        assert_eq!(block_key("a: b"), None);
    }
}
