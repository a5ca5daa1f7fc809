//! HTTP methods, parameter types and route-path validation.

use std::fmt;
use std::str::FromStr;

use heck::ToSnakeCase;

use super::ContractError;
use super::names::is_keyword;

/// An HTTP method axum can route.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HttpMethod {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
    /// `HEAD`
    Head,
    /// `OPTIONS`
    Options,
}

impl HttpMethod {
    /// Every method, in the order `OpenAPI` lists them.
    pub const ALL: [Self; 7] = [
        Self::Get,
        Self::Put,
        Self::Post,
        Self::Delete,
        Self::Options,
        Self::Head,
        Self::Patch,
    ];

    /// Lowercase name: the `OpenAPI` key and the axum routing function.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "get",
            Self::Post => "post",
            Self::Put => "put",
            Self::Patch => "patch",
            Self::Delete => "delete",
            Self::Head => "head",
            Self::Options => "options",
        }
    }

    /// Uppercase name, as in `GET /orders`.
    #[must_use]
    pub fn upper(self) -> String {
        self.as_str().to_ascii_uppercase()
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.upper())
    }
}

impl FromStr for HttpMethod {
    type Err = ContractError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| ContractError::InvalidMethod {
                found: s.to_owned(),
                allowed: "GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS".into(),
            })
    }
}

/// The type of a path or query parameter given on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ParamType {
    /// `type: string`, Rust `String`.
    #[default]
    String,
    /// `type: integer, format: int64`, Rust `i64`.
    Integer,
    /// `type: number`, Rust `f64`.
    Number,
    /// `type: boolean`, Rust `bool`.
    Boolean,
    /// `type: string, format: uuid`, Rust `String`.
    Uuid,
}

impl ParamType {
    /// `(type, format)` in the contract.
    #[must_use]
    pub fn openapi(self) -> (&'static str, Option<&'static str>) {
        match self {
            Self::String => ("string", None),
            Self::Integer => ("integer", Some("int64")),
            Self::Number => ("number", Some("double")),
            Self::Boolean => ("boolean", None),
            Self::Uuid => ("string", Some("uuid")),
        }
    }
}

impl FromStr for ParamType {
    type Err = ContractError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "string" | "str" => Ok(Self::String),
            "integer" | "int" | "i64" => Ok(Self::Integer),
            "number" | "f64" => Ok(Self::Number),
            "boolean" | "bool" => Ok(Self::Boolean),
            "uuid" => Ok(Self::Uuid),
            _ => Err(ContractError::InvalidParamType {
                found: s.to_owned(),
                allowed: "string, integer, number, boolean, uuid".into(),
            }),
        }
    }
}

/// One `/`-separated piece of a route path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment<'a> {
    /// A literal segment.
    Literal(&'a str),
    /// A whole-segment `{name}` parameter.
    Param(&'a str),
    /// A parameter beside static text in one segment, like `{Sid}.json`: routed as a
    /// whole segment, whose value must start with `prefix` and end with `suffix`.
    Affixed {
        /// The static text before `{`.
        prefix: &'a str,
        /// The parameter name.
        name: &'a str,
        /// The static text after `}`.
        suffix: &'a str,
    },
}

impl<'a> Segment<'a> {
    /// The parameter name of a `{name}` or affixed segment.
    #[must_use]
    pub fn param(&self) -> Option<&'a str> {
        match *self {
            Self::Literal(_) => None,
            Self::Param(name) | Self::Affixed { name, .. } => Some(name),
        }
    }
}

/// The path axum routes for a contract path: every segment holding a parameter is a
/// whole-segment `{name}` capture (`/a/{Sid}.json` → `/a/{Sid}`).
///
/// # Errors
/// [`ContractError::InvalidPath`] for a path [`segments`] refuses.
pub fn route_pattern(path: &str) -> Result<String, ContractError> {
    let segments = segments(path, false)?;
    if segments.is_empty() {
        return Ok(path.to_owned());
    }
    let mut out = String::new();
    for segment in &segments {
        out.push('/');
        match segment {
            Segment::Literal(literal) => out.push_str(literal),
            Segment::Param(name) | Segment::Affixed { name, .. } => {
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
        }
    }
    if path.len() > 1 && path.ends_with('/') {
        out.push('/');
    }
    Ok(out)
}

/// Split a route path into segments, checking the shape both modes share.
/// `strict` (new endpoints) also limits characters to `[a-z0-9-_.]` and forbids a trailing `/`.
///
/// # Errors
/// [`ContractError::InvalidPath`] naming the bad segment.
pub fn segments(path: &str, strict: bool) -> Result<Vec<Segment<'_>>, ContractError> {
    let bad = |reason: String| ContractError::InvalidPath {
        path: path.to_owned(),
        reason,
    };
    if !path.starts_with('/') {
        return Err(bad("it must start with `/`".into()));
    }
    if let Some(c) = path
        .chars()
        .find(|c| matches!(c, '?' | '#' | '%' | ' ' | '\\') || c.is_control())
    {
        return Err(bad(format!(
            "`{}` is not allowed in a path",
            c.escape_default()
        )));
    }
    if path.len() > 1 && path.ends_with('/') && strict {
        return Err(bad("it ends with `/`; remove the trailing slash".into()));
    }
    if path == "/" {
        return Ok(Vec::new());
    }
    let body = path[1..].strip_suffix('/').unwrap_or(&path[1..]);
    let mut out = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for segment in body.split('/') {
        out.push(parse_segment(segment, strict, &mut seen).map_err(bad)?);
    }
    Ok(out)
}

