import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A Hummingbird application running in a service group of its own: the API server and the mesh's
/// metrics server both start, wait for their bound port and stop this way.
struct ServedApplication: Sendable {
    /// The port the application listens on.
    let port: Int
    private let serviceGroup: ServiceGroup
    private let running: Task<Void, Never>

    private init(port: Int, serviceGroup: ServiceGroup, running: Task<Void, Never>) {
        self.port = port
        self.serviceGroup = serviceGroup
        self.running = running
    }

    /// Builds the application with `make`, which must pass the given callback as the application's
    /// `onServerRunning`, runs it, and returns once it accepts connections.
    ///
    /// - Parameter what: what is served and where, for errors (e.g. `HTTPS on 127.0.0.1:0`).
    /// - Throws: ``SandboxError`` (`server`), e.g. when the port is taken.
    static func start<App: ApplicationProtocol>(
        _ what: String, logger: Logger,
        _ make: (_ onServerRunning: @escaping @Sendable (any Channel) async -> Void) throws -> App
    ) async throws -> ServedApplication {
        let (events, continuation) = AsyncStream<Result<Int, any Error>>.makeStream()
        let application = try make { channel in continuation.yield(.success(channel.localAddress?.port ?? 0)) }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [application], gracefulShutdownSignals: [], logger: logger))
        let running = Task {
            do {
                try await group.run()
            } catch {
                continuation.yield(.failure(error))
            }
            continuation.finish()
        }
        var iterator = events.makeAsyncIterator()
        switch await iterator.next() {
        case .success(let port)?:
            return ServedApplication(port: port, serviceGroup: group, running: running)
        case .failure(let error)?:
            throw SandboxError(.server, "cannot serve \(what)", cause: error)
        case nil:
            throw SandboxError(.server, "\(what): the server stopped before it started")
        }
    }

    /// Stops accepting connections, lets requests in flight finish, and returns when the server is down.
    func stop() async {
        await serviceGroup.triggerGracefulShutdown()
        await running.value
    }
}
