/// The Kubernetes API as the reconciler uses it: namespaced objects kept as raw JSON, so fields it does
/// not know survive a round trip. One implementation talks REST over ``HTTPTransport``; an in-memory one
/// serves fast tests.
///
/// Every method throws ``KubeError``: `.notFound` (404), `.conflict` (409, a stale `resourceVersion` or an
/// existing name), `.invalid` (422), `.unauthorized` (401), `.forbidden` (403), `.unavailable` (network,
/// 5xx), with the decoded Kubernetes `Status` reason and message.
public protocol KubernetesClient: Sendable {
    /// The versions of `group` the server serves, preferred first (discovery, `/apis/<group>`).
    func servedVersions(ofGroup group: String) async throws -> [String]

    /// Reads one object.
    func get(_ type: ResourceType, namespace: String?, name: String) async throws -> JSONValue

    /// Lists objects, optionally filtered by a label selector such as `app=reviews,version!=v1`.
    func list(_ type: ResourceType, namespace: String?, labelSelector: String?) async throws -> [JSONValue]

    /// Creates an object; returns it as stored (with `resourceVersion`).
    func create(_ type: ResourceType, namespace: String?, object: JSONValue) async throws -> JSONValue

    /// Replaces an object; its `metadata.resourceVersion` must be current, or this throws `.conflict`.
    func update(_ type: ResourceType, namespace: String?, object: JSONValue) async throws -> JSONValue

    /// Patches an object with a JSON merge patch or a JSON patch; returns it as stored.
    func patch(_ type: ResourceType, namespace: String?, name: String, patch: KubePatch) async throws -> JSONValue

    /// Deletes an object.
    func delete(_ type: ResourceType, namespace: String?, name: String) async throws
}

/// A patch body and its content type.
public enum KubePatch: Hashable, Sendable {
    /// RFC 7386 JSON merge patch (`application/merge-patch+json`).
    case merge(JSONValue)
    /// RFC 6902 JSON patch (`application/json-patch+json`): a list of operations.
    case json([JSONPatchOperation])

    /// The HTTP content type.
    public var contentType: String {
        switch self {
        case .merge: "application/merge-patch+json"
        case .json: "application/json-patch+json"
        }
    }
}

/// One RFC 6902 operation.
public struct JSONPatchOperation: Hashable, Sendable, Codable {
    /// `add`, `remove`, `replace`, `move`, `copy` or `test`.
    public var op: String
    /// JSON pointer, e.g. `/spec/http/0/route/1/weight`.
    public var path: String
    /// The value, for add, replace and test.
    public var value: JSONValue?
    /// The source pointer, for move and copy.
    public var from: String?

    /// Creates an operation.
    public init(op: String, path: String, value: JSONValue? = nil, from: String? = nil) {
        self.op = op
        self.path = path
        self.value = value
        self.from = from
    }

    /// `replace` at `path` with `value`.
    public static func replace(_ path: String, _ value: JSONValue) -> JSONPatchOperation {
        JSONPatchOperation(op: "replace", path: path, value: value)
    }

    /// `test` that `path` holds `value` (the patch fails otherwise).
    public static func test(_ path: String, _ value: JSONValue) -> JSONPatchOperation {
        JSONPatchOperation(op: "test", path: path, value: value)
    }
}
