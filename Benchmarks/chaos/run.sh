#!/usr/bin/env bash
# Chaos soak: iter8 run against a git daemon and the Sandbox while everything around it misbehaves, then a
# check that nothing was lost, forced, duplicated or left unrecorded.
#
#   Benchmarks/chaos/run.sh [--experiments N] [--kills N] [--racing-commits N] [--git-outage S] [--api-outage S]
#       [--prometheus-outage S] [--outage-mode down|hang] [--outage-gap S] [--seed N] [--kill-min S] [--kill-max S]
#       [--targeted-kills N] [--race-pause S] [--iterations N] [--interval S] [--duration S] [--quiet-timeout S]
#       [--workdir DIR] [--keep]
#   (each also a CHAOS_* variable, see below; the defaults are the benchmark's: ≥ 100 kills, ≥ 1,000 commits)
#
# What it does, in a work folder (--workdir / CHAOS_WORKDIR, kept; default a new temporary one, removed when the
# run passes unless --keep):
#   - seeds a bare origin (reflog on) from samples/demo with N experiments on distinct services (reviews<i>:
#     promoted, ratings<i>: rolled back, details<i>: an A/B/n) and serves it with `git daemon` on a free port;
#   - starts `iter8 sandbox` with the same cluster manifests, and two loopback TCP proxies (proxy.py) in front
#     of its API server and its Prometheus query API, so their links can be cut without the Sandbox losing its
#     objects (it keeps them in memory only); a watch records every VirtualService change the Sandbox makes;
#   - starts `iter8 run --apply-mode cluster` through the proxies, then SIGKILLs and restarts it at random
#     moments, --targeted-kills of them right after it changed a VirtualService (between its patch and its
#     push); a second writer (git CLI) commits to unrelated files and pushes to the same branch every
#     --race-pause seconds, pulling with --rebase when rejected; a driver (a human too) replaces each
#     completed experiment by the next wave (the winner as baseline); the git daemon is stopped, then the API
#     link, then the Prometheus link, each for its outage;
#   - once the kills, commits and outages are done: everything back up, waits until every experiment has
#     completed and the branch is still, and checks (Benchmarks/chaos/chaos.py check):
#       0 lost human commits (every pushed one is reachable from the branch), 0 force pushes (every update in
#       the origin's reflog is a fast-forward), 0 duplicate promotion/rollback commits per experiment, every
#       experiment's recorded split equals the live one, every split the cluster showed is one Git recorded.
# Prints a table of figures and writes them as key=value lines to $CHAOS_WORKDIR/figures (and to
# CHAOS_FIGURES if set). Exits 1 when an assertion fails or the soak could not do what it was asked.
#
# The iter8 binary: ITER8_BIN, else .build/debug/iter8 (built with `swift build --product iter8` if missing).
# Needs git (with git daemon) and python3 with python3-yaml (scripts/install-deps.sh). Traffic stays on loopback.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

experiments="${CHAOS_EXPERIMENTS:-6}"          # experiments running at once (one per service)
kills="${CHAOS_KILLS:-100}"                     # SIGKILLs of iter8 run, at least
racing_commits="${CHAOS_RACING_COMMITS:-1000}"  # commits the second writer pushes, at least
git_outage="${CHAOS_GIT_OUTAGE:-120}"           # seconds the git daemon is stopped
api_outage="${CHAOS_API_OUTAGE:-120}"           # seconds the Kubernetes API is cut off
prometheus_outage="${CHAOS_PROMETHEUS_OUTAGE:-120}"  # seconds the Prometheus API is cut off
outage_mode="${CHAOS_OUTAGE_MODE:-down}"        # down (refused and reset) or hang (accepted, never answered) for the links
outage_gap="${CHAOS_OUTAGE_GAP:-20}"            # seconds between outages (and before the first)
seed="${CHAOS_SEED:-1}"                         # seeds the kill moments, the writer's pauses and the mesh
kill_min="${CHAOS_KILL_MIN:-2}"                 # seconds between kills: uniform in [min, max]
kill_max="${CHAOS_KILL_MAX:-10}"
targeted_kills="${CHAOS_TARGETED_KILLS:-20}"   # of the kills, this many fire the moment a VirtualService changes
race_pause="${CHAOS_RACE_PAUSE:-0.5}"           # seconds the writer waits between its commits (at 0.2 s iter8 rarely wins a push race)
iterations="${CHAOS_ITERATIONS:-8}"             # iterations per experiment
interval="${CHAOS_INTERVAL:-2}"                 # seconds per iteration
no_data_deadline="${CHAOS_NO_DATA_DEADLINE:-60}"
poll="${CHAOS_POLL:-1}"                         # iter8 run --poll-interval
duration="${CHAOS_DURATION:-3600}"              # the chaos phase gives up after this many seconds
quiet_timeout="${CHAOS_QUIET_TIMEOUT:-300}"     # seconds to wait for every experiment to complete afterwards
workdir="${CHAOS_WORKDIR:-}"
keep="${CHAOS_KEEP:-0}"

