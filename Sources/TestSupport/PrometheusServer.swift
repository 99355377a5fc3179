import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The real Prometheus (`/usr/bin/prometheus`, Debian package `prometheus`) on 127.0.0.1, scraping given
/// targets every second with its TSDB in a temporary directory. Stopped on deinit or ``stop()``, and in any
/// case when the test process exits.
public final class PrometheusServer: Sendable {
    /// The port.
    public let port: Int
    /// `http://127.0.0.1:PORT`, or `https://…` with ``WebSecurity/tls``.
    public let baseURL: URL
    private let directory: TemporaryDirectory
    private let process: ManagedProcess

    /// Prometheus' `--web.config.file` settings: HTTPS and basic authentication on its own API.
    public struct WebSecurity: Sendable {
        /// Server certificate and key (PEM files), e.g. ``TestCA/serverCertificate`` and ``TestCA/serverKey``.
        public var tls: (certificate: URL, key: URL)?
        /// One user and the bcrypt hash of its password.
        public var basicAuth: (user: String, bcryptHash: String)?

        /// Creates settings.
        public init(tls: (certificate: URL, key: URL)? = nil, basicAuth: (user: String, bcryptHash: String)? = nil) {
            self.tls = tls
            self.basicAuth = basicAuth
        }

        /// User `admin`, password `test`: the bcrypt hash from Prometheus' documentation.
        public static let adminTest = (user: "admin", password: "test", bcryptHash: "$2b$12$hNf2lSsxfm0.i4a.1kVpSOVyBCfIB51VRjgBUyv6kdnyTlgWj81Ay")
    }

    private init(port: Int, secure: Bool, directory: TemporaryDirectory, process: ManagedProcess) {
        self.port = port
        self.baseURL = URL(string: "\(secure ? "https" : "http")://127.0.0.1:\(port)")!
        self.directory = directory
        self.process = process
    }

    /// Starts Prometheus scraping `targets` (`host:port`) every second with job name `job` (on `port`, or a
    /// free one), and waits until it
    /// is ready; when `waitForSamples` is set, also until every target is up and has at least two samples.
    /// With `security`, the wait is only for the port (the fixture's own plain client cannot authenticate):
    /// the test waits for answers through the client under test.
    ///
    /// - Throws: ``TestSupportError`` when prometheus is not installed, or does not come up in time (with its log).
    public static func start(
        scraping targets: [String], job: String = "kubernetes-pods", waitForSamples: Bool = true,
        security: WebSecurity? = nil, port requestedPort: Int? = nil
    ) async throws -> PrometheusServer {
        let prometheus = try RequiredTool.path("prometheus", package: "prometheus")
        let python = try RequiredTool.path("python3", package: "python3")
        let directory = try TemporaryDirectory(prefix: "iter8-prometheus")
        let list = targets.map { "'\($0)'" }.joined(separator: ", ")
        let config = """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: '\(job)'
                static_configs:
                  - targets: [\(list)]

            """
        try config.write(to: directory.file("prometheus.yml"), atomically: true, encoding: .utf8)
        let launcher = directory.file("launcher.py")
        try PrometheusLauncherScript.source.write(to: launcher, atomically: true, encoding: .utf8)
        let port = try requestedPort ?? FreePort.next()
        var webArguments: [String] = []
        if let security {
            var web = ""
            if let tls = security.tls {
                web += "tls_server_config:\n  cert_file: '\(tls.certificate.path)'\n  key_file: '\(tls.key.path)'\n"
            }
            if let user = security.basicAuth {
                web += "basic_auth_users:\n  '\(user.user)': '\(user.bcryptHash)'\n"
            }
            try web.write(to: directory.file("web.yml"), atomically: true, encoding: .utf8)
            webArguments = ["--web.config.file=\(directory.file("web.yml").path)"]
        }
        let arguments = [
            launcher.path, directory.path, prometheus,
            "--config.file=\(directory.file("prometheus.yml").path)",
            "--storage.tsdb.path=\(directory.file("data").path)",
            "--storage.tsdb.retention.time=1h",
            "--web.listen-address=127.0.0.1:\(port)",
            "--log.level=warn",
        ] + webArguments
        let process = try await offPool {
            try ManagedProcess(python, arguments, logFile: directory.file("prometheus.log"))
        }
        let server = PrometheusServer(port: port, secure: security?.tls != nil, directory: directory, process: process)
        if security != nil {
            try await Wait.until("Prometheus to listen on 127.0.0.1:\(port)", timeout: .seconds(60), interval: .milliseconds(50)) {
                guard process.isRunning else { throw TestSupportError("prometheus exited: \(process.logTail())") }
                return FreePort.isListening(port)
            }
            return server
        }
        try await Wait.until("Prometheus to be ready on 127.0.0.1:\(port)", timeout: .seconds(60), interval: .milliseconds(50)) {
            guard process.isRunning else { throw TestSupportError("prometheus exited: \(process.logTail())") }
            return (try? await server.get("/-/ready")) != nil
        }
        if waitForSamples && !targets.isEmpty {
            try await server.waitForSamples(count: 2, targets: targets.count)
        }
        return server
    }

    /// Waits (bounded) until `targets` scrape targets report health `up` and `up` has at least `count`
    /// samples for each of them.
    public func waitForSamples(count: Int, targets: Int, timeout: Duration = .seconds(60)) async throws {
        try await Wait.until("\(targets) Prometheus targets up", timeout: timeout, interval: .milliseconds(200)) {
            let data = try await self.get("/api/v1/targets")
            let root = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            let active = (root?["data"] as? [String: Any])?["activeTargets"] as? [[String: Any]] ?? []
            return active.count >= targets && active.allSatisfy { $0["health"] as? String == "up" }
        }
        try await Wait.until("\(count) samples of each target", timeout: timeout, interval: .milliseconds(200)) {
            let samples = try await self.instantValues("count_over_time(up[5m])")
            return samples.count >= targets && samples.allSatisfy { $0 >= Double(count) }
        }
    }

    /// The values of an instant query's series (fixture plumbing; the code under test has its own client).
    public func instantValues(_ query: String) async throws -> [Double] {
        var components = URLComponents()
        components.queryItems = [URLQueryItem(name: "query", value: query)]
        let data = try await get("/api/v1/query?" + (components.percentEncodedQuery ?? ""))
        let root = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let result = (root?["data"] as? [String: Any])?["result"] as? [[String: Any]] ?? []
        return result.compactMap { (($0["value"] as? [Any])?.last as? String).flatMap(Double.init) }
    }

    /// GETs `pathAndQuery` and returns the body of a 2xx answer.
    public func get(_ pathAndQuery: String) async throws -> Data {
        let url = URL(string: baseURL.absoluteString + pathAndQuery)!
        var request = URLRequest(url: url)
        request.timeoutInterval = 5
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse, (200..<300).contains(http.statusCode) else {
            throw TestSupportError("GET \(url) answered \((response as? HTTPURLResponse)?.statusCode ?? 0)")
        }
        return data
    }

    /// True while the server runs.
    public var isRunning: Bool { process.isRunning }

    /// The end of the server's log.
    public func logTail() -> String { process.logTail() }

    /// Stops the server now.
    public func stop() { process.stop() }

    deinit { process.stop() }
}
