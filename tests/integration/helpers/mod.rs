//! Builders shared by the CLI tests.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// `msgen` with a clean, deterministic environment, run in `dir`.
pub fn msgen(dir: &Path) -> Command {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin!("msgen"));
    command
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("CI", "1")
        .env_remove("MSGEN_FAULT_AFTER_WRITES")
        .env_remove("MSGEN_PAUSE_AT_WRITE");
    command
}

/// A temporary folder to generate services into.
pub struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `msgen new NAME --no-git` here, which must succeed, and returns the service folder.
    pub fn new_service(&self, name: &str, extra: &[&str]) -> PathBuf {
        msgen(self.path())
            .args(["new", name, "--no-git"])
            .args(extra)
            .assert()
            .success();
        self.path().join(name)
    }

    /// Every file under the workspace with its contents: for "nothing changed" checks.
    pub fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        tree(self.path())
    }
}

/// Every file under `root` (relative path → bytes), skipping `target/`.
pub fn tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.file_name() != "target")
        .filter_map(Result::ok)
        .filter(|entry| !entry.file_type().is_dir())
        .map(|entry| {
            let relative = entry.path().strip_prefix(root).unwrap().to_path_buf();
            let bytes = std::fs::read(entry.path()).unwrap_or_default();
            (relative, bytes)
        })
        .collect()
}

/// The sorted relative file list of a tree, `/`-separated.
pub fn file_list(root: &Path) -> String {
    tree(root)
        .keys()
        .map(|path| path.to_string_lossy().replace('\\', "/"))
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Whether a command-line tool is installed (tests that need one skip without it).
pub fn tool_available(program: &str) -> bool {
    std::process::Command::new(program)
        .arg("--version")
        .output()
        .is_ok()
}

/// Runs msgen with `args` in `dir`, pausing at write `at`, sends SIGTERM
/// during the pause, and returns the exit code.
#[cfg(unix)]
pub fn terminate_mid_write(dir: &Path, args: &[&str], at: usize) -> Option<i32> {
    let binary = assert_cmd::cargo::cargo_bin!("msgen");
    let mut child = std::process::Command::new(binary)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("CI", "1")
        .env("MSGEN_PAUSE_AT_WRITE", at.to_string())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("msgen starts");
    std::thread::sleep(std::time::Duration::from_millis(700));
    let sent = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let status = child.wait().ok()?;
    if !sent.is_ok_and(|status| status.success()) {
        return None;
    }
    status.code()
}
