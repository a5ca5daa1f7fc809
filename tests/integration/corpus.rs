//! Real-world contracts: what msgen says today about each public OpenAPI
//! document in `tests/corpus` (sources and licenses in its README).
//!
//! The snapshot is a baseline, not a goal: it records which contracts msgen
//! refuses and why, and changes as support for real contracts lands.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::helpers::{Workspace, msgen, stderr, stdout};

/// Findings listed per document before the rest are only counted.
const FINDINGS_SHOWN: usize = 10;
/// Lines of `sync --dry-run` output kept per document.
const SYNC_LINES_SHOWN: usize = 6;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// The corpus documents (YAML and JSON), in file-name order.
fn documents() -> Vec<PathBuf> {
    let mut documents: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("tests/corpus exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|ext| ext == "yaml" || ext == "yml" || ext == "json")
        })
        .collect();
    documents.sort();
    documents
}

/// Copies a generated service so each document starts from the same fresh tree.
fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walkable tree");
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The exit code, or `signal` when the process was killed.
fn exit(output: &std::process::Output) -> String {
    output
        .status
        .code()
        .map_or_else(|| "signal".to_owned(), |code| code.to_string())
}

/// `msgen check --json`: exit code, operation count and each finding.
fn summarize_check(root: &Path, report: &mut String) {
    let output = msgen(root).args(["check", "--json"]).output().unwrap();
    let code = exit(&output);
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(&output.stdout) else {
        writeln!(report, "check: exit {code}, no JSON report").unwrap();
        for line in stderr(&output).lines().take(SYNC_LINES_SHOWN) {
            writeln!(report, "  {line}").unwrap();
        }
        return;
    };
    let findings = json["findings"].as_array().cloned().unwrap_or_default();
    writeln!(
        report,
        "check: exit {code}, {} operation(s), {} finding(s)",
        json["operations"],
        findings.len()
    )
    .unwrap();
    for finding in findings.iter().take(FINDINGS_SHOWN) {
        writeln!(
            report,
            "  - [{}] {}: {}",
            finding["kind"].as_str().unwrap_or("?"),
            finding["path"].as_str().unwrap_or("?"),
            finding["message"].as_str().unwrap_or("?")
        )
        .unwrap();
    }
    if findings.len() > FINDINGS_SHOWN {
        writeln!(report, "  - … {} more", findings.len() - FINDINGS_SHOWN).unwrap();
    }
}

/// `msgen sync --dry-run`: exit code, then its error and hint, or the files its diff touches.
fn summarize_sync(root: &Path, report: &mut String) {
    let output = msgen(root).args(["sync", "--dry-run"]).output().unwrap();
    writeln!(report, "sync --dry-run: exit {}", exit(&output)).unwrap();
    let out = stdout(&output);
    let touched: Vec<&str> = out
        .lines()
        .filter_map(|line| line.strip_prefix("+++ "))
        .collect();
    if touched.is_empty() {
        let err = stderr(&output);
        let lines = err
            .lines()
            .chain(out.lines())
            .filter(|line| !line.trim().is_empty());
        for line in lines.take(SYNC_LINES_SHOWN) {
            writeln!(report, "  {line}").unwrap();
        }
    } else {
        writeln!(report, "  diff touches {} file(s):", touched.len()).unwrap();
        for file in touched.iter().take(SYNC_LINES_SHOWN) {
            writeln!(report, "  +++ {file}").unwrap();
        }
        if touched.len() > SYNC_LINES_SHOWN {
            writeln!(report, "  … {} more", touched.len() - SYNC_LINES_SHOWN).unwrap();
        }
    }
}

/// `msgen new svc --contract DOCUMENT`: exit code; when it succeeds, whether the contract
/// kept its bytes, how many handlers it got and what `check` says; else its error and hint.
fn summarize_new(document: &Path, report: &mut String) {
    let workspace = Workspace::new();
    // A copy beside the service, named alone, so that problems name it the same anywhere.
    let name = document.file_name().unwrap();
    std::fs::copy(document, workspace.path().join(name)).unwrap();
    let output = msgen(workspace.path())
        .args(["new", "svc", "--no-git", "--no-input", "--contract"])
        .arg(name)
        .output()
        .unwrap();
    writeln!(report, "new --contract: exit {}", exit(&output)).unwrap();
    if !output.status.success() {
        for line in stderr(&output).lines().take(2) {
            writeln!(report, "  {line}").unwrap();
        }
        return;
    }
    let root = workspace.path().join("svc");
    let same =
        std::fs::read(root.join("openapi.yaml")).unwrap() == std::fs::read(document).unwrap();
    let handlers = std::fs::read_dir(root.join("src/handlers"))
        .unwrap()
        .filter(|entry| entry.as_ref().unwrap().file_name() != "mod.rs")
        .count();
    let check = msgen(&root).arg("check").output().unwrap();
    writeln!(
        report,
        "  contract kept byte for byte: {same}; {handlers} handler(s); check: exit {}",
        exit(&check)
    )
    .unwrap();
}

/// Each corpus document replaces the contract of a fresh service, unchanged
/// (JSON documents too: JSON is YAML, and msgen reads them as they are).
#[test]
fn corpus_contracts_as_msgen_sees_them_today() {
    let template = Workspace::new();
    let fresh = template.new_service("svc", &["--no-input"]);
    let mut report = String::new();
    for document in documents() {
        let workspace = Workspace::new();
        let root = workspace.path().join("svc");
        copy_tree(&fresh, &root);
        std::fs::copy(&document, root.join("openapi.yaml")).unwrap();
        let name = document.file_name().unwrap().to_string_lossy().into_owned();
        let mut section = String::new();
        writeln!(section, "## {name}").unwrap();
        summarize_new(&document, &mut section);
        summarize_check(&root, &mut section);
        summarize_sync(&root, &mut section);
        let root_text = root.display().to_string();
        let workspace_text = workspace.path().display().to_string();
        report.push_str(
            &section
                .replace(&root_text, "[svc]")
                .replace(&workspace_text, "[workspace]"),
        );
        report.push('\n');
    }
    insta::with_settings!({ filters => vec![(r"/tmp/[^\s`'\x22]+", "[tmp]")] }, {
        insta::assert_snapshot!("corpus_verdicts", report);
    });
}
