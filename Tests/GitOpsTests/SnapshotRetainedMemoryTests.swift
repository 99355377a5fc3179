import Experiments
import Git
import Testing
import TestSupport
import YAML

@testable import GitOps

/// The snapshot loader keeps every spec file it parsed, by blob, so that an unchanged file is not parsed again; what
/// it keeps of each is what later walks read (the typed Experiments and Metrics, a document's apiVersion, kind, name
/// and namespace, a valid experiment's text to locate issues found later), never the file's YAML tree: at 1,000
/// experiments and as many VirtualService manifests the trees were about 12 MiB of the service's heap. Issues found
/// after loading (a metric reference that no longer resolves) are still located exactly, on the cached files too.
@Suite struct SnapshotRetainedMemoryTests {
    /// A repository of `count` experiments and as many VirtualService manifests, a Metric file, an invalid
    /// experiment and a file of several documents.
    static func origin(count: Int) -> InMemoryOrigin {
        typealias Spec = MetricResolutionReuseTests
        var files: [String: String] = [
            "metrics/books.yaml": SnapshotSpecPartTests.metric,
            "experiments/broken.yaml": Spec.experiment("broken").replacingOccurrences(of: "A/B", with: "Sometimes"),
            "experiments/shared.yaml": Spec.experiment("s1") + "\n---\n" + SnapshotSpecPartTests.virtualService("s1") + "---\n"
                + Spec.experiment("s2", reward: "books"),
        ]
        for index in 0..<count {
            let name = "svc-\(index)"
            files["experiments/\(name).yaml"] = Spec.experiment(name, reward: index.isMultiple(of: 2) ? "books" : "iter8-istio/request-count")
            files["istio/\(name).yaml"] = SnapshotSpecPartTests.virtualService(name)
        }
        return InMemoryOrigin(files: files)
    }

    /// How many YAML documents and nodes `value` holds, found by reflection (whatever field or case holds them).
    static func yamlTrees(in value: Any) -> Int {
        if value is YAMLDocument || value is YAMLNode { return 1 }
        return Mirror(reflecting: value).children.reduce(0) { $0 + yamlTrees(in: $1.value) }
    }

    @Test func theParsedFilesKeepNoYAMLTree() async throws {
        let repository = InMemoryGitRepository(origin: Self.origin(count: 300))
        let loader = SnapshotLoader(repository: repository, paths: [])
        let snapshot = try await loader.load(at: try await repository.fetch(branch: "main"))
        #expect(snapshot.specs.count == 303)
        #expect(snapshot.specs.filter { $0.experiment == nil }.map(\.name) == ["broken"])
        #expect(snapshot.routedObjectFiles[.virtualService]?.count == 301)
        let kept = await loader.parsedFiles
        #expect(kept.count == 603)
        #expect(kept.reduce(0) { $0 + Self.yamlTrees(in: $1) } == 0)
    }

    @Test func onlyValidExperimentsKeepTheirFilesText() async throws {
        let origin = Self.origin(count: 20)
        let repository = InMemoryGitRepository(origin: origin)
        let loader = SnapshotLoader(repository: repository, paths: [])
        _ = try await loader.load(at: try await repository.fetch(branch: "main"))
        var kept: [String: String] = [:]
        for document in await loader.parsedFiles.flatMap(\.documents) {
            switch document {
            case .experiment(_, let source):
                #expect(source.text == origin.file(source.file), "\(source.file)#\(source.index)")
                kept[source.file] = source.text
            case .metric(_, let source), .invalid(_, _, let source), .other(_, let source):
                #expect(source.text == nil, "\(source.file)#\(source.index)")
            }
        }
        #expect(kept.count == 21)  // 20 files and the shared one, whose two experiments share its text
        #expect(kept["experiments/shared.yaml"] != nil && kept["experiments/broken.yaml"] == nil)
    }

    /// The issue of an experiment of ``MetricResolutionReuseTests/experiment(_:reward:)`` whose reward names no Metric:
    /// at the reward's metric reference (line 14, column 15), as `iter8 validate` prints it.
    static func unresolved(_ path: String, _ reference: String) -> LocatedIssue {
        LocatedIssue(
            file: path, line: 14, column: 15, path: "spec.criteria.rewards[0].metric",
            message: "no Metric \"\(reference)\" in the repository and no built-in metric of that name", severity: .error)
    }

    @Test func issuesFoundAfterLoadingAreLocatedOnCachedFilesAsOnFreshOnes() async throws {
        let origin = InMemoryOrigin(files: [
            "metrics/books.yaml": SnapshotSpecPartTests.metric,
            "experiments/a.yaml": MetricResolutionReuseTests.experiment("a", reward: "no-such-metric"),
            "experiments/b.yaml": MetricResolutionReuseTests.experiment("b", reward: "books"),
            "istio/a.yaml": SnapshotSpecPartTests.virtualService("a"),
        ])
        let repository = InMemoryGitRepository(origin: origin)
        let loader = SnapshotLoader(repository: repository, paths: [])
        func walk() async throws -> (RepositorySnapshot, fresh: RepositorySnapshot) {
            let head = try await repository.fetch(branch: "main")
            return (try await loader.load(at: head), try await SnapshotLoader(repository: repository, paths: []).load(at: head))
        }
        func errors(_ snapshot: RepositorySnapshot, _ name: String) -> [LocatedIssue]? {
            snapshot.specs.first { $0.name == name }?.errors
        }
        var (snapshot, fresh) = try await walk()
        #expect(errors(snapshot, "a") == [Self.unresolved("experiments/a.yaml", "no-such-metric")])
        #expect(errors(snapshot, "a") == errors(fresh, "a"))
        #expect(errors(snapshot, "b") == [])
        // An unrelated file changes: the part is made again from the cached a.yaml, its resolution reused.
        try origin.commit(["istio/b.yaml": SnapshotSpecPartTests.virtualService("b")])
        (snapshot, fresh) = try await walk()
        #expect(await loader.specPartCount == 2)
        #expect(await loader.parseCount == 5)
        #expect(errors(snapshot, "a") == [Self.unresolved("experiments/a.yaml", "no-such-metric")])
        #expect(errors(snapshot, "a") == errors(fresh, "a"))
        // The Metric file goes: b (cached) is resolved again and fails, located in its cached file.
        try origin.commit(["metrics/books.yaml": nil])
        (snapshot, fresh) = try await walk()
        #expect(await loader.parseCount == 5)
        #expect(errors(snapshot, "a") == [Self.unresolved("experiments/a.yaml", "no-such-metric")])
        #expect(errors(snapshot, "b") == [Self.unresolved("experiments/b.yaml", "books")])
        #expect(errors(snapshot, "b") == errors(fresh, "b"))
    }
}
