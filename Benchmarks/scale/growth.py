#!/usr/bin/env python3
"""Where the repository's growth per iteration goes: the packed bytes of the objects a scale run added, by kind.

    python3 Benchmarks/scale/scale.py --counts 1000 --duration 180 --keep   # prints the kept workspace
    python3 Benchmarks/scale/growth.py WORKSPACE/origin.git

Copies the origin, packs it as `scale.py` does (`git gc`), and sums each object's size in the pack (after delta
compression) over the objects the run added (those reachable from the branch and not from its first commit, the
generated services), by kind: status files, reports, charts, experiment specs, trees and commits, per iteration
(the `Iter8-Iteration` trailers of the service's commits).
"""
import argparse
import collections
import re
import shutil
import subprocess
import tempfile


def git(git_dir, *args, stdin=None):
    return subprocess.run(["git", "--git-dir", git_dir, *args], input=stdin, check=True, capture_output=True,
                          text=True).stdout


def kind(path, object_type):
    if object_type != "blob":
        return object_type
    # `<stem>.status.<token>.yaml`, `<stem>.report.<token>.md|svg`, or without the token as earlier versions wrote.
    match = re.search(r"\.(status|report)(?:\.[0-9a-f]{8})?\.(yaml|md|svg)$", path)
    return f".{match.group(1)}.{match.group(2)}" if match else "other blobs"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("origin", help="the bare origin of a kept scale.py workspace")
    parser.add_argument("--branch", default="main")
    parser.add_argument("--base", help="the commit before the run (default: the branch's first commit)")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="iter8-growth-")
    try:
        copy = f"{work}/origin.git"
        shutil.copytree(args.origin, copy)
        git(copy, "gc", "--quiet", "--prune=now")
        base = args.base or git(copy, "rev-list", "--max-parents=0", args.branch).split()[0]
        paths = {}
        for line in git(copy, "rev-list", "--objects", f"{base}..{args.branch}").splitlines():
            sha, _, path = line.partition(" ")
            paths[sha] = path
        iterations = git(copy, "log", "--format=%B", f"{base}..{args.branch}").count("Iter8-Iteration:")
        batch = git(copy, "cat-file", "--batch-check=%(objectname) %(objecttype) %(objectsize) %(objectsize:disk)",
                    stdin="\n".join(paths) + "\n")
        totals = collections.defaultdict(lambda: [0, 0, 0])
        for line in batch.splitlines():
            sha, object_type, size, disk = line.split()
            entry = totals[kind(paths[sha], object_type)]
            entry[0] += 1
            entry[1] += int(size)
            entry[2] += int(disk)
        packed = sum(entry[2] for entry in totals.values())
        per = max(iterations, 1)
        print(f"{iterations} iterations; {packed / 1024:.0f} KiB packed, {packed / 1024 / per:.3f} KiB per iteration")
        print(f"{'kind':14} {'objects':>8} {'raw KiB':>10} {'packed KiB':>11} {'per iteration':>14} {'share':>6}")
        for name, (count, size, disk) in sorted(totals.items(), key=lambda item: -item[1][2]):
            print(f"{name:14} {count:8d} {size / 1024:10.0f} {disk / 1024:11.0f} {disk / 1024 / per:10.3f} KiB "
                  f"{100 * disk / packed:5.1f}%")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
