import Foundation
import Testing
import TestSupport

/// The top-level `Dockerfile`, checked without a container engine on the Debian bookworm system both image
/// stages are built from: the libraries the iter8 binary links come from packages the runtime stage installs,
/// the packages exist, and the image runs `iter8 run` as a non-root user.
///
/// The debug `iter8` next to the test bundle links the same system libraries as the release build (ldd of the
/// dynamic Swift runtime lists what the static one needs too); a release binary, when one was built, is
/// checked the same way (see ``releaseBinary``).
@Suite("The Dockerfile")
struct DockerfileTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Packages bookworm-slim always contains, so the runtime stage need not name them: the C and C++ runtime
    /// (`apt` itself depends on all three; ``baseIsInSlim()`` checks that).
    static let assumedPresent: Set<String> = ["libc6", "libgcc-s1", "libstdc++6"]

    /// The Swift version (major.minor) of the compiler that built these tests; the build stage must use it.
    static let toolchain: String = {
        #if compiler(>=6.6)
            return "6.6"
        #elseif compiler(>=6.5)
            return "6.5"
        #elseif compiler(>=6.4)
            return "6.4"
        #elseif compiler(>=6.3)
            return "6.3"
        #elseif compiler(>=6.2)
            return "6.2"
        #else
            return "6.1"
        #endif
    }()

    static func dockerfile() throws -> DockerfileModel {
        try DockerfileModel(String(contentsOf: repository.appendingPathComponent("Dockerfile"), encoding: .utf8))
    }

    /// A release `iter8` if one was built: `ITER8_RELEASE_BINARY`, else `release/iter8` in the scratch folder
    /// of this test bundle, else `.build/release/iter8`. Build it as the Dockerfile does with
    /// `swift build -c release --product iter8 --static-swift-stdlib [--scratch-path …]`.
    static var releaseBinary: String? {
        var candidates: [String] = []
        if let given = ProcessInfo.processInfo.environment["ITER8_RELEASE_BINARY"], !given.isEmpty { candidates.append(given) }
        if let debug = try? ReconcilerCrashTests.executable() {
            let scratch = URL(fileURLWithPath: debug).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
            candidates.append(scratch.appendingPathComponent("release/iter8").path)
        }
        candidates.append(repository.appendingPathComponent(".build/release/iter8").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// What is wrong with the runtime stage for `binary`: one line per library whose package it neither
    /// installs nor pulls in, with the library, its file and the package to add.
    static func problems(for binary: String, in dockerfile: DockerfileModel) async throws -> [String] {
        let runtime = dockerfile.runtime
        let installed = runtime.aptPackages
        let closure = try await DebianPackages.dependencyClosure(installed)
        let needed = try await DebianPackages.neededLibraries(binary)
        let staticSwift = dockerfile.stages.dropLast().contains { stage in
            stage.arguments(of: "RUN").contains { $0.contains("swift build") && $0.contains("--static-swift-stdlib") }
        }
        var problems: [String] = []
        for library in try await DebianPackages.linkedLibraries(binary) {
            guard let path = library.path else {
                problems.append("\(library.name): not found by the loader here")
                continue
            }
            if DebianPackages.isSwiftRuntime(path) {
                let copied = runtime.copiedFromOtherStages.contains {
                    $0.hasSuffix("/" + library.name) || $0.hasSuffix("/lib/swift/linux/") || $0.hasSuffix("/lib/swift/linux/*.so")
                }
                if !staticSwift && !copied {
                    problems.append(
                        "\(library.name) (\(path)) is a Swift runtime library: build with --static-swift-stdlib or "
                            + "COPY --from=build it into the runtime stage")
                }
                continue
            }
            guard let owners = try await DebianPackages.owners(of: path) else {
                problems.append("\(library.name) (\(path)) belongs to no Debian package")
                continue
            }
            if !Self.assumedPresent.isDisjoint(with: owners) { continue }
            if needed.contains(library.name) {
                if Set(installed).isDisjoint(with: owners) {
                    problems.append(
                        "iter8 links \(library.name) (\(path)) itself: add \(owners.joined(separator: " or ")) to the "
                            + "runtime stage's apt-get install")
                }
            } else if closure.isDisjoint(with: owners) {
                problems.append(
                    "\(library.name) (\(path)) from \(owners.joined(separator: " or ")) is not pulled in by "
                        + "\(installed.joined(separator: " ")): add it to the runtime stage's apt-get install")
            }
        }
        return problems
    }

    @Test("the runtime stage installs the package of every library the iter8 binary links")
    func librariesAreInstalled() async throws {
        let binary = try ReconcilerCrashTests.executable()
        let dockerfile = try Self.dockerfile()
        let libraries = try await DebianPackages.linkedLibraries(binary)
        #expect(libraries.contains { $0.name.hasPrefix("libgit2.so") }, "ldd \(binary) should list libgit2")
        #expect(libraries.contains { $0.name.hasPrefix("libcurl.so") })
        #expect(libraries.contains { $0.name.hasPrefix("libyaml-0.so") })
        let problems = try await Self.problems(for: binary, in: dockerfile)
        #expect(problems.isEmpty, "Dockerfile runtime stage, for \(binary):\n\(problems.joined(separator: "\n"))")
    }

    @Test(
        "a release binary, when built, needs no more than the runtime stage installs, and no Swift runtime library",
        .enabled(
            if: releaseBinary != nil,
            "no release iter8 built: swift build -c release --product iter8 --static-swift-stdlib (or set ITER8_RELEASE_BINARY)"))
    func releaseBinaryLibrariesAreInstalled() async throws {
        let binary = try #require(Self.releaseBinary)
        let problems = try await Self.problems(for: binary, in: try Self.dockerfile())
        #expect(problems.isEmpty, "Dockerfile runtime stage, for \(binary):\n\(problems.joined(separator: "\n"))")
        let swift = try await DebianPackages.linkedLibraries(binary).compactMap(\.path).filter(DebianPackages.isSwiftRuntime)
        #expect(swift.isEmpty, "\(binary) was built without --static-swift-stdlib, unlike the Dockerfile: \(swift)")
    }

    @Test("the check fails naming the package when the runtime stage leaves a library out")
    func missingLibraryIsNamed() async throws {
        let binary = try ReconcilerCrashTests.executable()
        let text = try String(contentsOf: Self.repository.appendingPathComponent("Dockerfile"), encoding: .utf8)
        let broken = try DockerfileModel(text.replacingOccurrences(of: " libyaml-0-2", with: ""))
        #expect(!broken.runtime.aptPackages.contains("libyaml-0-2"))
        let problems = try await Self.problems(for: binary, in: broken)
        #expect(problems.count == 1)
        #expect(problems.first?.contains("add libyaml-0-2 to the runtime stage") == true, "\(problems)")
    }

    @Test("the packages assumed present are in bookworm-slim: apt, which it ships, depends on them")
    func baseIsInSlim() async throws {
        let apt = try await DebianPackages.dependencyClosure(["apt"])
        #expect(Self.assumedPresent.isSubset(of: apt), "\(Self.assumedPresent.subtracting(apt))")
    }

    @Test("every package the Dockerfile names exists (apt-cache show), in both stages")
    func packagesExist() async throws {
        let dockerfile = try Self.dockerfile()
        let packages = dockerfile.stages.flatMap(\.aptPackages)
        #expect(dockerfile.stages.count == 2)
        for stage in dockerfile.stages { #expect(!stage.aptPackages.isEmpty, "FROM \(stage.image) installs nothing") }
        for package in packages {
            #expect(try await DebianPackages.exists(package), "apt-cache show \(package) finds no such package in bookworm")
        }
        #expect(try await !DebianPackages.exists("libgit2-1.5-not-a-package"))
    }

    @Test("build stage: the tests' Swift version on bookworm, release, static Swift runtime; runtime stage: bookworm-slim")
    func stages() throws {
        let dockerfile = try Self.dockerfile()
        let build = dockerfile.stages[0]
        #expect(
            build.image == "swift:\(Self.toolchain)-bookworm" || build.image.hasPrefix("swift:\(Self.toolchain).")
                && build.image.hasSuffix("-bookworm"),
            "the build stage's \(build.image) should be the tests' toolchain, Swift \(Self.toolchain), on bookworm")
        #expect(Set(build.aptPackages) == ["libgit2-dev", "libcurl4-openssl-dev", "libyaml-dev", "pkg-config"])
        let swiftBuild = build.arguments(of: "RUN").first { $0.contains("swift build") } ?? ""
        for flag in ["-c release", "--product iter8", "--static-swift-stdlib"] {
            #expect(swiftBuild.contains(flag), "the build stage's swift build lacks \(flag)")
        }
        #expect(dockerfile.runtime.image == "debian:bookworm-slim")
        #expect(dockerfile.runtime.aptPackages.contains("ca-certificates"))
        #expect(dockerfile.runtime.aptPackages.allSatisfy { !$0.hasSuffix("-dev") })
        #expect(dockerfile.runtime.arguments(of: "COPY").contains { $0.hasPrefix("--from=\(build.name ?? "0") ") && $0.hasSuffix(" /usr/local/bin/iter8") })
    }

    @Test("the image runs iter8 run as uid 65532 on port 8080, with the demo samples where iter8 demo looks")
    func runtimeSettings() throws {
        let runtime = try Self.dockerfile().runtime
        #expect(runtime.arguments(of: "USER").last == "65532:65532")
        #expect(runtime.arguments(of: "RUN").contains { $0.contains("useradd --uid 65532") })
        #expect(runtime.arguments(of: "EXPOSE") == ["8080"])
        #expect(runtime.arguments(of: "ENTRYPOINT") == [#"["/usr/local/bin/iter8", "run"]"#])
        #expect(runtime.arguments(of: "COPY").contains("samples/demo /usr/share/iter8/samples/demo"))
        let experiments = Self.repository.appendingPathComponent("samples/demo/experiments").path
        #expect(FileManager.default.fileExists(atPath: experiments))
        #expect(runtime.arguments(of: "ENV").contains { $0.contains("ITER8_WORKDIR=/var/lib/iter8") })
        let ignored = try String(contentsOf: Self.repository.appendingPathComponent(".dockerignore"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        for entry in [".build", ".build-*", ".git"] { #expect(ignored.contains(entry), ".dockerignore lacks \(entry)") }
        #expect(!ignored.contains { $0.hasPrefix("samples") || $0.hasPrefix("Sources") })
    }

    @Test("the parser joins continuations, drops comments and finds apt-get install packages")
    func parser() throws {
        let model = try DockerfileModel(
            """
            # syntax=docker/dockerfile:1
            ARG BASE=x
            FROM swift:6.3-bookworm AS build
            RUN apt-get update \\
                # a comment inside
                && apt-get install -y --no-install-recommends a b=1.0 \\
                   c && rm -rf /var/lib/apt/lists/*
            FROM debian:bookworm-slim
            COPY --from=build --chown=1:1 /usr/lib/swift/linux/libswiftCore.so /usr/lib/
            RUN apt install -y d; echo done
            """)
        #expect(model.stages.map(\.image) == ["swift:6.3-bookworm", "debian:bookworm-slim"])
        #expect(model.stages[0].name == "build")
        #expect(model.stages[0].aptPackages == ["a", "b", "c"])
        #expect(model.runtime.aptPackages == ["d"])
        #expect(model.runtime.copiedFromOtherStages == ["/usr/lib/swift/linux/libswiftCore.so"])
        #expect(DebianPackages.mergedUsrAlias("/lib/x86_64-linux-gnu/libc.so.6") == "/usr/lib/x86_64-linux-gnu/libc.so.6")
        #expect(DebianPackages.mergedUsrAlias("/usr/lib/x") == "/lib/x")
        #expect(throws: (any Error).self) { try DockerfileModel("RUN true") }
    }
}
