//! Every spec in `examples/` generates with `--no-input` and checks clean.

use crate::helpers::{Workspace, msgen, stderr};

#[test]
fn every_example_generates_and_checks_clean() {
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut seen = 0;
    for entry in std::fs::read_dir(&examples).unwrap() {
        let spec = entry.unwrap().path();
        if spec.extension().is_none_or(|extension| extension != "toml") {
            continue;
        }
        seen += 1;
        let workspace = Workspace::new();
        let output = msgen(workspace.path())
            .args(["new", "--from"])
            .arg(&spec)
            .args(["--no-input", "--no-git"])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}: {}",
            spec.display(),
            stderr(&output)
        );
        let name = std::fs::read_dir(workspace.path())
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let check = msgen(&name).arg("check").output().unwrap();
        assert!(
            check.status.success(),
            "{}: {}",
            spec.display(),
            String::from_utf8_lossy(&check.stdout)
        );
    }
    assert!(seen >= 3, "expected at least three examples, found {seen}");
}
