import Experiments
import Foundation
import GitOps
import Testing

/// The fixture folder next to this file.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func files(_ folder: String) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Loads files into one set, as `iter8 validate` does, with paths relative to the fixture root.
    static func load(_ urls: [URL]) throws -> SpecSet {
        var set = SpecSet()
        for url in urls {
            let name = url.pathComponents.suffix(2).joined(separator: "/")
            set.add(SpecLoader().load(try String(contentsOf: url, encoding: .utf8), file: name))
        }
        set.resolveMetrics()
        return set
    }
}

@Suite("Spec files: the invalid corpus")
struct InvalidCorpusTests {
    static let files = (try? Fixtures.files("invalid")) ?? []  // an unreadable folder fails `corpusIsThere`

    @Test func corpusIsThere() {
        #expect(Self.files.count >= 12)
    }

    @Test(arguments: files)
    func reportsTheExpectedIssue(file: URL) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        let firstLine = try #require(text.split(separator: "\n").first)
        #expect(firstLine.hasPrefix("# expect: "))
        let expected = firstLine.dropFirst("# expect: ".count)
        let set = try Fixtures.load([file])
        let name = "invalid/\(file.lastPathComponent)"
        #expect(set.experiments.isEmpty)
        #expect(set.errors.contains { $0.description.hasPrefix("\(name):\(expected)") }, "\(set.issues.map(\.description))")
    }
}

@Suite("Spec files: valid files")
struct ValidFilesTests {
    @Test func loadsEveryExperimentAndMetric() throws {
        let set = try Fixtures.load(try Fixtures.files("valid"))
        #expect(set.errors.isEmpty, "\(set.errors)")
        #expect(set.experiments.map(\.experiment.name) == ["reviews-ab", "reviews-canary", "reviews-v3-rollout"])
        #expect(set.metrics.map(\.name) == ["books-purchased"])
        let v1 = try #require(set.experiments.first { $0.experiment.name == "reviews-v3-rollout" }?.experiment)
        #expect(v1.analysis.engine == .iter8V1)
        #expect(v1.duration.intervalSeconds == 15)
    }

    @Test func reportsEveryProblemOfADocument() throws {
        let text = """
            apiVersion: iter8.tools/v2alpha2
            kind: Experiment
            metadata: {name: reviews-canary}
            spec:
              target: bookinfo/reviews
              strategy: {testingPattern: Canery, deploymentPattern: Rolling}
              duration: {intervalSeconds: 0}
              versionInfo:
                baseline: {name: reviews-v1}
                candidates: [{name: reviews-v1}]
              routing: {virtualService: {name: reviews}}

            """
        let issues = SpecLoader().load(text, file: "e.yaml").issues.map(\.description)
        #expect(issues == [
            "e.yaml:6:30: spec.strategy.testingPattern: expected one of Canary, A/B, A/B/N, Conformance, found \"Canery\"",
            "e.yaml:6:57: spec.strategy.deploymentPattern: expected one of Progressive, FixedSplit, BlueGreen, found \"Rolling\"",
            "e.yaml:7:31: spec.duration.intervalSeconds: must be between 1 and 86400, found 0",
            "e.yaml:10:25: spec.versionInfo.candidates[0].name: duplicate version name \"reviews-v1\" (first used at spec.versionInfo.baseline.name)",
        ])
    }

    @Test func hostileInputIsAnErrorNotACrash() {
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + (1...12).map { "a\($0): &a\($0) [*a\($0 == 1 ? "" : String($0 - 1)), *a\($0 == 1 ? "" : String($0 - 1)), *a\($0 == 1 ? "" : String($0 - 1)), *a\($0 == 1 ? "" : String($0 - 1))]" }.joined(separator: "\n")
        let result = SpecLoader().load("apiVersion: iter8.tools/v2alpha2\nkind: Experiment\n" + bomb, file: "bomb.yaml")
        #expect(result.issues.count == 1)
        #expect(result.issues.first?.severity == .error)
    }
}

@Suite("GitHub annotations")
struct GitHubAnnotationTests {
    @Test func formatsAnErrorWithLocationAndTitle() {
        let issue = LocatedIssue(
            file: "experiments/a,b.yaml", line: 14, column: 22, path: "spec.duration.intervalSeconds",
            message: "expected an integer, found \"ten\"\n100% wrong", severity: .error)
        #expect(issue.githubAnnotation
            == "::error file=experiments/a%2Cb.yaml,line=14,col=22,title=spec.duration.intervalSeconds::expected an integer, found \"ten\"%0A100%25 wrong")
    }

    @Test func formatsAWarningWithoutLocation() {
        let issue = LocatedIssue(file: "m.yaml", line: 0, column: 0, path: "", message: "a: b", severity: .warning)
        #expect(issue.githubAnnotation == "::warning file=m.yaml::a: b")
    }

    @Test func everyLineMatchesTheWorkflowCommandGrammar() throws {
        let set = try Fixtures.load(try Fixtures.files("invalid"))
        let grammar = /^::(error|warning) file=[^,:]+(,line=\d+,col=\d+)?(,title=[^,:]+)?::[^\r\n]*$/
        for issue in set.issues {
            #expect(issue.githubAnnotation.wholeMatch(of: grammar) != nil, "\(issue.githubAnnotation)")
        }
    }
}
