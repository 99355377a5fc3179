#!/usr/bin/env python3
"""Checks the package's module graph: what each target declares in Package.swift against what its files import.

    scripts/check-module-graph.py [PACKAGE_DIR]        (default: the repository root)

Prints one line per problem and exits 1 when there is any; exits 0 with one summary line otherwise. Problems:
  - undeclared: a target imports a module it does not declare directly, including one it can see only
    transitively through a dependency's dependency;
  - unused: a target declares a dependency (a target, or a product of another package) that none of its files import;
  - C module: a system-library module (CLibGit2, CCurl, CLibYAML) imported or declared outside its one wrapper;
  - layering: a target imports a module on its own layer or above (imports point down only, DESIGN.md §3),
    or a target is missing from the layer table below.

Declared dependencies come from `swift package dump-package` (target and product dependencies; a product is mapped
to its modules through its package's own manifest, in the checkout SwiftPM resolved, or found with
`swift package show-dependencies` when the package is not resolved yet). Imports are every `import` declaration of
every Swift file of the target, whatever its attributes, access level or kind (`@testable import X`,
`public import X`, `import struct X.Y`), and every `canImport(X)` of a compilation condition; comments and string
literals are skipped, so code embedded in a multi-line string does not count.

Why a script of our own: SwiftPM's `--explicit-target-dependency-import-check error` does not catch a module that is
available only transitively on this toolchain. Checked with Swift 6.3.1 (swift-6.3.1-RELEASE, x86_64 Linux) on a
three-target package A -> B -> C where A imports C: `swift build --explicit-target-dependency-import-check error`
completes with no error and no warning after a clean build, and the same for A importing D through A -> E -> D;
`--build-system swiftbuild` crashes (signal 11) on that package. It also never reports an unused dependency,
a C module outside its wrapper, or an upward import.

Python because it runs before the build on a fresh machine: scripts/install-deps.sh installs python3 (the test
suite uses it too), and a Swift script would be compiled on every run.
"""

import json
import os
import re
import subprocess
import sys
import tempfile

# Layers, bottom up. A target may import only modules on a lower layer; a target of the package missing from this
# table is a problem, so a new target is placed here deliberately. Derived from DESIGN.md §3 and the graph at issue 13.
LAYERS = [
    # The system libraries, each imported by its one wrapper only (C_WRAPPERS).
    ["CLibGit2", "CCurl", "CLibYAML", "CSpawn"],
    # The pure domain core (imports nothing of ours), secret redaction, JSON values, the YAML adapter over libyaml, and
    # child processes.
    ["Experiments", "Redaction", "JSON", "YAML", "Spawn"],
    # Adapters over libcurl and libgit2 (their errors go through Redaction).
    ["HTTPTransport", "Git"],
    # Clients of the external systems: the Kubernetes REST client, Prometheus queries.
    ["Kubernetes", "PromQL"],
    # The routing seam every routing kind implements.
    ["Routing"],
    # One implementation per routing kind.
    ["Istio", "GatewayAPI"],
    # The embedded Kubernetes API server and simulated mesh.
    ["Sandbox"],
    # The reconciler.
    ["GitOps"],
    # The reconciler, the Sandbox and the plug-ins wired together.
    ["Playground"],
    # The command-line tool.
    ["iter8"],
    # Never shipped: testing support and the benchmark harnesses (nothing of ours imports them but tests).
    ["TestSupport", "iter8-bench", "iter8-decisions"],
]

# Test targets sit above every layer: they may import anything of ours, and nothing imports them.
TEST_LAYER = len(LAYERS)

# Each C module and the one target allowed to import (and declare) it.
C_WRAPPERS = {"CLibGit2": "Git", "CCurl": "HTTPTransport", "CLibYAML": "YAML", "CSpawn": "Spawn"}

