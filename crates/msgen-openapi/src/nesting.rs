//! A linear bound on flow nesting, checked before any YAML parser reads the contract.
//!
//! The YAML scanner under yaml_serde walks its stack of possible keys, one entry per open
//! `[` or `{`, for every token it reads, and yaml_serde refuses nesting deeper than 128 only
//! after the whole document is scanned: `paths:` followed by 100,000 `[` and as many `]`
//! (200 KB) took more than 20 seconds. [`check`] walks the bytes once and refuses text whose
//! flow collections nest deeper than [`MAX_FLOW_DEPTH`], so the scanner's stack stays short
//! and reading any text under the size cap takes time linear in its size.
//!
//! The walk follows the scanner where it decides what a bracket is: inside a flow collection
//! every bracket outside quoted scalars and comments opens or closes one; in a block, a bracket
//! or a quote starts something only where a token starts (a line's first word, after `: `,
//! `- `, `? `, an anchor or a tag), elsewhere it is part of a plain scalar (`^[a-z]`, `see
//! [docs]`, `it's`). Where the two could still disagree, the walk counts more, never less: a
//! bracket at the start of a line counts even inside a block scalar, a quoted scalar in a block
//! ends with its line, and the brackets inside a quoted scalar count towards the limit as if
//! they were tokens: while the scalar lasts, and in a flow collection for the rest of the text
//! when they do not close within it.

use super::ContractError;

/// Deepest nesting of flow collections msgen reads. yaml_serde refuses any nesting deeper
/// than 128, so no contract it reads comes near this.
pub const MAX_FLOW_DEPTH: usize = 256;

/// Refuses `text` when its `[`/`{` collections nest deeper than [`MAX_FLOW_DEPTH`].
pub(crate) fn check(text: &str) -> Result<(), ContractError> {
    check_with(text, MAX_FLOW_DEPTH)
}

/// What the walk knows about the byte before the current one.
struct Walk<'a> {
    bytes: &'a [u8],
    limit: usize,
    /// Open flow collections (0: block context).
    depth: usize,
    /// Inside a plain scalar of a flow collection.
    plain: bool,
    /// The previous byte, `\n` at the start of a line.
    prev: u8,
    /// The previous non-blank byte on this line, `\n` at its start.
    last: u8,
    /// The first byte of the previous word on this line, `\n` at its start.
    word: u8,
    /// Brackets left open inside quoted scalars, anchors and tags of flow collections: they
    /// count towards the limit from there on.
    kept: usize,
}

fn check_with(text: &str, limit: usize) -> Result<(), ContractError> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut walk = Walk {
        bytes: body.as_bytes(),
        limit,
        depth: 0,
        plain: false,
        prev: b'\n',
        last: b'\n',
        word: b'\n',
        kept: 0,
    };
    walk.run().map_err(|at| {
        let offset = text.len() - body.len() + at;
        let before = &text.as_bytes()[..offset];
        let line = before.split(|b| *b == b'\n').count();
        let column = offset
            - before
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |i| i + 1)
            + 1;
        ContractError::TooDeep {
            line,
            column,
            limit,
        }
    })
}

