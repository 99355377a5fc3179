/// How the simulated mesh generates traffic.
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
    private var testHeaderName: String
    private var testHeaderValue: String

    /// Creates a configuration: 10 requests per second per host, time scale 1, seed 1, and 10 % of the
    /// requests carrying `end-user: jason`.
    public init(
        requestsPerSecond: Int = 10, timeScale: Double = 1, seed: UInt64 = 1,
        testHeader: (name: String, value: String) = ("end-user", "jason"), testHeaderShare: Double = 0.1
    ) {
        self.requestsPerSecond = requestsPerSecond
        self.timeScale = timeScale
        self.seed = seed
        self.testHeaderName = testHeader.name.lowercased()
        self.testHeaderValue = testHeader.value
        self.testHeaderShare = testHeaderShare
    }

    public static func == (a: MeshConfiguration, b: MeshConfiguration) -> Bool {
        (a.requestsPerSecond, a.timeScale, a.seed, a.testHeaderShare, a.testHeaderName, a.testHeaderValue)
            == (b.requestsPerSecond, b.timeScale, b.seed, b.testHeaderShare, b.testHeaderName, b.testHeaderValue)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(requestsPerSecond)
        hasher.combine(seed)
        hasher.combine(testHeaderName)
    }
}
