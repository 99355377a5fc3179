import Kubernetes
import Testing

/// `LabelSelector`, with which the Sandbox and the in-memory client filter lists as the API server does.
@Suite("Label selectors")
struct LabelSelectorTests {
    let labels = ["app": "reviews", "version": "v2", "tier": "web", "rank": "7"]

    @Test(
        "matching follows the API server's rules",
        arguments: [
            ("", true), ("app=reviews", true), ("app==reviews", true), ("app!=reviews", false), ("app=ratings", false),
            ("app=reviews,version!=v1", true), ("version in (v1, v2)", true), ("version notin (v2,v3)", false),
            ("tier", true), ("!tier", false), ("!legacy", true), ("missing!=x", true), ("missing in (x)", false),
            ("app=reviews, tier in (api,web), !legacy", true),
            ("version!=v1", true), ("app", true), ("!canary", true), ("tier in (web,api)", true),
            ("tier in (web, api)", true), ("version notin (v1,v3)", true), ("missing notin (a)", true),
            ("app=reviews,version!=v1,tier in (web)", true),
            ("version!=v2", false), ("canary", false), ("!app", false), ("tier in (api)", false),
            ("tier notin (web)", false), ("missing in (a)", false), ("app=reviews,version=v1", false),
        ])
    func matches(selector: String, expected: Bool) throws {
        #expect(try LabelSelector(selector).matches(labels) == expected)
    }

    @Test("an object's metadata.labels are matched")
    func objectLabels() throws {
        let object: JSONValue = ["metadata": ["labels": ["app": "reviews"]]]
        #expect(try LabelSelector("app=reviews").matches(object: object))
        #expect(try !LabelSelector("app=reviews").matches(object: ["metadata": [:]]))
    }

    @Test(
        "malformed selectors are invalid (400 BadRequest) and name the bad part",
        arguments: ["app=(x", "version in v1", "a b c", "=x", "tier in web", "a=(b", "a b", "x=y z"])
    func malformed(selector: String) {
        let error = #expect(throws: KubeError.self) { try LabelSelector(selector) }
        #expect(error?.code == .invalid)
        #expect(error?.httpStatus == 400)
        #expect(error?.reason == "BadRequest")
        #expect(error.map { "\($0)".contains("label selector") } == true)
    }
}
