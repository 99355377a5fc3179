import Foundation
import Kubernetes
import Sandbox
import Testing

/// RFC 6902 vectors for the JSON patch the Sandbox applies (the Kubernetes module's `JSONPatch`).
@Suite("JSON patch (RFC 6902)")
struct JSONPatchTests {
    /// RFC 6902 Appendix A examples that succeed: document, patch, result.
    static let successes: [(String, String, String, String)] = [
        ("A.1 add an object member", #"{"foo":"bar"}"#, #"[{"op":"add","path":"/baz","value":"qux"}]"#,
         #"{"baz":"qux","foo":"bar"}"#),
        ("A.2 add an array element", #"{"foo":["bar","baz"]}"#, #"[{"op":"add","path":"/foo/1","value":"qux"}]"#,
         #"{"foo":["bar","qux","baz"]}"#),
        ("A.3 remove an object member", #"{"baz":"qux","foo":"bar"}"#, #"[{"op":"remove","path":"/baz"}]"#,
         #"{"foo":"bar"}"#),
        ("A.4 remove an array element", #"{"foo":["bar","qux","baz"]}"#, #"[{"op":"remove","path":"/foo/1"}]"#,
         #"{"foo":["bar","baz"]}"#),
        ("A.5 replace a value", #"{"baz":"qux","foo":"bar"}"#, #"[{"op":"replace","path":"/baz","value":"boo"}]"#,
         #"{"baz":"boo","foo":"bar"}"#),
        ("A.6 move a value", #"{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}"#,
         #"[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]"#,
         #"{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}"#),
        ("A.7 move an array element", #"{"foo":["all","grass","cows","eat"]}"#,
         #"[{"op":"move","from":"/foo/1","path":"/foo/3"}]"#, #"{"foo":["all","cows","eat","grass"]}"#),
        ("A.8 test a value: success", #"{"baz":"qux","foo":["a",2,"c"]}"#,
         #"[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]"#,
         #"{"baz":"qux","foo":["a",2,"c"]}"#),
        ("A.10 add a nested member object", #"{"foo":"bar"}"#,
         #"[{"op":"add","path":"/child","value":{"grandchild":{}}}]"#, #"{"foo":"bar","child":{"grandchild":{}}}"#),
        ("A.11 ignore unrecognized elements", #"{"foo":"bar"}"#,
         #"[{"op":"add","path":"/baz","value":"qux","xyz":123}]"#, #"{"foo":"bar","baz":"qux"}"#),
        ("A.14 ~ escape ordering", #"{"/":9,"~1":10}"#, #"[{"op":"test","path":"/~01","value":10}]"#,
         #"{"/":9,"~1":10}"#),
        ("A.16 add an array value", #"{"foo":["bar"]}"#, #"[{"op":"add","path":"/foo/-","value":["abc","def"]}]"#,
         #"{"foo":["bar",["abc","def"]]}"#),
        ("copy", #"{"a":{"b":1}}"#, #"[{"op":"copy","from":"/a","path":"/c"}]"#, #"{"a":{"b":1},"c":{"b":1}}"#),
        ("test compares numbers by value", #"{"w":1}"#, #"[{"op":"test","path":"/w","value":1.0}]"#, #"{"w":1}"#),
    ]

    /// RFC 6902 examples (and edge cases) that must fail: document, patch, expected code.
    static let failures: [(String, String, String)] = [
        ("A.9 test a value: error", #"{"baz":"qux","foo":["a",2,"c"]}"#,
         #"[{"op":"test","path":"/baz","value":"bar"}]"#),
        ("A.12 add to a nonexistent target", #"{"foo":"bar"}"#, #"[{"op":"add","path":"/baz/bat","value":"qux"}]"#),
        ("A.15 compare strings and numbers", #"{"/":9,"~1":10}"#, #"[{"op":"test","path":"/~01","value":"10"}]"#),
        ("remove a missing member", #"{"a":1}"#, #"[{"op":"remove","path":"/b"}]"#),
        ("replace past the end", #"{"a":[1]}"#, #"[{"op":"replace","path":"/a/1","value":2}]"#),
        ("index with a leading zero", #"{"a":[1,2]}"#, #"[{"op":"remove","path":"/a/01"}]"#),
        ("move into its own child", #"{"a":{"b":{}}}"#, #"[{"op":"move","from":"/a","path":"/a/b/c"}]"#),
        ("unknown operation", #"{}"#, #"[{"op":"frobnicate","path":"/a"}]"#),
        ("pointer without a slash", #"{}"#, #"[{"op":"add","path":"a","value":1}]"#),
    ]

    @Test("Successful example", arguments: successes.indices)
    func success(_ index: Int) throws {
        let (_, document, patch, result) = Self.successes[index]
        #expect(try JSONPatch.apply(try operations(patch), to: try json(document)) == (try json(result)))
    }

    @Test("Failing example", arguments: failures.indices)
    func failure(_ index: Int) throws {
        let (_, document, patch) = Self.failures[index]
        let operations = try operations(patch)
        let error = #expect(throws: JSONPatchError.self) { try JSONPatch.apply(operations, to: try json(document)) }
        #expect(error?.operationIndex == 0)
    }

    @Test("A failing operation leaves nothing half-applied")
    func atomic() throws {
        let document = try json(#"{"a":1}"#)
        let operations = [
            JSONPatchOperation(op: "add", path: "/b", value: 2), .test("/a", 5),
        ]
        let error = #expect(throws: JSONPatchError.self) { try JSONPatch.apply(operations, to: document) }
        #expect(error?.operationIndex == 1)
        #expect(document == ["a": 1])
    }

    private func operations(_ text: String) throws -> [JSONPatchOperation] {
        try JSONDecoder().decode([JSONPatchOperation].self, from: Data(text.utf8))
    }
}
