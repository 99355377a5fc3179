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
swift test "$@"
