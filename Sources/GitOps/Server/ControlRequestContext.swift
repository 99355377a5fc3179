import Hummingbird
import NIOCore

/// The control server's request context: Hummingbird's basic one plus the connection, so a handler that refuses a
/// request can close a connection that keeps sending.
struct ControlRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The request's connection.
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
