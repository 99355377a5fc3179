#!/usr/bin/env bash
# Measures the running service (release build) end to end on loopback: the time from pushing an experiment
# spec to the first traffic change on the live VirtualService, by polling only and with a signed GitHub
# push webhook, and the service's memory (VmRSS and peak VmHWM from /proc).
#
#   bash Benchmarks/service/latency.sh [POLL_INTERVAL_SECONDS]     (default 30)
#   ITER8_BIN=path/to/release/iter8 bash Benchmarks/service/latency.sh   (skip the build)
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="/opt/swift/usr/bin:$PATH"
poll=${1:-30}
bin=${ITER8_BIN:-}
if [ -z "$bin" ]; then
  swift build -c release --product iter8 >/dev/null
  bin=.build/release/iter8
fi
work=$(mktemp -d /tmp/iter8-latency-XXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }

# The cluster: the Sandbox with the demo's workloads and VirtualServices.
"$bin" sandbox samples/demo/cluster --kubeconfig "$work/kubeconfig" --metrics-port "$(free_port)" >"$work/sandbox.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -qs '^metrics:' "$work/sandbox.log" && break; sleep 0.1; done
metrics=$(sed -n 's/^metrics: *\(.*\)\/metrics$/\1\//p' "$work/sandbox.log")

# The repository: the manifests only, served by git daemon.
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
  --poll-interval "$poll" --workdir "$work/service" --listen "127.0.0.1:$listen" --webhook-secret-file "$work/secret" \
  --log-level warning >"$work/service.log" 2>&1 &
service=$!
pids+=($service)
for _ in $(seq 300); do curl -fs "http://127.0.0.1:$listen/readyz" >/dev/null 2>&1 && break; sleep 0.1; done

weight() { kubectl --kubeconfig "$work/kubeconfig" get vs "$1" -n bookinfo -o jsonpath='{.spec.http[0].route[1].weight}'; }
measure() {  # $1 experiment file, $2 VirtualService, $3 webhook|poll
  cp "samples/demo/experiments/$1" "$work/dev/$1"
  cp -r samples/demo/experiments/metrics "$work/dev/" 2>/dev/null || true
  git -C "$work/dev" add -A && git -C "$work/dev" commit -qm "Add $1"
  local start; start=$(now)
  git -C "$work/dev" push -q origin HEAD:main
  if [ "$3" = webhook ]; then
    body='{"ref":"refs/heads/main"}'
    sig=$(printf '%s' "$body" | openssl dgst -sha256 -hmac bench-secret | sed 's/^.* //')
    curl -fs -X POST -H 'X-GitHub-Event: push' -H "X-Hub-Signature-256: sha256=$sig" -H 'Content-Type: application/json' \
      --data "$body" "http://127.0.0.1:$listen/webhook" >/dev/null
  fi
  until [ "$(weight "$2")" != "0" ]; do sleep 0.05; done
  echo "$3: pushed spec → first traffic change on $2: $(echo "$(now) - $start" | bc) s"
}
# Polling first, while no experiment runs (a running experiment makes the service wake at its interval).
measure reviews-canary.yaml reviews poll
measure ratings-canary.yaml ratings webhook
sleep 20  # both experiments iterating
echo "passes: $(curl -fs "http://127.0.0.1:$listen/metrics" | grep -E '^iter8_reconcile_pass_duration_seconds_(count|sum)' | tr '\n' ' ')"
echo "service memory: $(grep -E 'VmRSS|VmHWM' /proc/$service/status | tr -s ' \n' ' ')"
