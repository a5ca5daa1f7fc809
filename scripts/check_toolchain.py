#!/usr/bin/env python3
"""Check that a service names one Rust version everywhere it names one.

    scripts/check_toolchain.py SERVICE_DIR

Reads Cargo.toml's `rust-version`, the Dockerfile's `ARG RUST_VERSION=` and
the `RUSTUP_TOOLCHAIN` of every workflow in .github/workflows/. Prints the
version and exits 0 when they agree, else names each and exits 1.
"""

import glob
import os
import re
import sys


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    svc = sys.argv[1]
    found = {}

    def grab(path, pattern, label):
        if os.path.exists(path):
            text = open(path, encoding="utf-8").read()
            for match in re.finditer(pattern, text, re.M):
                found.setdefault(match.group(1), []).append(label)

    grab(os.path.join(svc, "Cargo.toml"), r'^rust-version\s*=\s*"([^"]+)"', "Cargo.toml rust-version")
    grab(os.path.join(svc, "Dockerfile"), r"^ARG RUST_VERSION=(\S+)", "Dockerfile RUST_VERSION")
    for workflow in sorted(glob.glob(os.path.join(svc, ".github/workflows/*.y*ml"))):
        label = os.path.relpath(workflow, svc) + " RUSTUP_TOOLCHAIN"
        grab(workflow, r'^\s*RUSTUP_TOOLCHAIN:\s*"?([^"\s]+)"?', label)
    if len(found) > 1:
        print("Rust versions differ: " + "; ".join(f"{v} in {', '.join(w)}" for v, w in found.items()))
        sys.exit(1)
    if not found:
        print("no Rust version named (Cargo.toml rust-version, Dockerfile RUST_VERSION)")
        sys.exit(1)
    print(f"Rust {next(iter(found))}")


if __name__ == "__main__":
    main()
