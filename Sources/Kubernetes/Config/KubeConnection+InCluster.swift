import Foundation
import HTTPTransport

extension KubeConnection {
    /// Where a pod finds its service-account credentials; injectable for tests.
    public struct InClusterPaths: Sendable, Hashable {
        /// The bearer token file (projected, rotated by the kubelet).
        public var token: String
        /// The cluster CA bundle.
        public var certificateAuthority: String
        /// The pod's namespace.
        public var namespace: String

        /// Paths inside `directory`: `token`, `ca.crt` and `namespace`.
        public init(directory: String) {
            token = directory + "/token"
            certificateAuthority = directory + "/ca.crt"
            namespace = directory + "/namespace"
        }

        /// `/var/run/secrets/kubernetes.io/serviceaccount`.
        public static let standard = InClusterPaths(directory: "/var/run/secrets/kubernetes.io/serviceaccount")
    }

    /// The connection a pod uses: `https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT`, the service
    /// account's CA, its token file (re-read when older than `tokenMaxAge` or after a 401, so rotation is
    /// picked up) and its namespace.
    ///
    /// - Throws: ``KubeError`` `.configuration` when not running in a cluster or a file is missing.
    public static func inCluster(
        paths: InClusterPaths = .standard, environment: [String: String] = ProcessInfo.processInfo.environment,
        tokenMaxAge: Duration = .seconds(60)
    ) throws -> KubeConnection {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
            let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty
        else {
            throw KubeError(
                code: .configuration,
                message: "not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set")
        }
        let hostPart = host.contains(":") ? "[\(host)]" : host  // IPv6 literal
        guard let server = URL(string: "https://\(hostPart):\(port)") else {
            throw KubeError(code: .configuration, message: "in-cluster server https://\(hostPart):\(port) is not a URL")
        }
        for (path, what) in [(paths.token, "service-account token"), (paths.certificateAuthority, "service-account CA")]
        where !FileManager.default.isReadableFile(atPath: path) {
            throw KubeError(code: .configuration, message: "in-cluster \(what) \(path) does not exist or is not readable")
        }
        let namespace = (try? String(contentsOfFile: paths.namespace, encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return KubeConnection(
            server: server, tls: TLSConfiguration(certificateAuthority: .file(paths.certificateAuthority)),
            credentials: .tokenFile(path: paths.token, maxAge: tokenMaxAge),
            namespace: namespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default")
    }
}
