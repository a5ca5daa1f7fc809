//! Whole outputs, pinned: the `--help` of every command and, for every command, at least
//! one refusal with its exit code, stdout and the full `error:`/`hint:` text, so that a
//! change of wording shows up in review as a snapshot diff.

use std::fmt::Write as _;
use std::path::Path;

use crate::helpers::{Workspace, msgen, stderr, stdout};

/// Every command and subcommand, as typed after `msgen` (empty: the top level).
const COMMANDS: &[&str] = &[
    "",
    "new",
    "add-endpoint",
    "remove-endpoint",
    "rename-endpoint",
    "add-dependency",
    "remove-dependency",
    "sync",
    "check",
    "upgrade",
    "diff",
    "templates",
    "templates list",
    "templates show",
    "templates copy",
    "smoke",
    "completions",
    "man",
];

#[test]
fn help_of_every_command() {
    let workspace = Workspace::new();
    for command in COMMANDS {
        let output = msgen(workspace.path())
            .args(command.split_whitespace())
            .arg("--help")
            .output()
            .unwrap();
        assert!(output.status.success(), "{command} --help");
        assert!(output.stderr.is_empty(), "{command} --help");
        let name = match command.replace([' ', '-'], "_") {
            top if top.is_empty() => "help".to_owned(),
            name => format!("help_{name}"),
        };
        insta::assert_snapshot!(name, stdout(&output));
    }
}

/// Runs msgen in `dir` and pins its exit code, stdout and stderr as one snapshot, with
/// `dir` written as `[DIR]`.
fn pin(name: &str, dir: &Path, args: &[&str]) {
    let output = msgen(dir).args(args).output().unwrap();
    let text = format!(
        "$ msgen{}\nexit: {}\n--- stdout\n{}--- stderr\n{}",
        args.iter()
            .fold(String::new(), |line, arg| line + " " + arg),
        output
            .status
            .code()
            .map_or("signal".to_owned(), |c| c.to_string()),
        stdout(&output),
        stderr(&output),
    );
    let paths = [dir.to_path_buf(), dir.canonicalize().unwrap()]
        .map(|path| regex::escape(&path.display().to_string()));
    let filters: Vec<(&str, &str)> = paths.iter().map(|path| (path.as_str(), "[DIR]")).collect();
    insta::with_settings!({ filters => filters }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn refusals_of_commands_outside_a_service() {
    let workspace = Workspace::new();
    let dir = workspace.path();
    std::fs::create_dir(dir.join("orders")).unwrap();
    std::fs::write(dir.join("orders/main.rs"), "fn main() {}").unwrap();
    pin(
        "new_into_a_non_empty_folder",
        dir,
        &["new", "orders", "--no-git"],
    );
    pin("no_command", dir, &[]);
    pin("unknown_command", dir, &["frobnicate"]);
    pin("sync_outside_a_service", dir, &["sync"]);
    pin(
        "templates_list_with_an_unknown_flag",
        dir,
        &["templates", "list", "--all"],
    );
    pin(
        "templates_show_an_unknown_name",
        dir,
        &["templates", "show", "rust-axun"],
    );
    pin(
        "templates_copy_into_a_non_empty_folder",
        dir,
        &["templates", "copy", "rust-axum", "orders"],
    );
    pin(
        "smoke_an_unknown_template",
        dir,
        &["smoke", "--template", "no-such-template"],
    );
    pin(
        "completions_of_an_unknown_shell",
        dir,
        &["completions", "tcsh"],
    );
    pin("man_with_an_argument", dir, &["man", "extra"]);
    pin(
        "diff_of_a_missing_file",
        dir,
        &["diff", "old.yaml", "orders/main.rs"],
    );
}

#[test]
fn refusals_of_commands_inside_a_service() {
    let workspace = Workspace::new();
    let service = workspace.new_service("orders", &[]);
    pin(
        "add_endpoint_that_exists",
        &service,
        &["add-endpoint", "GET", "/healthz"],
    );
    pin(
        "add_endpoint_with_a_bad_path",
        &service,
        &["add-endpoint", "GET", "/Orders"],
    );
    pin(
        "remove_endpoint_that_is_not_there",
        &service,
        &["remove-endpoint", "DELETE", "/orders"],
    );
    pin(
        "rename_endpoint_of_a_system_operation",
        &service,
        &["rename-endpoint", "healthz", "liveness"],
    );
    pin(
        "add_endpoint_json_that_exists",
        &service,
        &["add-endpoint", "GET", "/healthz", "--json"],
    );
    let contract = service.join("openapi.yaml");
    let good = std::fs::read_to_string(&contract).unwrap();
    // Each break goes first, so that its line and column do not move with the template.
    let broken = [
        ("duplicate_key", format!("x: 1\nx: 2\n{good}")),
        ("control_character", format!("x: \u{1}\n{good}")),
        (
            "recursion_limit",
            format!("x: {}{}\n{good}", "[".repeat(200), "]".repeat(200)),
        ),
        ("repetition_limit", format!("{}{good}", alias_bomb())),
        (
            "nesting_past_the_limit",
            format!("x: {}{}\n{good}", "[".repeat(300), "]".repeat(300)),
        ),
    ];
    for (name, text) in broken {
        std::fs::write(&contract, text).unwrap();
        pin(&format!("sync_with_{name}"), &service, &["sync"]);
    }
    std::fs::write(&contract, format!("x: 1\nx: 2\n{good}")).unwrap();
    pin("check_with_a_broken_contract", &service, &["check"]);
    pin(
        "check_json_with_a_broken_contract",
        &service,
        &["check", "--json"],
    );
}

/// Ten aliases of ten aliases of … of ten scalars: small text, a huge expansion.
fn alias_bomb() -> String {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let alias = format!("*a{}", i - 1);
        let items = [alias.as_str(); 10].join(", ");
        let _ = writeln!(text, "a{i}: &a{i} [{items}]");
    }
    text
}