impl Walk<'_> {
    /// Walks every byte; `Err` holds the offset of the bracket past the limit.
    fn run(&mut self) -> Result<(), usize> {
        let mut i = 0;
        while let Some(&byte) = self.bytes.get(i) {
            let newline = line_break(self.bytes, i);
            if newline > 0 {
                if self.depth == 0 {
                    self.plain = false;
                }
                self.prev = b'\n';
                self.last = b'\n';
                self.word = b'\n';
                i += newline;
                continue;
            }
            let flow = self.depth > 0;
            let after_blank = matches!(self.prev, b' ' | b'\t' | b'\n');
            let token_start = if flow {
                !self.plain
            } else {
                after_blank
                    && (matches!(self.last, b'\n' | b':' | b'-' | b'?')
                        || matches!(self.word, b'&' | b'!'))
            };
            if after_blank && !matches!(byte, b' ' | b'\t') {
                self.word = byte;
            }
            match byte {
                b' ' | b'\t' => {}
                b'#' if (flow && !self.plain) || after_blank => {
                    self.plain = false;
                    i = self.line_end(i);
                    continue;
                }
                b'\'' | b'"' if token_start => {
                    i = self.quoted(i)?;
                    self.plain = false;
                    self.prev = byte;
                    self.last = byte;
                    continue;
                }
                b'?' | b'-' if flow && !self.plain && self.blank_after(i) => {}
                b'&' | b'*' | b'!' if flow && !self.plain => {
                    i = self.property(i)?;
                    continue;
                }
                b'[' | b'{' if flow || token_start => {
                    self.depth += 1;
                    self.plain = false;
                    if self.depth + self.kept > self.limit {
                        return Err(i);
                    }
                }
                b']' | b'}' if flow => {
                    self.depth -= 1;
                    self.plain = false;
                }
                b',' if flow => self.plain = false,
                b':' if flow && (!self.plain || self.blank_after(i)) => self.plain = false,
                _ if flow => self.plain = true,
                _ => {}
            }
            if !matches!(byte, b' ' | b'\t') {
                self.last = byte;
            }
            self.prev = byte;
            i += 1;
        }
        Ok(())
    }

    /// Whether a blank, a line break or the end of the text follows offset `i`.
    fn blank_after(&self, i: usize) -> bool {
        i + 1 >= self.bytes.len()
            || matches!(self.bytes[i + 1], b' ' | b'\t')
            || line_break(self.bytes, i + 1) > 0
    }

    /// The offset of the line break ending the line at `i`, or the end of the text.
    fn line_end(&self, mut i: usize) -> usize {
        while i < self.bytes.len() && line_break(self.bytes, i) == 0 {
            i += 1;
        }
        i
    }

    /// Skips the quoted scalar opening at `i`; returns the offset after its closing quote,
    /// or, in a block, of the end of its line.
    ///
    /// Brackets inside open nothing, but in case the scanner reads this text as tokens (when
    /// the two disagree about where the scalar starts), the walk counts what they would open:
    /// `[` and `{` add one, `]` and `}` take one away unless they sit in a nested quote or
    /// after ` #` (where the scanner would not see them either). That count adds to the depth
    /// while the scalar lasts, and in a flow collection what is left of it at the end counts
    /// for the rest of the text.
    fn quoted(&mut self, i: usize) -> Result<usize, usize> {
        let quote = self.bytes[i];
        let mut open = 0;
        let mut nested = false;
        let mut comment = false;
        let mut prev = quote;
        let mut j = i + 1;
        while let Some(&byte) = self.bytes.get(j) {
            let newline = line_break(self.bytes, j);
            if newline > 0 {
                if self.depth == 0 {
                    return Ok(j);
                }
                comment = false;
                prev = b'\n';
                j += newline;
                continue;
            }
            match byte {
                b'\\' if quote == b'"' => j += 1,
                b'\'' if quote == b'\'' && self.bytes.get(j + 1) == Some(&b'\'') => j += 1,
                _ if byte == quote => break,
                b'\'' | b'"' => nested = !nested,
                b'#' if matches!(prev, b' ' | b'\t' | b'\n') && !nested => comment = true,
                b'[' | b'{' => {
                    open += 1;
                    if self.depth + self.kept + open > self.limit {
                        return Err(j);
                    }
                }
                b']' | b'}' if !nested && !comment => open = open.saturating_sub(1),
                _ => {}
            }
            prev = byte;
            j += 1;
        }
        if self.depth > 0 {
            self.kept += open;
        }
        Ok((j + 1).min(self.bytes.len()))
    }

    /// Skips an anchor, alias or tag in a flow collection, starting at `i`, up to the next
    /// blank or line break. Its `[` and `{` count towards the limit for the rest of the text.
    fn property(&mut self, i: usize) -> Result<usize, usize> {
        let mut inside = 0;
        let mut j = i;
        while let Some(&byte) = self.bytes.get(j) {
            if matches!(byte, b' ' | b'\t') || line_break(self.bytes, j) > 0 {
                break;
            }
            if matches!(byte, b'[' | b'{') {
                inside += 1;
                if self.depth + self.kept + inside > self.limit {
                    return Err(j);
                }
            }
            j += 1;
        }
        self.kept += inside;
        self.prev = b'!';
        self.last = b'!';
        Ok(j)
    }
}

