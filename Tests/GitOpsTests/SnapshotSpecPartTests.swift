import Experiments
import Foundation
import Git
import Testing
import TestSupport

@testable import GitOps

/// Every pass commits status files, so every pass walks a new head; the snapshot loader makes what the spec files
/// give a snapshot (experiments, metrics, routed objects' manifests, unreadable and skipped files) again only when a
/// spec file changed, and reads the status files at every walk. A reused part equals what a fresh loader makes of the
/// same commit, and every kind of change to the spec files is seen at the next walk.
@Suite struct SnapshotSpecPartTests {
    /// What a snapshot says, comparable.
    struct Projection: Equatable {
        struct Spec: Equatable {
            var key, name, namespace, path: String
            var experiment: Experiment?
            var metrics: [String: MetricDefinition]
            var errors: [LocatedIssue]
            var sharedFile: Bool
        }
        var specs: [Spec]
        var metrics: [MetricDefinition]
        var routedObjectFiles: [RoutingKind: [String: [String]]]
        var unreadableFiles: [String: [LocatedIssue]]
        var skipped: [String: String]
        var statuses: [String: String]

        init(_ snapshot: RepositorySnapshot) {
            specs = snapshot.specs.map {
                Spec(
                    key: $0.key, name: $0.name, namespace: $0.namespace, path: $0.path, experiment: $0.experiment, metrics: $0.metrics,
                    errors: $0.errors, sharedFile: $0.sharedFile)
            }
            metrics = snapshot.metrics
            routedObjectFiles = snapshot.routedObjectFiles
            unreadableFiles = snapshot.unreadableFiles
            skipped = snapshot.skipped
            statuses = snapshot.statuses.mapValues(\.path)
        }
    }

    static let metric = """
        apiVersion: iter8.tools/v2alpha2
        kind: Metric
        metadata: {name: books, namespace: bookinfo}
        spec:
          params:
          - name: query
            value: sum(books{w='$name'})
        """

    static func virtualService(_ name: String) -> String {
        "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: \(name), namespace: bookinfo}\nspec: {hosts: [\(name)]}\n"
    }

    /// A status file of `bookinfo/name`, started `seconds` after the epoch.
    static func status(_ name: String, at seconds: Double) throws -> String {
        let status = ExperimentStatus(
            experiment: ExperimentIdentity(name: name, namespace: "bookinfo", target: "bookinfo/\(name)"), specRevision: nil, seed: 0,
            state: .new(at: Date(timeIntervalSince1970: 1_800_000_000 + seconds)))
        return try StatusFile.write(status).text
    }

    let origin = InMemoryOrigin(files: [
        "metrics/books.yaml": SnapshotSpecPartTests.metric,
        "experiments/a.yaml": MetricResolutionReuseTests.experiment("a", reward: "books"),
        "experiments/b.yaml": MetricResolutionReuseTests.experiment("b"),
        "istio/a.yaml": SnapshotSpecPartTests.virtualService("a"),
    ])

    /// The snapshot of the origin's head from `loader`, and what a fresh loader makes of the same commit.
    func load(_ loader: SnapshotLoader, _ repository: InMemoryGitRepository) async throws -> (Projection, fresh: Projection) {
        let head = try await repository.fetch(branch: "main")
        let fresh = SnapshotLoader(repository: repository, paths: [])
        return (Projection(try await loader.load(at: head)), Projection(try await fresh.load(at: head)))
    }

    @Test func statusCommitsReuseThePartAndReadTheStatuses() async throws {
        let repository = InMemoryGitRepository(origin: origin)
        let loader = SnapshotLoader(repository: repository, paths: [])
        _ = try await load(loader, repository)
        for pass in 0..<3 {
            try origin.commit(["experiments/a.status.yaml": try Self.status("a", at: Double(pass))])
            let (snapshot, fresh) = try await load(loader, repository)
            #expect(snapshot == fresh)
            #expect(snapshot.statuses["bookinfo/a"] == "experiments/a.status.yaml")
        }
        #expect(await loader.specPartCount == 1)
    }

    /// Each change, after which the part is made again and equals a fresh one.
    @Test(arguments: [
        ["experiments/b.yaml": MetricResolutionReuseTests.experiment("b", reward: "books")],  // an edited spec
        ["experiments/c.yaml": MetricResolutionReuseTests.experiment("c")],  // an added spec
        ["experiments/b.yaml": nil],  // a deleted spec
        ["experiments/b.yaml": nil, "experiments/renamed.yaml": MetricResolutionReuseTests.experiment("b")],  // renamed
        ["metrics/books.yaml": SnapshotSpecPartTests.metric.replacingOccurrences(of: "books{", with: "books_sold{")],
        ["metrics/books.yaml": nil],  // experiment a loses its metric
        ["istio/b.yaml": SnapshotSpecPartTests.virtualService("b")],  // a routed object's manifest
        ["experiments/b.yaml": "spec: [unclosed\n"],  // unreadable
        ["experiments/b.yaml": String(repeating: "# padding\n", count: 110_000)],  // over the size limit
    ] as [[String: String?]])
    func aChangedSpecFileIsSeenAtTheNextWalk(change: [String: String?]) async throws {
        let repository = InMemoryGitRepository(origin: origin)
        let loader = SnapshotLoader(repository: repository, paths: [])
        let (before, _) = try await load(loader, repository)
        try origin.commit(change)
        let (after, fresh) = try await load(loader, repository)
        #expect(after == fresh)
        #expect(after != before)
        #expect(await loader.specPartCount == 2)
    }
}
