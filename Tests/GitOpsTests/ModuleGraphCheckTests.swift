import Foundation
import Testing
import TestSupport

/// `scripts/check-module-graph.py`, the module-graph check the test command runs before `swift test`, on small
/// packages written for each case: it fails, one line per problem, on exactly what it promises to catch, and passes
/// a package whose targets import what they declare.
///
/// The fixtures reuse the project's target names, so the check's layer table places them.
@Suite("The module-graph check")
struct ModuleGraphCheckTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// What the check printed and its exit status.
    struct Verdict {
        var status: Int32
        var lines: [String]
    }

    /// Writes a package with `targets` (name → dependencies, in manifest order) and `files` (path → text), and runs
    /// the check on it.
    static func check(targets: [(String, [String])], files: [String: String]) async throws -> Verdict {
        let python = try RequiredTool.path("python3", package: "python3")
        let script = repository.appendingPathComponent("scripts/check-module-graph.py").path
        let package = try TemporaryDirectory(prefix: "iter8-module-graph")
        let declarations = targets.map { name, dependencies in
            let listed = dependencies.map { "\"\($0)\"" }.joined(separator: ", ")
            return "        .target(name: \"\(name)\", dependencies: [\(listed)]),"
        }
        let manifest = """
            // swift-tools-version:6.1
            import PackageDescription

            let package = Package(
                name: "fixture",
                targets: [
            \(declarations.joined(separator: "\n"))
                ]
            )

            """
        try manifest.write(to: package.file("Package.swift"), atomically: true, encoding: .utf8)
        for (path, text) in files {
            let file = package.file(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        let finished = try await offPool { try Shell.capture(python, [script, package.path], mergeErrors: true) }
        return Verdict(status: finished.status, lines: finished.output.split(separator: "\n").map(String.init))
    }

    @Test("a transitive import and an unused dependency fail the check, each named on a line of its own")
    func transitiveImportAndUnusedDependency() async throws {
        let verdict = try await Self.check(
            targets: [("Experiments", []), ("Redaction", []), ("Routing", ["Experiments"]), ("Istio", ["Routing", "Redaction"])],
            files: [
                "Sources/Experiments/Split.swift": "public struct Split {}\n",
                "Sources/Redaction/Redacted.swift": "public struct Redacted {}\n",
                "Sources/Routing/Router.swift": "import Experiments\n\npublic protocol Router { func apply(_ split: Split) }\n",
                "Sources/Istio/IstioRouter.swift": "import Routing\nimport Experiments\n\npublic struct IstioRouter {}\n",
            ])
        #expect(verdict.status == 1)
        #expect(verdict.lines.filter { !$0.hasPrefix("module graph:") } == [
            "Istio: imports Experiments (Sources/Istio/IstioRouter.swift:2) without declaring it "
                + "(available only transitively, through Routing)",
            "Istio: declares Redaction but none of its files imports it",
        ])
        #expect(verdict.lines.last == "module graph: 4 targets, 3 imports checked, 2 problems")
    }

    @Test("an upward import fails the check; imports in comments and string literals do not count")
    func upwardImport() async throws {
        let verdict = try await Self.check(
            targets: [("Experiments", []), ("Routing", ["Experiments"]), ("Kubernetes", ["Routing"])],
            files: [
                "Sources/Experiments/Split.swift": "public struct Split {}\n",
                "Sources/Routing/Router.swift": #"""
                    import Experiments
                    // import Redaction
                    /* import Redaction
                    /* import YAML */ */
                    let script = """
                    import Redaction
                    \(1 + 1)
                    """

                    """#,
                "Sources/Kubernetes/Client.swift": "@testable import Routing\n",
            ])
        #expect(verdict.status == 1)
        #expect(verdict.lines.filter { !$0.hasPrefix("module graph:") } == [
            "Kubernetes: imports Routing (Sources/Kubernetes/Client.swift:1), on a layer above it; imports point down only"
        ])
    }

    @Test("a C module outside its wrapper and a target missing from the layer table fail the check")
    func cModuleAndUnplacedTarget() async throws {
        let verdict = try await Self.check(
            targets: [("Kubernetes", []), ("Extras", [])],
            files: [
                "Sources/Kubernetes/Client.swift": "#if canImport(CCurl)\nimport CCurl\n#endif\n",
                "Sources/Extras/Extra.swift": "public struct Extra {}\n",
            ])
        #expect(verdict.status == 1)
        #expect(verdict.lines.filter { !$0.hasPrefix("module graph:") } == [
            "Kubernetes: imports the C module CCurl (Sources/Kubernetes/Client.swift:1); only HTTPTransport may",
            "Extras: has no layer in the LAYERS table of scripts/check-module-graph.py",
        ])
    }

    @Test("a package whose targets import exactly what they declare, downwards, passes")
    func cleanGraphPasses() async throws {
        let verdict = try await Self.check(
            targets: [("Experiments", []), ("Routing", ["Experiments"]), ("Istio", ["Routing", "Experiments"])],
            files: [
                "Sources/Experiments/Split.swift": "import Foundation\n\npublic struct Split {}\n",
                "Sources/Routing/Router.swift": "import Experiments\n",
                "Sources/Istio/IstioRouter.swift": "import Routing\nimport struct Experiments.Split\n",
            ])
        #expect(verdict.status == 0)
        #expect(verdict.lines == ["module graph: 3 targets, 4 imports checked, 0 problems"])
    }
}
