#!/usr/bin/env bash
# Fuzzes everything the service parses from outside — spec files, status files, Prometheus and Kubernetes answers,
# webhook requests, VirtualService manifests, and the reports rendered from status files — with libFuzzer.
#
#   scripts/fuzz.sh [--seconds N] [--jobs N] [--no-build] [TARGET...]
#
# 1. Builds the Playground library target (GitOps and the routing plug-ins, Istio and GatewayAPI, which GitOps no
#    longer imports: every library the targets use) with
#    `-sanitize=fuzzer,address` in a scratch path of its own (.build-fuzz), so the normal build is untouched.
#    A SwiftPM executable whose only entry point is LLVMFuzzerTestOneInput does not link, and the targets must
#    stay out of the products the test command builds, so:
# 2. links each Benchmarks/fuzz/Targets/<Name>.swift (plus Benchmarks/fuzz/Support/*.swift) with swiftc against
#    the built modules and the objects of Playground's dependency closure (read from SwiftPM's build plan);
# 3. runs each target for N seconds (default 30) on its checked-in seeds (Benchmarks/fuzz/corpus/<Name>/, never
#    written to; new inputs go to .build-fuzz/fuzz/corpus/<Name>/), --jobs targets at a time (default 1);
# 4. prints per target the executions, the CPU seconds, the corpus size and the crashes, and exits 1 when any
#    target crashed, timed out (20 s for one input), ran out of memory (2 GB) or leaked. Crashing inputs are kept
#    in .build-fuzz/fuzz/crashes/; reproduce one with `.build-fuzz/fuzz/bin/<Name> <file>`.
#
# Environment: ITER8_FUZZ_SECONDS (default for --seconds), ITER8_FUZZ_SCRATCH (default .build-fuzz).
# The build and the runs are `nice -n 19`. Needs the toolchain's libFuzzer (swiftc -sanitize=fuzzer) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

seconds="${ITER8_FUZZ_SECONDS:-30}"
jobs=1
build=1
scratch="${ITER8_FUZZ_SCRATCH:-.build-fuzz}"
targets=()
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds="$2"; shift 2 ;;
        --jobs) jobs="$2"; shift 2 ;;
        --no-build) build=0; shift ;;
        -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
        *) targets+=("$1"); shift ;;
    esac
done
if [ ${#targets[@]} -eq 0 ]; then
    for file in Benchmarks/fuzz/Targets/*.swift; do targets+=("$(basename "$file" .swift)"); done
fi
for target in "${targets[@]}"; do
    [ -f "Benchmarks/fuzz/Targets/$target.swift" ] || { echo "fuzz.sh: no target $target" >&2; exit 2; }
done

# A Swift runtime trap must reach libFuzzer's handler, which prints the stack and keeps the input; the runtime's
# own backtracer would run first and, under ASan, report its own memory reads instead.
export SWIFT_BACKTRACE=enable=no

out="$scratch/fuzz"
# The library whose dependency closure the targets link against (it must reach every module they import).
library=Playground
mkdir -p "$out/bin" "$out/corpus" "$out/crashes" "$out/logs"

if [ "$build" = 1 ]; then
    started=$(date +%s)
    echo "==> swift build --scratch-path $scratch -Xswiftc -sanitize=fuzzer,address --target $library"
    nice -n 19 swift build --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer,address --target "$library"
    plan="$scratch/debug.yaml"
    mapfile -t flags < <(python3 Benchmarks/fuzz/link-inputs.py "$plan" "$library" flags)
    mapfile -t objects < <(python3 Benchmarks/fuzz/link-inputs.py "$plan" "$library" objects)
    echo "==> linking ${#targets[@]} fuzz targets against ${#objects[@]} objects"
    for target in "${targets[@]}"; do
        # gold warns once per ASan assembly helper ("Cannot export local symbol"); the log keeps the rest.
        if ! nice -n 19 swiftc -sanitize=fuzzer,address -parse-as-library -swift-version 6 -Onone -g \
            -module-name "Fuzz$target" "${flags[@]}" \
            "Benchmarks/fuzz/Targets/$target.swift" Benchmarks/fuzz/Support/*.swift \
            "${objects[@]}" -o "$out/bin/$target" >"$out/logs/link-$target.log" 2>&1; then
            grep -v 'Cannot export local symbol' "$out/logs/link-$target.log" >&2
            exit 1
        fi
    done
    echo "==> fuzz build: $(( $(date +%s) - started )) s"
fi

# One target: its seeds, its own working corpus, its crashes; CPU seconds measured by bash's `time`.
run_target() {
    local target="$1" seeds work log
    seeds="Benchmarks/fuzz/corpus/$target"
    work="$out/corpus/$target"
    log="$out/logs/$target.log"
    mkdir -p "$work" "$out/crashes/$target"
    rm -f "$out/crashes/$target"/*
    # A target may add libFuzzer options in a `// libFuzzer: …` line of its source.
    local options
    read -r -a options <<<"$(sed -n 's|^// libFuzzer: ||p' "Benchmarks/fuzz/Targets/$target.swift")"
    local TIMEFORMAT='%U %S'
    { time nice -n 19 "$out/bin/$target" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$out/crashes/$target/" "${options[@]}" "$work" "$seeds" >"$log" 2>&1; } \
        2>"$out/logs/$target.cpu" || true
}

echo "==> fuzzing ${#targets[@]} targets for $seconds s each, $jobs at a time"
started=$(date +%s)
running=0
for target in "${targets[@]}"; do
    run_target "$target" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then wait -n || true; running=$((running - 1)); fi
done
wait

printf '%-16s %12s %10s %8s %8s  %s\n' TARGET EXECUTIONS EXEC/S CPU_S CORPUS CRASHES
failed=0
total_runs=0
total_cpu=0
for target in "${targets[@]}"; do
    log="$out/logs/$target.log"
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    cpu=$(awk '{printf "%.0f", $1 + $2}' "$out/logs/$target.cpu" 2>/dev/null || echo 0)
    corpus=$(find "$out/corpus/$target" "Benchmarks/fuzz/corpus/$target" -type f 2>/dev/null | wc -l)
    crashes=$(find "$out/crashes/$target" -type f | wc -l)
    if [ -z "$runs" ]; then crashes=$((crashes > 0 ? crashes : 1)); fi  # no final stats: the fuzzer died
    printf '%-16s %12s %10s %8s %8s  %s\n' "$target" "${runs:-?}" "${rate:-?}" "$cpu" "$corpus" "$crashes"
    if [ "$crashes" -gt 0 ]; then
        failed=1
        find "$out/crashes/$target" -type f | sed 's/^/    input: /'
        grep -m 1 -E 'ERROR: (AddressSanitizer|libFuzzer)|Fatal error|deadly signal' "$log" | sed 's/^/    /' || true
        echo "    log: $log"
    fi
    total_runs=$((total_runs + ${runs:-0}))
    total_cpu=$((total_cpu + cpu))
done
echo "total: $total_runs executions, $total_cpu CPU s, $(( $(date +%s) - started )) s wall"
exit "$failed"
