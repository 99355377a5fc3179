#!/usr/bin/env python3
"""What a fuzz target needs to be compiled and linked against a SwiftPM build of a library target.

Reads SwiftPM's build plan (<scratch>/debug.yaml) and prints, for the module command of TARGET:
  flags   the module search and C module-map arguments SwiftPM compiles TARGET with (one per line), and
  objects every object file of TARGET and of everything it depends on, transitively (one per line).
Taken from the plan rather than from a glob, so objects left behind by renamed or deleted sources are never linked.

Usage: link-inputs.py <scratch>/debug.yaml TARGET flags|objects
"""
import json
import sys


def commands(path):
    """The plan's commands: name -> {inputs, outputs, args}. The file is YAML whose values are JSON lists."""
    result, name = {}, None
    with open(path) as plan:
        for line in plan:
            if line.startswith('  "') and line.rstrip().endswith('":'):
                name = json.loads(line.strip()[:-1])
                result[name] = {}
            elif name is not None:
                for key in ("inputs", "outputs", "args"):
                    prefix = "    %s: " % key
                    if line.startswith(prefix):
                        result[name][key] = json.loads(line[len(prefix):])
    return result


def main():
    path, target, what = sys.argv[1:4]
    plan = commands(path)
    root = next((name for name in plan if name.startswith("C.%s-" % target) and name.endswith("-debug.module")), None)
    if root is None:
        sys.exit("link-inputs.py: no module command for %s in %s" % (target, path))
    if what == "flags":
        args, index, flags = plan[root].get("args", []), 0, []
        while index < len(args):
            arg = args[index]
            if arg in ("-I", "-Xcc") and index + 1 < len(args):
                flags += [arg, args[index + 1]]
                index += 2
                continue
            if arg.startswith("-I") and len(arg) > 2:
                flags.append(arg)
            index += 1
        print("\n".join(flags))
        return
    producer = {output: name for name, command in plan.items() for output in command.get("outputs", [])}
    seen, stack, objects = set(), [root], set()
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        command = plan.get(name, {})
        objects.update(output for output in command.get("outputs", []) if output.endswith(".o"))
        stack.extend(producer[node] for node in command.get("inputs", []) if node in producer)
    print("\n".join(sorted(objects)))


if __name__ == "__main__":
    main()