while [ $# -gt 0 ]; do
    case "$1" in
        --experiments) experiments="$2" ;;
        --kills) kills="$2" ;;
        --racing-commits) racing_commits="$2" ;;
        --git-outage) git_outage="$2" ;;
        --api-outage) api_outage="$2" ;;
        --prometheus-outage) prometheus_outage="$2" ;;
        --outage-mode) outage_mode="$2" ;;
        --outage-gap) outage_gap="$2" ;;
        --seed) seed="$2" ;;
        --kill-min) kill_min="$2" ;;
        --kill-max) kill_max="$2" ;;
        --targeted-kills) targeted_kills="$2" ;;
        --race-pause) race_pause="$2" ;;
        --iterations) iterations="$2" ;;
        --interval) interval="$2" ;;
        --duration) duration="$2" ;;
        --quiet-timeout) quiet_timeout="$2" ;;
        --workdir) workdir="$2"; CHAOS_WORKDIR="$2" ;;
        --keep) keep=1; shift; continue ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
    shift 2
done
for number in "$experiments" "$kills" "$racing_commits" "$git_outage" "$api_outage" "$prometheus_outage" "$outage_gap" \
    "$seed" "$kill_min" "$kill_max" "$targeted_kills" "$iterations" "$interval" "$duration" "$quiet_timeout"; do
    [[ "$number" =~ ^[0-9]+$ ]] || { echo "not a whole number: $number" >&2; exit 2; }
