import Kubernetes

/// Collects RFC 6902 operations (a `test` before each change, so a concurrent edit makes the patch fail instead
/// of being overwritten) and computes the object they make with the Kubernetes module's implementation — the
/// same operations the router sends. Shared by the routing plug-ins.
public struct JSONPatchBuilder: Sendable {
    /// The operations, in order.
    public private(set) var operations: [JSONPatchOperation] = []

    /// An empty patch.
    public init() {}

    /// `test` that `pointer` holds `value`.
    public mutating func test(_ pointer: ValuePath, _ value: JSONValue) { append("test", pointer, value) }
    /// `replace` the value at `pointer`.
    public mutating func replace(_ pointer: ValuePath, _ value: JSONValue) { append("replace", pointer, value) }
    /// `add` a member or element at `pointer`.
    public mutating func add(_ pointer: ValuePath, _ value: JSONValue) { append("add", pointer, value) }
    /// `remove` the value at `pointer`.
    public mutating func remove(_ pointer: ValuePath) { append("remove", pointer, nil) }

    private mutating func append(_ op: String, _ pointer: ValuePath, _ value: JSONValue?) {
        operations.append(JSONPatchOperation(op: op, path: pointer.description, value: value))
    }

    /// `object` with the operations applied.
    ///
    /// - Throws: the Kubernetes module's ``Kubernetes/JSONPatch`` error when an operation does not apply.
    public func applied(to object: JSONValue) throws -> JSONValue {
        try JSONPatch.apply(operations, to: object)
    }
}
