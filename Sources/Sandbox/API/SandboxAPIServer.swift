import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle
import Synchronization

/// The Sandbox's Kubernetes API server: HTTPS on 127.0.0.1 with client-certificate (and bearer token)
/// authentication, serving discovery and the REST verbs for the kinds in ``ServedResource/all`` from a
/// ``SandboxStore``.
///
/// Covered: discovery (`/version`, `/api`, `/apis`, group and resource lists; aggregated discovery is declined
/// by answering the plain form), a minimal OpenAPI v3 (so `kubectl apply` needs no `--validate=false`),
/// get/list/create/update/patch/delete, watch (JSON lines, `resourceVersion` replay, `timeoutSeconds`), label
/// selectors, `metadata.name`/`metadata.namespace` field selectors, `dryRun=All`, the Deployment `scale` and a
/// read-only `status` subresource, Status error bodies as kube-apiserver writes them.
/// Approximated: strategic merge patch (``StrategicMergePatch``), server-side apply (create, else strategic
/// merge; no managedFields or conflicts), namespace deletion (immediate, no `Terminating`).
/// Not covered: OpenAPI schemas (`kubectl explain`), OpenAPI v2, Table output (kubectl prints names and ages),
/// protobuf except Namespace/ConfigMap/Secret creation, `deletecollection`, pagination (`limit`/`continue` are
/// ignored: lists are complete), RBAC (every authenticated user may do everything), admission, finalizers,
/// owner references and garbage collection, `generateName` retries, watch bookmarks and DELETED events for
/// objects that stop matching a label selector.
///
/// ```swift
/// let sandbox = try await SandboxAPIServer.start()
/// try sandbox.writeKubeconfig(to: URL(fileURLWithPath: "/tmp/kubeconfig"))
/// // kubectl --kubeconfig /tmp/kubeconfig get virtualservices -A
/// await sandbox.stop()
/// ```
public final class SandboxAPIServer: Sendable {
    /// The port it listens on (127.0.0.1 only).
    public let port: Int
    /// The CA that signed the server certificate and every client certificate.
    public let certificateAuthority: SandboxCertificateAuthority
    /// The admin client certificate (CN `iter8-sandbox-admin`, O `system:masters`).
    public let adminClient: PEMIdentity
    /// The object store behind the API, for in-process readers and writers.
    public let store: SandboxStore
    /// The most recent requests answered.
    public let requestLog: SandboxRequestLog
    private let served: ServedApplication

    private init(
        port: Int, certificateAuthority: SandboxCertificateAuthority, adminClient: PEMIdentity, store: SandboxStore,
        requestLog: SandboxRequestLog, served: ServedApplication
    ) {
        self.port = port
        self.certificateAuthority = certificateAuthority
        self.adminClient = adminClient
        self.store = store
        self.requestLog = requestLog
        self.served = served
    }

    /// `https://127.0.0.1:<port>`.
    public var url: URL { URL(string: "https://127.0.0.1:\(port)")! }

    /// The CA certificate (PEM), to trust the server.
    public var caPEM: String { certificateAuthority.certificatePEM }

    /// Issues a client certificate signed by the Sandbox CA; the server authenticates it as `commonName`.
    ///
    /// - Throws: ``SandboxError`` (`certificate`).
    public func issueClientCertificate(commonName: String, organization: String? = nil) throws -> PEMIdentity {
        try certificateAuthority.issueClientCertificate(commonName: commonName, organizations: organization.map { [$0] } ?? [])
    }

    /// Starts a server and returns once it accepts connections.
    ///
    /// - Throws: ``SandboxError`` (`certificate` or `server`, e.g. when the port is taken).
    public static func start(_ configuration: SandboxConfiguration = SandboxConfiguration()) async throws
        -> SandboxAPIServer
    {
        let authority = try configuration.certificateAuthority ?? SandboxCertificateAuthority()
        let admin = try authority.issueClientCertificate(
            commonName: "iter8-sandbox-admin", organizations: ["system:masters"])
        let tls = try tlsConfiguration(authority: authority, clientCertificates: configuration.clientCertificates)
        let store = SandboxStore(namespaces: configuration.namespaces, now: configuration.now)
        let log = SandboxRequestLog(capacity: configuration.requestLogCapacity)
        let boundPort = LockedValue(configuration.port)
        let responder = APIResponder(
            store: store, authenticator: Authenticator(tokens: configuration.bearerTokens, now: configuration.now),
            log: log, serverAddress: { "127.0.0.1:\(boundPort.value)" })
        var logger = Logger(label: "iter8-sandbox")
        logger.logLevel = .error
        let served = try await ServedApplication.start("HTTPS on 127.0.0.1:\(configuration.port)", logger: logger) {
            onServerRunning in
            Application(
                responder: responder, server: try .tls(.http1(), tlsConfiguration: tls),
                configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: configuration.port)),
                onServerRunning: onServerRunning, logger: logger)
        }
        boundPort.value = served.port
        return SandboxAPIServer(
            port: served.port, certificateAuthority: authority, adminClient: admin, store: store, requestLog: log,
            served: served)
    }

    /// Ends open watches, stops accepting connections, lets requests in flight finish, and returns when the
    /// server is down.
    public func stop() async {
        await store.finishStreams()
        await served.stop()
    }

    private static func tlsConfiguration(
        authority: SandboxCertificateAuthority, clientCertificates: SandboxConfiguration.ClientCertificates
    ) throws -> TLSConfiguration {
        do {
            let identity = try authority.issueServerCertificate()
            let certificate = try NIOSSLCertificate(bytes: Array(identity.certificatePEM.utf8), format: .pem)
            let key = try NIOSSLPrivateKey(bytes: Array(identity.keyPEM.utf8), format: .pem)
            let anchor = try NIOSSLCertificate(bytes: Array(authority.certificatePEM.utf8), format: .pem)
            var tls = TLSConfiguration.makeServerConfiguration(
                certificateChain: [.certificate(certificate)], privateKey: .privateKey(key))
            tls.certificateVerification =
                clientCertificates == .required ? .noHostnameVerification : .optionalVerification
            tls.trustRoots = .certificates([anchor])
            // An idle pooled client connection (libcurl keeps them) never answers close_notify: without a short
            // timeout every stop waits NIOSSL's default 5 s for it.
            tls.shutdownTimeout = .milliseconds(200)
            return tls
        } catch let error as SandboxError {
            throw error
        } catch {
            throw SandboxError(.certificate, "cannot load the Sandbox server certificate into TLS", cause: error)
        }
    }
}
