#!/usr/bin/env python3
"""Fails when modules of a crate import each other in a circle.

Reads `use crate::…` and `use super::…` paths in the non-test code of each crate of
the workspace and reports every strongly connected group of modules. Crates cannot
form cycles (cargo refuses them); this keeps the modules inside each crate layered too.
"""
import collections
import os
import re
import sys

CRATES = ["src", "crates/msgen-openapi/src", "crates/msgen-rust/src"]


def module_name(path, root):
    parts = os.path.relpath(path, root)[:-3].split(os.sep)
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return "::".join(parts)


def edges_of(root):
    modules = {}
    for folder, _, files in os.walk(root):
        for name in files:
            if name.endswith(".rs") and not name.endswith("_tests.rs") and name != "tests.rs":
                path = os.path.join(folder, name)
                modules[module_name(path, root)] = path
    edges = collections.defaultdict(set)
    for module, path in modules.items():
        text = re.split(r"#\[cfg\(test\)\]", open(path, encoding="utf-8").read())[0]
        for used in re.findall(r"\bcrate::([a-z_]+(?:::[a-z_]+)?)", text):
            target = used if used in modules else used.split("::")[0]
            if target in modules and target != module and not module.startswith(target + "::"):
                edges[module].add(target)
        parent = "::".join(module.split("::")[:-1])
        for used in re.findall(r"\bsuper::([a-z_]+)", text):
            target = f"{parent}::{used}" if parent else used
            if target in modules and target != module:
                edges[module].add(target)
    return edges


def cycles(edges):
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for other in edges.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                group.append(other)
                if other == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in list(edges):
        if node not in index:
            visit(node)
    return found


def main():
    bad = False
    for root in CRATES:
        for group in cycles(edges_of(root)):
            bad = True
            print(f"{root}: modules import each other in a circle: {', '.join(group)}")
    if bad:
        sys.exit(1)
    print("no import cycles between modules")


if __name__ == "__main__":
    main()
