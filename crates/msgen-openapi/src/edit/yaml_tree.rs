//! Byte positions in `openapi.yaml`, from yaml-edit's lossless syntax tree.
//!
//! The edit itself is a text insertion at these positions (see `edit/mod.rs`), so every byte
//! outside the insertion stays as written; yaml-edit only tells where things are.

use std::str::FromStr;

use yaml_edit::{Document, Mapping, MappingEntry, YamlNode};

use super::position::Slot;
use crate::ContractError;

/// The parsed tree plus the text it came from.
pub(crate) struct Tree<'a> {
    text: &'a str,
    root: Mapping,
}

impl<'a> Tree<'a> {
    /// Parse `text` (BOM already stripped) with yaml-edit.
    pub(crate) fn parse(text: &'a str) -> Result<Self, ContractError> {
        let doc = Document::from_str(text)
            .map_err(|e| ContractError::EditFailed(format!("yaml-edit: {e}")))?;
        let root = doc
            .as_mapping()
            .ok_or_else(|| ContractError::invalid("", "is not a mapping"))?;
        Ok(Self { text, root })
    }

    /// The root mapping.
    pub(crate) fn root(&self) -> &Mapping {
        &self.root
    }

    /// 0-based column of a byte offset.
    pub(crate) fn column(&self, offset: usize) -> usize {
        offset - self.text[..offset].rfind('\n').map_or(0, |i| i + 1)
    }

    /// Offset just past the line holding the last content of `node` (trailing comments excluded).
    pub(crate) fn after_content(&self, node: &YamlNode) -> usize {
        let leaf = last_leaf(node);
        let end = leaf.byte_range().end as usize;
        // A `|+`/`>+` block scalar keeps its trailing blank lines: they are content.
        let keep = leaf.as_scalar().is_some_and(|s| {
            let raw = s.value();
            raw.starts_with(['|', '>']) && raw.lines().next().is_some_and(|h| h.contains('+'))
        });
        if keep && self.text[..end].ends_with('\n') {
            return end;
        }
        let end = self.text[..end].trim_end().len();
        self.text[end..]
            .find('\n')
            .map_or(self.text.len(), |i| end + i + 1)
    }

    /// The indentation step of the file: the column of the first nested block key.
    pub(crate) fn unit(&self) -> usize {
        // `paths` decides when it is a block mapping: that is where operations go.
        let paths = entry(&self.root, "paths").into_iter();
        let others = self
            .root
            .entries()
            .filter(|e| key_of(e).as_deref() != Some("paths"));
        paths
            .chain(others)
            .find_map(|e| {
                let parent = self.column(e.key_node()?.byte_range().start as usize);
                let child = match e.value_node() {
                    Some(YamlNode::Mapping(m)) if !m.is_flow_style() => m.entries().next()?,
                    _ => return None,
                };
                let column = self.column(child.key_node()?.byte_range().start as usize);
                column.checked_sub(parent).filter(|step| *step > 0)
            })
            .unwrap_or(2)
    }

    /// The slot for a new child of `entry`'s value; `what` names the entry in errors.
    pub(crate) fn slot(&self, entry: &MappingEntry, what: &str) -> Result<Slot, ContractError> {
        let key = entry
            .key_node()
            .ok_or_else(|| ContractError::EditFailed(format!("`{what}` has no key")))?;
        let key_range = key.byte_range();
        let key_column = self.column(key_range.start as usize);
        let key_line_end = self.line_end(key_range.end as usize);
        let empty = |remove: (usize, usize)| Slot::Empty {
            remove,
            at: key_line_end,
            indent: key_column + self.unit(),
        };
        match entry.value_node() {
            Some(YamlNode::Mapping(m)) if m.is_empty() => {
                let range = m.byte_range();
                let start = self.text[..range.start as usize]
                    .trim_end_matches(' ')
                    .len();
                let end = range.start as usize
                    + self.text[range.start as usize..range.end as usize]
                        .trim_end()
                        .len();
                Ok(empty((start, end)))
            }
            Some(YamlNode::Mapping(m)) if m.is_flow_style() => Err(ContractError::invalid(
                what,
                "is written in flow style (`{ … }`); msgen can only add to block mappings, so rewrite it in block style",
            )),
            Some(YamlNode::Mapping(m)) => {
                let first = m
                    .entries()
                    .next()
                    .and_then(|e| e.key_node())
                    .map(|k| k.byte_range().start as usize);
                let indent = first.map_or(key_column + self.unit(), |s| self.column(s));
                Ok(Slot::Block {
                    at: self.after_content(&YamlNode::Mapping(m)),
                    indent,
                })
            }
            Some(YamlNode::Scalar(s)) if s.is_null() && s.value().trim().is_empty() => {
                Ok(empty((0, 0)))
            }
            None => Ok(empty((0, 0))),
            Some(_) => Err(ContractError::invalid(what, "is not a mapping")),
        }
    }

