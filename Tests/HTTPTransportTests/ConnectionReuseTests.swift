import Foundation
@testable import HTTPTransport
import TestSupport
import Testing

@Suite("Connections are reused within a transport and never across transports")
struct ConnectionReuseTests {
    @Test(arguments: [KeepAliveServer.Mode.plain, .mutualTLS])
    func sequentialRequestsShareOneConnection(mode: KeepAliveServer.Mode) async throws {
        let server = try await KeepAliveFixture.server(mode)
        let transport = try await KeepAliveFixture.transport(mode)
        var replies = [KeepAliveReply]()
        for index in 0..<3 { replies.append(try await KeepAliveFixture.reply(transport, server, "/seq/\(index)")) }
        #expect(Set(replies.map(\.connection)).count == 1, "\(replies)")
        #expect(replies.map(\.requestOnConnection) == [1, 2, 3])
        #expect(replies.map(\.path) == ["/seq/0", "/seq/1", "/seq/2"])
        #expect(transport.idleConnectionCount == 1)
    }

    @Test func copiesOfATransportShareItsConnections() async throws {
        let server = try await KeepAliveFixture.server(.mutualTLS)
        let transport = try await KeepAliveFixture.transport(.mutualTLS)
        let copy = transport
        let first = try await KeepAliveFixture.reply(transport, server, "/copy/original")
        let second = try await KeepAliveFixture.reply(copy, server, "/copy/copy")
        #expect(second.connection == first.connection)
        #expect(second.requestOnConnection == 2)
    }

    @Test func transportsNeverShareConnectionsOrTLSSessions() async throws {
        let server = try await KeepAliveFixture.server(.mutualTLS)
        let fromMemory = CurlTransport(configuration: .init(tls: try await KeepAliveFixture.tlsFromMemory()))
        let fromFiles = CurlTransport(configuration: .init(tls: try await KeepAliveFixture.tlsFromFiles()))
        let sameSettings = CurlTransport(configuration: fromMemory.configuration)
        let memory1 = try await KeepAliveFixture.reply(fromMemory, server, "/separate/memory")
        let files1 = try await KeepAliveFixture.reply(fromFiles, server, "/separate/files")
        let same1 = try await KeepAliveFixture.reply(sameSettings, server, "/separate/same")
        #expect(Set([memory1.connection, files1.connection, same1.connection]).count == 3)
        // A transport's first handshake never resumes a session another transport negotiated.
        #expect(!files1.sessionReused && !same1.sessionReused)
        let memory2 = try await KeepAliveFixture.reply(fromMemory, server, "/separate/memory")
        let files2 = try await KeepAliveFixture.reply(fromFiles, server, "/separate/files")
        #expect(memory2.connection == memory1.connection)
        #expect(files2.connection == files1.connection)
    }

    @Test func newConnectionsResumeTheTransportsTLSSession() async throws {
        let server = try await KeepAliveFixture.server(.mutualTLS)
        let transport = try await KeepAliveFixture.transport(.mutualTLS, maximumIdleConnections: 0)
        let first = try await KeepAliveFixture.reply(transport, server, "/resume/1")
        let second = try await KeepAliveFixture.reply(transport, server, "/resume/2")
        #expect(second.connection != first.connection)  // nothing kept idle
        #expect(transport.idleConnectionCount == 0)
        #expect(!first.sessionReused)
        #expect(second.sessionReused)
        try await Wait.until("the server to see connection \(first.connection) closed") {
            server.hasClosed(first.connection)
        }
    }

    @Test func idleConnectionsAreBounded() async throws {
        let server = try await KeepAliveFixture.server(.plain)
        let transport = try await KeepAliveFixture.transport(.plain, maximumIdleConnections: 2)
        let replies = try await withThrowingTaskGroup(of: KeepAliveReply.self) { group in
            for index in 0..<5 {
                group.addTask { try await KeepAliveFixture.reply(transport, server, "/delay?ms=300&bounded=\(index)") }
            }
            return try await group.reduce(into: [KeepAliveReply]()) { $0.append($1) }
        }
        let used = Set(replies.map(\.connection))
        let kept = min(2, used.count)
        #expect(transport.idleConnectionCount == kept)
        try await Wait.until("the server to see all but \(kept) of connections \(used.sorted()) closed") {
            used.filter(server.hasClosed).count == used.count - kept
        }
    }

    @Test func manyConcurrentRequestsStayCorrectAndTransportsStayApart() async throws {
        let server = try await KeepAliveFixture.server(.mutualTLS)
        let transports = [
            CurlTransport(configuration: .init(tls: try await KeepAliveFixture.tlsFromMemory())),
            CurlTransport(configuration: .init(tls: try await KeepAliveFixture.tlsFromFiles())),
        ]
        let tasksPerTransport = 4, perTask = 20
        let replies = try await withThrowingTaskGroup(of: (Int, [KeepAliveReply]).self) { group in
            for (which, transport) in transports.enumerated() {
                for task in 0..<tasksPerTransport {
                    group.addTask {
                        var replies = [KeepAliveReply]()
                        for index in 0..<perTask {
                            let path = "/concurrent/\(which)/\(task)/\(index)"
                            let reply = try await KeepAliveFixture.reply(
                                transport, server, path, method: .post, body: Data(path.utf8))
                            guard reply.path == path, reply.body == path else {
                                throw ExpectedFailure(description: "\(path) got \(reply)")
                            }
                            replies.append(reply)
                        }
                        return (which, replies)
                    }
                }
            }
            return try await group.reduce(into: [[KeepAliveReply]](repeating: [], count: 2)) { $0[$1.0] += $1.1 }
        }
        #expect(replies.map(\.count) == [tasksPerTransport * perTask, tasksPerTransport * perTask])
        let connections = replies.map { Set($0.map(\.connection)) }
        #expect(connections[0].isDisjoint(with: connections[1]), "\(connections)")
        for (transport, used) in zip(transports, connections) {
            // Never more handles than requests in flight: at most one connection per task, most of them reused.
            #expect(used.count <= tasksPerTransport, "\(used.count) connections")
            #expect(transport.idleConnectionCount <= tasksPerTransport)
        }
    }

    @Test func failedRequestsDropTheirConnectionAndLeaveThePoolUsable() async throws {
        let server = try await KeepAliveFixture.server(.plain)
        let transport = try await KeepAliveFixture.transport(.plain)
        let first = try await KeepAliveFixture.reply(transport, server, "/failures/1")
        // Too large: aborted mid-response on the kept connection, which is then closed.
        let tooLarge = try await transportError {
            try await transport.send(HTTPRequest(url: server.url("/failures/large"), maximumResponseBytes: 10))
        }
        #expect(tooLarge.code == .responseTooLarge, "\(tooLarge)")
        #expect(server.connection(of: "GET", "/failures/large") == first.connection)
        // Timed out on a new connection.
        let timedOut = try await transportError {
            try await transport.send(
                HTTPRequest(url: server.url("/delay?ms=120000&failures"), timeouts: HTTPTimeouts(total: .milliseconds(300))))
        }
        #expect(timedOut.code == .timedOut, "\(timedOut)")
        #expect(transport.idleConnectionCount == 0)
        let next = try await KeepAliveFixture.reply(transport, server, "/failures/2")
        #expect(next.connection != first.connection)
        #expect(next.requestOnConnection == 1)
        #expect(transport.idleConnectionCount == 1)
        try await Wait.until("the server to see connection \(first.connection) closed") {
            server.hasClosed(first.connection)
        }
    }
}
