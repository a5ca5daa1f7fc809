//! The diff corpus: every file in `tests/diff_cases/` holds a list of contract pairs,
//! each with the verdict `msgen_openapi::diff` must reach.
//!
//! A case is `name`, `old`, `new`, `expect` (`breaking`, `compatible` or `none`), and
//! optionally `kinds` (change kinds that must be found), `blocks` (whether the diff
//! blocks; defaults to `expect == breaking`) and `openapi` (default `3.0.3`). `openapi`
//! and `info` are filled in on each side when the case leaves them out.

#![allow(missing_docs, reason = "a test")]

use std::fmt::Write as _;
use std::path::Path;

use msgen_openapi::diff;
use yaml_serde::{Mapping, Value};

#[test]
fn every_case_reaches_its_verdict() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff_cases");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/diff_cases exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    files.sort();
    let mut count = 0;
    let mut failures = String::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable case file");
        let cases: Vec<Value> = yaml_serde::from_str(&text)
            .unwrap_or_else(|error| panic!("{}: {error}", file.display()));
        for case in &cases {
            count += 1;
            if let Err(problem) = run(case) {
                let name = case["name"].as_str().unwrap_or("<unnamed>");
                let file = file.file_name().unwrap_or_default().to_string_lossy();
                let _ = writeln!(failures, "{file}: {name}: {problem}");
            }
        }
    }
    assert!(failures.is_empty(), "failing cases:\n{failures}");
    assert!(count >= 60, "the corpus holds {count} cases, fewer than 60");
}

fn run(case: &Value) -> Result<(), String> {
    let version = case.get("openapi").cloned();
    let old = document(&case["old"], version.as_ref())?;
    let new = document(&case["new"], version.as_ref())?;
    let found = diff::diff(&old, &new);
    let verdict = if found.breaking() > 0 {
        "breaking"
    } else if found.changes.is_empty() {
        "none"
    } else {
        "compatible"
    };
    let expect = case["expect"].as_str().ok_or("no `expect`")?;
    let listing = || {
        let mut text = String::new();
        for c in &found.changes {
            let _ = write!(
                text,
                "\n    {:?} {:?} {} {}",
                c.verdict, c.kind, c.pointer, c.description
            );
        }
        text
    };
    if verdict != expect {
        return Err(format!("expected {expect}, found {verdict}:{}", listing()));
    }
    let blocks = case
        .get("blocks")
        .and_then(Value::as_bool)
        .unwrap_or(expect == "breaking");
    if found.blocks() != blocks {
        return Err(format!("expected blocks = {blocks}:{}", listing()));
    }
    for kind in case
        .get("kinds")
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
    {
        let kind = kind.as_str().ok_or("a kind is not a string")?;
        let present = found.changes.iter().any(|change| {
            serde_json::to_value(change.kind)
                .ok()
                .as_ref()
                .and_then(|v| v.as_str())
                == Some(kind)
        });
        if !present {
            return Err(format!("no `{kind}` change:{}", listing()));
        }
    }
    Ok(())
}

/// One side of a case, as a contract text read by `diff::parse`.
fn document(side: &Value, version: Option<&Value>) -> Result<Value, String> {
    let mut map: Mapping = side
        .as_mapping()
        .cloned()
        .ok_or("a side is not a mapping")?;
    if !map.contains_key("openapi") {
        let version = version.cloned().unwrap_or_else(|| Value::from("3.0.3"));
        map.insert(Value::from("openapi"), version);
    }
    if !map.contains_key("info") {
        let info: Value = yaml_serde::from_str("{title: t, version: 1.0.0}").expect("valid");
        map.insert(Value::from("info"), info);
    }
    let text = yaml_serde::to_string(&Value::Mapping(map)).map_err(|e| e.to_string())?;
    diff::parse(&text).map_err(|error| format!("side does not parse: {error}"))
}
