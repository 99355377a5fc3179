import Foundation
import Kubernetes
import Testing

@Suite("Status error bodies")
struct KubeErrorStatusTests {
    @Test(
        "the HTTP status picks the code",
        arguments: [
            (404, KubeError.Code.notFound), (409, .conflict), (422, .invalid), (400, .invalid), (401, .unauthorized),
            (403, .forbidden), (500, .unavailable), (503, .unavailable), (429, .unavailable), (410, .other),
        ])
    func codes(status: Int, code: KubeError.Code) {
        #expect(KubeError.Code(httpStatus: status) == code)
    }

    @Test("a Status body gives reason and message, and the request line is kept")
    func statusBody() throws {
        let body = Data(#"{"kind":"Status","apiVersion":"v1","status":"Failure","message":"virtualservices.networking.istio.io \"reviews\" not found","reason":"NotFound","code":404}"#.utf8)
        let error = KubeError(httpStatus: 404, body: body, request: "GET /apis/networking.istio.io/v1/namespaces/x/virtualservices/reviews")
        #expect(error.code == .notFound && error.reason == "NotFound")
        #expect(error.message == "virtualservices.networking.istio.io \"reviews\" not found")
        #expect(error.description.contains("GET /apis/networking.istio.io/v1/namespaces/x/virtualservices/reviews"))
    }

    @Test("a body that is not a Status is quoted briefly")
    func otherBody() {
        let error = KubeError(httpStatus: 502, body: Data("<html>bad gateway</html>".utf8), request: "GET /api")
        #expect(error.code == .unavailable && error.reason == nil)
        #expect(error.message.contains("bad gateway"))
    }

    @Test("statusObject round-trips through the decoder")
    func roundTrip() throws {
        let original = KubeError.staleResourceVersion(.deployment, name: "web")
        let decoded = KubeError(httpStatus: 409, body: try original.statusObject.encoded(), request: nil)
        #expect(decoded == original)
    }
}
