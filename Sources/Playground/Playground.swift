import Experiments
import Foundation
import Git
import GitOps
import HTTPTransport
import Istio
import Kubernetes
import Logging
import PromQL
import Sandbox

/// The embedded default, wired from real parts: a Git repository (a local bare one unless a remote is
/// given), the Sandbox API server over HTTPS with a simulated mesh, its Prometheus-compatible query API,
/// and a ``GitOps/Reconciler`` using the production Kubernetes, Istio and Prometheus clients against them.
/// `iter8 demo` runs it on the real clock at a time scale; tests step it by hand.
public final class Playground: Sendable {
    /// What to set up.
    public struct Options: Sendable {
        /// A folder for the repository, clone and kubeconfig.
        public var workspace: URL
        /// Manifests applied to the Sandbox before the reconciler starts (the cluster's workloads).
        public var clusterManifests: [String]
        /// What the seeded repository holds (ignored when `remoteURL` is given).
        public var repositoryContents: [SeedRepository.Content]
        /// A remote to use instead of seeding a local bare repository.
        public var remoteURL: String?
        /// Simulated seconds per real second.
        public var timeScale: Double
        /// Requests per simulated second to each VirtualService host.
        public var requestsPerSecond: Int
        /// Seed of the simulated traffic.
        public var seed: UInt64
        /// The reconciler's settings.
        public var reconciler: ReconcilerConfiguration
        /// A Prometheus to query instead of the mesh's own query API (a real one scraping the mesh).
        public var prometheusURL: URL?
        /// Wraps the reconciler's repository (tests use it to interleave another writer's pushes).
        public var wrapRepository: (@Sendable (LibGit2Repository) -> any GitRepository)?
        /// Stamp the mesh's `/metrics` samples with its simulated second, for a real Prometheus scraping a mesh at
        /// time scale 1 (see ``MeshMetricsServer/start(mesh:port:stampSamples:)``).
        public var stampMetricsSamples = false
        /// Signs the reconciler's commits (nil: unsigned).
        public var signer: (any CommitSigner)?

        /// Creates options.
        public init(
            workspace: URL, clusterManifests: [String], repositoryContents: [SeedRepository.Content], remoteURL: String? = nil,
            timeScale: Double = 20, requestsPerSecond: Int = 50, seed: UInt64 = 1,
            reconciler: ReconcilerConfiguration = ReconcilerConfiguration(
                identity: CommitIdentity(name: "iter8", email: "iter8@example.com"), pollIntervalSeconds: 5)
        ) {
            self.workspace = workspace
            self.clusterManifests = clusterManifests
            self.repositoryContents = repositoryContents
            self.remoteURL = remoteURL
            self.timeScale = timeScale
            self.requestsPerSecond = requestsPerSecond
            self.seed = seed
            self.reconciler = reconciler
        }
    }

    /// The Sandbox API server.
    public let server: SandboxAPIServer
    /// The simulated mesh.
    public let mesh: SimulatedMesh
    /// Its metrics and query API.
    public let metricsServer: MeshMetricsServer
    /// The reconciler's clone.
    public let repository: LibGit2Repository
    /// The reconciler.
    public let reconciler: Reconciler
    /// Its clock (the mesh's).
    public let clock: MeshClock
    /// The remote the reconciler pushes to.
    public let remoteURL: String
    /// The kubeconfig written for the Sandbox.
    public let kubeconfigPath: String
    /// The Kubernetes client the reconciler uses.
    public let client: any KubernetesClient
    /// The options it was started with.
    public let options: Options

    init(
        server: SandboxAPIServer, mesh: SimulatedMesh, metricsServer: MeshMetricsServer, repository: LibGit2Repository,
        reconciler: Reconciler, remoteURL: String, kubeconfigPath: String, client: any KubernetesClient, options: Options
    ) {
        self.server = server
        self.mesh = mesh
        self.metricsServer = metricsServer
        self.repository = repository
        self.reconciler = reconciler
        self.clock = MeshClock(mesh: mesh, timeScale: options.timeScale)
        self.remoteURL = remoteURL
        self.kubeconfigPath = kubeconfigPath
        self.client = client
        self.options = options
    }

    /// Starts everything; ``stop()`` undoes it.
    public static func start(_ options: Options, logger: Logger = Playground.quietLogger) async throws -> Playground {
        let files = FileManager.default
        try files.createDirectory(at: options.workspace, withIntermediateDirectories: true)
        let remoteURL: String
        if let given = options.remoteURL {
            remoteURL = given
        } else {
            let bare = options.workspace.appendingPathComponent("origin.git")
            try SeedRepository.create(bare: bare, branch: options.reconciler.branch, contents: options.repositoryContents)
            remoteURL = bare.path
        }
        let server = try await SandboxAPIServer.start(SandboxConfiguration())
        let mesh = SimulatedMesh(
            store: server.store,
            configuration: MeshConfiguration(
                requestsPerSecond: options.requestsPerSecond, timeScale: options.timeScale, seed: options.seed))
        let metricsServer: MeshMetricsServer
        do {
            metricsServer = try await MeshMetricsServer.start(mesh: mesh, stampSamples: options.stampMetricsSamples)
        } catch {
            await server.stop()
            throw error
        }
        do {
            _ = try await SandboxManifests.apply(paths: options.clusterManifests, to: server.store)
            let kubeconfig = options.workspace.appendingPathComponent("kubeconfig")
            try server.writeKubeconfig(to: kubeconfig)
            let connection = try KubeConfig.load(file: kubeconfig.path).connection()
            let client = RESTKubernetesClient(connection: connection)
            let clone = options.workspace.appendingPathComponent("clone.git")
            try? files.removeItem(at: clone)
            let repository = try await LibGit2Repository.clone(
                GitRemote(url: remoteURL), into: clone.path, bare: true, signer: options.signer)
            let environment = ClusterEnvironment.gated(
                client: client,
                metrics: PrometheusMetricsSource(
                    client: PrometheusClient(
                        baseURL: options.prometheusURL ?? metricsServer.prometheusURL, transport: CurlTransport())),
                routing: StandardRouting.plugins, allowedNamespaces: options.reconciler.allowedNamespaces)
            let reconciler = Reconciler(
                repository: options.wrapRepository?(repository) ?? repository, environment: environment, configuration: options.reconciler,
                clock: MeshClock(mesh: mesh, timeScale: options.timeScale), logger: logger, reports: ReportRenderer())
            return Playground(
                server: server, mesh: mesh, metricsServer: metricsServer, repository: repository, reconciler: reconciler,
                remoteURL: remoteURL, kubeconfigPath: kubeconfig.path, client: client, options: options)
        } catch {
            await metricsServer.stop()
            await server.stop()
            throw error
        }
    }

    /// A logger for warnings and errors only (the demo and tests print their own progress).
    public static var quietLogger: Logger {
        var logger = Logger(label: "iter8.playground")
        logger.logLevel = .warning
        return logger
    }

    /// Advances the mesh by `simulatedSeconds` and runs one pass: a deterministic step for tests.
    @discardableResult
    public func step(simulatedSeconds: Double) async throws -> PassReport {
        try await mesh.advance(simulatedSeconds: simulatedSeconds)
        return await reconciler.pass()
    }

    /// Stops the servers.
    public func stop() async {
        await metricsServer.stop()
        await server.stop()
    }
}
