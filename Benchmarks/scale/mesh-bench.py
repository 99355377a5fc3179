#!/usr/bin/env python3
"""Measures the Sandbox alone: `iter8 sandbox` simulating N services at R requests per second each, its CPU (as a
fraction of one core) and memory, and whether the simulation keeps up with the real clock.

    python3 Benchmarks/scale/mesh-bench.py [--services 1000] [--rps 10] [--time-scale 1] [--seconds 40]
        [--warmup 5] [--history-seconds S] [--binary .build/release/iter8]

Generates N services with Benchmarks/scale/generate.py (two Deployments, a Service, a DestinationRule and a VirtualService
each; all traffic to v1), starts `iter8 sandbox` on them, waits --warmup seconds, then samples /proc/PID/stat and
/proc/PID/status for --seconds and prints:

    cpu        CPU time used ÷ wall time (1.00 = one core busy)
    rss        resident memory at the end, and its peak (VmHWM)
    simulated  requests simulated per real second (from the query API, `sum(istio_requests_total)`), against
               the N × R × time-scale wanted: below 100 % the mesh falls behind the real clock
The query API's history (one frame per simulated second, about 190 bytes per request series) is most of the memory:
at 1,000 services it grows about 0.18 MiB per simulated second until --history-seconds (old frames are dropped in
batches, so up to twice that is held).
Build the release binary first: swift build -c release --product iter8
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # utime and stime are fields 14 and 15 (1-based) of the whole line; after the ")" they are 12th and 13th.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_kib(pid):
    values = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0])
    return values.get("VmRSS", 0), values.get("VmHWM", 0)


def total_requests(prometheus):
    url = prometheus + "api/v1/query?" + urllib.parse.urlencode({"query": "sum(istio_requests_total)"})
    with urllib.request.urlopen(url, timeout=30) as response:
        body = json.load(response)
    result = body["data"]["result"]
    return float(result[0]["value"][1]) if result else 0.0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=1000)
    parser.add_argument("--rps", type=int, default=10, help="requests per simulated second to each service")
    parser.add_argument("--time-scale", type=float, default=1)
    parser.add_argument("--seconds", type=float, default=40, help="how long to measure")
    parser.add_argument("--warmup", type=float, default=5, help="seconds after start-up before measuring")
    parser.add_argument("--history-seconds", type=int, help="passed to iter8 sandbox (default: its own, 7200)")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/iter8"))
    args = parser.parse_args()
    if not os.access(args.binary, os.X_OK):
        sys.exit(f"{args.binary} is missing: swift build -c release --product iter8")

    with tempfile.TemporaryDirectory(prefix="iter8-mesh-bench-") as work:
        subprocess.run(
            [sys.executable, os.path.join(HERE, "generate.py"), "--count", str(args.services), "--out", work],
            check=True)
        started = time.monotonic()
        sandbox = subprocess.Popen(
            [args.binary, "sandbox", os.path.join(work, "cluster"), "--kubeconfig", os.path.join(work, "kubeconfig"),
             "--requests-per-second", str(args.rps), "--time-scale", str(args.time_scale)]
            + (["--history-seconds", str(args.history_seconds)] if args.history_seconds else []),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            prometheus = None
            for line in sandbox.stdout:
                if line.startswith("prometheus:"):
                    prometheus = line.split()[1]
                if line.startswith("Press Ctrl-C"):
                    break
            if prometheus is None:
                sys.exit("iter8 sandbox ended before it was ready")
            ready = time.monotonic() - started
            time.sleep(args.warmup)
            cpu0, wall0, requests0 = cpu_seconds(sandbox.pid), time.monotonic(), total_requests(prometheus)
            time.sleep(args.seconds)
            cpu1, wall1, requests1 = cpu_seconds(sandbox.pid), time.monotonic(), total_requests(prometheus)
            rss, peak = memory_kib(sandbox.pid)
        finally:
            sandbox.send_signal(signal.SIGINT)
            try:
                sandbox.wait(timeout=30)
            except subprocess.TimeoutExpired:
                sandbox.kill()
    wall = wall1 - wall0
    wanted = args.services * args.rps * args.time_scale
    simulated = (requests1 - requests0) / wall
    print(f"services   {args.services} × {args.rps} rps at {args.time_scale:g}× ({wanted:,.0f} requests per real second wanted)")
    print(f"start-up   {ready:.1f} s until ready (loading {args.services} services)")
    print(f"cpu        {(cpu1 - cpu0) / wall:.3f} of one core over {wall:.0f} s")
    print(f"rss        {rss / 1024:.0f} MiB (peak {peak / 1024:.0f} MiB)")
    print(f"simulated  {simulated:,.0f} requests per real second ({100 * simulated / wanted if wanted else 100:.0f} % of wanted)")


if __name__ == "__main__":
    main()
