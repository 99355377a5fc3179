import Foundation

/// How to reach a server whose certificate names something other than the URL's host
/// (``TLSConfiguration/serverName``): ask libcurl for the server name, connect to the real address
/// (`CURLOPT_CONNECT_TO`), and keep the real authority in the `Host` header.
struct ServerNameRoute: Equatable {
    /// The URL handed to libcurl.
    let url: String
    /// `CURLOPT_CONNECT_TO` entries (`name:port:address:port`), empty when no override applies.
    let connectTo: [String]
    /// The `Host` header to send, or nil to let libcurl derive it from ``url``.
    let hostHeader: String?

    /// The route for `url` when certificates should be checked against `serverName`.
    static func make(url: URL, serverName: String?, context: RequestContext) throws -> ServerNameRoute {
        let direct = ServerNameRoute(url: url.absoluteString, connectTo: [], hostHeader: nil)
        guard let serverName, url.scheme?.lowercased() == "https" else { return direct }
        guard !serverName.isEmpty, serverName.unicodeScalars.allSatisfy(isHostNameCharacter) else {
            throw context.invalidRequest("the TLS server name is not a DNS name")
        }
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false),
            let host = components.host, !host.isEmpty
        else { throw context.invalidRequest("the URL has no host") }
        guard host.lowercased() != serverName.lowercased() else { return direct }
        let address = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        let port = url.port ?? 443
        components.host = serverName
        guard let routed = components.url?.absoluteString else {
            throw context.invalidRequest("the URL cannot carry the TLS server name")
        }
        return ServerNameRoute(
            url: routed, connectTo: ["\(serverName):\(port):\(address):\(port)"],
            hostHeader: address + (url.port.map { ":\($0)" } ?? ""))
    }

    private static func isHostNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.isASCII else { return false }
        return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            || scalar == "." || scalar == "-"
    }
}
