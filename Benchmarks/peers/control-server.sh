#!/usr/bin/env bash
# Hostile webhook callers against a running `iter8 run` on loopback: 2,000 half-sent requests, 150 signed-looking
# POSTs with 1 MB partial bodies, and 100 replays of one signed push. Prints the connections the server keeps
# open and its memory over time, and what the replays did (see Benchmarks/peers/attack.py).
#
#   bash Benchmarks/peers/control-server.sh                 (builds the debug binary)
#   ITER8_BIN=path/to/iter8 bash Benchmarks/peers/control-server.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="/opt/swift/usr/bin:$PATH"
bin=${ITER8_BIN:-}
if [ -z "$bin" ]; then
  swift build --product iter8 >/dev/null
  bin=.build/debug/iter8
fi
work=$(mktemp -d /tmp/iter8-peers-XXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

"$bin" sandbox samples/demo/cluster --kubeconfig "$work/kubeconfig" --metrics-port "$(free_port)" >"$work/sandbox.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -qs '^metrics:' "$work/sandbox.log" && break; sleep 0.1; done
metrics=$(sed -n 's/^metrics: *\(.*\)\/metrics$/\1\//p' "$work/sandbox.log")

export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null GIT_AUTHOR_NAME=dev GIT_AUTHOR_EMAIL=dev@example.com \
  GIT_COMMITTER_NAME=dev GIT_COMMITTER_EMAIL=dev@example.com
git init -q --bare -b main "$work/srv/origin.git"
git clone -q "$work/srv/origin.git" "$work/dev" 2>/dev/null || true
mkdir -p "$work/dev/cluster" && cp samples/demo/cluster/*.yaml "$work/dev/cluster/"
git -C "$work/dev" add -A && git -C "$work/dev" commit -qm "Cluster manifests" && git -C "$work/dev" push -q origin HEAD:main
gitport=$(free_port)
/usr/lib/git-core/git-daemon --reuseaddr --base-path="$work/srv" --export-all --enable=receive-pack --listen=127.0.0.1 --port="$gitport" "$work/srv" &
pids+=($!)
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$gitport) 2>/dev/null && break; sleep 0.1; done

printf 'bench-secret' >"$work/secret"
listen=$(free_port)
"$bin" run --repository "git://127.0.0.1:$gitport/origin.git" --kubeconfig "$work/kubeconfig" --prometheus-url "$metrics" \
  --poll-interval 300 --workdir "$work/service" --listen "127.0.0.1:$listen" --webhook-secret-file "$work/secret" \
  --log-level error >"$work/service.log" 2>&1 &
service=$!
pids+=($service)
for _ in $(seq 300); do curl -fs "http://127.0.0.1:$listen/readyz" >/dev/null 2>&1 && break; sleep 0.1; done

passes() { curl -fs "http://127.0.0.1:$listen/metrics" | sed -n 's/^iter8_reconcile_pass_duration_seconds_count{outcome="success"} //p'; }
echo "== 2,000 half-sent requests"
python3 Benchmarks/peers/attack.py half-open "$listen" "$service" 2000
echo "== 150 signed-looking POSTs, 1 MB of a 1 MiB body each"
python3 Benchmarks/peers/attack.py partial-bodies "$listen" "$service" 150
echo "== 100 replays of one signed push"
before=$(passes)
python3 Benchmarks/peers/attack.py replay "$listen" "$service" 100 bench-secret
sleep 7  # longer than the 5 s minimum wake interval: a merged wake-up would have run by now
echo "passes: $before before the replays, $(passes) after"
curl -fs "http://127.0.0.1:$listen/metrics" | grep -E '^iter8_(webhook|control)' | grep -v ' 0$'
echo "healthz after it all: $(curl -fs "http://127.0.0.1:$listen/healthz")"
