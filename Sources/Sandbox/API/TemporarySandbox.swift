import Foundation

/// A running Sandbox API server plus a kubeconfig for it in a fresh temporary directory: the fixture for
/// tests of the Kubernetes client, Istio routing and the CLI (TestSupport cannot depend on Sandbox).
///
/// ```swift
/// try await TemporarySandbox.with { sandbox in
///     try Shell.run(kubectl, ["--kubeconfig", sandbox.kubeconfigPath, "get", "vs", "-A"])
/// }
/// ```
public final class TemporarySandbox: Sendable {
    /// The server.
    public let server: SandboxAPIServer
    /// The temporary directory holding the kubeconfig; removed by ``stop()``.
    public let directory: URL
    /// The kubeconfig file (admin client certificate, namespace `default`).
    public let kubeconfigURL: URL

    private init(server: SandboxAPIServer, directory: URL) {
        self.server = server
        self.directory = directory
        self.kubeconfigURL = directory.appendingPathComponent("kubeconfig")
    }

    /// The kubeconfig file's path.
    public var kubeconfigPath: String { kubeconfigURL.path }

    /// The object store behind the server.
    public var store: SandboxStore { server.store }

    /// Starts a server with `configuration` and writes its kubeconfig.
    ///
    /// - Throws: ``SandboxError``.
    public static func start(_ configuration: SandboxConfiguration = SandboxConfiguration()) async throws
        -> TemporarySandbox
    {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("iter8-sandbox-\(UUID().uuidString.prefix(8))", isDirectory: true)
        let server = try await SandboxAPIServer.start(configuration)
        let sandbox = TemporarySandbox(server: server, directory: directory)
        do {
            try server.writeKubeconfig(to: sandbox.kubeconfigURL)
        } catch {
            await sandbox.stop()
            throw error
        }
        return sandbox
    }

    /// Runs `body` with a fresh sandbox and stops it afterwards, whether `body` returns or throws.
    public static func with<T: Sendable>(
        _ configuration: SandboxConfiguration = SandboxConfiguration(),
        _ body: (TemporarySandbox) async throws -> T
    ) async throws -> T {
        let sandbox = try await start(configuration)
        do {
            let result = try await body(sandbox)
            await sandbox.stop()
            return result
        } catch {
            await sandbox.stop()
            throw error
        }
    }

    /// Stops the server and removes the temporary directory.
    public func stop() async {
        await server.stop()
        try? FileManager.default.removeItem(at: directory)  // best effort: a leftover temp dir is harmless
    }
}
