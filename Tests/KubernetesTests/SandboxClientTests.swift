import Foundation
import HTTPTransport
import Kubernetes
import Sandbox
import TestSupport
import Testing

@Suite("REST client against the Sandbox over mTLS")
struct SandboxClientTests {
    @Test("every verb behaves as the contract says, like the in-memory client")
    func contract() async throws {
        try await SandboxFixture.with { fixture in
            let transcript = try await KubernetesClientContract.run(try fixture.adminClient(), namespace: "contract")
            #expect(transcript == KubernetesClientContract.expected)
        }
    }

    @Test("discovery lists the networking.istio.io versions, preferred first; an unknown group has none")
    func discovery() async throws {
        try await SandboxFixture.with { fixture in
            let client = try fixture.adminClient()
            let versions = try await client.servedVersions(ofGroup: "networking.istio.io")
            #expect(Set(versions) == ["v1", "v1beta1", "v1alpha3"] && versions.count == 3)
            #expect(try await client.servedVersions(ofGroup: "apps") == ["v1"])
            #expect(try await client.servedVersions(ofGroup: "") == ["v1"])
            #expect(try await client.servedVersions(ofGroup: "nothing.example.com") == [])
        }
    }

    @Test("an invalid object is a 422 with the Status message naming the field")
    func invalidObject() async throws {
        try await SandboxFixture.with { fixture in
            let client = try fixture.adminClient()
            var deployment = SandboxFixture.deployment("web")
            deployment["metadata"]?["name"] = "Web_Server"
            let error = await #expect(throws: KubeError.self) { try await client.create(.deployment, namespace: nil, object: deployment) }
            #expect(error?.code == .invalid && error?.httpStatus == 422 && error?.reason == "Invalid")
            #expect(error?.message.contains("Web_Server") == true, "\(String(describing: error))")
            #expect(error?.request == "POST /apis/apps/v1/namespaces/default/deployments")
        }
    }

    @Test("a client certificate from a foreign CA fails the connection: an error, not a response")
    func foreignCertificate() async throws {
        try await SandboxFixture.with { fixture in
            let foreign = try SandboxCertificateAuthority(commonName: "someone-else").issueClientCertificate(commonName: "mallory")
            let text = fixture.sandbox.server.kubeconfig(client: foreign)
            let client = try fixture.client(kubeconfig: text, name: "foreign", options: .init(retry: .never))
            let error = await #expect(throws: KubeError.self) { try await client.get(.service, namespace: nil, name: "kubernetes") }
            #expect(error?.code == .unavailable && error?.httpStatus == nil, "\(String(describing: error))")
            #expect(error.map { "\($0)".contains("tlsFailure") || "\($0)".contains("connectionLost") } == true)
            #expect(error?.message.contains("after 1 attempt") == true)
        }
    }

    @Test("no credentials, an unknown token and an expired token are .unauthorized; a valid token works")
    func bearerTokens() async throws {
        let tokens = [
            BearerToken(token: "valid-token", user: "alice"),
            BearerToken(token: "expired-token", user: "bob", expires: Date(timeIntervalSinceNow: -60)),
        ]
        try await SandboxFixture.with(tokens: tokens) { fixture in
            for client in [try fixture.anonymousClient(), try fixture.tokenClient("expired-token"), try fixture.tokenClient("made-up")] {
                let error = await #expect(throws: KubeError.self) { try await client.list(.service, namespace: "default", labelSelector: nil) }
                #expect(error?.code == .unauthorized && error?.httpStatus == 401, "\(String(describing: error))")
                #expect(error.map { !"\($0)".contains("expired-token") && !"\($0)".contains("made-up") } == true)
            }
            _ = try await fixture.tokenClient("valid-token").list(.service, namespace: "default", labelSelector: nil)
        }
    }

