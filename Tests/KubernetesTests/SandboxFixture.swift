import Foundation
import Kubernetes
import Sandbox

/// A Sandbox API server for one test, and REST clients for it built the production way (from a kubeconfig).
struct SandboxFixture {
    let sandbox: TemporarySandbox

    /// Runs `body` with a fresh Sandbox that accepts `tokens`, and stops it afterwards.
    static func with<T: Sendable>(
        tokens: [BearerToken] = [], _ body: (SandboxFixture) async throws -> T
    ) async throws -> T {
        try await TemporarySandbox.with(SandboxConfiguration(bearerTokens: tokens)) { sandbox in
            try await body(SandboxFixture(sandbox: sandbox))
        }
    }

    /// A client from the Sandbox's own kubeconfig (admin client certificate over mTLS).
    func adminClient(options: RESTKubernetesClient.Options = .init()) throws -> RESTKubernetesClient {
        RESTKubernetesClient(connection: try KubeConfig.load(file: sandbox.kubeconfigPath).connection(), options: options)
    }

    /// A client from kubeconfig `text`, written next to the Sandbox's kubeconfig.
    func client(kubeconfig text: String, name: String, options: RESTKubernetesClient.Options = .init()) throws -> RESTKubernetesClient {
        let path = sandbox.directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return RESTKubernetesClient(connection: try KubeConfig.load(file: path).connection(), options: options)
    }

    /// A client that sends bearer `token` and no client certificate.
    func tokenClient(_ token: String) throws -> RESTKubernetesClient {
        try client(kubeconfig: sandbox.server.kubeconfig(token: token), name: "token-\(UUID().uuidString.prefix(6))")
    }

    /// A client with neither a client certificate nor a token.
    func anonymousClient() throws -> RESTKubernetesClient {
        var connection = try KubeConfig.load(file: sandbox.kubeconfigPath).connection()
        connection.tls.clientIdentity = nil
        return RESTKubernetesClient(connection: connection)
    }

    /// A minimal valid Deployment.
    static func deployment(_ name: String, replicas: Int64 = 2) -> JSONValue {
        [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": .string(name), "labels": ["app": .string(name)]],
            "spec": [
                "replicas": .integer(replicas), "selector": ["matchLabels": ["app": .string(name)]],
                "template": [
                    "metadata": ["labels": ["app": .string(name)]],
                    "spec": ["containers": [["name": "app", "image": "example/app:1"]]],
                ],
            ],
        ]
    }
}
