import Foundation
@testable import HTTPTransport
import Synchronization
import TestSupport
import Testing

@Suite("Transfers run on reused threads, and one slow transfer never delays another")
struct CurlWorkersTests {
    /// Jobs that block until released, counting how many have started.
    final class Gate: Sendable {
        let started = Atomic<Int>(0)
        let release = DispatchSemaphore(value: 0)

        func job() -> @Sendable () -> Void {
            { [self] in
                started.add(1, ordering: .relaxed)
                release.wait()  // a worker thread, not the cooperative pool
            }
        }
    }

    @Test func everyJobRunsAtOnceAndAtMostTheLimitOfWorkersWaitsAfterwards() async throws {
        let workers = CurlWorkers(maximumIdle: 2)
        let gate = Gate()
        for _ in 0..<6 { workers.run(gate.job()) }
        try await Wait.until("all 6 jobs to run at the same time") { gate.started.load(ordering: .relaxed) == 6 }
        for _ in 0..<6 { gate.release.signal() }
        try await Wait.until("2 workers to wait for work") { workers.idleCount == 2 }
        // and the 4 others to have exited (one still finishing its job would wait for work after the jobs below)
        try await Wait.until("4 workers to exit") { workers.threadCount == 2 }
        // The waiting workers take the next jobs; more run on new threads.
        for _ in 0..<3 { workers.run(gate.job()) }
        try await Wait.until("3 more jobs to run") { gate.started.load(ordering: .relaxed) == 9 }
        #expect(workers.idleCount == 0)
        for _ in 0..<3 { gate.release.signal() }
        try await Wait.until("2 workers to wait again") { workers.idleCount == 2 }
    }

    @Test func waitingWorkersExitAfterTheIdleTimeout() async throws {
        let workers = CurlWorkers(maximumIdle: 3, idleTimeout: 0.05)
        let gate = Gate()
        for _ in 0..<3 { workers.run(gate.job()) }
        try await Wait.until("3 jobs to run") { gate.started.load(ordering: .relaxed) == 3 }
        for _ in 0..<3 { gate.release.signal() }
        try await Wait.until("every idle worker to exit") { workers.idleCount == 0 && workers.threadCount == 0 }
    }

    @Test func slowRequestsDoNotDelayOthersAndStillCancel() async throws {
        let server = try await KeepAliveFixture.server(.plain)
        let transport = try await KeepAliveFixture.transport(.plain)
        let slowCount = CurlTransport.maximumIdleThreads(transport.configuration) + 2
        let id = UUID().uuidString
        let slow = (0..<slowCount).map { index in
            Task { try await transport.send(HTTPRequest(url: server.url("/delay?ms=120000&slow=\(index)&id=\(id)"))) }
        }
        try await Wait.until("\(slowCount) slow requests to reach the server") {
            (0..<slowCount).allSatisfy { server.connection(of: "GET", "/delay?ms=120000&slow=\($0)&id=\(id)") != nil }
        }
        let fast = try await KeepAliveFixture.reply(transport, server, "/fast/\(id)")
        #expect(fast.path == "/fast/\(id)")
        for task in slow { task.cancel() }
        for task in slow {
            let error = try await transportError { try await task.value }
            #expect(error.code == .cancelled, "\(error)")
        }
    }
}
