import Experiments
import Foundation
import GitOps
import HTTPTransport
import PromQL
import Sandbox
import Testing

/// The YAML under `samples/`: every file loads, every metric resolves, and the demo's queries run against the
/// Sandbox's mesh.
@Suite("The samples folder")
struct SamplesTests {
    /// `samples/` at the repository root.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("samples")

    /// Every `.yaml` file under `folder`, sorted.
    static func files(_ folder: URL) throws -> [URL] {
        let enumerator = try #require(FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil))
        var found: [URL] = []
        for case let url as URL in enumerator where url.pathExtension == "yaml" { found.append(url) }
        return found.sorted { $0.path < $1.path }
    }

    /// The Experiment and Metric files under `folder`, loaded and resolved as `iter8 validate` does.
    static func specs(_ folder: URL) throws -> SpecSet {
        var set = SpecSet()
        let loader = SpecLoader()
        for file in try files(folder) {
            set.add(loader.load(try String(contentsOf: file, encoding: .utf8), file: file.path))
        }
        set.resolveMetrics()
        return set
    }

    @Test("every YAML file under samples/ loads, and every experiment's metrics resolve and render")
    func everything() throws {
        let set = try Self.specs(Self.root)
        #expect(set.fileCount >= 20)
        #expect(set.errors.isEmpty, "\(set.errors.map(\.description).joined(separator: "\n"))")
        #expect(set.invalid.isEmpty, "\(set.invalid.map { "\($0.kind) \($0.name ?? "?")" })")
        let names = set.experiments.map { "\($0.experiment.namespace)/\($0.experiment.name)" }
        #expect(Set(names).count == names.count, "experiment names repeat: \(names.sorted())")
        #expect(
            Set(names) == [
                "bookinfo/reviews-canary", "bookinfo/ratings-canary", "bookinfo/details-abn", "bookinfo/productpage-canary",
                "bookinfo/reviews-ab-jason",
                "bookinfo/reviews-abn", "bookinfo/reviews-conformance", "bookinfo/reviews-v1alpha2", "bookinfo/reviews-v2-canary",
                "gamma/reviews-canary",
            ])
        let gateway = set.experiments.first { $0.experiment.namespace == "gamma" }?.experiment
        #expect(gateway?.routedObject == RoutedObject(kind: .httpRoute, namespace: "gamma", name: "reviews"))
        #expect(set.metrics.map(\.name).sorted() == ["books-purchased", "books-purchased", "latency-75th-percentile"])
    }

    @Test("every demo experiment's queries run against the demo cluster's mesh through the query API")
    func demoQueries() async throws {
        let set = try Self.specs(Self.root.appendingPathComponent("demo"))
        #expect(set.errors.isEmpty)
        #expect(set.experiments.map(\.experiment.name).sorted() == ["details-abn", "productpage-canary", "ratings-canary", "reviews-canary"])
        let store = SandboxStore()
        try await SandboxManifests.apply(paths: [Self.root.appendingPathComponent("demo/cluster").path], to: store)
        let mesh = SimulatedMesh(store: store, configuration: MeshConfiguration(requestsPerSecond: 20, seed: 9))
        try await mesh.advance(simulatedSeconds: 30)
        let server = try await MeshMetricsServer.start(mesh: mesh)
        do {
            let transport = CurlTransport(configuration: .init(timeouts: HTTPTimeouts(connect: .seconds(30), total: .seconds(60))))
            let source = PrometheusMetricsSource(client: PrometheusClient(baseURL: server.prometheusURL, transport: transport))
            let catalog = MetricCatalog(set.metrics)
            for (experiment, _) in set.experiments {
                let resolved = catalog.resolve(experiment)
                #expect(resolved.issues.isEmpty)
                #expect(!resolved.metrics.isEmpty)
                for (reference, metric) in resolved.metrics {
                    for version in experiment.versions {
                        // Throws for a query the mesh's PromQL subset cannot run.
                        let measured = try await source.measure(metric, version: version, elapsedSeconds: 30, at: nil)
                        #expect(measured.queries.count == metric.templates.count)
                        // Before the experiment only the baselines get traffic (weights 100/0).
                        if version.name == experiment.baseline.name {
                            #expect(measured.observation != .noData, "\(experiment.name) \(reference) \(version.name)")
                        } else if reference.hasSuffix("request-count") {
                            #expect(measured.observation == .noData, "\(experiment.name) \(version.name)")
                        }
                    }
                }
            }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