# Modules of the toolchain and the platform: not dependencies of the package.
SYSTEM_MODULES = {
    "Swift", "_Concurrency", "_StringProcessing", "RegexBuilder", "Observation", "Distributed", "Synchronization",
    "Foundation", "FoundationEssentials", "FoundationInternationalization", "FoundationNetworking", "FoundationXML",
    "CoreFoundation", "Dispatch", "Glibc", "Musl", "Darwin", "Bionic", "Android", "WASILibc", "WinSDK", "ucrt", "os",
    "Testing", "XCTest", "Cxx", "CxxStdlib",
}

IMPORT = re.compile(
    r"^[ \t]*(?:@[A-Za-z_]\w*(?:\([^)\n]*\))?[ \t]+)*"
    r"(?:(?:public|package|internal|fileprivate|private|open)[ \t]+)?"
    r"import[ \t]+(?:(?:typealias|struct|class|enum|protocol|let|var|func|actor)[ \t]+)?"
    r"([A-Za-z_]\w*)",
    re.MULTILINE,
)
CAN_IMPORT = re.compile(r"^[ \t]*#(?:if|elseif)\b[^\n]*", re.MULTILINE)
CAN_IMPORT_NAME = re.compile(r"\bcanImport\(\s*([A-Za-z_]\w*)")


def code_only(text):
    """The text with comments and string literal contents blanked (newlines kept, so line numbers hold)."""
    out = list(text)
    n = len(text)
    i = 0
    # A stack of modes: ("code", parens) for code (parens counts an interpolation's open parentheses),
    # ("string", hashes, multiline) inside a string literal.
    stack = [("code", 0)]

    def blank(a, b):
        for k in range(a, min(b, n)):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        mode = stack[-1]
        c = text[i]
        if mode[0] == "code":
            if text.startswith("//", i):
                end = text.find("\n", i)
                end = n if end < 0 else end
                blank(i, end)
                i = end
                continue
            if text.startswith("/*", i):
                depth, j = 1, i + 2
                while j < n and depth:
                    if text.startswith("/*", j):
                        depth, j = depth + 1, j + 2
                    elif text.startswith("*/", j):
                        depth, j = depth - 1, j + 2
                    else:
                        j += 1
                blank(i, j)
                i = j
                continue
            j = i
            while j < n and text[j] == "#":
                j += 1
            if j < n and text[j] == '"':
                hashes = j - i
                multiline = text.startswith('"""', j)
                i = j + (3 if multiline else 1)
                stack.append(("string", hashes, multiline))
                continue
            if c == "(" and len(stack) > 1:
                stack[-1] = ("code", mode[1] + 1)
            elif c == ")" and len(stack) > 1:
                if mode[1] <= 1:
                    stack.pop()
                else:
                    stack[-1] = ("code", mode[1] - 1)
            i += 1
            continue
        _, hashes, multiline = mode
        delimiter = ('"""' if multiline else '"') + "#" * hashes
        if text.startswith(delimiter, i):
            stack.pop()
            i += len(delimiter)
            continue
        escape = "\\" + "#" * hashes
        if text.startswith(escape, i):
            after = i + len(escape)
            if after < n and text[after] == "(":
                blank(i, after + 1)
                stack.append(("code", 1))
                i = after + 1
                continue
            blank(i, after + 1)
            i = after + 1
            continue
        if c == "\n" and not multiline:
            stack.pop()  # an unterminated single-line literal: resynchronise at the line's end
            continue
        blank(i, i + 1)
        i += 1
    return "".join(out)


def imports_of(path):
    """(module, line) for every import declaration and canImport condition of one Swift file."""
    with open(path, encoding="utf-8", errors="replace") as f:
        code = code_only(f.read())
    found = []
    for m in IMPORT.finditer(code):
        found.append((m.group(1), code.count("\n", 0, m.start()) + 1))
    for m in CAN_IMPORT.finditer(code):
        line = code.count("\n", 0, m.start()) + 1
        found.extend((name, line) for name in CAN_IMPORT_NAME.findall(m.group(0)))
    return sorted(found, key=lambda item: item[1])


