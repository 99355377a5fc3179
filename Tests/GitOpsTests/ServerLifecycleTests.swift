import GitOps
import Logging
import ServiceLifecycle
import TestSupport
import Testing

@Suite("Control server: starting and stopping")
struct ServerLifecycleTests {
    static func start(port: Int) async throws -> ControlServer {
        var logger = Logger(label: "iter8-control-test")
        logger.logLevel = .critical
        return try await ControlServer.start(
            port: port, health: ServiceHealth(pollInterval: .seconds(30)), metrics: ServiceMetrics(),
            trigger: PollTrigger(), webhook: nil, logger: logger)
    }

    @Test func portZeroPicksAPortAndStopReleasesIt() async throws {
        let server = try await Self.start(port: 0)
        #expect(server.port > 0)
        #expect(FreePort.isListening(server.port))
        await server.stop()
        #expect(!FreePort.isListening(server.port))
    }

    @Test func aTakenPortIsABindError() async throws {
        let first = try await Self.start(port: 0)
        do {
            let second = try await Self.start(port: first.port)
            await second.stop()
            Issue.record("a second server bound port \(first.port)")
        } catch {
            let error = error as? ControlServerError
            #expect(error?.code == .bind)
            #expect(error?.description.contains("127.0.0.1:\(first.port)") == true)
        }
        await first.stop()
    }

    @Test func asAServiceItStopsOnGracefulShutdown() async throws {
        let server = try await Self.start(port: 0)
        var logger = Logger(label: "iter8-control-test")
        logger.logLevel = .critical
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [server], gracefulShutdownSignals: [], logger: logger))
        let running = Task { try await group.run() }
        #expect(FreePort.isListening(server.port))
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(!FreePort.isListening(server.port))
    }
}
