import Foundation
import HTTPTransport
import Synchronization

/// The production ``KubernetesClient``: the Kubernetes REST API over an ``HTTPTransport`` (libcurl by default).
///
/// ```swift
/// let connection = try KubeConfig.load().connection()          // or KubeConnection.inCluster()
/// let client = RESTKubernetesClient(connection: connection)
/// let vs = try await client.get(.virtualService("v1"), namespace: "bookinfo", name: "reviews")
/// ```
/// A nil namespace on a namespaced type means the connection's default namespace, except for ``list(_:namespace:labelSelector:)``
/// where it means all namespaces. See ``KubeRetryPolicy`` for which requests are retried.
public final class RESTKubernetesClient: KubernetesClient {
    /// Knobs that tests (and unusual deployments) change.
    public struct Options: Sendable {
        /// When requests are retried.
        public var retry: KubeRetryPolicy
        /// Per-request timeouts.
        public var timeouts: HTTPTimeouts
        /// Waits between retries (injectable so tests need not wait).
        public var sleep: @Sendable (Duration) async throws -> Void
        /// The current time, for credential expiry and token-file age.
        public var now: @Sendable () -> Date
        /// The environment exec plugins start with.
        public var environment: [String: String]
        /// The longest an exec plugin may run.
        public var execTimeout: Duration
        /// The longest response body accepted, in bytes; a longer one fails the call (``KubeError/Code/other``)
        /// after at most this many bytes were read. 16 MiB by default: a `List` of thousands of objects.
        public var maximumResponseBytes: Int

        /// The default ``maximumResponseBytes``: 16 MiB.
        public static let standardMaximumResponseBytes = 16 << 20

        /// Creates options: standard retries and timeouts, real sleep and clock, this process's environment.
        public init(
            retry: KubeRetryPolicy = .standard, timeouts: HTTPTimeouts = .standard,
            sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
            now: @escaping @Sendable () -> Date = { Date() },
            environment: [String: String] = ProcessInfo.processInfo.environment, execTimeout: Duration = .seconds(60),
            maximumResponseBytes: Int = standardMaximumResponseBytes
        ) {
            self.maximumResponseBytes = maximumResponseBytes
            self.retry = retry
            self.timeouts = timeouts
            self.sleep = sleep
            self.now = now
            self.environment = environment
            self.execTimeout = execTimeout
        }
    }

    /// Where requests go and with which credentials.
    public let connection: KubeConnection
    /// Retries, timeouts, clock.
    public let options: Options
    let credentials: CredentialCache
    private let makeTransport: @Sendable (TLSConfiguration) -> any HTTPTransport
    private let transports = Mutex<(identity: TLSConfiguration.ClientIdentity?, transport: any HTTPTransport)?>(nil)

    /// Creates a client that builds a ``CurlTransport`` from the connection's TLS settings (and rebuilds it when an
    /// exec plugin hands out a new client certificate).
    public convenience init(connection: KubeConnection, options: Options = Options()) {
        let timeouts = options.timeouts
        self.init(connection: connection, options: options) { tls in
            CurlTransport(configuration: .init(tls: tls, timeouts: timeouts, userAgent: "iter8-kubernetes"))
        }
    }

    /// Creates a client over `transport` (tests): the transport's own TLS settings apply, so a client certificate
    /// from an exec plugin is not used.
    public convenience init(connection: KubeConnection, options: Options = Options(), transport: any HTTPTransport) {
        self.init(connection: connection, options: options) { _ in transport }
    }

    /// Creates a client that asks `makeTransport` for a transport for the effective TLS settings (the connection's,
    /// with an exec plugin's client certificate when it returned one).
    public init(
        connection: KubeConnection, options: Options = Options(),
        makeTransport: @escaping @Sendable (TLSConfiguration) -> any HTTPTransport
    ) {
        self.connection = connection
        self.options = options
        self.makeTransport = makeTransport
        credentials = CredentialCache(
            source: connection.credentials, now: options.now, environment: options.environment,
            execTimeout: options.execTimeout)
    }