    @Test("an exec plugin's token is accepted; after a 401 the plugin runs again and its new token works")
    func execPluginToken() async throws {
        let fixture = try ExecPluginFixture(tokenPrefix: "exec-token")
        try await SandboxFixture.with(tokens: [BearerToken(token: "exec-token-2", user: "exec-user")]) { sandbox in
            let caFile = sandbox.sandbox.directory.appendingPathComponent("ca.crt").path
            try sandbox.sandbox.server.caPEM.write(toFile: caFile, atomically: true, encoding: .utf8)
            let config = try KubeConfig.load(file: try fixture.kubeconfig(server: sandbox.sandbox.server.url.absoluteString, caFile: caFile))
            let client = RESTKubernetesClient(connection: try config.connection())
            let created = try await client.create(.configMap, namespace: nil, object: ["metadata": ["name": "from-exec"], "data": ["a": "b"]])
            #expect(created["metadata"]?["name"] == "from-exec")
            #expect(fixture.runs == 2)  // exec-token-1 was refused, exec-token-2 accepted
            _ = try await client.get(.configMap, namespace: nil, name: "from-exec")
            #expect(fixture.runs == 2)  // cached
        }
    }

    @Test("an exec plugin's client certificate is presented in the TLS handshake")
    func execPluginCertificate() async throws {
        try await SandboxFixture.with { sandbox in
            let identity = try sandbox.sandbox.server.issueClientCertificate(commonName: "exec-cert-user", organization: "system:masters")
            let directory = try TemporaryDirectory(prefix: "iter8-exec-cert")
            let credential: JSONValue = [
                "apiVersion": "client.authentication.k8s.io/v1beta1", "kind": "ExecCredential",
                "status": ["clientCertificateData": .string(identity.certificatePEM), "clientKeyData": .string(identity.keyPEM)],
            ]
            try credential.encoded().write(to: directory.file("credential.json"))
            let script = directory.file("plugin").path
            try "#!/bin/sh\ncat \"$(dirname \"$0\")/credential.json\"\n".write(toFile: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
            var connection = try KubeConfig.load(file: sandbox.sandbox.kubeconfigPath).connection()
            connection.tls.clientIdentity = nil
            connection.credentials = .exec(ExecCredentialPlugin(apiVersion: "client.authentication.k8s.io/v1beta1", command: script))
            let client = RESTKubernetesClient(connection: connection)
            _ = try await client.list(.configMap, namespace: "default", labelSelector: nil)
        }
    }

    @Test("a rotated service-account token is picked up after a 401")
    func inClusterRotation() async throws {
        try await SandboxFixture.with(tokens: [BearerToken(token: "rotated-token")]) { fixture in
            let directory = try TemporaryDirectory(prefix: "iter8-serviceaccount")
            let paths = KubeConnection.InClusterPaths(directory: directory.path)
            try "old-token".write(toFile: paths.token, atomically: true, encoding: .utf8)
            try fixture.sandbox.server.caPEM.write(toFile: paths.certificateAuthority, atomically: true, encoding: .utf8)
            try "default".write(toFile: paths.namespace, atomically: true, encoding: .utf8)
            let environment = ["KUBERNETES_SERVICE_HOST": "127.0.0.1", "KUBERNETES_SERVICE_PORT": "\(fixture.sandbox.server.port)"]
            let client = RESTKubernetesClient(connection: try KubeConnection.inCluster(paths: paths, environment: environment))
            await #expect(throws: KubeError.self) { try await client.list(.lease, namespace: nil, labelSelector: nil) }
            try "rotated-token\n".write(toFile: paths.token, atomically: true, encoding: .utf8)
            _ = try await client.list(.lease, namespace: nil, labelSelector: nil)
        }
    }

    @Test("Deployment readiness: not ready while the controller holds it, ready once released")
    func deploymentReadiness() async throws {
        try await SandboxFixture.with { fixture in
            let client = try fixture.adminClient()
            await fixture.sandbox.store.holdDeployment(namespace: "default", name: "reviews-v2")
            _ = try await client.create(.deployment, namespace: nil, object: SandboxFixture.deployment("reviews-v2", replicas: 3))
            let held = DeploymentReadiness(deployment: try await client.get(.deployment, namespace: nil, name: "reviews-v2"))
            #expect(held.state == .progressing)
            #expect(held.reason.contains("0 of 3 updated replicas are available"), "\(held)")
            await fixture.sandbox.store.releaseDeployment(namespace: "default", name: "reviews-v2")
            try await Wait.until("reviews-v2 to be ready") {
                DeploymentReadiness(deployment: try await client.get(.deployment, namespace: nil, name: "reviews-v2")).isReady
            }
        }
    }
}