done
[ "$kill_max" -ge "$kill_min" ] && [ "$kill_min" -ge 1 ] || { echo "need 1 <= kill-min <= kill-max" >&2; exit 2; }
[[ "$race_pause" =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "--race-pause is a number of seconds" >&2; exit 2; }
[ "$outage_mode" = down ] || [ "$outage_mode" = hang ] || { echo "--outage-mode is down or hang" >&2; exit 2; }
[ "$experiments" -ge 1 ] || { echo "--experiments must be at least 1" >&2; exit 2; }
python3 -c 'import yaml' 2>/dev/null || { echo "python3 with PyYAML is needed (Debian: python3-yaml)" >&2; exit 2; }
command -v git >/dev/null || { echo "git (with git daemon) is needed" >&2; exit 2; }

iter8="${ITER8_BIN:-$root/.build/debug/iter8}"
if [ ! -x "$iter8" ]; then
    echo "==> swift build --product iter8"
    (cd "$root" && PATH="/opt/swift/usr/bin:$PATH" swift build --product iter8)
fi
[ -n "$workdir" ] || workdir="$(mktemp -d "${TMPDIR:-/tmp}/iter8-chaos.XXXXXX")"
mkdir -p "$workdir"
workdir="$(cd "$workdir" && pwd)"
W="$workdir"
chaos() { python3 "$here/chaos.py" "$@"; }
now() { date +%s; }
stamp() { date -u +%H:%M:%S; }
say() { echo "[$(stamp)] $*"; }
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null GIT_TERMINAL_PROMPT=0

pids=()
# SIGKILL for every helper: a process started with SIGTERM ignored (as some test runners start theirs) passes that
# on, and a helper that ignored it would keep the soak from ever ending.
cleanup() {
    local status=$?
    disown -a 2>/dev/null || true  # no "Killed" job notices for the helpers stopped below
    for pid in $(cat "$W/iter8.pid" 2>/dev/null) $(cat "$W/git-daemon.pid" 2>/dev/null) "${pids[@]}"; do
        kill -KILL "$pid" 2>/dev/null || true
    done
    if [ "$status" -eq 0 ] && [ "$keep" != 1 ] && [ -z "${CHAOS_WORKDIR:-}" ]; then
        rm -rf "$W"
    else
        echo "work folder kept: $W"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND...: polls the command every 0.2 s
    local limit=$1 what=$2; shift 2
    local deadline=$(( $(now) + limit ))
    until "$@" >/dev/null 2>&1; do
        [ "$(now)" -lt "$deadline" ] || { say "timed out waiting for $what"; return 1; }
        sleep 0.2
    done
}
port_open() { python3 -c "import socket,sys; socket.create_connection(('127.0.0.1',$1),1)" ; }
random_between() {  # random_between MIN MAX: seconds with millisecond resolution, from bash's seeded RANDOM
    local span=$(( ($2 - $1) * 1000 ))
    local ms=$(( $1 * 1000 + ( span > 0 ? (RANDOM * 32768 + RANDOM) % (span + 1) : 0 ) ))
    printf '%d.%03d' $((ms / 1000)) $((ms % 1000))
}

# ---- the origin --------------------------------------------------------------------------------------------
say "work folder $W; $experiments experiments, ≥ $kills kills, ≥ $racing_commits racing commits, outages git ${git_outage}s api ${api_outage}s prometheus ${prometheus_outage}s ($outage_mode), seed $seed"
chaos seed --samples "$root/samples/demo" --out "$W/seed" --experiments "$experiments" --iterations "$iterations" \
    --interval "$interval" --no-data-deadline "$no_data_deadline"
git init -q --bare --initial-branch main "$W/origin.git"
git -C "$W/origin.git" config core.logAllRefUpdates always   # the reflog is the record of every branch update
git -C "$W/origin.git" config gc.auto 0
git -C "$W/origin.git" config receive.denyNonFastForwards false  # a force push would land, and be counted
git -C "$W/seed" init -q --initial-branch main
git -C "$W/seed" add -A
git -C "$W/seed" -c user.name="Platform Team" -c user.email=platform@example.com commit -q -m "Seed the chaos soak: $experiments experiments"
git -C "$W/seed" push -q "$W/origin.git" HEAD:refs/heads/main
git -C "$W/seed" rev-parse HEAD > "$W/human-commits"

git_port="$(free_port)"
start_git_daemon() {
    git daemon --reuseaddr --export-all --enable=receive-pack --base-path="$W" --listen=127.0.0.1 --port="$git_port" \
        --pid-file="$W/git-daemon.pid" "$W/origin.git" >>"$W/git-daemon.log" 2>&1 &
    wait_for 20 "the git daemon" port_open "$git_port"
}
start_git_daemon
repository="git://127.0.0.1:$git_port/origin.git"

# ---- the Sandbox, its watch and the proxies ---------------------------------------------------------------
"$iter8" sandbox "$W/seed/cluster" --kubeconfig "$W/sandbox.kubeconfig" --seed "$seed" --requests-per-second 50 \
    >"$W/sandbox.log" 2>&1 &
pids+=($!)
wait_for 120 "the Sandbox" grep -q "Press Ctrl-C" "$W/sandbox.log" || { cat "$W/sandbox.log"; exit 1; }
api_url="$(sed -n 's/^api: *//p' "$W/sandbox.log")"
prometheus_url="$(sed -n 's/^prometheus: *\([^ ]*\).*/\1/p' "$W/sandbox.log")"
api_port="${api_url##*:}"; api_port="${api_port%%/*}"
prometheus_port="${prometheus_url##*:}"; prometheus_port="${prometheus_port%%/*}"
python3 "$here/chaos.py" watch --kubeconfig "$W/sandbox.kubeconfig" --out "$W/watch.jsonl" 2>>"$W/watch.log" &
pids+=($!)
for link in api prometheus; do
    target_port=$api_port; [ "$link" = api ] || target_port=$prometheus_port
    echo up > "$W/$link.state"
    python3 "$here/proxy.py" --target "127.0.0.1:$target_port" --state-file "$W/$link.state" \
        --port-file "$W/$link.port" >>"$W/$link-proxy.log" 2>&1 &
    pids+=($!)
    wait_for 20 "the $link proxy" test -s "$W/$link.port"
done
sed "s#server: https://127.0.0.1:$api_port#server: https://127.0.0.1:$(cat "$W/api.port")#" "$W/sandbox.kubeconfig" > "$W/run.kubeconfig"
chmod 600 "$W/run.kubeconfig"
grep -q "127.0.0.1:$(cat "$W/api.port")" "$W/run.kubeconfig" || { echo "cannot point the kubeconfig at the proxy" >&2; exit 1; }

# ---- iter8 run ------------------------------------------------------------------------------------------------
listen_port="$(free_port)"
incarnations=0
start_iter8() {
    incarnations=$((incarnations + 1))
    echo "=== chaos: incarnation $incarnations at $(stamp)" >>"$W/run.log"
    "$iter8" run --repository "$repository" --kubeconfig "$W/run.kubeconfig" \
        --prometheus-url "http://127.0.0.1:$(cat "$W/prometheus.port")/" --poll-interval "$poll" --apply-mode cluster \
        --workdir "$W/run" --listen "127.0.0.1:$listen_port" --log-format json >>"$W/run.log" 2>&1 &
    echo $! > "$W/iter8.pid"
}
start_iter8

# ---- the second writer ----------------------------------------------------------------------------------------
push_with_retry() {  # push_with_retry CLONE: push HEAD, pulling with --rebase on rejection, until it lands
    local clone=$1 attempt=0
    until git -C "$clone" push -q origin HEAD:main 2>>"$clone.log"; do
        attempt=$((attempt + 1))
        echo "$attempt" >> "$clone.retries"
        sleep 0.$((RANDOM % 5))
        if ! git -C "$clone" pull -q --rebase origin main 2>>"$clone.log"; then
            if [ -d "$clone/.git/rebase-merge" ] || [ -d "$clone/.git/rebase-apply" ]; then
                echo "CONFLICT: a rebase stopped; someone else changed this writer's files" >> "$clone.conflicts"
                git -C "$clone" rebase --abort
            fi
        fi
    done
}
racer() {
    RANDOM=$((seed * 7 + 1))
    local clone="$W/racer"
    until git clone -q "$repository" "$clone" 2>>"$W/racer.log"; do sleep 1; done
    git -C "$clone" config user.name "Racing Human"
    git -C "$clone" config user.email racer@example.com
    mkdir -p "$clone/notes"
    local k
    for ((k = 1; k <= racing_commits; k++)); do
        echo "racing commit $k" >> "$clone/notes/racer-$((k % 10)).txt"
        git -C "$clone" add notes
        git -C "$clone" commit -q -m "chaos: racing human commit #$k"
        push_with_retry "$clone"
        git -C "$clone" log -1 --format=%H --grep="#$k\$" >> "$W/human-commits"
        echo "$k" > "$W/racer.count"
        sleep "$race_pause"
    done
}
racer &
racer_pid=$!
pids+=($racer_pid)

# ---- the wave driver: each completed experiment is followed by the next ----------------------------------------
driver() {
    RANDOM=$((seed * 7 + 2))
    local clone="$W/driver"
    until git clone -q "$repository" "$clone" 2>>"$W/driver.log"; do sleep 1; done
    git -C "$clone" config user.name "Platform Team"
    git -C "$clone" config user.email platform@example.com
    while [ ! -e "$W/stop-waves" ]; do
        sleep 3
        git -C "$clone" pull -q --rebase origin main 2>>"$W/driver.log" || continue
        started="$(chaos next-wave --clone "$clone" 2>>"$W/driver.log")" || { say "next-wave failed"; continue; }
        [ "$started" -gt 0 ] || continue
        git -C "$clone" add -A experiments
        git -C "$clone" commit -q -m "chaos: next wave, $started experiments"
        push_with_retry "$clone"
        git -C "$clone" rev-parse HEAD >> "$W/human-commits"
        echo "$started" >> "$W/waves"
    done
}
driver &
driver_pid=$!
pids+=($driver_pid)

# ---- outages ------------------------------------------------------------------------------------------------------
outages() {
    RANDOM=$((seed * 7 + 3))
    sleep "$outage_gap"
    if [ "$git_outage" -gt 0 ]; then
        local pid; pid="$(cat "$W/git-daemon.pid")"
        echo "git $git_outage s stopped (git daemon killed) from $(stamp)" >> "$W/outages"
        kill -KILL "$pid"
        wait_for 10 "the git port to close" bash -c "! python3 -c \"import socket; socket.create_connection(('127.0.0.1',$git_port),1)\"" || true
        sleep "$git_outage"
        start_git_daemon
        sleep "$outage_gap"
    fi
    for link in api prometheus; do
        local seconds=$api_outage; [ "$link" = api ] || seconds=$prometheus_outage
        [ "$seconds" -gt 0 ] || continue
        echo "$link $seconds s $outage_mode from $(stamp)" >> "$W/outages"
        echo "$outage_mode" > "$W/$link.state"
        sleep "$seconds"
        echo up > "$W/$link.state"
        sleep "$outage_gap"
    done
    touch "$W/outages.done"
}
outages &
outage_pid=$!
pids+=($outage_pid)

# ---- the killer (this shell) ------------------------------------------------------------------------------------
RANDOM=$seed
killed=0
started_at=$(now)
chaos_done() {
    [ "$killed" -ge "$kills" ] && [ -e "$W/outages.done" ] && [ "$(cat "$W/racer.count" 2>/dev/null || echo 0)" -ge "$racing_commits" ]
}
targeted=0
weight_change_within() {  # weight_change_within SECONDS: true as soon as the watch shows a split never seen before
    python3 "$here/chaos.py" wait-new-split --watch "$W/watch.jsonl" --timeout "$1"
}
last_report=0
while ! chaos_done; do
    if [ $(( $(now) - started_at )) -ge "$duration" ]; then
        say "the chaos phase reached its $duration s bound before its targets"
        break
    fi
    # Every third kill (up to --targeted-kills) lands right after the service put a new split on a VirtualService,
    # inside the window between its patch and its push; the others at a random moment.
    if [ "$targeted" -lt "$targeted_kills" ] && [ $((killed % 3)) -eq 1 ] && sleep 1 && weight_change_within 30; then
        targeted=$((targeted + 1))
    else
        sleep "$(random_between "$kill_min" "$kill_max")"
    fi
    pid="$(cat "$W/iter8.pid")"
    if kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid"
        wait "$pid" 2>/dev/null || true
        killed=$((killed + 1))
    else
        echo "=== chaos: iter8 run had exited by itself" >>"$W/run.log"
        wait "$pid" 2>/dev/null || true
    fi
    start_iter8
    if [ $(( $(now) - last_report )) -ge 30 ]; then
        last_report=$(now)
        say "kills $killed, racing commits $(cat "$W/racer.count" 2>/dev/null || echo 0), waves $(cat "$W/waves" 2>/dev/null | wc -l), outages $(cat "$W/outages" 2>/dev/null | wc -l)"
    fi
done
chaos_seconds=$(( $(now) - started_at ))
say "chaos phase over after $chaos_seconds s: $killed kills"

# ---- quiet: everything up, no new waves, every experiment completes ---------------------------------------------
touch "$W/stop-waves"
kill -KILL "$outage_pid" 2>/dev/null || true
echo up > "$W/api.state"; echo up > "$W/prometheus.state"
port_open "$git_port" >/dev/null 2>&1 || start_git_daemon
kill -KILL "$racer_pid" 2>/dev/null || true  # done by now, unless the chaos phase ran out of time
wait_for 60 "the wave driver to stop" bash -c "! kill -0 $driver_pid 2>/dev/null" || kill -KILL "$driver_pid" 2>/dev/null || true
quiet_started=$(now)
quiet=0
last_head=""
still=0
while [ $(( $(now) - quiet_started )) -lt "$quiet_timeout" ]; do
    sleep 2
    head="$(git -C "$W/origin.git" rev-parse main)"
    if [ "$head" = "$last_head" ]; then still=$((still + 2)); else still=0; last_head=$head; fi
    phases="$(chaos phases --repository "$W/origin.git" --revision main)"
    if ! grep -qv " Completed$" <<<"$phases" && [ "$still" -ge $(( 3 * poll + 4 )) ]; then
        quiet=1
        break
    fi
done
quiet_seconds=$(( $(now) - quiet_started ))
pid="$(cat "$W/iter8.pid")"
kill -TERM "$pid" 2>/dev/null || true  # the graceful stop: the pass in flight finishes
wait_for 30 "iter8 run to stop on SIGTERM" bash -c "! kill -0 $pid 2>/dev/null" || kill -KILL "$pid" 2>/dev/null || true
say "quiet after $quiet_seconds s: $quiet"; echo "$phases" | sed 's/^/    /'

# ---- figures and assertions ---------------------------------------------------------------------------------------
figures="$W/figures"
{
    echo "experiments_at_once=$experiments"
    echo "kills=$killed"
    echo "kills_after_a_weight_change=$targeted"
    echo "incarnations=$incarnations"
    echo "racing_commits=$(cat "$W/racer.count" 2>/dev/null || echo 0)"
    echo "racing_push_retries=$(cat "$W/racer.retries" 2>/dev/null | wc -l)"
    echo "racing_conflicts=$(cat "$W/racer.conflicts" 2>/dev/null | wc -l)"
    echo "waves_committed=$(cat "$W/waves" 2>/dev/null | wc -l)"
    echo "wave_experiments=$(awk '{s+=$1} END {print s+0}' "$W/waves" 2>/dev/null || echo 0)"
    echo "git_outage_seconds=$git_outage"
    echo "api_outage_seconds=$api_outage"
    echo "prometheus_outage_seconds=$prometheus_outage"
    echo "outage_mode=$outage_mode"
    echo "chaos_seconds=$chaos_seconds"
    echo "quiet_seconds=$quiet_seconds"
    echo "quiet=$quiet"
    echo "seed=$seed"
} > "$figures"
echo
echo "Chaos soak figures (work folder $W)"
sed 's/=/ /' "$figures" | awk '{printf "  %-32s %s\n", $1, $2}'
[ -e "$W/outages" ] && sed 's/^/  outage: /' "$W/outages"
failed=0
chaos check --origin "$W/origin.git" --human "$W/human-commits" --watch "$W/watch.jsonl" \
    --kubeconfig "$W/sandbox.kubeconfig" --figures "$figures" || failed=1
[ -n "${CHAOS_FIGURES:-}" ] && cp "$figures" "$CHAOS_FIGURES"
if [ "$quiet" != 1 ]; then echo "FAILED: the experiments did not all complete within $quiet_timeout s of the chaos"; failed=1; fi
if ! chaos_done; then echo "FAILED: the soak did not reach its targets (kills, racing commits, outages) in $duration s"; failed=1; fi
if [ -s "$W/racer.conflicts" ]; then echo "FAILED: the racing writer's rebase met changes to its own files"; failed=1; fi
echo "result=$([ $failed = 0 ] && echo pass || echo fail)" >> "$figures"
[ -n "${CHAOS_FIGURES:-}" ] && cp "$figures" "$CHAOS_FIGURES"
exit $failed
