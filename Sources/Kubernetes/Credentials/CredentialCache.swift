import Foundation
import HTTPTransport

/// Resolves a connection's ``KubeCredentials`` into request credentials and caches them: exec plugin output until
/// it expires, token files for `maxAge`. ``invalidate()`` (after a 401) forces the next call to refresh.
///
/// Concurrent callers share one plugin run.
actor CredentialCache {
    private let source: KubeCredentials
    private let now: @Sendable () -> Date
    private let environment: [String: String]
    private let execTimeout: Duration
    private var cached: (credential: ResolvedCredential, readAt: Date)?
    private var inFlight: Task<ResolvedCredential, any Error>?

    init(source: KubeCredentials, now: @escaping @Sendable () -> Date, environment: [String: String], execTimeout: Duration) {
        self.source = source
        self.now = now
        self.environment = environment
        self.execTimeout = execTimeout
    }

    /// Whether asking again can give a different credential (so a 401 is worth one retry).
    nonisolated var isRefreshable: Bool {
        switch source {
        case .exec, .tokenFile: true
        case .none, .token, .basic: false
        }
    }

    /// The credential for the next request.
    func current() async throws -> ResolvedCredential {
        switch source {
        case .none: return .none
        case .token(let token): return ResolvedCredential(authorization: "Bearer \(token)")
        case .basic(let user, let password):
            return ResolvedCredential(authorization: "Basic \(Data("\(user):\(password)".utf8).base64EncodedString())")
        case .tokenFile(let path, let maxAge):
            if let cached, now().timeIntervalSince(cached.readAt) < maxAge.seconds { return cached.credential }
            let credential = ResolvedCredential(authorization: "Bearer \(try Self.readToken(path))")
            cached = (credential, now())
            return credential
        case .exec(let plugin):
            if let cached, cached.credential.expiration.map({ now() < $0 }) ?? true { return cached.credential }
            if let inFlight { return try await inFlight.value }
            let environment = environment
            let timeout = execTimeout
            let task = Task { try await Self.run(plugin, environment: environment, timeout: timeout) }
            inFlight = task
            defer { inFlight = nil }
            let credential = try await task.value
            cached = (credential, now())
            return credential
        }
    }

    /// Forgets the cached credential, so the next ``current()`` reads the token file or runs the plugin again.
    func invalidate() { cached = nil }

    private static func readToken(_ path: String) throws -> String {
        do {
            let token = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else { throw KubeError(code: .configuration, message: "token file \(path) is empty") }
            return token
        } catch let error as KubeError {
            throw error
        } catch {
            throw KubeError(code: .configuration, message: "cannot read token file \(path): \(error.localizedDescription)")
        }
    }

    private static func run(
        _ plugin: ExecCredentialPlugin, environment: [String: String], timeout: Duration
    ) async throws -> ResolvedCredential {
        let output = try await ExecCredentialRunner.run(plugin, environment: environment, timeout: timeout)
        var credential = ResolvedCredential(expiration: output.expiration)
        if let token = output.token { credential.authorization = "Bearer \(token)" }
        if let certificate = output.clientCertificateData, let key = output.clientKeyData {
            credential.clientIdentity = .init(certificate: .pem(Data(certificate.utf8)), key: .pem(Data(key.utf8)))
        }
        return credential
    }
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    var seconds: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
