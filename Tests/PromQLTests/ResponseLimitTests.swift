import Foundation
import HTTPTransport
import PromQL
import Testing
import TestSupport

/// A Prometheus (or something posing as one) that answers with a huge or endless body cannot exhaust memory: the
/// client's own limit applies whatever the transport's, and the failure says so.
@Suite("Prometheus answer size limit")
struct PrometheusResponseLimitTests {
    @Test("an endless answer fails the query as badResponse after at most the client's 8 MiB")
    func endless() async throws {
        let server = try FloodServer(body: .undeclared(nil))
        defer { server.stop() }
        // The transport alone would accept 64 MiB; the client's default 8 MiB applies.
        let transport = CurlTransport(configuration: .init(maximumResponseBytes: 64 << 20))
        let client = PrometheusClient(baseURL: server.url(), transport: transport)
        #expect(client.maximumResponseBytes == 8 << 20)
        do {
            _ = try await client.value(of: "sum(up)")
            Issue.record("an endless answer was accepted")
        } catch let error as PrometheusError {
            #expect(error.code == .badResponse, "\(error)")
            #expect(error.message.contains("longer than 8388608 bytes"), "\(error)")
            #expect(error.cause?.contains("responseTooLarge") == true, "\(error)")
        }
        #expect(server.bytesSent < 8 << 20 + 32 << 20, "the server sent \(server.bytesSent) bytes")
    }

    @Test("a declared answer over a configured limit is refused before it is read")
    func declared() async throws {
        let server = try FloodServer(body: .declared(100 << 20))
        defer { server.stop() }
        let client = PrometheusClient(baseURL: server.url(), transport: CurlTransport(), maximumResponseBytes: 1 << 20)
        await #expect(throws: PrometheusError.self) { try await client.value(of: "sum(up)") }
        #expect(server.bytesSent < 32 << 20, "the server sent \(server.bytesSent) bytes")
    }
}
