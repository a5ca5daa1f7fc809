//! Every refusal: the exit code, the sentence, the hint, and proof that
//! nothing on disk changed.

#[cfg(unix)]
use crate::helpers::terminate_mid_write;
use crate::helpers::{Workspace, msgen, stderr};

/// Runs msgen in a workspace prepared by `setup`, expects `code`, checks
/// stderr holds every `expected` text, and that the workspace is unchanged.
fn refuses(setup: impl FnOnce(&Workspace), args: &[&str], code: i32, expected: &[&str]) {
    let workspace = Workspace::new();
    setup(&workspace);
    let before = workspace.snapshot();
    let output = msgen(workspace.path()).args(args).output().unwrap();
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(code), "{args:?}: {text}");
    assert!(text.starts_with("error: "), "{args:?}: {text}");
    for needle in expected {
        assert!(
            text.contains(needle),
            "{args:?}: missing {needle:?} in {text}"
        );
    }
    assert_eq!(workspace.snapshot(), before, "{args:?} changed the disk");
    let leftovers: Vec<_> = std::fs::read_dir(workspace.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().starts_with(".msgen-"))
        .collect();
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
}

fn nothing(_: &Workspace) {}

#[test]
fn invalid_names_exit_2_with_rule_and_suggestion() {
    for (name, expected) in [
        ("My_Service", "use `my-service`"),
        ("fn", "Rust keyword"),
        ("test", "cargo reserves"),
        ("con", "Windows"),
        ("axum", "depends on a crate"),
        ("sérvice", "ASCII"),
        ("a--b", "kebab-case"),
    ] {
        refuses(
            nothing,
            &["new", name, "--no-git"],
            2,
            &[expected, "hint: "],
        );
    }
    refuses(
        nothing,
        &["new", &"a".repeat(64), "--no-git"],
        2,
        &["limit is 63"],
    );
}

#[test]
fn missing_name_is_a_usage_error() {
    refuses(
        nothing,
        &["new", "--no-git"],
        2,
        &["no service name given", "hint: "],
    );
}

#[test]
fn refuses_existing_non_empty_dir_without_force() {
    refuses(
        |workspace| {
            std::fs::create_dir(workspace.path().join("orders")).unwrap();
            std::fs::write(workspace.path().join("orders/main.rs"), "fn main() {}").unwrap();
        },
        &["new", "orders", "--no-git"],
        2,
        &[
            "directory",
            "already exists and is not empty",
            "`main.rs`",
            "hint: use --force",
        ],
    );
}

#[test]
fn refuses_a_target_that_is_a_file() {
    refuses(
        |workspace| std::fs::write(workspace.path().join("orders"), "x").unwrap(),
        &["new", "orders", "--no-git"],
        2,
        &["is not a folder"],
    );
}

#[cfg(unix)]
#[test]
fn refuses_a_target_that_is_a_symlink() {
    refuses(
        |workspace| {
            std::fs::create_dir(workspace.path().join("elsewhere")).unwrap();
            std::os::unix::fs::symlink(
                workspace.path().join("elsewhere"),
                workspace.path().join("orders"),
            )
            .unwrap();
        },
        &["new", "orders", "--no-git"],
        2,
        &["symlink"],
    );
}

#[test]
fn refuses_an_output_folder_below_a_file() {
    refuses(
        |workspace| std::fs::write(workspace.path().join("no"), "x").unwrap(),
        &["new", "orders", "--output", "no/such/dir"],
        2,
        &["cannot be created: `no` is not a folder", "hint: "],
    );
}

#[test]
fn refuses_unknown_template_and_variables() {
    refuses(
        nothing,
        &["new", "orders", "--template", "nope"],
        2,
        &["no built-in template `nope`", "rust-axum"],
    );
    refuses(
        nothing,
        &["new", "orders", "--set", "colour=red"],
        2,
        &["no variable `colour`", "known variables"],
    );
    refuses(
        nothing,
        &["new", "orders", "--set", "port=80"],
        2,
        &["between 1024 and 65535"],
    );
    refuses(
        nothing,
        &["new", "orders", "--set", "port"],
        2,
        &["KEY=VALUE"],
    );
}

#[test]
fn bad_flags_exit_2() {
    let workspace = Workspace::new();
    msgen(workspace.path())
        .args(["new", "orders", "--bogus"])
        .assert()
        .code(2);
    msgen(workspace.path())
        .args(["frobnicate"])
        .assert()
        .code(2);
}

#[test]
fn injected_write_failure_leaves_no_trace() {
    for after in [0, 3, 10] {
        let workspace = Workspace::new();
        let output = msgen(workspace.path())
            .args(["new", "orders", "--no-git"])
            .env("MSGEN_FAULT_AFTER_WRITES", after.to_string())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        assert!(stderr(&output).contains("injected fault"));
        assert!(
            workspace.snapshot().is_empty(),
            "files left after a fault at write {after}"
        );
        assert_eq!(
            std::fs::read_dir(workspace.path()).unwrap().count(),
            0,
            "staging left behind"
        );
    }
}

#[test]
fn spec_with_unknown_key_is_refused_with_its_line() {
    refuses(
        |workspace| {
            std::fs::write(
                workspace.path().join("s.toml"),
                "name = \"orders\"\ncolour = \"red\"\n",
            )
            .unwrap();
        },
        &["new", "--from", "s.toml", "--no-git"],
        2,
        &["unknown field `colour`", "line 2"],
    );
}

#[cfg(unix)]
#[test]
fn sigterm_mid_write_leaves_no_trace() {
    let workspace = Workspace::new();
    let Some(code) = terminate_mid_write(workspace.path(), &["new", "orders", "--no-git"], 5)
    else {
        return;
    };
    assert_eq!(code, 130);
    assert_eq!(
        std::fs::read_dir(workspace.path()).unwrap().count(),
        0,
        "target or staging left behind"
    );
}

#[test]
fn with_json_an_error_is_also_a_json_object_on_stdout() {
    let workspace = Workspace::new();
    let root = workspace.new_service("orders", &[]);
    for (args, code, needle) in [
        (
            &["add-endpoint", "GET", "/healthz", "--json"][..],
            2,
            "already exists",
        ),
        (&["new", "x", "--json", "--bogus"][..], 2, "--bogus"),
        (
            &["remove-endpoint", "GET", "/nope", "--json"][..],
            2,
            "/nope",
        ),
    ] {
        let output = msgen(&root).args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(code), "{args:?}");
        assert!(stderr(&output).starts_with("error: "), "{args:?}");
        let report: serde_json::Value = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|error| panic!("{args:?}: {error}"));
        let message = report["error"]["message"].as_str().unwrap();
        assert!(message.contains(needle), "{args:?}: {message}");
        assert_eq!(report["error"]["exit_code"], code, "{args:?}");
    }
    // Without --json, stdout stays empty; with check's findings, the outcome is the one document.
    let output = msgen(&root)
        .args(["remove-endpoint", "GET", "/nope"])
        .output()
        .unwrap();
    assert!(output.stdout.is_empty());
    std::fs::write(root.join("src/handlers/stray.rs"), "").unwrap();
    let output = msgen(&root).args(["check", "--json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(report.get("error").is_none());
    assert!(
        report["findings"]
            .as_array()
            .is_some_and(|found| !found.is_empty())
    );
}
