//! Example values valid against a schema (`enum`, `example`, bounds, `format`, lengths),
//! as plain values: the language-neutral half of every generator's examples.

use yaml_serde::Value;

use crate::yaml_view::{get, get_str};

/// A positive `multipleOf`.
#[must_use]
pub fn multiple_of(schema: &Value) -> Option<f64> {
    get(schema, "multipleOf")
        .and_then(Value::as_f64)
        .filter(|d| d.is_finite() && *d > 0.0)
}

/// Whether `value` is a multiple of `divisor`: the quotient within four units in the last
/// place of an integer, the error of a decimal divisor such as `0.01` that binary
/// floating point cannot hold exactly (`0.07 / 0.01` is `7.000000000000001`).
#[must_use]
pub fn is_multiple(value: f64, divisor: f64) -> bool {
    let quotient = value / divisor;
    quotient.is_finite()
        && (quotient - quotient.round()).abs() <= 4.0 * f64::EPSILON * quotient.abs()
}

/// An integer valid against `enum`, `example`, the bounds and `multipleOf`; 1 (or the
/// divisor) when free.
#[must_use]
pub fn integer_example(schema: &Value) -> i64 {
    let divisor = multiple_of(schema);
    #[allow(clippy::cast_precision_loss)]
    let fits = |n: i64| divisor.is_none_or(|d| is_multiple(n as f64, d));
    let first = get(schema, "enum")
        .and_then(Value::as_sequence)
        .and_then(|s| s.iter().find_map(Value::as_i64));
    let example = get(schema, "example")
        .and_then(Value::as_i64)
        .filter(|n| fits(*n));
    if let Some(example) = first.or(example) {
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
    let free = 1_i64.max(low).min(high);
    match divisor {
        #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
        Some(d) if d.fract() == 0.0 && d < 9.0e15 => {
            let d = d as i64;
            let up = free
                .div_euclid(d)
                .saturating_add(i64::from(free.rem_euclid(d) != 0));
            let candidate = up.saturating_mul(d);
            if candidate <= high {
                candidate
            } else {
                high.div_euclid(d).saturating_mul(d)
            }
        }
        _ => free,
    }
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

/// A number valid against `enum`, `example`, the bounds and `multipleOf`; 1.5 (or a
/// multiple of the divisor) when free.
#[must_use]
pub fn number_example(schema: &Value) -> f64 {
    let divisor = multiple_of(schema);
    let first = get(schema, "enum")
        .and_then(Value::as_sequence)
        .and_then(|s| s.iter().find_map(Value::as_f64));
    let example = get(schema, "example")
        .and_then(Value::as_f64)
        .filter(|n| divisor.is_none_or(|d| is_multiple(*n, d)));
    if let Some(example) = first.or(example) {
        return example;
    }
    let (low, high) = bounds(schema);
    let free = match (low, high) {
        (Some((lo, _)), Some((hi, _))) => f64::midpoint(lo, hi),
        (Some((lo, _)), None) if lo >= 1.5 => lo + 1.0,
        (None, Some((hi, _))) if hi <= 1.5 => hi - 1.0,
        _ => 1.5,
    };
    let Some(d) = divisor else {
        return free;
    };
    // The multiple at or above `free`, else the one below; past an exclusive bound, the
    // next one inwards.
    let below_high = |n: f64| high.is_none_or(|(hi, ex)| if ex { n < hi } else { n <= hi });
    let above_low = |n: f64| low.is_none_or(|(lo, ex)| if ex { n > lo } else { n >= lo });
    let up = (free / d).ceil() * d;
    let down = (free / d).floor() * d;
    [up, down, up + d, down - d]
        .into_iter()
        .find(|n| below_high(*n) && above_low(*n))
        .unwrap_or(up)
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
    use super::{integer_example, is_multiple, number_example, percent_encode};

    fn schema(text: &str) -> yaml_serde::Value {
        yaml_serde::from_str(text).unwrap()
    }

    #[test]
    fn multiples_are_exact_for_integers_and_tolerant_for_decimals() {
        assert!(is_multiple(10.0, 5.0));
        assert!(!is_multiple(7.0, 5.0));
        assert!(is_multiple(0.07, 0.01));
        assert!(is_multiple(0.3, 0.1));
        assert!(!is_multiple(0.075, 0.01));
        assert!(is_multiple(0.0, 0.5));
        assert!(!is_multiple(1e300, 1e-300));
        assert!(!is_multiple(2.589e-42, 0.01));
    }

    #[test]
    fn examples_are_multiples_of_multiple_of() {
        assert_eq!(
            integer_example(&schema("{type: integer, multipleOf: 5}")),
            5
        );
        assert_eq!(
            integer_example(&schema("{type: integer, multipleOf: 5, minimum: 7}")),
            10
        );
        assert_eq!(
            integer_example(&schema("{type: integer, multipleOf: 5, maximum: -3}")),
            -5
        );
        assert_eq!(
            integer_example(&schema("{type: integer, multipleOf: 5, example: 7}")),
            5
        );
        assert_eq!(
            integer_example(&schema("{type: integer, multipleOf: 5, example: 15}")),
            15
        );
        let number = number_example(&schema("{type: number, multipleOf: 0.25}"));
        assert!(is_multiple(number, 0.25), "{number}");
        let number = number_example(&schema(
            "{type: number, multipleOf: 0.01, minimum: 0, maximum: 1}",
        ));
        assert!(
            is_multiple(number, 0.01) && (0.0..=1.0).contains(&number),
            "{number}"
        );
        let number = number_example(&schema(
            "{type: number, multipleOf: 2, exclusiveMinimum: 0, exclusiveMaximum: 4}",
        ));
        assert!((number - 2.0).abs() < f64::EPSILON, "{number}");
    }

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
