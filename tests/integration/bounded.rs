//! Reading a contract takes time linear in its size, or is refused before any YAML parser
//! runs: nested `[` once took time quadratic in their depth (100,000 of them, 200 KB,
//! more than 20 seconds). Up to the limit of 256, each token costs the scanner at most
//! that many steps, so the rest reads in linear time.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::helpers::{Workspace, msgen, stderr};

/// `msgen::contract::MAX_CONTRACT_BYTES`.
const SIZE_CAP: usize = 4 * 1024 * 1024;

/// Runs `msgen sync` in `service` and returns its stderr and how long it took.
fn sync(service: &Path) -> (String, Duration) {
    let start = Instant::now();
    let output = msgen(service).arg("sync").output().unwrap();
    let elapsed = start.elapsed();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    (stderr(&output), elapsed)
}

#[test]
fn deeper_nesting_is_refused_before_parsing_at_every_size_up_to_the_cap() {
    let workspace = Workspace::new();
    let service = workspace.new_service("orders", &[]);
    let contract = service.join("openapi.yaml");
    let good = std::fs::read_to_string(&contract).unwrap();
    let line = good.lines().count() + 1;
    let largest = (SIZE_CAP - good.len() - "x: \n".len()) / 2;
    let mut times = Vec::new();
    for depth in [300, 3_000, 30_000, 300_000, largest] {
        let text = format!("{good}x: {}{}\n", "[".repeat(depth), "]".repeat(depth));
        assert!(text.len() <= SIZE_CAP);
        std::fs::write(&contract, text).unwrap();
        let (stderr, elapsed) = sync(&service);
        // The same refusal, at the 257th `[`, whatever follows it: no parser has run.
        assert_eq!(
            stderr.lines().next(),
            Some(
                format!(
                    "error: openapi.yaml:{line}:260: `[` and `{{` nest more than 256 levels deep"
                )
                .as_str()
            ),
            "depth {depth}"
        );
        times.push(elapsed);
    }
    let fastest = times.iter().min().unwrap();
    let slowest = times.iter().max().unwrap();
    assert!(
        *slowest < *fastest * 10 + Duration::from_millis(500),
        "refusal times grow with the input: {times:?}"
    );
}
