import Kubernetes
import Testing

/// `JSONMergePatch`, which the Sandbox and the in-memory client apply to merge-patch requests.
@Suite("JSON merge patch (RFC 7386)")
struct JSONMergePatchTests {
    /// RFC 7386 Appendix A: original, patch, result.
    static let appendixA: [(String, String, String)] = [
        (#"{"a":"b"}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"b"}"#, #"{"b":"c"}"#, #"{"a":"b","b":"c"}"#),
        (#"{"a":"b"}"#, #"{"a":null}"#, #"{}"#),
        (#"{"a":"b","b":"c"}"#, #"{"a":null}"#, #"{"b":"c"}"#),
        (#"{"a":["b"]}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"c"}"#, #"{"a":["b"]}"#, #"{"a":["b"]}"#),
        (#"{"a":{"b":"c"}}"#, #"{"a":{"b":"d","c":null}}"#, #"{"a":{"b":"d"}}"#),
        (#"{"a":[{"b":"c"}]}"#, #"{"a":[1]}"#, #"{"a":[1]}"#),
        (#"["a","b"]"#, #"["c","d"]"#, #"["c","d"]"#),
        (#"{"a":"b"}"#, #"["c"]"#, #"["c"]"#),
        (#"{"a":"foo"}"#, #"null"#, #"null"#),
        (#"{"a":"foo"}"#, #""bar""#, #""bar""#),
        (#"{"e":null}"#, #"{"a":1}"#, #"{"e":null,"a":1}"#),
        (#"[1,2]"#, #"{"a":"b","c":null}"#, #"{"a":"b"}"#),
        (#"{}"#, #"{"a":{"bb":{"ccc":null}}}"#, #"{"a":{"bb":{}}}"#),
    ]

    @Test("Appendix A example", arguments: appendixA.indices)
    func appendixExample(_ index: Int) throws {
        let (original, patch, result) = Self.appendixA[index]
        #expect(JSONMergePatch.apply(try json(patch), to: try json(original)) == (try json(result)))
    }

    @Test("merges objects, removes members set to null, replaces arrays and scalars")
    func mergeRules() {
        let target: JSONValue = ["a": "b", "c": ["d": "e", "f": "g"], "list": [1, 2], "keep": true]
        let patch: JSONValue = ["a": "z", "c": ["f": nil], "list": [3], "new": ["x": 1]]
        let result = JSONMergePatch.apply(patch, to: target)
        #expect(result == ["a": "z", "c": ["d": "e"], "list": [3], "keep": true, "new": ["x": 1]])
    }

    @Test("a non-object patch replaces the whole target")
    func scalarPatch() {
        #expect(JSONMergePatch.apply(["x"], to: ["a": 1]) == ["x"])
        #expect(JSONMergePatch.apply(["a": 1], to: "text") == ["a": 1])
    }

    @Test("a label change in a VirtualService keeps every other field")
    func labelChange() throws {
        let original = try json(
            #"{"spec":{"hosts":["reviews"],"http":[{"route":[{"weight":90},{"weight":10}]}]},"metadata":{"name":"reviews","labels":{"a":"b"}}}"#
        )
        let patched = JSONMergePatch.apply(try json(#"{"metadata":{"labels":{"c":"d"}}}"#), to: original)
        #expect(patched["spec"] == original["spec"])
        #expect(patched["metadata"]?["labels"] == ["a": "b", "c": "d"])
    }
}
