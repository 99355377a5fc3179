#!/usr/bin/env bash
# The demo command: installs what is missing, builds iter8, and runs `iter8 demo` — a local Git repository
# seeded from samples/demo, the embedded Sandbox cluster with a simulated Istio mesh, and the reconciler
# promoting one canary, rolling back another and running an A/B/n. Extra arguments go to `iter8 demo`
# (for example --keep to leave the workspace and the Sandbox running).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

bash scripts/install-deps.sh

echo "==> swift build --product iter8"
swift build --product iter8
exec .build/debug/iter8 demo --samples samples/demo "$@"
