import Hummingbird
import NIOCore

/// The per-request context: the connection, so the responder can read the TLS peer certificate.
struct SandboxRequestContext: InitializableFromSource {
    /// The connection's channel.
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        channel = source.channel
    }
}
