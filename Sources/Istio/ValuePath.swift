import Kubernetes

/// A path into a JSON value (object members and array elements), rendered as an RFC 6901 JSON pointer.
struct ValuePath: Hashable, Sendable, CustomStringConvertible, ExpressibleByArrayLiteral {
    /// One step: an object member or an array index.
    enum Step: Hashable, Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
        /// An object member.
        case key(String)
        /// An array element.
        case index(Int)

        /// A member step.
        init(stringLiteral value: String) { self = .key(value) }
        /// An index step.
        init(integerLiteral value: Int) { self = .index(value) }
    }

    /// The steps from the root.
    var steps: [Step]

    /// Creates a pointer from steps.
    init(_ steps: [Step]) { self.steps = steps }

    /// Creates a pointer from literal steps.
    init(arrayLiteral elements: Step...) { steps = elements }

    /// The pointer extended by `step`.
    func appending(_ step: Step) -> ValuePath { ValuePath(steps + [step]) }

    /// `/spec/http/0/route/1/weight` (with `~` and `/` escaped).
    var description: String {
        steps.map { step in
            switch step {
            case .key(let key): "/" + key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
            case .index(let index): "/\(index)"
            }
        }.joined()
    }
}

extension JSONValue {
    /// The value at `pointer`, or nil when a step is missing.
    func value(at pointer: ValuePath) -> JSONValue? {
        var current = self
        for step in pointer.steps {
            switch step {
            case .key(let key):
                guard let next = current[key] else { return nil }
                current = next
            case .index(let index):
                guard let next = current[index] else { return nil }
                current = next
            }
        }
        return current
    }

    /// Sets the value at `pointer`; every step but the last must exist (the last may add a member).
    /// Returns false when the path does not exist.
    @discardableResult
    mutating func set(_ newValue: JSONValue, at pointer: ValuePath) -> Bool {
        update(at: pointer.steps[...]) { $0 = newValue }
    }

    /// Removes the member or element at `pointer`; false when it does not exist.
    @discardableResult
    mutating func remove(at pointer: ValuePath) -> Bool {
        guard let last = pointer.steps.last else { return false }
        return update(at: pointer.steps.dropLast()) { parent in
            switch (last, parent) {
            case (.key(let key), .object(var members)) where members[key] != nil:
                members[key] = nil
                parent = .object(members)
            case (.index(let index), .array(var elements)) where elements.indices.contains(index):
                elements.remove(at: index)
                parent = .array(elements)
            default:
                break
            }
        }
    }

    private mutating func update(at steps: ArraySlice<ValuePath.Step>, _ body: (inout JSONValue) -> Void) -> Bool {
        guard let first = steps.first else {
            body(&self)
            return true
        }
        let rest = steps.dropFirst()
        switch (first, self) {
        case (.key(let key), .object(var members)):
            if rest.isEmpty && members[key] == nil {
                var created = JSONValue.null
                body(&created)
                members[key] = created
                self = .object(members)
                return true
            }
            guard var child = members[key] else { return false }
            let done = child.update(at: rest, body)
            members[key] = child
            self = .object(members)
            return done
        case (.index(let index), .array(var elements)) where elements.indices.contains(index):
            let done = elements[index].update(at: rest, body)
            self = .array(elements)
            return done
        default:
            return false
        }
    }
}
