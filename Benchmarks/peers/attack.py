#!/usr/bin/env python3
"""Hostile clients against iter8's control server (loopback only).

  attack.py half-open PORT PID N        N connections that send half a request's headers, then nothing
  attack.py partial-bodies PORT PID N   N signed-looking POSTs declaring 1 MiB that send 1 MiB - 1 byte
  attack.py replay PORT PID N SECRET    the same signed push delivered N times

Prints, over time, how many of the client's connections the server still keeps open, the server's connection
count as `ss` sees it, and the server's resident memory (VmRSS) from /proc.
"""
import hashlib, hmac, json, os, resource, selectors, socket, subprocess, sys, time, urllib.request

soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def server_connections(port):
    out = subprocess.run(["ss", "-Htn", "state", "established", f"( sport = :{port} )"], capture_output=True, text=True).stdout
    return len([l for l in out.splitlines() if l.strip()])


def report(label, port, pid, socks):
    still = sum(1 for s in socks if s is not None)
    print(f"{label:>8}: client connections not closed by the server {still:5d}, server-side established {server_connections(port):5d}, "
          f"server VmRSS {rss_mb(pid):7.1f} MB", flush=True)


def flood(port, pid, n, payload, seconds=60, checkpoints=(1, 5, 10, 20, 30, 45, 60)):
    sel = selectors.DefaultSelector()
    socks = []
    for i in range(n):
        s = socket.socket()
        s.setblocking(False)
        s.connect_ex(("127.0.0.1", port))
        socks.append(s)
        sel.register(s, selectors.EVENT_WRITE, (i, 0))
    start = time.time()
    marks = list(checkpoints)
    while True:
        now = time.time() - start
        if marks and now >= marks[0]:
            report(f"{marks.pop(0)} s", port, pid, socks)
        if not marks or now > seconds:
            break
        for key, events in sel.select(timeout=0.05):
            i, sent = key.data
            s = socks[i]
            if events & selectors.EVENT_WRITE:
                try:
                    count = s.send(payload[sent:sent + 65536])
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError:
                    sel.unregister(s); s.close(); socks[i] = None; continue
                sent += count
                if sent >= len(payload):
                    sel.modify(s, selectors.EVENT_READ, (i, sent))
                else:
                    sel.modify(s, selectors.EVENT_WRITE, (i, sent))
            elif events & selectors.EVENT_READ:
                try:
                    data = s.recv(65536)
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError:
                    data = b""
                if not data:
                    sel.unregister(s); s.close(); socks[i] = None
    for s in socks:
        if s is not None:
            s.close()


def main():
    mode, port, pid, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    report("before", port, pid, [])
    if mode == "half-open":
        flood(port, pid, n, b"POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nX-GitHub-Ev")
    elif mode == "partial-bodies":
        head = ("POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nX-GitHub-Event: push\r\nContent-Type: application/json\r\n"
                f"X-Hub-Signature-256: sha256={'0' * 64}\r\nContent-Length: {1 << 20}\r\n\r\n").encode()
        flood(port, pid, n, head + b"x" * ((1 << 20) - 1), seconds=30, checkpoints=(1, 5, 10, 20, 30))
    elif mode == "replay":
        secret = sys.argv[5].encode()
        body = json.dumps({"ref": "refs/heads/main", "after": "ab" * 20}).encode()
        signature = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
        statuses = {}
        for i in range(n):
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/webhook", data=body, method="POST",
                headers={"X-GitHub-Event": "push", "X-GitHub-Delivery": f"replay-{i}", "Content-Type": "application/json",
                         "X-Hub-Signature-256": signature})
            with urllib.request.urlopen(request) as response:
                text = response.read().decode()
                key = f"{response.status} {'duplicate' if 'duplicate' in text else 'accepted' if 'accepted' in text else text.strip()}"
                statuses[key] = statuses.get(key, 0) + 1
        print(f"{n} deliveries of one signed push: {statuses}")
    report("after", port, pid, [])


main()
