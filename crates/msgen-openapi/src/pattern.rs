//! A string matching a `pattern`, for the common shapes: literals, `.`, classes
//! (`[a-z0-9_]`, `[^…]`), `\d`, `\w`, `\s`, escapes, anchors, groups without
//! alternatives, and the quantifiers `?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}`. Anything
//! else (alternation, look-around, back references) gives `None`, and the caller keeps
//! its other example.

/// The shortest string of `pattern` that also meets `min_len` (by repeating the last
/// repeatable atom), or `None` for a pattern outside the shapes above.
#[must_use]
pub(crate) fn pattern_example(pattern: &str, min_len: usize) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut atoms = Vec::new();
    parse(&chars, &mut 0, &mut atoms, 0)?;
    let mut out = String::new();
    let mut growable = None;
    for (atom, min, max) in &atoms {
        for _ in 0..*min {
            out.push_str(atom);
        }
        if max.is_none_or(|m| m > *min) && !atom.is_empty() {
            growable = Some((out.len(), atom.clone(), *max, *min));
        }
    }
    // Lengthen at the last atom that may repeat more, when a `minLength` asks for it.
    if let Some((at, atom, max, min)) = growable {
        let mut extra = String::new();
        let mut count = min;
        while out.chars().count() + extra.chars().count() < min_len && max.is_none_or(|m| count < m)
        {
            extra.push_str(&atom);
            count += 1;
        }
        out.insert_str(at, &extra);
    }
    Some(out)
}

/// One atom: the text one repetition gives, and its repetition bounds.
type Atom = (String, usize, Option<usize>);

fn parse(chars: &[char], i: &mut usize, atoms: &mut Vec<Atom>, depth: usize) -> Option<()> {
    if depth > 8 {
        return None;
    }
    while *i < chars.len() {
        let c = chars[*i];
        *i += 1;
        let text = match c {
            '^' | '$' => continue,
            ')' if depth > 0 => return Some(()),
            '(' => {
                if chars.get(*i) == Some(&'?') {
                    if chars.get(*i + 1) == Some(&':') {
                        *i += 2;
                    } else {
                        return None;
                    }
                }
                let mut inner = Vec::new();
                parse(chars, i, &mut inner, depth + 1)?;
                inner
                    .iter()
                    .map(|(t, min, _)| t.repeat(*min.max(&1)))
                    .collect()
            }
            '|' | ')' | '*' | '+' | '?' | '{' => return None,
            '.' => "a".into(),
            '[' => class(chars, i)?.to_string(),
            '\\' => {
                let e = *chars.get(*i)?;
                *i += 1;
                match e {
                    'd' => "1".into(),
                    'w' => "a".into(),
                    's' => " ".into(),
                    'D' | 'W' | 'S' => "-".into(),
                    'b' | 'B' | 'A' | 'z' | 'Z' => continue,
                    c if c.is_ascii_alphanumeric() => return None,
                    c => c.to_string(),
                }
            }
            c => c.to_string(),
        };
        let (min, max) = quantifier(chars, i)?;
        atoms.push((text, min, max));
    }
    (depth == 0).then_some(())
}

/// A class `[…]` (after the `[`): its first member that matches.
fn class(chars: &[char], i: &mut usize) -> Option<char> {
    let negated = chars.get(*i) == Some(&'^');
    if negated {
        *i += 1;
    }
    let mut members = Vec::new();
    let mut first = true;
    while *i < chars.len() && (chars[*i] != ']' || first) {
        first = false;
        let mut c = chars[*i];
        *i += 1;
        if c == '\\' {
            let e = *chars.get(*i)?;
            *i += 1;
            c = match e {
                'd' => '1',
                'w' => 'a',
                's' => ' ',
                e if e.is_ascii_alphanumeric() => return None,
                e => e,
            };
        }
        if chars.get(*i) == Some(&'-') && chars.get(*i + 1).is_some_and(|n| *n != ']') {
            let end = chars[*i + 1];
            *i += 2;
            members.push((c, end));
        } else {
            members.push((c, c));
        }
    }
    if chars.get(*i) != Some(&']') {
        return None;
    }
    *i += 1;
    if negated {
        let candidates = ['a', 'x', '1', '-', '_', ' '];
        return candidates
            .into_iter()
            .find(|c| !members.iter().any(|(lo, hi)| (lo..=hi).contains(&c)));
    }
    members.first().map(|(lo, _)| *lo)
}

/// A quantifier after an atom: `(min, max)`, `(1, Some(1))` when none.
fn quantifier(chars: &[char], i: &mut usize) -> Option<(usize, Option<usize>)> {
    let bounds = match chars.get(*i) {
        Some('?') => (0, Some(1)),
        Some('*') => (0, None),
        Some('+') => (1, None),
        Some('{') => {
            let end = chars[*i..].iter().position(|c| *c == '}')? + *i;
            let body: String = chars[*i + 1..end].iter().collect();
            *i = end;
            match body.split_once(',') {
                None => {
                    let n = body.trim().parse().ok()?;
                    (n, Some(n))
                }
                Some((lo, "")) => (lo.trim().parse().ok()?, None),
                Some((lo, hi)) => (lo.trim().parse().ok()?, Some(hi.trim().parse().ok()?)),
            }
        }
        _ => return Some((1, Some(1))),
    };
    *i += 1;
    // A lazy or possessive suffix changes nothing here.
    if matches!(chars.get(*i), Some('?' | '+')) {
        *i += 1;
    }
    Some(bounds)
}

#[cfg(test)]
mod tests {
    use super::pattern_example;

    #[test]
    fn common_patterns_get_a_matching_string() {
        for (pattern, min, expected) in [
            ("^[a-z]+$", 0, Some("a")),
            ("^[A-Z]{3}$", 0, Some("AAA")),
            (r"^\d{4}-\d{2}-\d{2}$", 0, Some("1111-11-11")),
            ("^[a-z0-9_-]{3,16}$", 0, Some("aaa")),
            ("^[a-z]+$", 5, Some("aaaaa")),
            (r"^(?:ab)+\.x?$", 0, Some("ab.")),
            (r"^[^\s@]+@[^\s@]+$", 0, Some("a@a")),
            ("^#[0-9a-fA-F]{6}$", 0, Some("#000000")),
            ("^(a|b)$", 0, None),
            (r"^(?=a)a$", 0, None),
        ] {
            assert_eq!(
                pattern_example(pattern, min).as_deref(),
                expected,
                "{pattern}"
            );
        }
    }
}
