import Foundation
import HTTPTransport
import Kubernetes
import Sandbox

/// JSON requests to a Sandbox API server over HTTPS through the project's libcurl transport.
struct SandboxHTTP {
    /// One answer: status, decoded JSON body (`.null` when empty or not JSON) and the raw response.
    struct Answer {
        var status: Int
        var body: JSONValue
        var response: HTTPResponse
    }

    let transport: CurlTransport
    let base: URL

    /// Which client certificate to present.
    enum Certificate {
        case admin
        case none
        case identity(PEMIdentity)
    }

    /// A client trusting the Sandbox CA, presenting `certificate` and optionally a bearer token.
    init(_ server: SandboxAPIServer, certificate: Certificate = .admin, token: String? = nil, host: String = "127.0.0.1") {
        let chosen: PEMIdentity? =
            switch certificate {
            case .admin: server.adminClient
            case .none: nil
            case .identity(let identity): identity
            }
        let tls = TLSConfiguration(
            certificateAuthority: .pem(Data(server.caPEM.utf8)),
            clientIdentity: chosen.map {
                .init(certificate: .pem(Data($0.certificatePEM.utf8)), key: .pem(Data($0.keyPEM.utf8)))
            })
        transport = CurlTransport(
            configuration: .init(
                tls: tls, authentication: token.map { .bearer(token: $0) } ?? .none,
                timeouts: HTTPTimeouts(connect: .seconds(30), total: .seconds(60))))
        base = URL(string: "https://\(host):\(server.port)")!
    }

    func send(
        _ method: HTTPMethod, _ path: String, _ body: JSONValue? = nil, contentType: String = "application/json"
    ) async throws -> Answer {
        var headers: HTTPHeaders = ["Accept": "application/json"]
        if body != nil { headers["Content-Type"] = contentType }
        let request = HTTPRequest(
            method: method, url: URL(string: base.absoluteString + path)!, headers: headers, body: try body?.encoded())
        let response = try await transport.send(request)
        let json = (try? JSONValue.parse(response.body)) ?? .null
        return Answer(status: response.status, body: json, response: response)
    }

    func get(_ path: String) async throws -> Answer { try await send(.get, path) }
}
