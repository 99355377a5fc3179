import Foundation

/// How the simulated mesh generates traffic, and how it keeps time and history.
public struct MeshConfiguration: Sendable, Hashable {
    /// Requests per simulated second sent to each host of each VirtualService.
    public var requestsPerSecond: Int
    /// Simulated seconds per real second when driven by ``SimulatedMesh/run(tick:)``.
    public var timeScale: Double
    /// Seed of the traffic's random generator: the same seed and objects give the same metrics.
    public var seed: UInt64
    /// The header some requests carry, so header-matched (A/B) routes get traffic.
    public var testHeader: (name: String, value: String) {
        get { (testHeaderName, testHeaderValue) }
        set { (testHeaderName, testHeaderValue) = (newValue.name.lowercased(), newValue.value) }
    }
    /// The fraction of requests that carry ``testHeader``.
    public var testHeaderShare: Double
    /// The real-world date of simulated second 0: ``SimulatedMesh/now`` is `epoch` plus the simulated seconds
    /// elapsed, and the query API reads `time` parameters against it.
    public var epoch: Date
    /// How many simulated seconds of metrics history the mesh keeps for queries (one snapshot per simulated
    /// second; older snapshots are dropped). At least 1.
    public var historySeconds: Int
    private var testHeaderName: String
    private var testHeaderValue: String

    /// Creates a configuration: 10 requests per second per host, time scale 1, seed 1, 10 % of the
    /// requests carrying `end-user: jason`, the epoch at the current real time rounded down to a whole second
    /// (so simulated seconds fall on whole Unix seconds), and two simulated hours of history.
    public init(
        requestsPerSecond: Int = 10, timeScale: Double = 1, seed: UInt64 = 1,
        testHeader: (name: String, value: String) = ("end-user", "jason"), testHeaderShare: Double = 0.1,
        epoch: Date = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)), historySeconds: Int = 7200
    ) {
        self.requestsPerSecond = requestsPerSecond
        self.timeScale = timeScale
        self.seed = seed
        self.testHeaderName = testHeader.name.lowercased()
        self.testHeaderValue = testHeader.value
        self.testHeaderShare = testHeaderShare
        self.epoch = epoch
        self.historySeconds = max(1, historySeconds)
    }

    public static func == (a: MeshConfiguration, b: MeshConfiguration) -> Bool {
        (a.requestsPerSecond, a.timeScale, a.seed, a.testHeaderShare, a.testHeaderName, a.testHeaderValue)
            == (b.requestsPerSecond, b.timeScale, b.seed, b.testHeaderShare, b.testHeaderName, b.testHeaderValue)
            && (a.epoch, a.historySeconds) == (b.epoch, b.historySeconds)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(requestsPerSecond)
        hasher.combine(seed)
        hasher.combine(testHeaderName)
    }
}
