#!/usr/bin/env python3
"""Replay the build stage of a service's Dockerfile without a container engine.

    scripts/replay-dockerfile.py SERVICE_DIR

Creates an empty folder standing for the build stage's file system root,
copies into it only what the stage's COPY lines name (from the build context,
SERVICE_DIR, minus what .dockerignore excludes), at the paths the COPY lines
and WORKDIR give, then runs the stage's RUN commands there with `sh -c`, in
order. A file the Dockerfile forgets to copy, or a wrong path, fails here as
it would in `docker build`. Finally, every file a later stage copies out of
the build stage (`COPY --from=build SRC …`) must exist.

Absolute paths of the stage (its WORKDIR and the sources of COPY --from) are
mapped into the folder, in RUN commands too; RUN uses the host's toolchain
(the version the Dockerfile's base image pins is not checked here).

If CARGO_TARGET_DIR is set, `target` in the WORKDIR is a link to it: compiled
dependencies are reused, while the service's own crate is always compiled
from the copied files (its path differs from any earlier build's), so the
cache hides no missing file.

Exit codes: 0 replayed, 1 the build failed, 2 unsupported Dockerfile or usage.
"""

import fnmatch
import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile


def fail(message, code=1):
    print(f"replay-dockerfile: {message}", file=sys.stderr)
    sys.exit(code)


def instructions(text):
    """(keyword, arguments) per instruction, continuation lines joined."""
    out, current = [], ""
    for line in text.splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if current and stripped.startswith("#"):
            continue  # comment lines inside a continued instruction
        if line.rstrip().endswith("\\"):
            current += line.rstrip()[:-1] + " "
            continue
        current += line
        keyword, _, args = current.strip().partition(" ")
        out.append((keyword.upper(), args.strip()))
        current = ""
    if current:
        keyword, _, args = current.strip().partition(" ")
        out.append((keyword.upper(), args.strip()))
    return out


def substitute(text, variables):
    return re.sub(
        r"\$\{(\w+)\}|\$(\w+)",
        lambda m: variables.get(m.group(1) or m.group(2), ""),
        text,
    )


def split_flags(args):
    words = json_or_words(args)
    flags = {}
    while words and words[0].startswith("--"):
        key, _, value = words.pop(0)[2:].partition("=")
        flags[key] = value
    return flags, words


def json_or_words(args):
    if args.startswith("["):
        return json.loads(args)
    return shlex.split(args)


def ignore_patterns(context):
    path = os.path.join(context, ".dockerignore")
    patterns = []
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            negate = line.startswith("!")
            pattern = os.path.normpath(line.lstrip("!").strip().lstrip("/"))
            patterns.append((negate, pattern))
    return patterns


def pattern_regex(pattern):
    parts = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**", i):
            parts.append(".*")
            i += 2
        elif pattern[i] == "*":
            parts.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            parts.append("[^/]")
            i += 1
        else:
            parts.append(re.escape(pattern[i]))
            i += 1
    return re.compile("^" + "".join(parts) + "$")


def ignored(rel, patterns):
    """Whether the context path `rel` is excluded (Docker: last match wins;
    a pattern matching a parent folder excludes what is inside)."""
    prefixes = []
    parts = rel.split("/")
    for i in range(1, len(parts) + 1):
        prefixes.append("/".join(parts[:i]))
    result = False
    for negate, pattern in patterns:
        regex = pattern_regex(pattern)
        if any(regex.match(p) for p in prefixes):
            result = not negate
    return result


def context_files(context, patterns):
    files = []
    for folder, dirs, names in os.walk(context):
        dirs.sort()
        for name in sorted(names):
            full = os.path.join(folder, name)
            rel = os.path.relpath(full, context)
            if not ignored(rel, patterns):
                files.append(rel)
    return files


