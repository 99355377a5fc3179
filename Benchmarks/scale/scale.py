#!/usr/bin/env python3
"""The scale benchmark: N canaries on N services, `iter8 sandbox` and `iter8 run` as separate processes, a file:// origin,
real time. One command per N:

    python3 Benchmarks/scale/scale.py [--counts 0,100,1000] [--duration 180] [--interval 20] [--bin .build/release/iter8]
        [--json FILE] [--keep] [--poll-files 10000]

For each N it generates the canaries (Benchmarks/scale/generate.py, fixed length so the load stays steady), commits them to
a bare origin, starts the Sandbox (1x time) and the service, and measures for --duration seconds:

- iterations due vs done: iteration k of an experiment is due at startedAt + k x interval (its status's startedAt, the
  service's start when it never started); due = scheduled at least 2 s before the end; done = on the origin by the end.
  The specs arrive in one commit a second over the first interval (as merged pull requests would), so experiments
  start at different moments; they all start within the first interval and a few seconds;
- iteration lag p50/p99: from that schedule to the moment a commit recording the iteration (trailer Iter8-Iteration) was
  first seen on the origin (the origin's branch is polled every 50 ms);
- CPU ms per iteration of `iter8 run` (utime + stime over the window / iterations committed in it), after a warm-up
  (the first interval) and over the whole run; peak RSS (VmHWM), and for N = 0 the idle RSS (VmRSS at the end);
- the origin's growth per iteration: `size-pack` after `git gc` at the end minus at the start, over the iterations
  committed (status, report and chart files included);
- pass duration (from the service's iter8_reconcile_pass_duration_seconds) and Prometheus queries per second (the
  service's iter8_prometheus_queries_total, else estimated from the queries one iteration records);
- with --poll-files F: a no-change poll of a repository of F files (N = 0 experiments): CPU ms per pass.

Prints one table; --json writes the rows. Network traffic stays on 127.0.0.1.
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def git(*args, cwd=None, git_dir=None):
    command = ["git"] + (["--git-dir", git_dir] if git_dir else []) + list(args)
    return subprocess.run(command, cwd=cwd, check=True, capture_output=True, text=True).stdout


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def memory_kib(pid):
    values = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                values[line.split(":")[0]] = int(line.split()[1])
    return values


def wait_for(predicate, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise SystemExit(f"timed out after {seconds} s waiting for {what}")


def size_pack_kib(git_dir):
    git("gc", "--quiet", "--prune=now", git_dir=git_dir)
    for line in git("count-objects", "-v", git_dir=git_dir).splitlines():
        if line.startswith("size-pack:"):
            return int(line.split()[1])
    return 0


class HeadWatcher(threading.Thread):
    """Polls the origin's branch every 50 ms and notes when each head was first seen."""

    def __init__(self, git_dir, branch):
        super().__init__(daemon=True)
        self.git_dir, self.branch = git_dir, branch
        self.seen = {}
        self.stopped = threading.Event()

    def head(self):
        path = os.path.join(self.git_dir, "refs", "heads", self.branch)
        try:
            with open(path) as f:
                return f.read().strip()
        except FileNotFoundError:
            try:
                with open(os.path.join(self.git_dir, "packed-refs")) as f:
                    for line in f:
                        if line.rstrip().endswith("refs/heads/" + self.branch):
                            return line.split()[0]
            except FileNotFoundError:
                return None

    def run(self):
        while not self.stopped.is_set():
            head = self.head()
            if head and head not in self.seen:
                self.seen[head] = time.time()
            time.sleep(0.05)