fn parse_segment<'a>(
    segment: &'a str,
    strict: bool,
    seen: &mut Vec<&'a str>,
) -> Result<Segment<'a>, String> {
    if segment.is_empty() {
        return Err("it contains `//`".into());
    }
    if segment == "." || segment == ".." {
        return Err(format!("it contains a `{segment}` segment"));
    }
    if segment.starts_with(':') || segment.starts_with('*') {
        return Err(format!(
            "`{segment}` is literal text in an OpenAPI path, and axum 0.8 refuses a segment \
             starting with `:` or `*`; for a path parameter write `{{{}}}`",
            &segment[1..]
        ));
    }
    if let Some(name) = segment
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .filter(|name| !name.contains(['{', '}']))
    {
        check_param_name(name)?;
        if seen.contains(&name) {
            return Err(format!("parameter `{{{name}}}` appears twice"));
        }
        seen.push(name);
        return Ok(Segment::Param(name));
    }
    if !strict && let Some(affixed) = affixed_segment(segment, seen)? {
        return Ok(affixed);
    }
    if segment.contains(['{', '}']) {
        return Err(format!(
            "`{segment}`: a parameter must be a whole segment like `{{id}}`, with balanced braces"
        ));
    }
    check_literal(segment, strict)?;
    Ok(Segment::Literal(segment))
}

/// `{name}` beside static text in one segment (`{Sid}.json`, `v{n}`), or `None` when the
/// segment holds no `{`.
fn affixed_segment<'a>(
    segment: &'a str,
    seen: &mut Vec<&'a str>,
) -> Result<Option<Segment<'a>>, String> {
    let Some((prefix, rest)) = segment.split_once('{') else {
        return Ok(None);
    };
    let Some((name, suffix)) = rest.split_once('}') else {
        return Ok(None);
    };
    if prefix.contains('}') || suffix.contains(['{', '}']) {
        return Err(format!(
            "`{segment}` holds more than one parameter; msgen routes at most one per segment"
        ));
    }
    check_param_name(name)?;
    check_literal(prefix, false)?;
    check_literal(suffix, false)?;
    if seen.contains(&name) {
        return Err(format!("parameter `{{{name}}}` appears twice"));
    }
    seen.push(name);
    Ok(Some(Segment::Affixed {
        prefix,
        name,
        suffix,
    }))
}

fn check_literal(text: &str, strict: bool) -> Result<(), String> {
    let allowed = |c: char| {
        c.is_ascii_lowercase()
            || c.is_ascii_digit()
            || matches!(c, '-' | '_' | '.' | '~')
            || (!strict
                && (c.is_ascii_uppercase()
                    || matches!(
                        c,
                        '@' | '+' | '!' | '$' | '&' | '\'' | '(' | ')' | ',' | ';' | '='
                    )))
    };
    if let Some(c) = text.chars().find(|c| !allowed(*c)) {
        return Err(format!(
            "`{}` is not allowed; use lowercase letters, digits, `-`, `_` and `.`",
            c.escape_default()
        ));
    }
    Ok(())
}

fn check_param_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("it has an empty `{}` parameter".into());
    }
    if name.starts_with('*') {
        return Err(format!("catch-all parameter `{{{name}}}` is not supported"));
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        || name.starts_with(|c: char| c.is_ascii_digit())
    {
        return Err(format!(
            "parameter `{{{name}}}` must be a letter followed by letters, digits or `_`"
        ));
    }
    if is_keyword(&name.to_snake_case()) {
        return Err(format!(
            "parameter `{{{name}}}` is a Rust keyword; rename it, e.g. `{{{name}_id}}`"
        ));
    }
    Ok(())
}

/// Check a route path for a new endpoint (stricter than what an existing contract may hold).
///
/// Allowed: a leading `/`, segments of `[a-z0-9-_.]`, and whole-segment `{param}` with a
/// letter-first `[A-Za-z0-9_]` name that is no Rust keyword and appears once.
///
/// # Errors
/// [`ContractError::InvalidPath`] naming the offending character or segment.
pub fn validate_route_path(path: &str) -> Result<(), ContractError> {
    segments(path, true).map(|_| ())
}

