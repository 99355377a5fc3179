import Foundation

/// The JSON body ``TLSEchoServer`` answers with: what it received.
public struct EchoReply: Decodable, Sendable, Equatable {
    /// The request method.
    public let method: String
    /// The request path and query.
    public let path: String
    /// The request headers as `[name, value]` pairs, in order.
    public let headers: [[String]]
    /// The request body as UTF-8.
    public let body: String
    /// The CN of the client certificate, or nil without TLS.
    public let clientCommonName: String?

    /// Decodes a reply from a response body.
    public init(json: Data) throws {
        self = try JSONDecoder().decode(EchoReply.self, from: json)
    }

    /// Every value of the request header `name` (any case).
    public func header(_ name: String) -> [String] {
        headers.filter { $0.count == 2 && $0[0].lowercased() == name.lowercased() }.map { $0[1] }
    }
}