    /// The transport for the current client certificate, built once per certificate.
    func transport(for credential: ResolvedCredential) -> any HTTPTransport {
        let identity = credential.clientIdentity ?? connection.tls.clientIdentity
        return transports.withLock { cached in
            if let cached, cached.identity == identity { return cached.transport }
            var tls = connection.tls
            tls.clientIdentity = identity
            let transport = makeTransport(tls)
            cached = (identity, transport)
            return transport
        }
    }

    // MARK: - KubernetesClient

    public func servedVersions(ofGroup group: String) async throws -> [String] {
        let path = group.isEmpty ? "/api" : "/apis/\(group)"
        let response: JSONValue
        do {
            response = try await json(.get, path)
        } catch let error as KubeError where error.code == .notFound {
            return []
        }
        if group.isEmpty { return response["versions"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        let versions = response["versions"]?.arrayValue?.compactMap { $0["version"]?.stringValue } ?? []
        guard let preferred = response["preferredVersion"]?["version"]?.stringValue, versions.contains(preferred) else {
            return versions
        }
        return [preferred] + versions.filter { $0 != preferred }
    }

    public func get(_ type: ResourceType, namespace: String?, name: String) async throws -> JSONValue {
        try await json(.get, type.path(namespace: resolvedNamespace(type, namespace), name: name))
    }

    public func list(_ type: ResourceType, namespace: String?, labelSelector: String?) async throws -> [JSONValue] {
        var query: [(String, String)] = []
        if let labelSelector, !labelSelector.isEmpty { query.append(("labelSelector", labelSelector)) }
        let response = try await json(.get, type.path(namespace: type.namespaced ? namespace : nil), query: query)
        return (response["items"]?.arrayValue ?? []).map { item in
            var item = item
            if item["apiVersion"] == nil { item["apiVersion"] = .string(type.apiVersion) }
            if item["kind"] == nil { item["kind"] = .string(type.kind) }
            return item
        }
    }

    public func create(_ type: ResourceType, namespace: String?, object: JSONValue) async throws -> JSONValue {
        let namespace = resolvedNamespace(type, namespace ?? object["metadata"]?["namespace"]?.stringValue)
        return try await json(.post, type.path(namespace: namespace), body: object)
    }

    public func update(_ type: ResourceType, namespace: String?, object: JSONValue) async throws -> JSONValue {
        let namespace = resolvedNamespace(type, namespace ?? object["metadata"]?["namespace"]?.stringValue)
        guard let name = object["metadata"]?["name"]?.stringValue, !name.isEmpty else {
            throw KubeError(
                code: .invalid, message: "cannot update a \(type.kind) without metadata.name",
                request: "PUT \(type.path(namespace: namespace))")
        }
        return try await json(.put, type.path(namespace: namespace, name: name), body: object)
    }

    public func patch(_ type: ResourceType, namespace: String?, name: String, patch: KubePatch) async throws -> JSONValue {
        let body: JSONValue =
            switch patch {
            case .merge(let value): value
            case .json(let operations): .array(try operations.map { try JSONValue.parse(JSONEncoder().encode($0)) })
            }
        return try await json(
            .patch, type.path(namespace: resolvedNamespace(type, namespace), name: name), body: body,
            contentType: patch.contentType)
    }

    public func delete(_ type: ResourceType, namespace: String?, name: String) async throws {
        _ = try await send(.delete, type.path(namespace: resolvedNamespace(type, namespace), name: name))
    }

    /// The namespace a call uses: the given one, else the connection's default; nil for cluster-scoped types.
    private func resolvedNamespace(_ type: ResourceType, _ namespace: String?) -> String? {
        type.namespaced ? (namespace ?? connection.namespace) : nil
    }
}
