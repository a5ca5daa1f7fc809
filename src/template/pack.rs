//! Speed: handlebars' parser costs hundreds of instructions per byte of raw
//! text, and most template bytes are raw text. Before compiling, runs of
//! lines that hold no handlebars syntax are swapped for a helper call that
//! prints them back. The output is identical (tested against plain
//! rendering of every built-in file); line numbers in errors stay right
//! because the call keeps the run's newlines inside its braces.

use std::cell::RefCell;
use std::sync::Arc;

/// The helper that prints a packed run.
pub(super) const HELPER: &str = "__msgen_raw";

/// Runs shorter than this stay as they are: not worth a helper call.
const MIN_RUN_BYTES: usize = 48;

thread_local! {
    static CHUNKS: RefCell<Arc<Vec<String>>> = RefCell::new(Arc::new(Vec::new()));
}

/// Makes `chunks` the ones the helper prints until the next call.
pub(super) fn set_current(chunks: Arc<Vec<String>>) {
    CHUNKS.with(|current| *current.borrow_mut() = chunks);
}

/// The chunk with index `index` of the template being rendered.
#[must_use]
pub(super) fn chunk(index: usize) -> String {
    CHUNKS.with(|current| current.borrow().get(index).cloned().unwrap_or_default())
}

/// Returns the packed template text and its raw chunks.
#[must_use]
pub(super) fn pack(text: &str) -> (String, Vec<String>) {
    let tags = tag_ranges(text);
    let mut lines = Vec::new();
    let mut start = 0;
    for (index, _) in text.match_indices('\n') {
        lines.push((start, index));
        start = index + 1;
    }
    lines.push((start, text.len()));
    let pure = |&(from, to): &(usize, usize)| {
        !tags
            .iter()
            .any(|&(tag_from, tag_to)| tag_from < to.max(from + 1) && tag_to > from)
    };

    let mut out = String::with_capacity(text.len() / 4);
    let mut chunks = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let mut end = index;
        while end < lines.len() && pure(&lines[end]) {
            end += 1;
        }
        if end == index {
            push_line(&mut out, text, lines[index], index + 1 < lines.len());
            index += 1;
            continue;
        }
        let (from, to) = (lines[index].0, lines[end - 1].1);
        let before_strips = index > 0 && line(text, lines[index - 1]).contains("~}}");
        let after_strips = end < lines.len() && line(text, lines[end]).contains("{{~");
        // After a line that ends in a `~}}` tag, handlebars strips the whitespace that
        // starts the text after it, newline and run alike: the run is packed with that
        // whitespace already stripped (the newline before the helper call is stripped
        // by the same `~`). Any other `~` next to the run leaves it as it is.
        let strip_start = index > 0 && ends_with_stripping_tag(text, &tags, lines[index - 1]);
        let run = if strip_start {
            text[from..to].trim_start()
        } else {
            &text[from..to]
        };
        if run.len() >= MIN_RUN_BYTES && (!before_strips || strip_start) && !after_strips {
            out.push_str("{{");
            out.push_str(HELPER);
            out.push(' ');
            out.push_str(&chunks.len().to_string());
            for _ in index + 1..end {
                out.push('\n');
            }
            out.push_str("}}");
            if end < lines.len() {
                out.push('\n');
            }
            chunks.push(run.to_owned());
        } else {
            for position in index..end {
                push_line(&mut out, text, lines[position], position + 1 < lines.len());
            }
        }
        index = end;
    }
    (out, chunks)
}

fn line(text: &str, (from, to): (usize, usize)) -> &str {
    &text[from..to]
}

/// Whether the line ends (but for whitespace) with a mustache that closes with `~}}`:
/// not a comment, not an escaped `\{{`, not a triple `}}}`, and with something before
/// it on the line. A block tag alone on its line is "standalone" to handlebars, which
/// then also drops the first newline of the next text it meets; left as it is.
fn ends_with_stripping_tag(text: &str, tags: &[(usize, usize)], range: (usize, usize)) -> bool {
    let whole = line(text, range);
    let trimmed = whole.trim_end();
    let first = range.0 + (whole.len() - whole.trim_start().len());
    let end = range.0 + trimmed.len();
    trimmed.ends_with("~}}")
        && tags.iter().any(|&(from, to)| {
            let tag = &text[from..];
            to == end
                && from > first
                && !tag.starts_with("{{!")
                && !tag.starts_with("{{~!")
                && !tag.starts_with('\\')
        })
}

