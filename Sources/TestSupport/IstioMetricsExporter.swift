import Foundation

/// A process on 127.0.0.1 serving Istio's standard metrics (`istio_requests_total`,
/// `istio_request_duration_milliseconds_bucket/_sum/_count`, both reporters) for simulated workloads whose
/// counters grow at fixed rates, so a test knows the truth over any window exactly. Stopped on deinit,
/// and in any case when the test process exits.
public final class IstioMetricsExporter: Sendable {
    /// One simulated workload.
    public struct Workload: Sendable, Hashable, Codable {
        /// `destination_workload`, e.g. `reviews-v2`.
        public var name: String
        /// `destination_workload_namespace`.
        public var namespace: String
        /// `destination_service`.
        public var service: String
        /// Requests per second.
        public var rps: Double
        /// Share of requests answered 500 (the rest 200).
        public var errorRate: Double
        /// Latency classes: every request of a class takes `ms`; shares sum to 1.
        public var latencies: [LatencyClass]

        /// A latency class.
        public struct LatencyClass: Sendable, Hashable, Codable {
            /// Latency in milliseconds.
            public var ms: Double
            /// Share of requests.
            public var share: Double
            /// Creates a class.
            public init(ms: Double, share: Double) {
                self.ms = ms
                self.share = share
            }
        }

        /// Creates a workload.
        public init(name: String, namespace: String, service: String, rps: Double, errorRate: Double, latencies: [LatencyClass]) {
            self.name = name
            self.namespace = namespace
            self.service = service
            self.rps = rps
            self.errorRate = errorRate
            self.latencies = latencies
        }

        /// Requests over `seconds` (before rounding down to whole requests).
        public func requests(over seconds: Double) -> Double { rps * seconds }
        /// 5xx responses over `seconds`.
        public func errors(over seconds: Double) -> Double { rps * errorRate * seconds }
        /// The mean latency in milliseconds.
        public var meanLatency: Double { latencies.reduce(0) { $0 + $1.ms * $1.share } }
    }

    /// The workloads served.
    public let workloads: [Workload]
    /// The port.
    public let port: Int
    private let directory: TemporaryDirectory
    private let process: ManagedProcess

    private init(workloads: [Workload], port: Int, directory: TemporaryDirectory, process: ManagedProcess) {
        self.workloads = workloads
        self.port = port
        self.directory = directory
        self.process = process
    }

    /// `127.0.0.1:PORT`, the scrape target.
    public var target: String { "127.0.0.1:\(port)" }

    /// Starts the exporter (off the cooperative pool) and waits until it listens.
    public static func start(_ workloads: [Workload]) async throws -> IstioMetricsExporter {
        let python = try RequiredTool.path("python3", package: "python3")
        let directory = try TemporaryDirectory(prefix: "iter8-istio-exporter")
        let script = directory.file("exporter.py")
        try IstioMetricsExporterScript.source.write(to: script, atomically: true, encoding: .utf8)
        let config = directory.file("config.json")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try encoder.encode(["workloads": workloads]).write(to: config)
        let portFile = directory.file("port")
        let process = try await offPool {
            try ManagedProcess(python, [script.path, portFile.path, config.path], logFile: directory.file("exporter.log"))
        }
        try await Wait.until("the Istio metrics exporter to write its port") {
            guard process.isRunning else { throw TestSupportError("exporter exited: \(process.logTail())") }
            return FileManager.default.fileExists(atPath: portFile.path)
        }
        let text = try String(contentsOf: portFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let port = Int(text) else { throw TestSupportError("exporter wrote port '\(text)'") }
        try await Wait.forPort(port)
        return IstioMetricsExporter(workloads: workloads, port: port, directory: directory, process: process)
    }

    /// The end of the exporter's log.
    public func logTail() -> String { process.logTail() }

    deinit { process.stop() }
}
