import Foundation
import HTTPTransport
import TestSupport
import Testing

@Suite("Errors never show credentials")
struct ErrorRedactionTests {
    @Test func descriptionHasTheRedactedURLAndNoSecrets() async throws {
        let port = try FreePort.next()
        let url = URL(string: "http://bob:url-pass-77@127.0.0.1:\(port)/api/v1/query?token=query-secret-99")!
        let transport = CurlTransport(configuration: .init(authentication: .bearer(token: "bearer-secret-42")))
        let error = try await transportError {
            try await transport.send(HTTPRequest(url: url, headers: ["Authorization": "Bearer header-secret-13"]))
        }
        let text = "\(error) \(error.detail) \(error.message) \(error.url)"
        #expect(error.code == .couldNotConnect)
        #expect(error.description.contains("http://REDACTED@127.0.0.1:\(port)/api/v1/query"), "\(error)")
        for secret in ["url-pass-77", "bob:", "query-secret-99", "bearer-secret-42", "header-secret-13"] {
            #expect(!text.contains(secret), "\(secret) leaked in \(text)")
        }
    }

    @Test func basicPasswordNeverAppears() async throws {
        let port = try FreePort.next()
        let transport = CurlTransport(configuration: .init(authentication: .basic(user: "alice", password: "pw-31337")))
        let error = try await transportError {
            try await transport.send(HTTPRequest(url: URL(string: "http://127.0.0.1:\(port)/")!))
        }
        #expect(!"\(error)".contains("pw-31337"))
        #expect(!String(reflecting: transport.configuration).contains("pw-31337"))
    }

    @Test func requestDescriptionIsRedacted() {
        let request = HTTPRequest(
            url: URL(string: "https://u:p-secret@example.com/x?q=1")!, headers: ["Authorization": "Bearer t-secret"])
        #expect(request.description == "GET https://REDACTED@example.com/x")
        #expect(!request.headers.description.contains("t-secret"))
    }
}
