//! Example values valid against a schema (`enum`, `example`, bounds, `format`, lengths),
//! as plain values: the language-neutral half of every generator's examples.

use yaml_serde::Value;

use crate::yaml_view::{get, get_str};

/// An integer valid against `enum`, `example` or the bounds; 1 when free.
#[must_use]
pub fn integer_example(schema: &Value) -> i64 {
    let first = get(schema, "enum")
        .and_then(Value::as_sequence)
        .and_then(|s| s.iter().find_map(Value::as_i64));
    if let Some(example) = first.or_else(|| get(schema, "example").and_then(Value::as_i64)) {
        return example;
    }
    let (low, high) = bounds(schema);
    #[allow(clippy::cast_possible_truncation)]
    let low = low.map_or(i64::MIN, |(b, exclusive)| {
        if exclusive {
            b.floor() as i64 + 1
        } else {
            b.ceil() as i64
        }
    });
    #[allow(clippy::cast_possible_truncation)]
    let high = high.map_or(i64::MAX, |(b, exclusive)| {
        if exclusive {
            b.ceil() as i64 - 1
        } else {
            b.floor() as i64
        }
    });
    1_i64.max(low).min(high)
}

/// A numeric bound and whether it is exclusive.
pub type Bound = Option<(f64, bool)>;

/// `(minimum, exclusive)` and `(maximum, exclusive)`, for 3.0 boolean and 3.1 numeric exclusives.
#[must_use]
pub fn bounds(schema: &Value) -> (Bound, Bound) {
    let bound = |plain: &str, exclusive: &str| {
        let flag = matches!(get(schema, exclusive), Some(Value::Bool(true)));
        match (
            get(schema, plain).and_then(Value::as_f64),
            get(schema, exclusive).and_then(Value::as_f64),
        ) {
            (_, Some(e)) => Some((e, true)),
            (Some(p), None) => Some((p, flag)),
            (None, None) => None,
        }
    };
    (
        bound("minimum", "exclusiveMinimum"),
        bound("maximum", "exclusiveMaximum"),
    )
}

/// A number valid against `enum`, `example` or the bounds; 1.5 when free.
#[must_use]
pub fn number_example(schema: &Value) -> f64 {
    let first = get(schema, "enum")
        .and_then(Value::as_sequence)
        .and_then(|s| s.iter().find_map(Value::as_f64));
    if let Some(example) = first.or_else(|| get(schema, "example").and_then(Value::as_f64)) {
        return example;
    }
    match bounds(schema) {
        (Some((lo, _)), Some((hi, _))) => f64::midpoint(lo, hi),
        (Some((lo, _)), None) if lo >= 1.5 => lo + 1.0,
        (None, Some((hi, _))) if hi <= 1.5 => hi - 1.0,
        _ => 1.5,
    }
}

/// A string valid against `enum`, `format`, `pattern` (its common shapes),
/// `minLength`/`maxLength`, or the schema's `example`.
#[must_use]
pub fn string_example(schema: &Value) -> String {
    if let Some(first) = get(schema, "enum")
        .and_then(Value::as_sequence)
        .and_then(|s| s.iter().find_map(Value::as_str))
    {
        return first.to_owned();
    }
    if let Some(example) = get(schema, "example")
        .and_then(Value::as_str)
        .filter(|e| e.len() <= 40)
    {
        return example.to_owned();
    }
    let by_format = match get_str(schema, "format") {
        Some("date-time") => Some("2024-01-01T00:00:00Z"),
        Some("date") => Some("2024-01-01"),
        Some("time") => Some("12:00:00Z"),
        Some("uuid") => Some("00000000-0000-4000-8000-000000000000"),
        Some("email") => Some("user@example.com"),
        Some("uri" | "url") => Some("https://example.com/"),
        Some("hostname") => Some("example.com"),
        Some("ipv4") => Some("192.0.2.1"),
        Some("ipv6") => Some("2001:db8::1"),
        _ => None,
    };
    if let Some(value) = by_format {
        return value.to_owned();
    }
    let len = |key: &str| {
        get(schema, key)
            .and_then(Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
    };
    let from_pattern = get_str(schema, "pattern")
        .and_then(|p| crate::pattern::pattern_example(p, len("minLength").unwrap_or(0)))
        .filter(|v| len("maxLength").is_none_or(|max| v.chars().count() <= max));
    if let Some(value) = from_pattern {
        return value;
    }
    let mut value = String::from("example");
    if let Some(min) = len("minLength") {
        while value.len() < min {
            value.push('x');
        }
    }
    if let Some(max) = len("maxLength") {
        value.truncate(max);
    }
    value
}

/// Percent-encodes everything but URI unreserved characters, for example paths and queries.
#[must_use]
pub fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::percent_encode;

    #[test]
    fn percent_encodes_examples() {
        assert_eq!(percent_encode("a b/c?d"), "a%20b%2Fc%3Fd");
        assert_eq!(percent_encode("user@example.com"), "user%40example.com");
        assert_eq!(
            percent_encode("2024-01-01T00:00:00Z"),
            "2024-01-01T00%3A00%3A00Z"
        );
    }
}
