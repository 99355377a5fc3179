import Kubernetes
import Testing

@Suite("JSON merge patch (RFC 7386)")
struct JSONMergePatchTests {
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
}

@Suite("JSON patch (RFC 6902)")
struct JSONPatchTests {
    let document: JSONValue = [
        "spec": ["http": [["route": [["weight": 80], ["weight": 20]]]]], "metadata": ["labels": ["a/b": "1", "t~x": "2"]],
    ]

    @Test("replace, add, remove, copy, move and test apply in order")
    func operations() throws {
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

    @Test("a failed test names the operation and path and changes nothing")
    func failedTest() {
        #expect {
            _ = try JSONPatch.apply([JSONPatchOperation(op: "add", path: "/spec/x", value: 1), .test("/spec/http/0/route/0/weight", 79)], to: document)
        } throws: { error in
            let error = error as? JSONPatchError
            return error?.operationIndex == 1 && error?.description.contains("/spec/http/0/route/0/weight") == true
        }
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
}
