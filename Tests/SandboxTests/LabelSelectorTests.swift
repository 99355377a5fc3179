import Kubernetes
import Testing

/// The label selectors the Sandbox filters lists with (the Kubernetes module's `LabelSelector`).
@Suite("Label selectors")
struct LabelSelectorTests {
    let labels = ["app": "reviews", "version": "v2", "tier": "web", "rank": "7"]

    @Test(
        "Matching selectors",
        arguments: [
            "", "app=reviews", "app==reviews", "version!=v1", "missing!=x", "app", "!canary",
            "tier in (web,api)", "tier in (web, api)", "version notin (v1,v3)", "missing notin (a)",
            "app=reviews,version!=v1,tier in (web)",
        ])
    func matches(_ text: String) throws {
        #expect(try LabelSelector(text).matches(labels))
    }

    @Test(
        "Non-matching selectors",
        arguments: [
            "app=ratings", "version!=v2", "canary", "!app", "tier in (api)", "tier notin (web)", "missing in (a)",
            "app=reviews,version=v1",
        ])
    func doesNotMatch(_ text: String) throws {
        #expect(try !LabelSelector(text).matches(labels))
    }

    @Test("Malformed selectors are rejected with 400", arguments: ["tier in web", "a=(b", "a b", "x=y z"])
    func malformed(_ text: String) {
        let error = #expect(throws: KubeError.self) { try LabelSelector(text) }
        #expect(error?.httpStatus == 400)
        #expect(error?.reason == "BadRequest")
    }
}