def module_name(target_name):
    """The Swift module name SwiftPM gives a target (its c99name)."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", target_name)
    return "_" + name if name[:1].isdigit() else name


def swift_package(package_dir, *arguments):
    """The JSON a `swift package` subcommand prints. A scratch path of its own for dump-package, so it does not
    wait for a build holding the package's .build lock."""
    command = ["swift", "package", "--package-path", package_dir]
    with tempfile.TemporaryDirectory(prefix="module-graph-") as scratch:
        if arguments[0] == "dump-package":
            command += ["--scratch-path", scratch]
        result = subprocess.run(command + list(arguments), capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"check-module-graph: swift package {' '.join(arguments)} failed in {package_dir}:\n{result.stderr}")
    return json.loads(result.stdout)


def dependency_kind(dependency):
    """("target" | "byName" | "product", name, package or None) of one dump-package dependency entry."""
    for kind in ("target", "byName", "product"):
        if kind in dependency:
            value = dependency[kind]
            return kind, value[0], (value[1] if kind == "product" else None)
    raise ValueError(f"unknown dependency entry {dependency}")


def dependency_identities(manifest):
    """The identities of the packages the root manifest depends on directly."""
    identities = []
    for dependency in manifest.get("dependencies", []):
        for kind in dependency.values():
            for entry in kind if isinstance(kind, list) else [kind]:
                if isinstance(entry, dict) and "identity" in entry:
                    identities.append(entry["identity"])
    return identities


def resolved_checkouts(package_dir):
    """identity -> checkout directory, from the resolution SwiftPM recorded in .build (read as a file: asking
    `swift package` would wait for the .build lock whenever a build runs); empty when there is none."""
    try:
        with open(os.path.join(package_dir, ".build", "workspace-state.json"), encoding="utf-8") as f:
            state = json.load(f)
    except (OSError, ValueError):
        return {}
    checkouts = {}
    for dependency in state.get("object", {}).get("dependencies", []):
        identity = dependency.get("packageRef", {}).get("identity")
        kind = dependency.get("state", {}).get("name")
        if kind == "sourceControlCheckout":
            path = os.path.join(package_dir, ".build", "checkouts", dependency.get("subpath", ""))
        elif kind == "fileSystem":
            path = dependency.get("packageRef", {}).get("location")
        else:
            continue
        if identity and path and os.path.isfile(os.path.join(path, "Package.swift")):
            checkouts[identity] = path
    return checkouts


def product_modules(package_dir, manifest):
    """(package identity, product name) -> module names, for every product of the packages the root depends on."""
    products = {}
    identities = dependency_identities(manifest)
    if not identities:
        return products
    checkouts = resolved_checkouts(package_dir)
    if any(identity not in checkouts for identity in identities):
        # Not resolved yet (a fresh clone) or resolved before a dependency was added: resolve, and ask where.
        tree = swift_package(package_dir, "show-dependencies", "--format", "json")
        checkouts = {package["identity"]: package["path"] for package in tree.get("dependencies", [])}
    for identity in identities:
        dependency_manifest = swift_package(checkouts[identity], "dump-package")
        for product in dependency_manifest["products"]:
            modules = [module_name(t) for t in product["targets"]]
            products[(identity, product["name"])] = modules
            products.setdefault((None, product["name"]), modules)
    return products


def source_files(package_dir, target):
    """The Swift files of one target, as paths relative to the package."""
    if target.get("path"):
        root = target["path"]
    elif target["type"] == "test":
        root = os.path.join("Tests", target["name"])
    else:
        root = os.path.join("Sources", target["name"])
    excluded = [os.path.normpath(os.path.join(root, e)) for e in target.get("exclude") or []]
    listed = [os.path.normpath(os.path.join(root, s)) for s in target.get("sources") or []]
    files = []
    for directory, subdirectories, names in os.walk(os.path.join(package_dir, root)):
        subdirectories.sort()
        for name in sorted(names):
            if not name.endswith(".swift"):
                continue
            relative = os.path.relpath(os.path.join(directory, name), package_dir)
            if any(relative == e or relative.startswith(e + os.sep) for e in excluded):
                continue
            if listed and not any(relative == s or relative.startswith(s + os.sep) for s in listed):
                continue
            files.append(relative)
    return files


