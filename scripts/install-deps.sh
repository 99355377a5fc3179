#!/usr/bin/env bash
# Installs the Debian packages the build and the test suite need, when any is missing.
# Safe to run repeatedly: it does nothing when everything is present.
set -euo pipefail

packages=(
  # build: the three fixed C libraries and pkg-config
  libgit2-dev libcurl4-openssl-dev libyaml-dev pkg-config
  # tests: a second git client and git-daemon/http-backend, TLS material, the git HTTP(S) server
  git openssl ca-certificates lighttpd lighttpd-mod-openssl python3
  # tests: a real Prometheus scraping simulated Istio telemetry
  prometheus
  # tests: the JSON Schemas for Experiment and Metric files are checked with python3-jsonschema
  python3-jsonschema
  # tests: the chaos soak (Benchmarks/chaos) reads status files and manifests with python3-yaml
  python3-yaml
  # tests: the Dockerfile check reads the binary's needed libraries with objdump
  binutils
  # tests: signed commits and their verification (ssh-keygen -Y sign, git commit -S, gpg in a throwaway GNUPGHOME)
  openssh-client gnupg
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# kubectl is the second Kubernetes client the tests cross-check the Sandbox with. The machine image ships
# one (package kubectl); Debian's own package is kubernetes-client.
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
# The Dockerfile test asks apt-cache whether every package it names exists: it needs package lists.
if [ ${#missing[@]} -gt 0 ] || ! ls /var/lib/apt/lists/*_Packages* >/dev/null 2>&1; then
  echo "==> apt-get update"
  $sudo apt-get update
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi

if ! command -v swift >/dev/null 2>&1; then
  if [ -x /opt/swift/usr/bin/swift ]; then
    echo "==> swift is at /opt/swift/usr/bin; add it to PATH"
  else
    echo "error: no Swift toolchain found (Swift 6.2 or newer is required; see swift.org/install)" >&2
    exit 1
  fi
fi
