// swift-tools-version:6.2
import PackageDescription

#if os(Linux)
import Glibc
#endif

/// Strict settings shared by every Swift target (Swift 6 language mode is the package default). Warnings are errors
/// in the package's own targets only: a per-target setting leaves the dependencies' warnings as warnings, which
/// `-Xswiftc -warnings-as-errors` would not.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .treatAllWarnings(as: .error),
]

/// How the `iter8` binary is linked in release builds on Linux, for a smaller resident set (measured with
/// `Benchmarks/scale`, docs/performance.md: the idle service 46–48 → 39 MiB, 1,000 experiments' peak 137 → 128 MiB):
/// - lld, which the Swift toolchain ships since 6.0, in place of gold;
/// - no `--export-dynamic`, which `--static-swift-stdlib` adds (`static-stdlib-args.lnk`): the executable would export
///   its 47,000 symbols, and the dynamic loader looks up every symbol of every shared library in the executable's
///   tables first, which then stay resident (the idle service measured 3 MiB smaller without). Nothing looks symbols
///   up in the executable: the Swift runtime finds types and conformances through its own sections, and
///   `HeapTrim`'s `dlsym` finds libc's. What is lost: `dladdr` names no function of the executable in a stack
///   trace taken in-process (the static symbol table is still there for tools that read the file);
/// - packed relative relocations (`DT_RELR`, 3 MiB of `.rela.dyn` that the loader reads in whole at start become a few
///   KiB) when the build machine's glibc is 2.36 or newer — an older loader would ignore them and start a broken
///   binary; built on 2.36, the binary names the glibc version it needs (`GLIBC_ABI_DT_RELR`), as the Dockerfile's
///   Debian 12 runtime stage provides.
let releaseLinking: [LinkerSetting] = {
    var flags = ["-use-ld=lld", "-Xlinker", "--no-export-dynamic"]
    #if os(Linux)
    var version = [CChar](repeating: 0, count: 64)
    if confstr(Int32(_CS_GNU_LIBC_VERSION), &version, version.count) > 0 {
        // "glibc 2.36"
        let text = String(decoding: version.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let numbers = text.split(separator: " ").last?.split(separator: ".").compactMap { Int($0) } ?? []
        if numbers.count >= 2, (numbers[0], numbers[1]) >= (2, 36) {
            flags += ["-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"]
        }
    }
    #endif
    return [.unsafeFlags(flags, .when(platforms: [.linux], configuration: .release))]
}()

let package = Package(
    name: "iter8",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "iter8", targets: ["iter8"]),
        .library(name: "YAML", targets: ["YAML"]),
        .library(name: "HTTPTransport", targets: ["HTTPTransport"]),
        .library(name: "Git", targets: ["Git"]),
        .library(name: "Experiments", targets: ["Experiments"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
    ],
    targets: [
        // System libraries. Only the matching wrapper module imports each of these.
        .systemLibrary(name: "CLibGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CLibYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),

        // Adapters over the C libraries.
        .target(name: "Redaction", swiftSettings: strict),
        // Child processes started with posix_spawn (gpg, exec credential plugins, git for the playground), not
        // Foundation's Process, which crashes now and then on Linux with Swift 6.3 (SpawnedProcess.swift says why).
        .target(name: "CSpawn"),
        .target(name: "Spawn", dependencies: ["CSpawn"], swiftSettings: strict),
        // JSON values and a strict reader from UTF-8 bytes, for Kubernetes objects and Prometheus answers.
        .target(name: "JSON", swiftSettings: strict),
        .target(name: "YAML", dependencies: ["CLibYAML"], swiftSettings: strict),
        .target(name: "HTTPTransport", dependencies: ["CCurl", "Redaction"], swiftSettings: strict),
        .target(
            name: "Git",
            dependencies: [
                "CLibGit2", "Redaction", "Spawn",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strict),

        // Cluster side: Kubernetes REST client, Istio routing, Prometheus queries.
        .target(
            name: "Kubernetes", dependencies: ["JSON", "HTTPTransport", "YAML", "Redaction", "Spawn"], swiftSettings: strict),
        // Routing: the seam every routing kind implements (a plug-in each), and the table that dispatches on the kind.
        .target(name: "Routing", dependencies: ["Experiments", "Kubernetes", "YAML"], swiftSettings: strict),
        .target(name: "Istio", dependencies: ["Routing", "Kubernetes", "Experiments", "YAML"], swiftSettings: strict),
        .target(name: "GatewayAPI", dependencies: ["Routing", "Kubernetes", "Experiments", "YAML"], swiftSettings: strict),
        .target(name: "PromQL", dependencies: ["JSON", "HTTPTransport", "Experiments", "Redaction"], swiftSettings: strict),

        // The Sandbox: an embedded Kubernetes API server over HTTPS and a simulated Istio mesh.
        .target(
            name: "Sandbox",
            dependencies: [
                "Kubernetes", "Experiments", "YAML",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),

        // The pure domain core: Foundation only, no I/O.
        .target(name: "Experiments", swiftSettings: strict),

        // The reconciler: spec loading, reconcile passes, status files, commits.
        .target(
            name: "GitOps",
            dependencies: [
                "Experiments", "YAML", "Git", "Kubernetes", "Routing", "PromQL", "HTTPTransport", "Redaction",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict),

        // The embedded default: a local repository, the Sandbox and the reconciler wired together (`iter8 demo`).
        .target(
            name: "Playground",
            dependencies: [
                "GitOps", "Sandbox", "Git", "Routing", "Istio", "GatewayAPI", "PromQL", "Kubernetes", "HTTPTransport", "Experiments", "Spawn",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),

        // The command-line tool: flags and wiring only.
        .executableTarget(
            name: "iter8",
            dependencies: [
                "GitOps", "Experiments", "YAML", "Sandbox", "Git", "Kubernetes", "PromQL", "HTTPTransport",
                "Playground", "Redaction",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict, linkerSettings: releaseLinking),

        // Testing support: real test servers on loopback, in-memory fakes. Never shipped.
        .target(
            name: "TestSupport",
            dependencies: ["Kubernetes", "HTTPTransport", "Git", "Experiments", "Routing", "PromQL", "GitOps", "Spawn"],
            swiftSettings: strict),

        .testTarget(name: "RedactionTests", dependencies: ["Redaction"], swiftSettings: strict),
        .testTarget(name: "SpawnTests", dependencies: ["Spawn", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "YAMLTests", dependencies: ["YAML"], swiftSettings: strict),
        .testTarget(name: "JSONTests", dependencies: ["JSON"], swiftSettings: strict),
        .testTarget(
            name: "HTTPTransportTests", dependencies: ["HTTPTransport", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "GitTests", dependencies: ["Git", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "KubernetesTests", dependencies: ["Kubernetes", "HTTPTransport", "Sandbox", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "GatewayAPITests", dependencies: ["GatewayAPI", "Routing", "Kubernetes", "Experiments", "Sandbox", "YAML", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "IstioTests", dependencies: ["Istio", "Kubernetes", "Experiments", "Sandbox", "YAML", "TestSupport"], exclude: ["Golden"],
            swiftSettings: strict),
        .testTarget(
            name: "PromQLTests", dependencies: ["PromQL", "HTTPTransport", "Experiments", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "SandboxTests", dependencies: ["Sandbox", "Kubernetes", "HTTPTransport", "PromQL", "Experiments", "TestSupport"],
            swiftSettings: strict),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments"], swiftSettings: strict),
        .testTarget(
            name: "GitOpsTests",
            dependencies: [
                "GitOps", "Experiments", "YAML", "Git", "Kubernetes", "Routing", "Istio", "PromQL", "HTTPTransport", "Sandbox", "TestSupport",
                "Playground",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["Fixtures"], swiftSettings: strict),

        // Release-mode benchmark harness: `swift run -c release iter8-bench`.
        .executableTarget(name: "iter8-bench", dependencies: ["Experiments"], path: "Benchmarks/iter8-bench", swiftSettings: strict),

        // Decision quality against ground truth: `swift run -c release iter8-decisions` (Benchmarks/decisions/README.md).
        .executableTarget(
            name: "iter8-decisions", dependencies: ["Experiments", "YAML"], path: "Benchmarks/decisions",
            exclude: ["README.md", "run.sh"], swiftSettings: strict),
    ]
)
