import Foundation
import HTTPTransport
import Kubernetes
import Testing
import TestSupport

/// An API server (or a proxy in front of it) that answers with a huge or endless body cannot exhaust memory:
/// the REST client's limit aborts the read, and the call fails at once instead of being retried.
@Suite("Kubernetes answer size limit")
struct RESTClientResponseLimitTests {
    static func client(_ server: FloodServer, limit: Int? = nil) -> RESTKubernetesClient {
        var options = RESTKubernetesClient.Options(sleep: { _ in })
        if let limit { options.maximumResponseBytes = limit }
        return RESTKubernetesClient(connection: KubeConnection(server: server.url()), options: options)
    }

    @Test("an endless list fails with the limit in the message, once, without retries")
    func endless() async throws {
        let server = try FloodServer(body: .undeclared(nil))
        defer { server.stop() }
        let client = Self.client(server)
        #expect(client.options.maximumResponseBytes == 16 << 20)
        do {
            _ = try await client.list(.deployment, namespace: "shop", labelSelector: nil)
            Issue.record("an endless list was accepted")
        } catch let error as KubeError {
            #expect(error.code == .other, "\(error)")
            #expect(error.message.contains("responseTooLarge") && error.message.contains("16777216 bytes"), "\(error)")
        }
        #expect(server.connectionCount == 1)
        #expect(server.bytesSent < 16 << 20 + 32 << 20, "the server sent \(server.bytesSent) bytes")
    }

    @Test("a configured limit applies to a get")
    func configured() async throws {
        let server = try FloodServer(body: .declared(2 << 20))
        defer { server.stop() }
        do {
            _ = try await Self.client(server, limit: 1 << 20).get(.deployment, namespace: "shop", name: "web")
            Issue.record("a 2 MiB answer was accepted under a 1 MiB limit")
        } catch let error as KubeError {
            #expect(error.message.contains("1048576 bytes"), "\(error)")
        }
        do {
            _ = try await Self.client(server, limit: 4 << 20).get(.deployment, namespace: "shop", name: "web")
            Issue.record("2 MiB of 'a' parsed as JSON")
        } catch let error as KubeError {
            #expect(error.message.contains("(2097152 bytes) is not JSON"), "\(error)")  // read whole under 4 MiB
        }
    }
}
