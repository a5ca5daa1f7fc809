#!/usr/bin/env python3
"""Check the Deployment(s) in Kubernetes manifests against the Pod Security
Standards "restricted" profile plus msgen's own rules, and check that the
manifests refer to each other correctly.

Usage: check_pod_security.py FILE_OR_DIR...

A directory is scanned for *.yaml / *.yml (kustomization.yaml is skipped).
Every Deployment found must satisfy, for every container (init containers
included, probes only for regular containers):

  runAsNonRoot: true                      (pod or container level)
  runAsUser: integer != 0                 (pod or container level)
  allowPrivilegeEscalation: false         (container)
  capabilities.drop contains ALL          (container)
  seccompProfile.type RuntimeDefault|Localhost (pod or container level;
                                          msgen requires RuntimeDefault)
  readOnlyRootFilesystem: true            (container)
  livenessProbe.httpGet.path == /healthz
  readinessProbe.httpGet.path == /readyz
  resources.requests and resources.limits each with cpu and memory
  no hostNetwork / hostPID / hostIPC / privileged / hostPath volumes

and these consistency checks, which schema validation cannot make:

  spec.selector.matchLabels is a subset of the pod template's labels
  probe ports name (or number) a declared containerPort
  terminationGracePeriodSeconds (default 30) > READINESS_DELAY_SECS +
      SHUTDOWN_GRACE_SECS when the container env sets them
  a Service's selector matches some Deployment's pod labels, and its
      targetPort names (or numbers) one of that Deployment's containerPorts
  an HPA's / PDB's target names / selects an existing Deployment

Exit 0 when all pass, 1 on any violation (one line each), 2 on usage or
parse errors, or when no Deployment was found.

Needs PyYAML (the validators venv has it).
"""
from __future__ import annotations

import os
import sys

try:
    import yaml
except ImportError:  # pragma: no cover
    print("check_pod_security: PyYAML is missing (run scripts/install-validators.sh)", file=sys.stderr)
    sys.exit(2)

LIVENESS_PATH = os.environ.get("LIVENESS_PATH", "/healthz")
READINESS_PATH = os.environ.get("READINESS_PATH", "/readyz")


def manifest_files(args: list[str]) -> list[str]:
    out: list[str] = []
    for a in args:
        if os.path.isdir(a):
            for name in sorted(os.listdir(a)):
                if name.endswith((".yaml", ".yml")) and name not in ("kustomization.yaml", "kustomization.yml"):
                    out.append(os.path.join(a, name))
        else:
            out.append(a)
    return out


def get(d, *path, default=None):
    for p in path:
        if not isinstance(d, dict) or p not in d:
            return default
        d = d[p]
    return d


def check_deployment(doc: dict, where: str) -> list[str]:
    errs: list[str] = []
    name = get(doc, "metadata", "name", default="?")
    prefix = f"{where}: Deployment/{name}"
    pod = get(doc, "spec", "template", "spec")
    if not isinstance(pod, dict):
        return [f"{prefix}: spec.template.spec missing"]
    match = get(doc, "spec", "selector", "matchLabels", default={}) or {}
    labels = get(doc, "spec", "template", "metadata", "labels", default={}) or {}
    if not match:
        errs.append(f"{prefix}: spec.selector.matchLabels is empty")
    elif any(labels.get(k) != v for k, v in match.items()):
        errs.append(f"{prefix}: spec.selector.matchLabels {match} do not match the pod labels {labels}")
    psc = pod.get("securityContext") or {}

    for key in ("hostNetwork", "hostPID", "hostIPC"):
        if pod.get(key) is True:
            errs.append(f"{prefix}: spec.template.spec.{key} must not be true")
    for vol in pod.get("volumes") or []:
        if isinstance(vol, dict) and "hostPath" in vol:
            errs.append(f"{prefix}: volume {vol.get('name')!r} uses hostPath")

    containers = pod.get("containers") or []
    if not containers:
        errs.append(f"{prefix}: no containers")
    all_containers = [("containers", c) for c in containers] + [
        ("initContainers", c) for c in (pod.get("initContainers") or [])
    ]

    for kind, c in all_containers:
        cname = c.get("name", "?") if isinstance(c, dict) else "?"
        cp = f"{prefix}: {kind}[{cname}]"
        csc = (c.get("securityContext") if isinstance(c, dict) else None) or {}

        def eff(key):
            # container-level value overrides the pod-level one
            return csc[key] if key in csc else psc.get(key)

        if eff("runAsNonRoot") is not True:
            errs.append(f"{cp}: runAsNonRoot must be true (pod or container securityContext)")
        uid = eff("runAsUser")
        if not isinstance(uid, int) or isinstance(uid, bool):
            errs.append(f"{cp}: runAsUser must be a numeric UID (got {uid!r})")
        elif uid == 0:
            errs.append(f"{cp}: runAsUser must not be 0")
        if csc.get("privileged") is True:
            errs.append(f"{cp}: privileged must not be true")
        if csc.get("allowPrivilegeEscalation") is not False:
            errs.append(f"{cp}: securityContext.allowPrivilegeEscalation must be false")
        drop = get(csc, "capabilities", "drop", default=None) or []
        if "ALL" not in drop:
            errs.append(f"{cp}: securityContext.capabilities.drop must contain ALL (got {drop!r})")
        add = get(csc, "capabilities", "add", default=None) or []
        if [a for a in add if a != "NET_BIND_SERVICE"]:
            errs.append(f"{cp}: capabilities.add may only hold NET_BIND_SERVICE (got {add!r})")
        seccomp = get(csc, "seccompProfile", "type") or get(psc, "seccompProfile", "type")
        if seccomp != "RuntimeDefault":
            errs.append(f"{cp}: seccompProfile.type must be RuntimeDefault (got {seccomp!r})")
        if csc.get("readOnlyRootFilesystem") is not True:
            errs.append(f"{cp}: securityContext.readOnlyRootFilesystem must be true")

        res = c.get("resources") or {}
        for section in ("requests", "limits"):
            sec = res.get(section) or {}
            for r in ("cpu", "memory"):
                if r not in sec:
                    errs.append(f"{cp}: resources.{section}.{r} missing")

        if kind == "containers":
            ports = c.get("ports") or []
            names = {p.get("name") for p in ports if isinstance(p, dict) and p.get("name")}
            numbers = {p.get("containerPort") for p in ports if isinstance(p, dict)}
            for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
                port = get(c, probe, "httpGet", "port")
                if port is None:
                    continue
                if (isinstance(port, str) and port not in names) or (isinstance(port, int) and port not in numbers):
                    errs.append(f"{cp}: {probe}.httpGet.port {port!r} is not a declared containerPort")
            env = {e.get("name"): e.get("value") for e in (c.get("env") or []) if isinstance(e, dict)}
            try:
                needed = int(env.get("READINESS_DELAY_SECS") or 0) + int(env.get("SHUTDOWN_GRACE_SECS") or 0)
            except ValueError:
                needed = 0
                errs.append(f"{cp}: READINESS_DELAY_SECS / SHUTDOWN_GRACE_SECS are not whole numbers")
            grace = pod.get("terminationGracePeriodSeconds", 30)
            if needed and not (isinstance(grace, int) and grace > needed):
                errs.append(
                    f"{cp}: terminationGracePeriodSeconds {grace!r} must exceed "
                    f"READINESS_DELAY_SECS + SHUTDOWN_GRACE_SECS = {needed}"
                )
            lp = get(c, "livenessProbe", "httpGet", "path")
            if lp != LIVENESS_PATH:
                errs.append(f"{cp}: livenessProbe.httpGet.path must be {LIVENESS_PATH} (got {lp!r})")
            rp = get(c, "readinessProbe", "httpGet", "path")
            if rp != READINESS_PATH:
                errs.append(f"{cp}: readinessProbe.httpGet.path must be {READINESS_PATH} (got {rp!r})")
    return errs


