import Kubernetes
import Testing

@Suite("Label selectors")
struct LabelSelectorTests {
    let labels = ["app": "reviews", "version": "v2", "tier": "web"]

    @Test(
        "matching follows the API server's rules",
        arguments: [
            ("", true), ("app=reviews", true), ("app==reviews", true), ("app!=reviews", false), ("app=ratings", false),
            ("app=reviews,version!=v1", true), ("version in (v1, v2)", true), ("version notin (v2,v3)", false),
            ("tier", true), ("!tier", false), ("!legacy", true), ("missing!=x", true), ("missing in (x)", false),
            ("app=reviews, tier in (api,web), !legacy", true),
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

    @Test("malformed selectors are invalid and name the bad part", arguments: ["app=(x", "version in v1", "a b c", "=x"])
    func malformed(selector: String) {
        #expect {
            _ = try LabelSelector(selector)
        } throws: { error in
            (error as? KubeError)?.code == .invalid && "\(error)".contains("label selector")
        }
    }
}
