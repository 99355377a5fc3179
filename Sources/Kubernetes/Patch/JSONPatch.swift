/// RFC 6902 JSON patch: `add`, `remove`, `replace`, `move`, `copy` and `test`, applied all or nothing.
public enum JSONPatch {
    /// Applies `operations` in order to `target` and returns the result.
    ///
    /// - Throws: ``JSONPatchError`` naming the first operation that failed; `target` is then left unchanged.
    public static func apply(_ operations: [JSONPatchOperation], to target: JSONValue) throws -> JSONValue {
        var document = target
        for (index, operation) in operations.enumerated() {
            do {
                try apply(operation, to: &document)
            } catch var error as JSONPatchError {
                error.operationIndex = index
                throw error
            }
        }
        return document
    }

    private static func apply(_ operation: JSONPatchOperation, to document: inout JSONValue) throws {
        let path = try JSONPointer(operation.path)
        func requiredValue() throws -> JSONValue {
            guard let value = operation.value else { throw JSONPatchError("\(operation.op) \(path) has no value") }
            return value
        }
        func requiredFrom() throws -> JSONPointer {
            guard let from = operation.from else { throw JSONPatchError("\(operation.op) \(path) has no from") }
            return try JSONPointer(from)
        }
        switch operation.op {
        case "add":
            try add(try requiredValue(), at: path, in: &document)
        case "remove":
            _ = try remove(at: path, in: &document)
        case "replace":
            let value = try requiredValue()
            guard path.value(in: document) != nil else { throw JSONPatchError("replace: path \(path) does not exist") }
            if path.tokens.isEmpty {
                document = value
            } else {
                _ = try remove(at: path, in: &document)
                try add(value, at: path, in: &document)
            }
        case "move":
            let from = try requiredFrom()
            if from == path { return }
            if path.tokens.starts(with: from.tokens) {
                throw JSONPatchError("move: \(from) cannot be moved into its own child \(path)")
            }
            let value = try remove(at: from, in: &document)
            try add(value, at: path, in: &document)
        case "copy":
            let from = try requiredFrom()
            guard let value = from.value(in: document) else { throw JSONPatchError("copy: from \(from) does not exist") }
            try add(value, at: path, in: &document)
        case "test":
            let expected = try requiredValue()
            guard let actual = path.value(in: document) else { throw JSONPatchError("test: path \(path) does not exist") }
            guard actual.numericallyEqual(to: expected) else {
                throw JSONPatchError("test: value at \(path) is not the expected value")
            }
        default:
            throw JSONPatchError("unknown operation \"\(operation.op)\" at \(path)")
        }
    }

    private static func add(_ value: JSONValue, at path: JSONPointer, in document: inout JSONValue) throws {
        guard let last = path.tokens.last else {
            document = value
            return
        }
        try modifyParent(of: path, in: &document) { parent in
            switch parent {
            case .object(var members):
                members[last] = value
                parent = .object(members)
            case .array(var elements):
                if last == "-" {
                    elements.append(value)
                } else if let index = JSONPointer.index(last), index <= elements.count {
                    elements.insert(value, at: index)
                } else {
                    throw JSONPatchError("add: index \"\(last)\" is out of range at \(path)")
                }
                parent = .array(elements)
            default:
                throw JSONPatchError("add: the parent of \(path) is not an object or array")
            }
        }
    }

    private static func remove(at path: JSONPointer, in document: inout JSONValue) throws -> JSONValue {
        guard let last = path.tokens.last else { throw JSONPatchError("remove: cannot remove the whole document") }
        var removed: JSONValue = .null
        try modifyParent(of: path, in: &document) { parent in
            switch parent {
            case .object(var members):
                guard let value = members.removeValue(forKey: last) else {
                    throw JSONPatchError("remove: path \(path) does not exist")
                }
                removed = value
                parent = .object(members)
            case .array(var elements):
                guard let index = JSONPointer.index(last), elements.indices.contains(index) else {
                    throw JSONPatchError("remove: path \(path) does not exist")
                }
                removed = elements.remove(at: index)
                parent = .array(elements)
            default:
                throw JSONPatchError("remove: path \(path) does not exist")
            }
        }
        return removed
    }

    /// Walks to the container holding the pointer's last token and lets `body` change it in place.
    private static func modifyParent(
        of path: JSONPointer, in document: inout JSONValue, _ body: (inout JSONValue) throws -> Void
    ) throws {
        func walk(_ node: inout JSONValue, _ tokens: ArraySlice<String>) throws {
            guard let token = tokens.first else {
                try body(&node)
                return
            }
            switch node {
            case .object(var members):
                guard var child = members[token] else { throw JSONPatchError("path \(path) does not exist") }
                members[token] = nil  // keep the child uniquely referenced while it changes
                try walk(&child, tokens.dropFirst())
                members[token] = child
                node = .object(members)
            case .array(var elements):
                guard let index = JSONPointer.index(token), elements.indices.contains(index) else {
                    throw JSONPatchError("path \(path) does not exist")
                }
                try walk(&elements[index], tokens.dropFirst())
                node = .array(elements)
            default:
                throw JSONPatchError("path \(path) does not exist")
            }
        }
        try walk(&document, path.tokens.dropLast()[...])
    }
}

extension JSONValue {
    /// Equality where `1` and `1.0` are the same number (RFC 6902 `test` compares JSON values, not encodings).
    func numericallyEqual(to other: JSONValue) -> Bool {
        switch (self, other) {
        case (.integer, .number), (.number, .integer): return doubleValue == other.doubleValue
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.numericallyEqual(to: $1) }
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map { value.numericallyEqual(to: $0) } ?? false }
        default: return self == other
        }
    }
}
