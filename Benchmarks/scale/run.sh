#!/usr/bin/env bash
# The scale benchmark in one command: builds the release binary the way the Dockerfile does, then runs
# Benchmarks/scale/scale.py (N = 0, 100, 1000 canaries at 20 s intervals, 180 s each, and a no-change poll of a
# 10,000-file repository). Arguments are passed to scale.py, e.g. --counts 1000 --duration 300.
# Takes about 12 minutes plus the build; see docs/performance.md for the figures and what they mean.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release --product iter8 --static-swift-stdlib
binary="$(swift build -c release --static-swift-stdlib --show-bin-path)/iter8"
exec python3 Benchmarks/scale/scale.py --bin "$binary" --poll-files 10000 "$@"
