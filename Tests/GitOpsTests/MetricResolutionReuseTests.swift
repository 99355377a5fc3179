import Experiments
import Git
import Testing
import TestSupport

@testable import GitOps

/// The snapshot loader resolves an experiment's metrics once per version of its spec file and of the Metric files,
/// not at every walk (every pass commits, so every pass walks a new head), and the reconciler takes them from the
/// snapshot instead of resolving each experiment again. Whatever it reuses equals a fresh resolution; a changed spec
/// or Metric file is resolved again at once.
@Suite struct MetricResolutionReuseTests {
    static func metric(_ query: String) -> String {
        """
        apiVersion: iter8.tools/v2alpha2
        kind: Metric
        metadata:
          name: books
          namespace: bookinfo
        spec:
          params:
          - name: query
            value: \(query)
        """
    }

    static func experiment(_ name: String, reward: String = "iter8-istio/request-count") -> String {
        """
        apiVersion: iter8.tools/v2alpha2
        kind: Experiment
        metadata:
          name: \(name)
          namespace: bookinfo
        spec:
          target: bookinfo/\(name)
          strategy: {testingPattern: A/B}
          criteria:
            objectives:
            - metric: iter8-istio/error-rate
              upperLimit: 10m
            rewards:
            - metric: \(reward)
              preferredDirection: High
          versionInfo:
            baseline: {name: \(name)-v1, variables: [{name: namespace, value: bookinfo}]}
            candidates: [{name: \(name)-v2, variables: [{name: namespace, value: bookinfo}]}]
          routing: {virtualService: {name: \(name)}, route: r}
        """
    }

    let origin = InMemoryOrigin(files: [
        "metrics/books.yaml": MetricResolutionReuseTests.metric("sum(books{w='$name'})"),
        "experiments/a.yaml": MetricResolutionReuseTests.experiment("a", reward: "books"),
        "experiments/b.yaml": MetricResolutionReuseTests.experiment("b"),
    ])

    /// The snapshot at the origin's head.
    func load(_ loader: SnapshotLoader, _ repository: InMemoryGitRepository) async throws -> RepositorySnapshot {
        try await loader.load(at: try await repository.fetch(branch: "main"))
    }

    /// Each valid experiment's metrics equal what a fresh resolution against the snapshot's Metric files gives.
    func expectFresh(_ snapshot: RepositorySnapshot) {
        let catalog = MetricCatalog(snapshot.metrics)
        for spec in snapshot.specs {
            guard let experiment = spec.experiment else { continue }
            #expect(spec.metrics == catalog.resolve(experiment).metrics, "\(spec.key)")
            #expect(!spec.metrics.isEmpty)
        }
    }

    func spec(_ snapshot: RepositorySnapshot, _ name: String) -> RepositorySnapshot.SpecEntry? {
        snapshot.specs.first { $0.name == name }
    }

    @Test func unchangedFilesAreResolvedOnceAndAsAFreshResolution() async throws {
        let repository = InMemoryGitRepository(origin: origin)
        let loader = SnapshotLoader(repository: repository, paths: [])
        let first = try await load(loader, repository)
        expectFresh(first)
        #expect(await loader.resolutions.count == 2)
        for pass in 0..<3 {  // each pass commits status files: a new head with the same specs and metrics
            try origin.commit(["experiments/a.status.yaml": "# pass \(pass)\n"])
            let snapshot = try await load(loader, repository)
            expectFresh(snapshot)
            #expect(spec(snapshot, "a")?.metrics["books"]?.qualifiedName == "bookinfo/books")
        }
        #expect(await loader.resolutions.count == 2)
    }

    @Test func aChangedMetricFileResolvesEveryExperimentAgain() async throws {
        let repository = InMemoryGitRepository(origin: origin)
        let loader = SnapshotLoader(repository: repository, paths: [])
        _ = try await load(loader, repository)
        // Another query: the reward's metric is the new one.
        try origin.commit(["metrics/books.yaml": Self.metric("sum(books_sold{w='$name'})")])
        var snapshot = try await load(loader, repository)
        expectFresh(snapshot)
        #expect(spec(snapshot, "a")?.metrics["books"]?.templates.map(\.1.description).joined().contains("books_sold") == true)
        #expect(await loader.resolutions.count == 4)
        // A placeholder no version defines: the experiment is invalid now.
        try origin.commit(["metrics/books.yaml": Self.metric("sum(books{w='$name',cluster='$cluster'})")])
        snapshot = try await load(loader, repository)
        #expect(spec(snapshot, "a")?.experiment == nil)
        #expect(spec(snapshot, "a")?.errors.contains { $0.message.contains("$cluster") } == true)
        #expect(spec(snapshot, "b")?.experiment != nil)
    }

    @Test func aChangedSpecFileIsResolvedAgainAndTheOthersReused() async throws {
        let repository = InMemoryGitRepository(origin: origin)
        let loader = SnapshotLoader(repository: repository, paths: [])
        _ = try await load(loader, repository)
        try origin.commit(["experiments/b.yaml": Self.experiment("b", reward: "books")])
        var snapshot = try await load(loader, repository)
        expectFresh(snapshot)
        #expect(spec(snapshot, "b")?.metrics["books"] != nil)
        #expect(await loader.resolutions.count == 3)
        try origin.commit(["experiments/b.yaml": Self.experiment("b", reward: "no-such-metric")])
        snapshot = try await load(loader, repository)
        #expect(spec(snapshot, "b")?.experiment == nil)
        #expect(spec(snapshot, "b")?.errors.contains { $0.message.contains("no-such-metric") } == true)
        // Deleted: its resolution is not kept.
        try origin.commit(["experiments/b.yaml": nil])
        _ = try await load(loader, repository)
        #expect(await loader.resolutions.documentCount == 1)
    }

    @Test func passesResolveNothingWhileSpecsAndMetricsAreUnchanged() async throws {
        let harness = ReconcilerUnitHarness(files: [ReconcilerUnitHarness.path: ReconcilerUnitHarness.spec(iterations: 12)])
        for _ in 0..<6 {
            let report = await harness.step(10)
            #expect(report.failure == nil && report.experiments.first?.specErrors == [])
        }
        #expect(harness.log().count >= 6)  // a new head at (nearly) every pass: every pass walks the tree
        #expect(await harness.reconciler.loader.resolutions.count == 1)
    }
}
