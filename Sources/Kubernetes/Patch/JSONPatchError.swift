/// Why a JSON patch could not be applied: a missing path, a failed `test`, a malformed operation.
///
/// The API server answers these with 422 (`Invalid`); ``KubeError/init(patchError:request:)`` builds that error.
public struct JSONPatchError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, naming the operation and path.
    public var message: String
    /// The zero-based index of the failing operation, when one failed.
    public var operationIndex: Int?

    /// Creates an error.
    public init(_ message: String, operationIndex: Int? = nil) {
        self.message = message
        self.operationIndex = operationIndex
    }

    public var description: String {
        operationIndex.map { "JSON patch operation \($0): \(message)" } ?? "JSON patch: \(message)"
    }
}

extension KubeError {
    /// The 422 `Invalid` error the API server returns for a patch that does not apply.
    public init(patchError: JSONPatchError, request: String? = nil) {
        self.init(code: .invalid, httpStatus: 422, reason: "Invalid", message: patchError.description, request: request)
    }
}