    /// The slot for a new top-level key at the end of the document.
    pub(crate) fn end_of_document(&self) -> usize {
        self.root
            .entries()
            .last()
            .map_or(self.text.len(), |e| match e.value_node() {
                Some(v) => self.after_content(&v),
                None => self.line_end(e.byte_range().end as usize),
            })
    }

    fn line_end(&self, offset: usize) -> usize {
        self.text[offset..]
            .find('\n')
            .map_or(self.text.len(), |i| offset + i + 1)
    }
}

/// Entry of `map` whose key is the scalar `key` (quoting ignored).
pub(crate) fn entry(map: &Mapping, key: &str) -> Option<MappingEntry> {
    map.entries().find(|e| key_of(e).as_deref() == Some(key))
}

/// The key of an entry as unquoted text.
pub(crate) fn key_of(entry: &MappingEntry) -> Option<String> {
    entry
        .key_node()
        .and_then(|k| k.as_scalar().map(yaml_edit::Scalar::as_string))
}

/// The value of `entry` as a block or flow mapping.
pub(crate) fn mapping_value(entry: &MappingEntry) -> Option<Mapping> {
    match entry.value_node() {
        Some(YamlNode::Mapping(m)) => Some(m),
        _ => None,
    }
}

/// The node holding the last content of `node`: its last scalar, alias or flow collection.
fn last_leaf(node: &YamlNode) -> YamlNode {
    match node {
        YamlNode::Mapping(m) if !m.is_flow_style() && !m.is_empty() => {
            let Some(last) = m.entries().last() else {
                return node.clone();
            };
            match last.value_node() {
                Some(value) if value.byte_range().start < value.byte_range().end => {
                    last_leaf(&value)
                }
                _ => last.key_node().unwrap_or_else(|| node.clone()),
            }
        }
        YamlNode::Sequence(s) if !s.is_flow_style() && !s.is_empty() => {
            s.last().map_or_else(|| node.clone(), |v| last_leaf(&v))
        }
        _ => node.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "openapi: 3.1.0\npaths:\n    # c\n    \"/a\":\n        get:\n            description: |\n                # md\n\n    # trailing\n\ncomponents:\n    schemas: {}   # none\nx:\n";

    #[test]
    fn block_slot_is_after_the_last_content_line() {
        let tree = Tree::parse(TEXT).unwrap();
        let paths = entry(tree.root(), "paths").unwrap();
        let Slot::Block { at, indent } = tree.slot(&paths, "paths").unwrap() else {
            panic!()
        };
        assert_eq!(indent, 4);
        assert!(TEXT[..at].ends_with("# md\n"), "{:?}", &TEXT[..at]);
        assert_eq!(tree.unit(), 4);
    }

    #[test]
    fn empty_flow_slot_removes_the_braces() {
        let tree = Tree::parse(TEXT).unwrap();
        let components = mapping_value(&entry(tree.root(), "components").unwrap()).unwrap();
        let schemas = entry(&components, "schemas").unwrap();
        let Slot::Empty { remove, at, indent } = tree.slot(&schemas, "schemas").unwrap() else {
            panic!()
        };
        assert_eq!(&TEXT[remove.0..remove.1], " {}");
        assert!(TEXT[..at].ends_with("# none\n"));
        assert_eq!(indent, 8);
        let x = entry(tree.root(), "x").unwrap();
        assert!(matches!(
            tree.slot(&x, "x").unwrap(),
            Slot::Empty { remove: (0, 0), .. }
        ));
    }

    #[test]
    fn the_unit_comes_from_paths_first() {
        let text = "info:\n  title: t\npaths:\n    /a:\n        get: {}\n";
        assert_eq!(Tree::parse(text).unwrap().unit(), 4);
        let text = "info:\n   title: t\npaths: {}\n";
        assert_eq!(Tree::parse(text).unwrap().unit(), 3);
        assert_eq!(Tree::parse("a: 1\n").unwrap().unit(), 2);
    }

    #[test]
    fn flow_mappings_are_refused() {
        let text = "paths: {/a: {get: {}}}\n";
        let tree = Tree::parse(text).unwrap();
        let paths = entry(tree.root(), "paths").unwrap();
        assert!(tree.slot(&paths, "paths").is_err());
    }

    #[test]
    fn end_of_document_skips_trailing_comments() {
        let text = "a: 1\nb:\n  c: [1, 2]\n# end\n";
        let tree = Tree::parse(text).unwrap();
        assert_eq!(&text[..tree.end_of_document()], "a: 1\nb:\n  c: [1, 2]\n");
    }
}