fn push_line(out: &mut String, text: &str, range: (usize, usize), newline: bool) {
    out.push_str(line(text, range));
    if newline {
        out.push('\n');
    }
}

/// Byte ranges of handlebars syntax: mustaches, comments, raw blocks, and
/// the escape backslash before `{{`.
fn tag_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut cursor = 0;
    while let Some(found) = text[cursor..].find("{{") {
        let mut start = cursor + found;
        if start > 0 && text.as_bytes()[start - 1] == b'\\' {
            start -= 1;
        }
        let open = cursor + found;
        let rest = &text[open..];
        let end = if rest.starts_with("{{{{") {
            // A raw block runs to the end of its closing `{{{{/…}}}}`.
            rest.find("{{{{/")
                .and_then(|close| rest[close..].find("}}}}").map(|end| close + end + 4))
        } else if rest.starts_with("{{!--") || rest.starts_with("{{~!--") {
            // A block comment ends at the first `--}}` or `--~}}`.
            let plain = rest.find("--}}").map(|end| end + 4);
            let stripping = rest.find("--~}}").map(|end| end + 5);
            plain.into_iter().chain(stripping).min()
        } else {
            rest[2..].find("}}").map(|end| end + 4)
        };
        let end = end.map_or(text.len(), |end| open + end);
        ranges.push((start, end));
        cursor = end.max(open + 2);
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_long_pure_runs_and_keeps_line_count() {
        let text = "line one is long enough to pack, really it is\nline two also\n{{#if x}}\nshort\n{{/if}}\ntail\n";
        let (packed, chunks) = pack(text);
        assert_eq!(
            chunks,
            ["line one is long enough to pack, really it is\nline two also"]
        );
        assert_eq!(packed.lines().count(), text.lines().count());
        assert!(packed.starts_with("{{__msgen_raw 0\n}}\n{{#if x}}\nshort\n"));
    }

    #[test]
    fn packs_a_run_after_a_stripping_tag_without_its_leading_whitespace() {
        let run = "  line one is long enough to pack, really it is\nline two";
        let (packed, chunks) = pack(&format!("{{{{#if x}}}}a{{{{/if~}}}}\n{run}\n{{{{y}}}}\n"));
        assert_eq!(chunks, [run.trim_start()]);
        assert_eq!(packed, "{{#if x}}a{{/if~}}\n{{__msgen_raw 0\n}}\n{{y}}\n");
        // A `~}}` followed by text on its line, closing a comment, or alone: left as it is.
        for before in ["{{x~}} more", "{{!-- note --~}}", "  {{/if~}}"] {
            let text = format!("{before}\n{run}\n");
            assert!(pack(&text).1.is_empty(), "{before}");
        }
    }

    #[test]
    fn a_block_comment_ends_at_its_stripping_close_too() {
        let run = "line one is long enough to pack, really it is\nline two";
        for comment in ["{{!-- note --~}}", "{{~!-- note --}}"] {
            let (packed, chunks) = pack(&format!("{comment}\n{{{{x}}}}\n{run}\n{{{{y}}}}\n"));
            assert_eq!(chunks, [run], "{comment}");
            assert!(packed.starts_with(&format!("{comment}\n{{{{x}}}}\n{{{{__msgen_raw 0")));
        }
    }

    #[test]
    fn the_built_in_lockfile_is_mostly_packed() {
        // Handlebars' compile time grows with the square of the text it parses (pest
        // finds each element's line by scanning from the start): the 44 KB lockfile
        // must reach it as slot lines and helper calls, not as raw text.
        let text = include_str!("../../templates/rust-axum/files/Cargo.lock.hbs");
        let (packed, chunks) = pack(text);
        assert!(chunks.len() > 100, "{} chunks", chunks.len());
        assert!(
            packed.len() * 2 < text.len(),
            "{} of {} bytes",
            packed.len(),
            text.len()
        );
    }

    #[test]
    fn leaves_comments_raw_blocks_and_escapes_alone() {
        for text in [
            "{{! a comment\nthat spans a long line which would otherwise be packed\n}}\n",
            "{{!-- block comment\nthat spans a long line which would otherwise be packed\n--}}\n",
            "{{{{raw}}}}\nthat spans a long line which would otherwise be packed {{x}}\n{{{{/raw}}}}\n",
            "\\{{ github.sha }} and a long line which would otherwise be packed\n",
        ] {
            assert!(pack(text).1.is_empty(), "{text}");
        }
    }
}
