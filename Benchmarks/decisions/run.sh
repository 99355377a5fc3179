#!/bin/sh
# The decision-quality benchmark in one command: builds iter8-decisions in release mode (that product only) and
# runs it with the defaults; any arguments are passed through (e.g. --runs 50 --filter near-limit --json out.json).
set -eu
cd "$(dirname "$0")/../.."
if [ -d /opt/swift/usr/bin ]; then PATH=/opt/swift/usr/bin:$PATH; export PATH; fi
swift build -c release --product iter8-decisions
exec .build/release/iter8-decisions "$@"
