import Foundation
import Kubernetes
import Testing

/// `JSONPatch`, which the Sandbox and the in-memory client apply to JSON-patch requests: the RFC 6902 Appendix A
/// vectors, and the operations the reconciler's patches use.
@Suite("JSON patch (RFC 6902)")
struct JSONPatchTests {
    let document: JSONValue = [
        "spec": ["http": [["route": [["weight": 80], ["weight": 20]]]]], "metadata": ["labels": ["a/b": "1", "t~x": "2"]],
    ]

    /// RFC 6902 Appendix A examples that succeed (and a copy): name, document, patch, result.
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
    ]

    /// RFC 6902 examples (and edge cases) that must fail at their first operation: name, document, patch.
    static let failures: [(String, String, String)] = [
        ("A.9 test a value: error", #"{"baz":"qux","foo":["a",2,"c"]}"#,
         #"[{"op":"test","path":"/baz","value":"bar"}]"#),
        ("A.12 add to a nonexistent target", #"{"foo":"bar"}"#, #"[{"op":"add","path":"/baz/bat","value":"qux"}]"#),
        ("A.15 compare strings and numbers", #"{"/":9,"~1":10}"#, #"[{"op":"test","path":"/~01","value":"10"}]"#),
        ("remove a missing member", #"{"a":1}"#, #"[{"op":"remove","path":"/b"}]"#),
        ("replace past the end", #"{"a":[1]}"#, #"[{"op":"replace","path":"/a/1","value":2}]"#),
        ("index with a leading zero", #"{"a":[1,2]}"#, #"[{"op":"remove","path":"/a/01"}]"#),
        ("move into its own child", #"{"a":{"b":{}}}"#, #"[{"op":"move","from":"/a","path":"/a/b/c"}]"#),
    ]

    @Test("RFC 6902 example that succeeds", arguments: successes.indices)
    func success(_ index: Int) throws {
        let (_, document, patch, result) = Self.successes[index]
        #expect(try JSONPatch.apply(try operations(patch), to: try json(document)) == (try json(result)))
    }

    @Test("RFC 6902 example that fails", arguments: failures.indices)
    func failure(_ index: Int) throws {
        let (_, document, patch) = Self.failures[index]
        let operations = try operations(patch)
        let error = #expect(throws: JSONPatchError.self) { try JSONPatch.apply(operations, to: try json(document)) }
        #expect(error?.operationIndex == 0)
    }

    @Test("replace, add, remove, copy, move and test apply in order")
    func operationsApplyInOrder() throws {
        let result = try JSONPatch.apply(
            [
                .test("/spec/http/0/route/0/weight", 80),
                .replace("/spec/http/0/route/0/weight", 50),
                .replace("/spec/http/0/route/1/weight", 50),
                JSONPatchOperation(op: "add", path: "/spec/http/0/route/-", value: ["weight": 0]),
                JSONPatchOperation(op: "add", path: "/spec/http/0/route/0", value: ["weight": 1]),
                JSONPatchOperation(op: "remove", path: "/spec/http/0/route/0"),
                JSONPatchOperation(op: "copy", path: "/spec/copied", from: "/metadata/labels/a~1b"),
                JSONPatchOperation(op: "move", path: "/spec/moved", from: "/metadata/labels/t~0x"),
            ], to: document)
        #expect(result["spec"]?["http"]?[0]?["route"] == [["weight": 50], ["weight": 50], ["weight": 0]])
        #expect(result["spec"]?["copied"] == "1")
        #expect(result["spec"]?["moved"] == "2")
        #expect(result["metadata"]?["labels"] == ["a/b": "1"])
    }

    @Test("a failed test names the operation and path and leaves nothing half-applied")
    func failedTest() {
        let operations = [JSONPatchOperation(op: "add", path: "/spec/x", value: 1), .test("/spec/http/0/route/0/weight", 79)]
        var patched = document
        let error = #expect(throws: JSONPatchError.self) { patched = try JSONPatch.apply(operations, to: document) }
        #expect(error?.operationIndex == 1)
        #expect(error?.description.contains("/spec/http/0/route/0/weight") == true)
        #expect(patched == document)
    }

    @Test("test compares 80 and 80.0 as equal numbers")
    func numericTest() throws {
        _ = try JSONPatch.apply([.test("/spec/http/0/route/0/weight", 80.0)], to: document)
    }

    @Test("replacing or removing a missing path fails", arguments: ["replace", "remove"])
    func missingPath(op: String) {
        #expect(throws: JSONPatchError.self) {
            try JSONPatch.apply([JSONPatchOperation(op: op, path: "/spec/nope/0", value: 1)], to: document)
        }
    }

    @Test("out-of-range indexes, bad pointers and unknown operations fail")
    func malformed() {
        for operation in [
            JSONPatchOperation(op: "add", path: "/spec/http/5", value: 1),
            JSONPatchOperation(op: "add", path: "spec", value: 1),
            JSONPatchOperation(op: "frobnicate", path: "/spec"),
            JSONPatchOperation(op: "replace", path: "/spec"),
            JSONPatchOperation(op: "move", path: "/spec/http/0", from: "/spec"),
        ] {
            #expect(throws: JSONPatchError.self, "\(operation.op) \(operation.path)") {
                try JSONPatch.apply([operation], to: document)
            }
        }
    }

    @Test("pointers unescape ~0 and ~1 and print escaped")
    func pointer() throws {
        let pointer = try JSONPointer("/a~1b/t~0x/0")
        #expect(pointer.tokens == ["a/b", "t~x", "0"])
        #expect(pointer.description == "/a~1b/t~0x/0")
        #expect(throws: JSONPatchError.self) { try JSONPointer("/bad~2") }
    }

    @Test("a patch error becomes a 422 Invalid KubeError")
    func patchErrorAsKubeError() {
        let error = KubeError(patchError: JSONPatchError("test failed", operationIndex: 0), request: "PATCH /x")
        #expect(error.code == .invalid && error.httpStatus == 422 && error.reason == "Invalid")
    }

    private func operations(_ text: String) throws -> [JSONPatchOperation] {
        try JSONDecoder().decode([JSONPatchOperation].self, from: Data(text.utf8))
    }
}