def check(package_dir):
    """The problems of the package at package_dir, one line each, and a summary."""
    manifest = swift_package(package_dir, "dump-package")
    products = product_modules(package_dir, manifest)
    targets = {t["name"]: t for t in manifest["targets"]}
    by_module = {module_name(name): name for name in targets}
    layer = {module_name(name): index for index, names in enumerate(LAYERS) for name in names}
    problems = []

    def declared_modules(target):
        """Each declared dependency: its label, the modules it makes importable, whether it is a C module."""
        declared = []
        for dependency in target["dependencies"]:
            kind, name, package = dependency_kind(dependency)
            if kind != "product" and name in targets:
                declared.append((name, [module_name(name)]))
            elif (package, name) in products:
                declared.append((f"{name} (product of {package})" if package else name, products[(package, name)]))
            else:
                problems.append(f"{target['name']}: declares {name}, which is neither a target of the package "
                                f"nor a product of a dependency")
        return declared

    def closure(name, seen):
        """Our targets reachable from target `name` through declared target dependencies."""
        for dependency in targets[name]["dependencies"]:
            kind, dependency_name, _ = dependency_kind(dependency)
            if kind != "product" and dependency_name in targets and dependency_name not in seen:
                seen[dependency_name] = name
                closure(dependency_name, seen)
        return seen

    import_count = 0
    for name, target in targets.items():
        if target["type"] in ("system", "binary", "plugin", "macro"):
            continue
        own_layer = TEST_LAYER if target["type"] == "test" else layer.get(module_name(name))
        if own_layer is None:
            problems.append(f"{name}: has no layer in the LAYERS table of scripts/check-module-graph.py")
        declared = declared_modules(target)
        importable = {m: label for label, modules in declared for m in modules}
        imported = {}
        for path in source_files(package_dir, target):
            for module, line in imports_of(os.path.join(package_dir, path)):
                import_count += 1
                imported.setdefault(module, f"{path}:{line}")
        for module, where in sorted(imported.items()):
            if module in SYSTEM_MODULES or module == module_name(name):
                continue
            wrapper = C_WRAPPERS.get(module)
            if wrapper is not None and wrapper != name:
                problems.append(f"{name}: imports the C module {module} ({where}); only {wrapper} may")
                continue
            if module not in importable:
                reachable = closure(name, {})
                if module in by_module and by_module[module] in reachable:
                    via = reachable[by_module[module]]
                    problems.append(f"{name}: imports {module} ({where}) without declaring it "
                                    f"(available only transitively, through {via})")
                else:
                    problems.append(f"{name}: imports {module} ({where}) without declaring it")
            module_layer = layer.get(module)
            if own_layer is not None and module_layer is not None and module_layer >= own_layer:
                relation = "on its own layer" if module_layer == own_layer else "on a layer above it"
                problems.append(f"{name}: imports {module} ({where}), {relation}; imports point down only")
        for label, modules in declared:
            for module in modules:
                wrapper = C_WRAPPERS.get(module)
                if wrapper is not None and wrapper != name and module not in imported:
                    problems.append(f"{name}: declares the C module {module}; only {wrapper} may")
            if not any(m in imported for m in modules):
                problems.append(f"{name}: declares {label} but none of its files imports it")
    summary = (f"module graph: {len(targets)} targets, {import_count} imports checked, "
               f"{len(problems)} problem{'s' if len(problems) != 1 else ''}")
    return problems, summary


def main():
    package_dir = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))
    problems, summary = check(package_dir)
    for problem in problems:
        print(problem)
    print(summary, file=sys.stderr if problems else sys.stdout)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
