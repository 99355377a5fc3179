import Foundation
import Kubernetes
import Sandbox
import TestSupport
import Testing

@Suite("Kubeconfig TLS settings against the Sandbox")
struct SandboxTLSTests {
    /// Writes the CA and an admin certificate as files in `certs/` and returns a kubeconfig using them by relative
    /// paths, with `clusterExtra` added to the cluster entry.
    static func fileKubeconfig(_ fixture: SandboxFixture, clusterExtra: String, caField: Bool = true) throws -> String {
        let directory = fixture.sandbox.directory.appendingPathComponent("files-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("certs"), withIntermediateDirectories: true)
        let identity = try fixture.sandbox.server.issueClientCertificate(commonName: "file-user", organization: "system:masters")
        try fixture.sandbox.server.caPEM.write(to: directory.appendingPathComponent("certs/ca.crt"), atomically: true, encoding: .utf8)
        try identity.certificatePEM.write(to: directory.appendingPathComponent("certs/user.crt"), atomically: true, encoding: .utf8)
        try identity.keyPEM.write(to: directory.appendingPathComponent("certs/user.key"), atomically: true, encoding: .utf8)
        let text = """
            current-context: files
            clusters:
            - name: sandbox
              cluster:
                server: \(fixture.sandbox.server.url.absoluteString)
            \(caField ? "    certificate-authority: certs/ca.crt\n" : "")\(clusterExtra)
            users: [{name: file-user, user: {client-certificate: certs/user.crt, client-key: certs/user.key}}]
            contexts: [{name: files, context: {cluster: sandbox, user: file-user, namespace: kube-system}}]
            """
        let path = directory.appendingPathComponent("kubeconfig").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func client(_ path: String) throws -> RESTKubernetesClient {
        RESTKubernetesClient(connection: try KubeConfig.load(file: path).connection(), options: .init(retry: .never))
    }

    @Test("CA and client certificate from files (relative paths), tls-server-name matching the certificate")
    func filesAndServerName() async throws {
        try await SandboxFixture.with { fixture in
            let path = try Self.fileKubeconfig(fixture, clusterExtra: "    tls-server-name: localhost")
            let client = try Self.client(path)
            #expect(client.connection.namespace == "kube-system")
            _ = try await client.create(.configMap, namespace: nil, object: ["metadata": ["name": "from-files"]])
            #expect(try await client.get(.configMap, namespace: "kube-system", name: "from-files")["metadata"]?["name"] == "from-files")
        }
    }

    @Test("a tls-server-name the certificate does not carry fails verification")
    func wrongServerName() async throws {
        try await SandboxFixture.with { fixture in
            let client = try Self.client(try Self.fileKubeconfig(fixture, clusterExtra: "    tls-server-name: api.wrong.example"))
            let error = await #expect(throws: KubeError.self) { try await client.list(.configMap, namespace: nil, labelSelector: nil) }
            #expect(error?.code == .unavailable && error.map { "\($0)".contains("tlsFailure") } == true, "\(String(describing: error))")
        }
    }

    @Test("without the CA the server is untrusted; insecure-skip-tls-verify accepts it")
    func insecure() async throws {
        try await SandboxFixture.with { fixture in
            let untrusted = try Self.client(try Self.fileKubeconfig(fixture, clusterExtra: "", caField: false))
            let error = await #expect(throws: KubeError.self) { try await untrusted.list(.configMap, namespace: nil, labelSelector: nil) }
            #expect(error?.code == .unavailable && error.map { "\($0)".contains("tlsFailure") } == true, "\(String(describing: error))")
            let insecure = try Self.client(
                try Self.fileKubeconfig(fixture, clusterExtra: "    insecure-skip-tls-verify: true", caField: false))
            _ = try await insecure.list(.configMap, namespace: nil, labelSelector: nil)
        }
    }
}
