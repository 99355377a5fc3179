import Foundation
import HTTPTransport
import Kubernetes
import TestSupport
import Testing

@Suite("In-cluster configuration")
struct InClusterTests {
    let directory: TemporaryDirectory
    let paths: KubeConnection.InClusterPaths
    let environment = ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"]

    init() throws {
        directory = try TemporaryDirectory(prefix: "iter8-serviceaccount")
        paths = KubeConnection.InClusterPaths(directory: directory.path)
        try "token-one\n".write(toFile: paths.token, atomically: true, encoding: .utf8)
        try "CA".write(toFile: paths.certificateAuthority, atomically: true, encoding: .utf8)
        try "iter8-system\n".write(toFile: paths.namespace, atomically: true, encoding: .utf8)
    }

    @Test("server from the environment, CA, token file and namespace from the files")
    func connection() throws {
        let connection = try KubeConnection.inCluster(paths: paths, environment: environment)
        #expect(connection.server.absoluteString == "https://10.96.0.1:443")
        #expect(connection.tls.certificateAuthority == .file(paths.certificateAuthority))
        #expect(connection.credentials == .tokenFile(path: paths.token, maxAge: .seconds(60)))
        #expect(connection.namespace == "iter8-system")
        #expect(!"\(connection)".contains("token-one"))
    }

    @Test("outside a cluster, or without a token file, it is a configuration error")
    func notInCluster() throws {
        #expect { try KubeConnection.inCluster(paths: paths, environment: [:]) } throws: {
            ($0 as? KubeError)?.code == .configuration && "\($0)".contains("KUBERNETES_SERVICE_HOST")
        }
        try FileManager.default.removeItem(atPath: paths.token)
        #expect { try KubeConnection.inCluster(paths: paths, environment: environment) } throws: { "\($0)".contains(paths.token) }
    }

    @Test("a rotated token is read again once the cached one is a minute old")
    func rotationByAge() async throws {
        let time = ManualTime(Date(timeIntervalSince1970: 1_800_000_000))
        let connection = try KubeConnection.inCluster(paths: paths, environment: environment)
        let (client, transport) = scriptedClient(credentials: connection.credentials, now: time.clock) { _, _ in
            ScriptedHTTPTransport.json(200, "{}")
        }
        _ = try await client.get(.lease, namespace: nil, name: "leader")
        try "token-two\n".write(toFile: paths.token, atomically: true, encoding: .utf8)
        time.advance(by: 30)
        _ = try await client.get(.lease, namespace: nil, name: "leader")
        time.advance(by: 31)
        _ = try await client.get(.lease, namespace: nil, name: "leader")
        #expect(transport.requests.map { $0.headers["Authorization"] } == ["Bearer token-one", "Bearer token-one", "Bearer token-two"])
    }

    @Test("a 401 makes the client read the rotated token at once and retry")
    func rotationOn401() async throws {
        let connection = try KubeConnection.inCluster(paths: paths, environment: environment)
        let (client, transport) = scriptedClient(credentials: connection.credentials) { request, index in
            index == 0 || request.headers["Authorization"] == "Bearer token-two"
                ? ScriptedHTTPTransport.json(200, "{}")
                : ScriptedHTTPTransport.json(401, #"{"kind":"Status","reason":"Unauthorized","code":401,"message":"Unauthorized"}"#)
        }
        _ = try await client.get(.lease, namespace: nil, name: "leader")
        try "token-two\n".write(toFile: paths.token, atomically: true, encoding: .utf8)
        _ = try await client.get(.lease, namespace: nil, name: "leader")
        #expect(transport.requests.map { $0.headers["Authorization"] } == ["Bearer token-one", "Bearer token-one", "Bearer token-two"])
    }
}
