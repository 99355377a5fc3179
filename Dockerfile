# syntax=docker/dockerfile:1
#
# iter8 for Istio as a GitOps reconciler: `iter8 run` in a slim Debian bookworm image.
#
#   docker build -t ghcr.io/iter8-tools/iter8-gitops:latest .
#   docker run --rm -e ITER8_REPOSITORY=... -e ITER8_PROMETHEUS_URL=... ghcr.io/iter8-tools/iter8-gitops:latest
#
# Both stages are Debian 12 (bookworm), the system the tests run on. Tests/GitOpsTests/DockerfileTests.swift
# keeps this file honest without a container engine: every shared library the iter8 binary links (ldd) must
# come from a package the runtime stage installs (or one of their dependencies), the Swift version must match
# the toolchain the tests use, and every package named here must exist (apt-cache show).

# ---- build: the -dev packages and a release build with the Swift runtime linked in statically ----
FROM swift:6.3-bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgit2-dev libcurl4-openssl-dev libyaml-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies first, so a source change does not fetch them again.
COPY Package.swift ./
RUN swift package resolve
COPY . .
# --static-swift-stdlib links the Swift runtime, Dispatch and Foundation (with its ICU data) into the binary:
# the runtime stage needs no Swift libraries, only libc6, libstdc++6 and libgcc-s1 besides the C libraries.
# Package.swift links the release binary with lld, without --export-dynamic and, glibc being 2.36 in both stages,
# with packed relative relocations (DT_RELR): a smaller resident set (docs/performance.md, "Idle memory").
RUN swift build -c release --product iter8 --static-swift-stdlib \
    && install -D -m 0755 "$(swift build -c release --static-swift-stdlib --show-bin-path)/iter8" /out/iter8

# ---- runtime: the C libraries iter8 links, CA certificates, gpg (--gpg-keyring, docs/signing.md), a non-root user ----
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates libcurl4 libgit2-1.5 libyaml-0-2 gpg \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --uid 65532 --user-group --no-create-home --home-dir /var/lib/iter8 --shell /usr/sbin/nologin iter8 \
    && install -d -o 65532 -g 65532 -m 0700 /var/lib/iter8
COPY --from=build /out/iter8 /usr/local/bin/iter8
# `iter8 demo` finds its samples in ../share/iter8/samples/demo relative to the binary's folders.
COPY samples/demo /usr/share/iter8/samples/demo
# The clone lives here; in Kubernetes mount an emptyDir on it (the root file system is read-only there).
ENV ITER8_WORKDIR=/var/lib/iter8 \
    HOME=/var/lib/iter8
WORKDIR /var/lib/iter8
USER 65532:65532
# /healthz, /readyz, /metrics and POST /webhook (--listen, default 0.0.0.0:8080).
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/iter8", "run"]
