//! One msgen at a time per service: concurrent runs queue on an advisory lock
//! and each works on the state the previous one left.

use std::time::Duration;

use msgen::lock::{Access, ServiceLock, Wait};

use crate::helpers::{Workspace, msgen, stderr, stdout, tree};

const PATHS: [&str; 8] = [
    "/apples",
    "/bananas",
    "/cherries",
    "/dates",
    "/elders",
    "/figs",
    "/grapes",
    "/hazels",
];

#[test]
fn concurrent_add_endpoints_all_land_and_check_is_clean() {
    let workspace = Workspace::new();
    let root = workspace.new_service("orders", &[]);
    let runs: Vec<_> = PATHS
        .iter()
        .map(|path| {
            let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin!("msgen"));
            command
                .args(["add-endpoint", "GET", path])
                .current_dir(&root)
                .env("NO_COLOR", "1")
                .env_remove("MSGEN_FAULT_AFTER_WRITES")
                .env_remove("MSGEN_PAUSE_AT_WRITE");
            (path, command.spawn_and_wait())
        })
        .collect();
    for (path, output) in runs {
        let output = output.join().unwrap();
        assert!(
            output.status.success(),
            "add-endpoint {path}: {}",
            stderr(&output)
        );
    }
    let contract = std::fs::read_to_string(root.join("openapi.yaml")).unwrap();
    for path in PATHS {
        assert!(
            contract.contains(&format!("  {path}:")),
            "{path} is missing"
        );
    }
    let check = msgen(&root).arg("check").output().unwrap();
    assert!(
        check.status.success(),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
}

/// Starts the command on its own thread and hands back its output when joined.
trait SpawnAndWait {
    fn spawn_and_wait(self) -> std::thread::JoinHandle<std::process::Output>;
}

impl SpawnAndWait for std::process::Command {
    fn spawn_and_wait(mut self) -> std::thread::JoinHandle<std::process::Output> {
        let child = self
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("msgen starts");
        std::thread::spawn(move || child.wait_with_output().expect("msgen ends"))
    }
}

#[test]
fn a_second_run_waits_with_a_note_or_fails_fast_with_no_wait() {
    let workspace = Workspace::new();
    let root = workspace.new_service("orders", &[]);
    let held = ServiceLock::acquire(&root, Access::Exclusive, Wait::No).unwrap();
    let before = tree(workspace.path());
    for args in [
        &["check", "--no-wait"][..],
        &["sync", "--no-wait"],
        &["add-endpoint", "GET", "/apples", "--no-wait"],
    ] {
        let output = msgen(&root).args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&output).contains("another msgen run is working on")
                && stderr(&output).contains("without --no-wait"),
            "{}",
            stderr(&output)
        );
    }
    assert_eq!(tree(workspace.path()), before);
    let mut waiting = std::process::Command::new(assert_cmd::cargo::cargo_bin!("msgen"));
    waiting
        .args(["add-endpoint", "GET", "/apples"])
        .current_dir(&root)
        .env("NO_COLOR", "1");
    let run = waiting.spawn_and_wait();
    std::thread::sleep(Duration::from_millis(600));
    assert!(!run.is_finished(), "add-endpoint did not wait for the lock");
    // While it waits, the lock holder changes the contract: the waiting run must
    // read it only once it holds the lock, and build on it.
    let contract = root.join("openapi.yaml");
    let mut text = std::fs::read_to_string(&contract).unwrap();
    text.push_str("# changed while add-endpoint waited\n");
    std::fs::write(&contract, &text).unwrap();
    drop(held);
    let output = run.join().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("waiting for another msgen run on this service"),
        "{}",
        stderr(&output)
    );
    let grown = std::fs::read_to_string(&contract).unwrap();
    assert!(grown.contains("# changed while add-endpoint waited") && grown.contains("/apples:"));
}

#[test]
fn new_force_waits_for_a_run_on_the_same_folder() {
    let workspace = Workspace::new();
    let root = workspace.new_service("orders", &[]);
    let _held = ServiceLock::acquire(&root, Access::Shared, Wait::No).unwrap();
    let output = msgen(workspace.path())
        .args(["new", "orders", "--no-git", "--force", "--no-wait"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("another msgen run"));
    msgen(&root).args(["check", "--no-wait"]).assert().success();
}

#[test]
fn without_a_writable_temporary_folder_readers_read_and_writers_say_why_not() {
    let workspace = Workspace::new();
    let root = workspace.new_service("orders", &[]);
    let missing = workspace.path().join("no-such-folder");
    msgen(&root)
        .arg("check")
        .env("TMPDIR", &missing)
        .assert()
        .success();
    let output = msgen(&root)
        .arg("sync")
        .env("TMPDIR", &missing)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("cannot open the lock file")
            && stderr(&output).contains("hint: set TMPDIR to a writable folder"),
        "{}",
        stderr(&output)
    );
}