def metrics_text(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
            return response.read().decode(errors="replace")
    except OSError:
        return ""


def metric_value(text, name):
    total, found = 0.0, False
    for line in text.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            total += float(line.rsplit(" ", 1)[1])
            found = True
    return total if found else None


def parse_time(text):
    text = text.strip().strip("'\"")
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def commit_log(git_dir, branch):
    """[(sha, [(experiment, iteration)])] oldest first, first-parent chain."""
    out = git("log", "--first-parent", "--reverse", "--format=%x1e%H%n%B", branch, git_dir=git_dir)
    commits = []
    for record in out.split("\x1e")[1:]:
        lines = record.splitlines()
        sha, experiments, current = lines[0].strip(), [], None
        for line in lines[1:]:
            if line.startswith("Iter8-Experiment:"):
                current = line.split(":", 1)[1].strip()
            elif line.startswith("Iter8-Iteration:") and current:
                experiments.append((current, int(line.split(":", 1)[1].strip())))
        commits.append((sha, experiments))
    return commits


def final_statuses(git_dir, branch):
    """experiment key -> (startedAt seconds or None, completed iterations) from the status files at the branch's head."""
    files = [p for p in git("ls-tree", "-r", "--name-only", branch, git_dir=git_dir).splitlines() if re.search(r"\.status(\.[0-9a-f]{8})?\.yaml$", p)]
    result = {}
    if not files:
        return result
    batch = subprocess.run(
        ["git", "--git-dir", git_dir, "cat-file", "--batch"], input="".join(f"{branch}:{p}\n" for p in files).encode(),
        capture_output=True, check=True).stdout
    offset = 0
    while offset < len(batch):
        header_end = batch.index(b"\n", offset)
        size = int(batch[offset:header_end].split()[2])
        body = batch[header_end + 1:header_end + 1 + size].decode(errors="replace")
        offset = header_end + 1 + size + 1
        head = body[:4000]
        name = re.search(r"^  name: (.+)$", head, re.M)
        namespace = re.search(r"^  namespace: (.+)$", head, re.M)
        started = re.search(r"^  startedAt: (.+)$", head, re.M)
        completed = re.search(r"^  completedIterations: (\d+)$", head, re.M)
        if name and namespace:
            key = f"{namespace.group(1).strip()}/{name.group(1).strip()}"
            result[key] = (parse_time(started.group(1)) if started else None, int(completed.group(1)) if completed else 0)
    return result


def prepare(work, count, interval, iterations):
    content = os.path.join(work, "content")
    subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), "--count", str(count), "--out", content,
                    "--interval", str(interval), "--iterations", str(iterations), "--mode", "fixed"], check=True)
    origin = os.path.join(work, "origin.git")
    git("init", "--quiet", "--bare", "--initial-branch=main", origin)
    seed = os.path.join(work, "seed")
    git("init", "--quiet", "--initial-branch=main", seed)
    os.makedirs(os.path.join(seed, "experiments"))
    os.makedirs(os.path.join(seed, "cluster"))
    for name in os.listdir(os.path.join(content, "cluster")):
        if name.endswith("-virtualservice.yaml"):
            shutil.copy(os.path.join(content, "cluster", name), os.path.join(seed, "cluster", name))
    with open(os.path.join(seed, "README.md"), "w") as f:
        f.write(f"{count} generated canaries (Benchmarks/scale/generate.py)\n")
    git("add", "-A", cwd=seed)
    git("-c", "user.name=bench", "-c", "user.email=bench@localhost", "commit", "--quiet", "-m", f"{count} canaries", cwd=seed)
    git("push", "--quiet", origin, "main", cwd=seed)
    return content, origin, seed