def check_references(by_kind: dict) -> list[str]:
    errs: list[str] = []
    deps = [d for _, d in by_kind.get("Deployment", [])]

    def pod_labels(d):
        return get(d, "spec", "template", "metadata", "labels", default={}) or {}

    def ports_of(d):
        out = set()
        for c in get(d, "spec", "template", "spec", "containers", default=[]) or []:
            for p in (c.get("ports") or []) if isinstance(c, dict) else []:
                if isinstance(p, dict):
                    out.add(p.get("name"))
                    out.add(p.get("containerPort"))
        return out

    for f, svc in by_kind.get("Service", []):
        name = get(svc, "metadata", "name", default="?")
        sel = get(svc, "spec", "selector", default={}) or {}
        targets = [d for d in deps if sel and all(pod_labels(d).get(k) == v for k, v in sel.items())]
        if not targets:
            errs.append(f"{f}: Service/{name}: selector {sel} matches no Deployment's pod labels")
            continue
        for port in get(svc, "spec", "ports", default=[]) or []:
            tp = port.get("targetPort", port.get("port")) if isinstance(port, dict) else None
            if not any(tp in ports_of(d) for d in targets):
                errs.append(f"{f}: Service/{name}: targetPort {tp!r} is not a containerPort of the selected Deployment")
    dep_names = {get(d, "metadata", "name") for d in deps}
    for f, hpa in by_kind.get("HorizontalPodAutoscaler", []):
        ref = get(hpa, "spec", "scaleTargetRef", default={}) or {}
        if ref.get("kind") == "Deployment" and ref.get("name") not in dep_names:
            errs.append(f"{f}: HorizontalPodAutoscaler: scaleTargetRef Deployment/{ref.get('name')} does not exist")
    for f, pdb in by_kind.get("PodDisruptionBudget", []):
        sel = get(pdb, "spec", "selector", "matchLabels", default={}) or {}
        if not any(sel and all(pod_labels(d).get(k) == v for k, v in sel.items()) for d in deps):
            errs.append(f"{f}: PodDisruptionBudget: selector {sel} matches no Deployment's pod labels")
    return errs


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    files = manifest_files(argv)
    errs: list[str] = []
    deployments = 0
    by_kind: dict[str, list[tuple[str, dict]]] = {}
    for f in files:
        try:
            with open(f, encoding="utf-8") as fh:
                docs = list(yaml.safe_load_all(fh))
        except (OSError, yaml.YAMLError) as e:
            print(f"{f}: cannot read YAML: {e}", file=sys.stderr)
            return 2
        for doc in docs:
            if isinstance(doc, dict):
                by_kind.setdefault(doc.get("kind"), []).append((f, doc))
            if isinstance(doc, dict) and doc.get("kind") == "Deployment":
                deployments += 1
                errs.extend(check_deployment(doc, f))
    errs.extend(check_references(by_kind))
    if deployments == 0:
        print(f"no Deployment found in {', '.join(files) or '(no files)'}", file=sys.stderr)
        return 2
    for e in errs:
        print(e)
    if errs:
        return 1
    print(f"{deployments} Deployment(s) pass the restricted pod-security and reference checks")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
