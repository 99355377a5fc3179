import Kubernetes

/// A change to an HTTPRoute: the patched object and the JSON patch that makes it, with `test` operations on every
/// old value it replaces (so a concurrent edit makes the patch fail instead of being overwritten). Only weights
/// change for a split; a promotion of an A/B rule also removes that rule (or its `matches`). Every other field is
/// untouched.
public struct HTTPRouteEdit: Hashable, Sendable {
    /// The object before.
    public var original: JSONValue
    /// The object after the patch.
    public var object: JSONValue
    /// The RFC 6902 operations (tests first for each change); empty when nothing changes.
    public var operations: [JSONPatchOperation]

    /// Creates an edit.
    public init(original: JSONValue, object: JSONValue, operations: [JSONPatchOperation]) {
        self.original = original
        self.object = object
        self.operations = operations
    }

    /// Whether the edit changes anything.
    public var isEmpty: Bool { operations.isEmpty }

    /// The JSON patch to send.
    public var jsonPatch: KubePatch { .json(operations) }
}