class Arrivals(threading.Thread):
    """Pushes the experiment specs in `batches` commits, one a second, as pull requests would be merged: experiments
    start at different moments, as in a real repository, instead of all falling due in the same second."""

    def __init__(self, content, seed, origin, batches):
        super().__init__(daemon=True)
        self.content, self.seed, self.origin, self.batches = content, seed, origin, max(1, batches)
        self.pushed = 0
        self.failure = None

    def run(self):
        try:
            names = sorted(os.listdir(os.path.join(self.content, "experiments")))
            size = -(-len(names) // self.batches) if names else 0
            for start in range(0, len(names), max(1, size)):
                began = time.monotonic()
                for name in names[start:start + size]:
                    shutil.copy(os.path.join(self.content, "experiments", name), os.path.join(self.seed, "experiments", name))
                git("add", "-A", cwd=self.seed)
                git("-c", "user.name=bench", "-c", "user.email=bench@localhost", "commit", "--quiet", "-m",
                    f"experiments {start + 1}-{start + len(names[start:start + size])}", cwd=self.seed)
                for _ in range(20):
                    try:
                        git("push", "--quiet", self.origin, "main", cwd=self.seed)
                        break
                    except subprocess.CalledProcessError:
                        git("-c", "user.name=bench", "-c", "user.email=bench@localhost", "pull", "--quiet", "--rebase",
                            self.origin, "main", cwd=self.seed)
                self.pushed += len(names[start:start + size])
                time.sleep(max(0.0, 1.0 - (time.monotonic() - began)))
        except Exception as error:  # reported by the caller
            self.failure = error


def prepare_files(work, files):
    """A repository of `files` small files and no experiment, for the no-change poll."""
    origin = os.path.join(work, "origin.git")
    git("init", "--quiet", "--bare", "--initial-branch=main", origin)
    seed = os.path.join(work, "seed")
    git("init", "--quiet", "--initial-branch=main", seed)
    for index in range(files):
        folder = os.path.join(seed, "apps", f"team-{index // 100:03d}")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"config-{index:05d}.yaml"), "w") as f:
            f.write(f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config-{index:05d}\ndata:\n  value: \"{index}\"\n")
    git("add", "-A", cwd=seed)
    git("-c", "user.name=bench", "-c", "user.email=bench@localhost", "commit", "--quiet", "-m", f"{files} files", cwd=seed)
    git("push", "--quiet", origin, "main", cwd=seed)
    return origin


