//! The `contract-diff` job of the generated CI, run as a runner would on a pull
//! request: its shell steps, in the job's working directory, with this msgen on
//! `PATH` and a stand-in `cargo` that records what it was asked to install.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::helpers::{Workspace, msgen, stderr, stdout, tool_available};

/// `git` in `dir` with an identity; its trimmed stdout.
fn git(dir: &Path, args: &[&str]) -> String {
    let output = std::process::Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@localhost"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(output.status.success(), "git {args:?}: {}", stderr(&output));
    stdout(&output).trim().to_owned()
}

/// The `contract-diff` job of the workflow at `path`, and the workflow's
/// `defaults.run.working-directory` (empty when none).
fn job(path: &Path) -> (Value, String) {
    let text = std::fs::read_to_string(path).unwrap();
    let workflow: Value = yaml_serde::from_str(&text).unwrap();
    let on_pull_request = workflow["on"]
        .as_object()
        .is_some_and(|on| on.contains_key("pull_request"));
    assert!(on_pull_request, "{text}");
    let job = workflow["jobs"]["contract-diff"].clone();
    assert_eq!(job["if"], "github.event_name == 'pull_request'", "{text}");
    let dir = workflow["defaults"]["run"]["working-directory"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    (job, dir)
}

/// A folder holding a `cargo` that appends its arguments to `cargo-calls` beside it.
fn fake_cargo(workspace: &Path) -> PathBuf {
    let bin = workspace.join("fake-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let cargo = bin.join("cargo");
    std::fs::write(
        &cargo,
        format!(
            "#!/bin/sh\necho \"$*\" >> '{}'\n",
            workspace.join("cargo-calls").display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&cargo, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    bin
}

/// Runs every `run` step of `job` in `dir` with bash, `BASE_SHA` set to `base`; the
/// exit code of the first step that fails, or 0, and everything printed.
fn run_job(job: &Value, dir: &Path, base: &str, fake_bin: &Path) -> (i32, String) {
    let msgen_dir = Path::new(assert_cmd::cargo::cargo_bin!("msgen"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = std::env::join_paths([fake_bin.to_path_buf(), msgen_dir].into_iter().chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let mut printed = String::new();
    for step in job["steps"].as_array().unwrap() {
        let Some(script) = step["run"].as_str() else {
            continue;
        };
        let mut command = std::process::Command::new("bash");
        command
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
            .current_dir(dir)
            .env("PATH", &path)
            .env("NO_COLOR", "1");
        if let Some(env) = step["env"].as_object() {
            for (key, value) in env {
                let value = value.as_str().unwrap();
                assert_eq!(value, "${{ github.event.pull_request.base.sha }}");
                command.env(key, base);
            }
        }
        let output = command.output().unwrap();
        printed.push_str(&stdout(&output));
        printed.push_str(&stderr(&output));
        if !output.status.success() {
            return (output.status.code().unwrap_or(-1), printed);
        }
    }
    (0, printed)
}

#[test]
fn in_a_monorepo_the_job_passes_for_a_new_service_and_fails_on_a_breaking_change() {
    if !tool_available("git") || !tool_available("bash") {
        return;
    }
    let workspace = Workspace::new();
    let repo = workspace.path().join("shop");
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "--quiet"]);
    std::fs::write(repo.join("README.md"), "shop\n").unwrap();
    git(&repo, &["add", "--all"]);
    git(&repo, &["commit", "--quiet", "-m", "base"]);
    let base = git(&repo, &["rev-parse", "HEAD"]);
    msgen(&repo)
        .args(["new", "orders", "--output", "services", "--no-input"])
        .assert()
        .success();
    let (job, dir) = job(&repo.join(".github/workflows/orders.yml"));
    assert_eq!(dir, "services/orders");
    let service = repo.join(&dir);
    let fake_bin = fake_cargo(workspace.path());

    // The pull request that adds the service: nothing to break.
    let (code, printed) = run_job(&job, &service, &base, &fake_bin);
    assert_eq!(code, 0, "{printed}");
    assert!(printed.contains("nothing to break"), "{printed}");
    let calls = std::fs::read_to_string(workspace.path().join("cargo-calls")).unwrap();
    assert_eq!(
        calls,
        format!(
            "install msgen --locked --version {}\n",
            env!("CARGO_PKG_VERSION")
        )
    );

    // A later pull request that removes an operation: the job fails.
    msgen(&service)
        .args(["add-endpoint", "GET", "/orders/{id}"])
        .assert()
        .success();
    git(&repo, &["add", "--all"]);
    git(&repo, &["commit", "--quiet", "-m", "orders"]);
    let base = git(&repo, &["rev-parse", "HEAD"]);
    msgen(&service)
        .args(["remove-endpoint", "GET", "/orders/{id}", "--force"])
        .assert()
        .success();
    let (code, printed) = run_job(&job, &service, &base, &fake_bin);
    assert_eq!(code, 1, "{printed}");
    assert!(printed.contains("breaking"), "{printed}");
}

#[test]
fn alone_in_its_repository_the_job_compares_with_the_base() {
    if !tool_available("git") || !tool_available("bash") {
        return;
    }
    let workspace = Workspace::new();
    let service = workspace.path().join("orders");
    msgen(workspace.path())
        .args(["new", "orders", "--no-input"])
        .assert()
        .success();
    let base = git(&service, &["rev-parse", "HEAD"]);
    let (job, dir) = job(&service.join(".github/workflows/ci.yml"));
    assert_eq!(dir, "");
    let fake_bin = fake_cargo(workspace.path());
    msgen(&service)
        .args(["add-endpoint", "GET", "/orders"])
        .assert()
        .success();
    let (code, printed) = run_job(&job, &service, &base, &fake_bin);
    assert_eq!(code, 0, "{printed}");
    assert!(printed.contains("compatible"), "{printed}");
}