def main():
    if len(sys.argv) != 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        sys.exit(2)
    context = os.path.abspath(sys.argv[1])
    dockerfile = os.path.join(context, "Dockerfile")
    if not os.path.isfile(dockerfile):
        fail(f"no Dockerfile in {context}", 2)

    # Stages: [(name, [(keyword, args)])]; ARGs before the first FROM are global.
    global_args, stages = {}, []
    for keyword, args in instructions(open(dockerfile, encoding="utf-8").read()):
        if keyword == "FROM":
            words = substitute(args, global_args).split()
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else str(len(stages))
            stages.append((name, []))
        elif not stages:
            if keyword != "ARG":
                fail(f"{keyword} before the first FROM", 2)
            key, _, value = args.partition("=")
            global_args[key.strip()] = value.strip()
        else:
            stages[-1][1].append((keyword, args))
    if len(stages) < 2:
        fail("expected a build stage and a final stage", 2)

    # The stage the others copy from, and what they copy out of it.
    wanted = {}
    for name, body in stages:
        for keyword, args in body:
            if keyword == "COPY":
                flags, words = split_flags(args)
                if "from" in flags:
                    wanted.setdefault(flags["from"], []).extend(words[:-1])
    build = [s for s in stages if s[0] in wanted]
    if len(build) != 1:
        fail(f"expected one stage copied from, found {[s[0] for s in build]}", 2)
    build_name, body = build[0]

    patterns = ignore_patterns(context)
    files = context_files(context, patterns)
    root = tempfile.mkdtemp(prefix="replay-dockerfile.")
    keep = os.environ.get("REPLAY_KEEP") == "1"

    def mapped(path, workdir):
        if not path.startswith("/"):
            path = os.path.join(workdir, path)
        return os.path.join(root, os.path.normpath(path).lstrip("/"))

    absolute = set(wanted[build_name])
    env = dict(os.environ)
    env.pop("CARGO_TARGET_DIR", None)
    target_dir = os.environ.get("CARGO_TARGET_DIR")
    workdir = "/"
    try:
        for keyword, args in body:
            if keyword == "WORKDIR":
                workdir = os.path.normpath(os.path.join(workdir, substitute(args, env)))
                absolute.add(workdir)
                os.makedirs(mapped(workdir, "/"), exist_ok=True)
                if target_dir:
                    link = os.path.join(mapped(workdir, "/"), "target")
                    if not os.path.lexists(link):
                        os.makedirs(target_dir, exist_ok=True)
                        os.symlink(os.path.abspath(target_dir), link)
            elif keyword == "ENV":
                for word in shlex.split(args):
                    key, _, value = word.partition("=")
                    env[key] = substitute(value, env)
            elif keyword == "ARG":
                key, _, value = args.partition("=")
                env.setdefault(key.strip(), global_args.get(key.strip(), value.strip()))
            elif keyword == "COPY":
                flags, words = split_flags(args)
                if "from" in flags:
                    fail("COPY --from inside the build stage is not replayed", 2)
                *sources, dest = words
                dest_path = mapped(dest, workdir)
                to_dir = dest.endswith("/") or dest in (".", "./") or len(sources) > 1
                for source in sources:
                    source = os.path.normpath(source)
                    matches = [
                        f for f in files
                        if source == "." or f == source or f.startswith(source + "/")
                        or fnmatch.fnmatchcase(f, source)
                    ]
                    if not matches:
                        fail(f"COPY {source}: not in the build context "
                             f"(missing, or excluded by .dockerignore)")
                    for rel in matches:
                        if source == "." or rel.startswith(source + "/"):
                            inner = rel if source == "." else os.path.relpath(rel, source)
                            target = os.path.join(dest_path, inner)
                        elif to_dir:
                            target = os.path.join(dest_path, os.path.basename(rel))
                        else:
                            target = dest_path
                        os.makedirs(os.path.dirname(target), exist_ok=True)
                        shutil.copy2(os.path.join(context, rel), target)
                print(f"replay: COPY {' '.join(sources)} -> {dest}", flush=True)
            elif keyword == "RUN":
                command = args
                for path in sorted(absolute, key=len, reverse=True):
                    if path == "/":
                        continue
                    command = re.sub(
                        r"(?<![\w./-])" + re.escape(path) + r"(?![\w.-])",
                        lambda _m, p=path: shlex.quote(mapped(p, "/")),
                        command,
                    )
                print(f"replay: RUN {args}", flush=True)
                cwd = mapped(workdir, "/")
                os.makedirs(cwd, exist_ok=True)
                result = subprocess.run(["sh", "-c", command], cwd=cwd, env=env)
                if result.returncode != 0:
                    fail(f"RUN failed with exit code {result.returncode}: {args}")
            elif keyword in ("LABEL", "EXPOSE", "USER", "ENTRYPOINT", "CMD"):
                pass  # no effect on the files the build makes
            else:
                fail(f"{keyword} is not replayed", 2)
        for source in wanted[build_name]:
            if not glob.glob(mapped(source, workdir)):
                fail(f"COPY --from={build_name} {source}: the build stage made no such file")
        print(f"replay: ok, stage {build_name} of {dockerfile}")
    finally:
        if keep:
            print(f"replay: kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