def start_sandbox(binary, work, cluster):
    kubeconfig = os.path.join(work, "kubeconfig")
    log = open(os.path.join(work, "sandbox.log"), "w")
    # The query API keeps 10 simulated minutes of history (enough for any iteration's window), so its memory stays
    # bounded at 1,000 services.
    arguments = [binary, "sandbox", "--kubeconfig", kubeconfig, "--history-seconds", "600"] + ([cluster] if cluster else [])
    process = subprocess.Popen(arguments, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def prometheus():
        with open(log.name) as f:
            match = re.search(r"^prometheus: (\S+)", f.read(), re.M)
        if process.poll() is not None:
            raise SystemExit(f"iter8 sandbox exited: see {log.name}")
        return match.group(1) if match else None

    return process, kubeconfig, wait_for(prometheus, 600, "the Sandbox")


def start_daemon(work, origin):
    """`git daemon` serving the origin (with pushes) on a free loopback port; returns the process and the URL."""
    port = free_port()
    log = open(os.path.join(work, "daemon.log"), "w")
    process = subprocess.Popen(
        ["git", "daemon", "--reuseaddr", "--export-all", "--enable=receive-pack", f"--base-path={os.path.dirname(origin)}",
         "--listen=127.0.0.1", f"--port={port}", os.path.dirname(origin)],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"git://127.0.0.1:{port}/{os.path.basename(origin)}"
    deadline = time.time() + 30
    while subprocess.run(["git", "ls-remote", url], capture_output=True).returncode != 0:
        if time.time() > deadline or process.poll() is not None:
            stop(process)
            raise SystemExit(f"git daemon did not serve {url}: see {work}/daemon.log")
        time.sleep(0.1)
    return process, url


def start_service(binary, work, repository, kubeconfig, prometheus, poll_interval):
    port = free_port()
    log = open(os.path.join(work, "run.log"), "w")
    arguments = [binary, "run", "--repository", repository, "--branch", "main", "--kubeconfig", kubeconfig,
                 "--prometheus-url", prometheus, "--workdir", os.path.join(work, "clone"), "--listen", f"127.0.0.1:{port}",
                 "--poll-interval", str(poll_interval), "--log-format", "json", "--log-level", "notice"]
    process = subprocess.Popen(arguments, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    return process, port


def stop(process, seconds=30):
    if process.poll() is None:
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        return time.monotonic() - started
    return 0.0


def measure(binary, count, duration, interval, keep, poll_interval, served="file"):
    work = tempfile.mkdtemp(prefix=f"iter8-scale-{count}-")
    iterations = max(10, int(duration / interval) + 10)
    content, origin, seed = prepare(work, count, interval, iterations)
    sandbox, kubeconfig, prometheus = start_sandbox(binary, work, os.path.join(content, "cluster"))
    try:
        daemon, repository = start_daemon(work, origin) if served == "daemon" else (None, "file://" + origin)
    except BaseException:
        stop(sandbox)
        raise
    base_pack = size_pack_kib(origin)
    watcher = HeadWatcher(origin, "main")
    watcher.start()
    started = time.time()
    service, port = start_service(binary, work, repository, kubeconfig, prometheus, poll_interval)
    arrivals = Arrivals(content, seed, origin, interval)
    arrivals.start()
    samples = []  # (time, cpu seconds)
    sandbox_cpu = 0.0
    peak_kib = 0
    try:
        while time.time() - started < duration:
            if service.poll() is not None:
                raise SystemExit(f"iter8 run exited with {service.returncode}: see {work}/run.log")
            samples.append((time.time(), cpu_seconds(service.pid)))
            sandbox_cpu = cpu_seconds(sandbox.pid)
            peak_kib = max(peak_kib, memory_kib(service.pid).get("VmHWM", 0))
            time.sleep(1)
        ended = time.time()
        if arrivals.failure:
            raise SystemExit(f"pushing the experiments failed: {arrivals.failure}")
        final_cpu = cpu_seconds(service.pid)
        memory = memory_kib(service.pid)
        metrics = metrics_text(port)
    finally:
        shutdown = stop(service)
        stop(sandbox)
        if daemon is not None:
            stop(daemon)
        watcher.stopped.set()
        watcher.join()
    peak_kib = max(peak_kib, memory.get("VmHWM", 0))

    commits = commit_log(origin, "main")
    order = {sha: index for index, (sha, _) in enumerate(commits)}
    # The time each commit was first on the origin: the earliest observed head at or after it.
    first_seen = [None] * len(commits)
    for sha, seen in watcher.seen.items():
        if sha in order:
            index = order[sha]
            if first_seen[index] is None or seen < first_seen[index]:
                first_seen[index] = seen
    upcoming = None
    for index in range(len(commits) - 1, -1, -1):
        if first_seen[index] is not None and (upcoming is None or first_seen[index] < upcoming):
            upcoming = first_seen[index]
        first_seen[index] = upcoming
    committed = {}  # (experiment, iteration) -> time on the origin
    for index, (sha, entries) in enumerate(commits):
        for experiment, iteration in entries:
            for k in range(1, iteration + 1):
                if (experiment, k) not in committed and first_seen[index] is not None:
                    committed[(experiment, k)] = first_seen[index]
    statuses = final_statuses(origin, "main")
    due, done, lags = 0, 0, []
    warm = started + interval
    window_iterations = 0
    for key in set(list(statuses) + [f"scale/svc-{i:04d}-canary" for i in range(count)]):
        start = statuses.get(key, (None, 0))[0] or started
        k = 1
        while start + k * interval <= ended - 2:
            due += 1
            when = committed.get((key, k))
            if when is not None and when <= ended:
                done += 1
                lags.append(max(0.0, when - (start + k * interval)))
            k += 1
    for (key, k), when in committed.items():
        if warm <= when <= ended:
            window_iterations += 1
    total_iterations = sum(1 for when in committed.values() if when <= ended)
    cpu_at_warm = next((cpu for t, cpu in samples if t >= warm), None)
    pack = size_pack_kib(origin)
    pass_sum = metric_value(metrics, "iter8_reconcile_pass_duration_seconds_sum")
    pass_count = metric_value(metrics, "iter8_reconcile_pass_duration_seconds_count")
    queries = metric_value(metrics, "iter8_prometheus_queries_total")
    row = {
        "experiments": count,
        "seconds": round(ended - started, 1),
        "due": due,
        "done": done,
        "done_percent": round(100 * done / due, 2) if due else None,
        "lag_p50_s": round(percentile(lags, 50), 2) if lags else None,
        "lag_p99_s": round(percentile(lags, 99), 2) if lags else None,
        "iterations_committed": total_iterations,
        "cpu_s_total": round(final_cpu, 2),
        "cpu_ms_per_iteration_total": round(1000 * final_cpu / total_iterations, 2) if total_iterations else None,
        "cpu_ms_per_iteration_steady": round(1000 * (final_cpu - cpu_at_warm) / window_iterations, 2)
        if window_iterations and cpu_at_warm is not None else None,
        "cpu_percent_of_core": round(100 * final_cpu / (ended - started), 1),
        "peak_rss_mib": round(peak_kib / 1024, 1),
        "rss_end_mib": round(memory.get("VmRSS", 0) / 1024, 1),
        "growth_kib_per_iteration": round((pack - base_pack) / total_iterations, 2) if total_iterations else None,
        "origin_growth_kib": pack - base_pack,
        "passes": int(pass_count) if pass_count else None,
        "pass_mean_s": round(pass_sum / pass_count, 3) if pass_count else None,
        "prometheus_qps": round(queries / (ended - started), 1) if queries is not None else None,
        "shutdown_s": round(shutdown, 2),
        "sandbox_cpu_percent_of_core": round(100 * sandbox_cpu / (ended - started), 1),
        "origin": served,
        "workspace": work,
    }
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
    return row


def measure_poll(binary, files, duration, keep):
    """CPU per no-change pass of a repository of `files` files and no experiment."""
    work = tempfile.mkdtemp(prefix=f"iter8-poll-{files}-")
    origin = prepare_files(work, files)
    sandbox, kubeconfig, prometheus = start_sandbox(binary, work, None)
    service, port = start_service(binary, work, origin, kubeconfig, prometheus, 1)
    try:
        wait_for(lambda: metric_value(metrics_text(port), "iter8_reconcile_pass_duration_seconds_count"), 120, "a first pass")
        cpu0, passes0 = cpu_seconds(service.pid), metric_value(metrics_text(port), "iter8_reconcile_pass_duration_seconds_count")
        time.sleep(duration)
        cpu1, passes1 = cpu_seconds(service.pid), metric_value(metrics_text(port), "iter8_reconcile_pass_duration_seconds_count")
        rss = memory_kib(service.pid).get("VmRSS", 0)
    finally:
        stop(service)
        stop(sandbox)
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
    passes = (passes1 or 0) - (passes0 or 0)
    return {"files": files, "passes": int(passes), "cpu_ms_per_pass": round(1000 * (cpu1 - cpu0) / passes, 2) if passes else None,
            "rss_mib": round(rss / 1024, 1)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--counts", default="0,100,1000")
    parser.add_argument("--duration", type=float, default=180)
    parser.add_argument("--interval", type=int, default=20)
    parser.add_argument("--poll-interval", type=float, default=30)
    parser.add_argument("--origin", choices=["file", "daemon"], default="file",
                        help="how iter8 run reaches the origin: file:// (the receiving side's indexing then runs inside "
                             "iter8 run) or a git daemon on loopback (as a Git server would, in a process of its own)")
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "iter8"))
    parser.add_argument("--poll-files", type=int, default=0, help="also measure a no-change poll of a repository this large")
    parser.add_argument("--json")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    if not os.access(args.bin, os.X_OK):
        raise SystemExit(f"{args.bin} is missing: swift build -c release --product iter8")
    rows = []
    for count in [int(c) for c in args.counts.split(",") if c.strip()]:
        row = measure(args.bin, count, args.duration, args.interval, args.keep, args.poll_interval, args.origin)
        rows.append(row)
        print(json.dumps(row), flush=True)
    poll = measure_poll(args.bin, args.poll_files, 30, args.keep) if args.poll_files else None
    if poll:
        print(json.dumps(poll), flush=True)
    columns = ["experiments", "due", "done_percent", "lag_p50_s", "lag_p99_s", "cpu_ms_per_iteration_steady",
               "cpu_ms_per_iteration_total", "peak_rss_mib", "rss_end_mib", "growth_kib_per_iteration", "passes",
               "pass_mean_s", "prometheus_qps", "shutdown_s"]
    print()
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        print("| " + " | ".join("" if row.get(c) is None else str(row[c]) for c in columns) + " |")
    if poll:
        print(f"\nno-change poll of {poll['files']} files: {poll['cpu_ms_per_pass']} ms CPU per pass over {poll['passes']} passes, RSS {poll['rss_mib']} MiB")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"rows": rows, "poll": poll}, f, indent=2)


if __name__ == "__main__":
    main()
