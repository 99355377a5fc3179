import HTTPTransport
import Testing

@Suite("HTTPHeaders: ordered, case-insensitive, secrets masked")
struct HTTPHeadersTests {
    @Test func lookupIgnoresCaseAndKeepsOrder() {
        var headers: HTTPHeaders = ["Accept": "application/json", "X-Multi": "a"]
        headers.add(name: "x-multi", value: "b")
        #expect(headers["accept"] == "application/json")
        #expect(headers.values(for: "X-MULTI") == ["a", "b"])
        #expect(headers.map(\.name) == ["Accept", "X-Multi", "x-multi"])
        #expect(headers.contains("ACCEPT"))
        #expect(!headers.contains("Content-Type"))
    }

    @Test func settingReplacesAllFieldsInPlace() {
        var headers: HTTPHeaders = ["A": "1", "B": "2", "b": "3", "C": "4"]
        headers["B"] = "9"
        #expect(headers.map(\.name) == ["A", "B", "C"])
        #expect(headers["b"] == "9")
        headers["b"] = nil
        #expect(headers.count == 2)
        headers.remove("a")
        #expect(headers.map(\.name) == ["C"])
    }

    @Test func descriptionMasksSecretValues() {
        let headers: HTTPHeaders = ["Authorization": "Bearer s3cr3t", "Cookie": "id=xyz", "Accept": "*/*"]
        #expect(!headers.description.contains("s3cr3t"))
        #expect(!headers.description.contains("xyz"))
        #expect(headers.description.contains("Accept: */*"))
        #expect(headers.description.contains("Authorization: REDACTED"))
    }

    @Test func authenticationDescriptionHidesSecrets() {
        #expect(!HTTPAuthentication.bearer(token: "tok-123").description.contains("tok-123"))
        let basic = HTTPAuthentication.basic(user: "alice", password: "pa55")
        #expect(!basic.description.contains("pa55"))
        #expect(basic.description.contains("alice"))
    }

    @Test func requestTimeoutsOverrideFieldByField() {
        let merged = HTTPTimeouts(connect: .seconds(10), total: .seconds(30))
            .overridden(by: HTTPTimeouts(total: .milliseconds(300)))
        #expect(merged == HTTPTimeouts(connect: .seconds(10), total: .milliseconds(300)))
    }
}
