import Kubernetes

/// A change to a VirtualService: the patched object and the JSON patch that makes it, with `test`
/// operations on every old value it replaces (so a concurrent edit makes the patch fail instead of being
/// overwritten). Only weights change for a split; a promotion of an A/B route also removes that route
/// (or its `match`). Every other field is untouched.
public struct VirtualServiceEdit: Hashable, Sendable {
    /// The object before.
    public var original: JSONValue
    /// The object after the patch.
    public var object: JSONValue
    /// The RFC 6902 operations (tests first for each change); empty when nothing changes.
    public var operations: [JSONPatchOperation]

    /// Whether the edit changes anything.
    public var isEmpty: Bool { operations.isEmpty }

    /// The JSON patch to send.
    public var jsonPatch: KubePatch { .json(operations) }

    /// The same change as a JSON merge patch: `spec.http` in full (merge patches replace lists whole), so
    /// it carries no optimistic check of its own — prefer ``jsonPatch``.
    public var mergePatch: KubePatch {
        .merge(["spec": ["http": object["spec"]?["http"] ?? .array([])]])
    }
}