/// Whether two distinct paths are the same axum route: different parameter names, or
/// different static text beside a parameter, at the same positions.
pub(crate) fn routes_conflict(a: &[Segment<'_>], b: &[Segment<'_>]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|pair| match pair {
            (Segment::Literal(x), Segment::Literal(y)) => x == y,
            (Segment::Literal(_), _) | (_, Segment::Literal(_)) => false,
            // A segment with a parameter is routed whole, affixes or not.
            _ => true,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_parse_case_insensitively_and_list_the_allowed_ones() {
        assert_eq!("get".parse::<HttpMethod>().unwrap(), HttpMethod::Get);
        assert_eq!("DeLeTe".parse::<HttpMethod>().unwrap(), HttpMethod::Delete);
        let error = "FETCH".parse::<HttpMethod>().unwrap_err().to_string();
        assert!(
            error.contains("`FETCH`") && error.contains("PATCH"),
            "{error}"
        );
        assert_eq!(HttpMethod::Patch.to_string(), "PATCH");
    }

    #[test]
    fn param_types_parse() {
        assert_eq!("Integer".parse::<ParamType>().unwrap(), ParamType::Integer);
        assert_eq!("bool".parse::<ParamType>().unwrap(), ParamType::Boolean);
        assert!("date".parse::<ParamType>().is_err());
    }

    #[test]
    fn accepts_good_paths() {
        for path in [
            "/",
            "/orders",
            "/orders/{id}",
            "/orders/{order_id}/lines/{line}",
            "/v1/a-b_c.d",
            "/x/{itemId}",
        ] {
            assert!(validate_route_path(path).is_ok(), "{path}");
        }
    }

    #[test]
    fn rejects_bad_paths_with_the_reason() {
        for (path, needle) in [
            ("orders", "start with"),
            ("/orders?x=1", "`?`"),
            ("/orders#x", "`#`"),
            ("/a//b", "`//`"),
            ("/a/../b", "`..`"),
            ("/a b", "` `"),
            ("/a%2Fb", "`%`"),
            ("/orders/:id", "literal text in an OpenAPI path"),
            ("/files/*rest", "write `{rest}`"),
            ("/files/{*rest}", "catch-all"),
            ("/orders/{id", "balanced"),
            ("/orders/id}", "balanced"),
            ("/orders/{}", "empty"),
            ("/a/{id}/b/{id}", "twice"),
            ("/a/{type}", "keyword"),
            ("/Orders", "`O`"),
            ("/orders/", "trailing"),
            ("/files/{name}.json", "whole segment"),
        ] {
            let error = validate_route_path(path).unwrap_err().to_string();
            assert!(error.contains(needle), "{path}: {error}");
        }
    }

    #[test]
    fn contract_paths_may_put_a_parameter_beside_static_text() {
        let found = segments("/Accounts/{Sid}.json/v{n}/x-{a}-y", false).unwrap();
        assert_eq!(
            found,
            [
                Segment::Literal("Accounts"),
                Segment::Affixed {
                    prefix: "",
                    name: "Sid",
                    suffix: ".json"
                },
                Segment::Affixed {
                    prefix: "v",
                    name: "n",
                    suffix: ""
                },
                Segment::Affixed {
                    prefix: "x-",
                    name: "a",
                    suffix: "-y"
                },
            ]
        );
        assert_eq!(found[1].param(), Some("Sid"));
        assert_eq!(
            route_pattern("/Accounts/{Sid}.json/v{n}").unwrap(),
            "/Accounts/{Sid}/{n}"
        );
        assert_eq!(route_pattern("/").unwrap(), "/");
        assert_eq!(route_pattern("/a/{b}/").unwrap(), "/a/{b}/");
        for (path, needle) in [
            ("/a/{x}.{y}", "more than one parameter"),
            ("/a/{x}}", "more than one parameter"),
            ("/a/{x}.js{", "more than one parameter"),
            ("/a/{x}.j s", "` `"),
            ("/a/{x}.json/{x}", "twice"),
            ("/a/{type}.json", "keyword"),
            ("/a/x{", "balanced"),
        ] {
            let error = segments(path, false).unwrap_err().to_string();
            assert!(error.contains(needle), "{path}: {error}");
        }
    }

    #[test]
    fn affixed_segments_conflict_with_any_parameter_segment_there() {
        let json = segments("/x/{Sid}.json", false).unwrap();
        let xml = segments("/x/{Sid}.xml", false).unwrap();
        let whole = segments("/x/{Id}", false).unwrap();
        let fixed = segments("/x/Local.json", false).unwrap();
        assert!(routes_conflict(&json, &xml));
        assert!(routes_conflict(&json, &whole));
        assert!(!routes_conflict(&json, &fixed));
    }

    #[test]
    fn conflicts_are_same_shape_with_different_param_names() {
        let a = segments("/u/{id}", false).unwrap();
        let b = segments("/u/{name}", false).unwrap();
        let c = segments("/u/me", false).unwrap();
        assert!(routes_conflict(&a, &b));
        assert!(!routes_conflict(&a, &c));
    }
}
