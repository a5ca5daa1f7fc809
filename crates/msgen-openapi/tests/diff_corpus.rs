//! The diff corpus: every file in `tests/diff_cases/` holds a list of contract pairs,
//! each with the verdict `msgen_openapi::diff` must reach.
//!
//! A case is `name`, `old`, `new`, `expect` (`breaking`, `compatible` or `none`), and
//! optionally `kinds` (change kinds that must be found), `blocks` (whether the diff
//! blocks; defaults to `expect == breaking`) and `openapi` (default `3.0.3`). `openapi`
//! and `info` are filled in on each side when the case leaves them out.
//!
//! Each case runs as written, then with every inline parameter, body and response schema
//! moved into `components` behind a `$ref`. A case that leaves `openapi` to the driver also
//! runs in 3.1 spelling: `nullable: true` becomes `type: [x, "null"]`, and a boolean
//! `exclusiveMinimum` / `exclusiveMaximum` becomes the number 3.1 expects.

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
    let (mut count, mut runs) = (0, 0);
    let mut failures = String::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable case file");
        let cases: Vec<Value> = yaml_serde::from_str(&text)
            .unwrap_or_else(|error| panic!("{}: {error}", file.display()));
        for case in &cases {
            count += 1;
            for variant in variants(case) {
                runs += 1;
                if let Err(problem) = run(case, variant) {
                    let name = case["name"].as_str().unwrap_or("<unnamed>");
                    let file = file.file_name().unwrap_or_default().to_string_lossy();
                    let _ = writeln!(failures, "{file}: {name} ({variant:?}): {problem}");
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "failing cases (of {runs} runs):\n{failures}"
    );
    assert!(count >= 60, "the corpus holds {count} cases, fewer than 60");
}

/// How a case is spelled for one run.
#[derive(Debug, Clone, Copy)]
struct Variant {
    /// Inline schemas moved into `components`.
    via_refs: bool,
    /// 3.0 spellings rewritten as 3.1.
    openapi_31: bool,
}

fn variants(case: &Value) -> Vec<Variant> {
    let fixed = case.get("openapi").is_some()
        || ["old", "new"]
            .iter()
            .any(|side| case[*side].get("openapi").is_some());
    let mut all = vec![
        Variant {
            via_refs: false,
            openapi_31: false,
        },
        Variant {
            via_refs: true,
            openapi_31: false,
        },
    ];
    if !fixed {
        all.push(Variant {
            via_refs: false,
            openapi_31: true,
        });
        all.push(Variant {
            via_refs: true,
            openapi_31: true,
        });
    }
    all
}

fn run(case: &Value, variant: Variant) -> Result<(), String> {
    let version = if variant.openapi_31 {
        Some(Value::from("3.1.0"))
    } else {
        case.get("openapi").cloned()
    };
    let spell = |side: &Value| {
        let mut side = side.clone();
        if variant.openapi_31 {
            to_31(&mut side);
        }
        if variant.via_refs {
            move_inline_schemas(&mut side);
        }
        side
    };
    let old = document(&spell(&case["old"]), version.as_ref())?;
    let new = document(&spell(&case["new"]), version.as_ref())?;
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

/// Rewrites 3.0 spellings as 3.1: `nullable` into the type list, boolean exclusive bounds
/// into numbers.
fn to_31(value: &mut Value) {
    match value {
        Value::Mapping(map) => {
            if map.get("nullable") == Some(&Value::Bool(true))
                && let Some(Value::String(name)) = map.get("type").cloned()
            {
                let types = vec![Value::from(name), Value::from("null")];
                map.insert(Value::from("type"), Value::Sequence(types));
                map.remove("nullable");
            }
            for (flag, bound) in [
                ("exclusiveMinimum", "minimum"),
                ("exclusiveMaximum", "maximum"),
            ] {
                if let Some(Value::Bool(exclusive)) = map.get(flag).cloned() {
                    map.remove(flag);
                    if exclusive && let Some(limit) = map.remove(bound) {
                        map.insert(Value::from(flag), limit);
                    }
                }
            }
            for (_, child) in map.iter_mut() {
                to_31(child);
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(to_31),
        _ => {}
    }
}

/// Moves every inline parameter, request body and response schema into
/// `components.schemas` and leaves a `$ref` in its place.
fn move_inline_schemas(side: &mut Value) {
    let mut moved = Vec::new();
    if let Some(Value::Mapping(paths)) = side.get_mut("paths") {
        for (_, item) in paths.iter_mut() {
            let Some(item) = item.as_mapping_mut() else {
                continue;
            };
            for (_, op) in item.iter_mut() {
                for schema in schema_slots(op) {
                    let is_inline = schema.as_mapping().is_some_and(|m| !m.contains_key("$ref"));
                    if is_inline {
                        let name = format!("Inline{}", moved.len());
                        let reference = format!("#/components/schemas/{name}");
                        let mut target = Mapping::new();
                        target.insert(Value::from("$ref"), Value::from(reference));
                        moved.push((name, std::mem::replace(schema, Value::Mapping(target))));
                    }
                }
            }
        }
    }
    if moved.is_empty() {
        return;
    }
    let Some(map) = side.as_mapping_mut() else {
        return;
    };
    let components = map
        .entry(Value::from("components"))
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    let Some(components) = components.as_mapping_mut() else {
        return;
    };
    let schemas = components
        .entry(Value::from("schemas"))
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    let Some(schemas) = schemas.as_mapping_mut() else {
        return;
    };
    for (name, schema) in moved {
        schemas.insert(Value::from(name), schema);
    }
}

/// The `schema` values of an operation's parameters, request body and responses.
fn schema_slots(op: &mut Value) -> Vec<&mut Value> {
    let mut slots = Vec::new();
    let Some(op) = op.as_mapping_mut() else {
        return slots;
    };
    for (key, value) in op.iter_mut() {
        match key.as_str() {
            Some("parameters") => {
                for param in value.as_sequence_mut().into_iter().flatten() {
                    if let Some(schema) = param.get_mut("schema") {
                        slots.push(schema);
                    }
                }
            }
            Some("requestBody") => slots.extend(media_schemas(value)),
            Some("responses") => {
                for (_, response) in value.as_mapping_mut().into_iter().flatten() {
                    slots.extend(media_schemas(response));
                }
            }
            _ => {}
        }
    }
    slots
}

fn media_schemas(holder: &mut Value) -> Vec<&mut Value> {
    let Some(Value::Mapping(content)) = holder.get_mut("content") else {
        return Vec::new();
    };
    content
        .iter_mut()
        .filter_map(|(_, media)| media.get_mut("schema"))
        .collect()
}