/// The length of the line break at `i` (`\n`, `\r`, NEL, LS, PS), or 0.
fn line_break(bytes: &[u8], i: usize) -> usize {
    match bytes[i..] {
        [b'\n' | b'\r', ..] => 1,
        [0xC2, 0x85, ..] => 2,
        [0xE2, 0x80, 0xA8 | 0xA9, ..] => 3,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_error(text: &str, limit: usize) -> Option<(usize, usize)> {
        match check_with(text, limit) {
            Ok(()) => None,
            Err(ContractError::TooDeep { line, column, .. }) => Some((line, column)),
            Err(other) => panic!("{other}"),
        }
    }

    #[test]
    fn flow_brackets_past_the_limit_are_refused_at_the_first_one_too_many() {
        let text = format!(
            "openapi: 3.1.0\npaths: {}{}\n",
            "[".repeat(5),
            "]".repeat(5)
        );
        assert_eq!(depth_error(&text, 5), None);
        assert_eq!(depth_error(&text, 4), Some((2, 12)));
        let mixed = format!("a: {}x{}\n", "{b: [".repeat(3), "]}".repeat(3));
        assert_eq!(depth_error(&mixed, 6), None);
        assert_eq!(depth_error(&mixed, 5), Some((1, 18)));
        let lines = format!("a:\n{}", "  - [\n".repeat(4));
        assert_eq!(depth_error(&lines, 3), Some((5, 5)));
    }

    #[test]
    fn brackets_in_scalars_and_comments_do_not_nest() {
        let lines = "x: {pattern: '^[a-z]+$', p: \"[[a]]\", q: 'it''s [[x]]', r: '{\"a\": [1]}'}\n\
            y: a[0] b[1 c[2 ^[a-z] see [docs\n\
            z: [it's, a#b] # [[[[[[[[\n\
            w: 'a [b\n\
              c] it''s'\n\
            v: '[[[['\n\
            description: |\n  see [the docs](x) and [that]\n";
        let text = format!("\u{feff}openapi: 3.1.0\n{}", lines.repeat(100));
        assert_eq!(depth_error(&text, 4), None);
        // While a quoted scalar lasts, its brackets count.
        assert_eq!(depth_error(&text, 3), Some((7, 8)));
    }

    #[test]
    fn quotes_and_comments_do_not_hide_brackets() {
        // A quote inside a plain scalar opens nothing, so the `]` after it closes.
        assert_eq!(depth_error("a: [[b 'c], [d 'e]]\n", 2), None);
        // Closing brackets inside quotes do not undo the ones outside.
        let text = format!("a: {}\n", "[ \"]\" ".repeat(4));
        assert_eq!(depth_error(&text, 3), Some((1, 22)));
        // Brackets inside what looks like a quote still count while it lasts.
        let text = format!("- see 'x: {}\n", "[".repeat(4));
        assert_eq!(depth_error(&text, 3), Some((1, 14)));
        // A `#` glued to a word is not a comment.
        assert_eq!(depth_error("a: b#[[[\n", 1), None);
        assert_eq!(depth_error("a: [b#[[[\n", 3), Some((1, 9)));
        // A quote that starts a line of a block scalar ends with that line.
        let text = format!(
            "d: |\n  '\ny: {} 'a':{{\"k\":{}\n",
            "[".repeat(3),
            "[".repeat(3)
        );
        assert_eq!(depth_error(&text, 6), Some((3, 19)));
        // Brackets in a quoted scalar spanning lines in a flow collection count from then on.
        assert_eq!(depth_error("a: ['[[\n  [[', [[]]]\n", 5), Some((2, 8)));
        // Closing brackets in a nested quote or after ` #` inside a quoted scalar do not undo
        // the opening ones, and in a flow collection those left open keep counting.
        let text = "x: [ 'b: [[[[ \"]]]]\" ' ]\ny: [ 'b: [[[[ #]]]]\n' ]\n";
        assert_eq!(depth_error(text, 4), Some((1, 13)));
        assert_eq!(depth_error(text, 8), Some((2, 13)));
        assert_eq!(depth_error(text, 9), None);
        // Other line breaks end lines as `\n` does.
        assert_eq!(depth_error("a: x\u{2028}[[\n", 1), Some((1, 9)));
    }
}
