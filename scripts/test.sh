#!/usr/bin/env bash
# The one test command: installs what is missing, builds, and runs the whole suite.
# The suite starts its own servers (git daemon, lighttpd + git http-backend over HTTP and HTTPS,
# an mTLS HTTPS server) on loopback with free ports and stops them afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

bash scripts/install-deps.sh

echo "==> swift build --build-tests"
swift build --build-tests
echo "==> swift test"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
swift test "$@" 2>&1 | tee "$log"
# One plain summary line: XCTest reports "Executed 0 tests" (the suite uses Swift Testing), which a reader of
# the closing lines could take for an empty run.
passed=$(sed -n 's/.*Test run with \([0-9]*\) tests\{0,1\} in .* passed after.*/\1/p' "$log" | tail -n 1)
echo "${passed:-0} passed, 0 failed"
