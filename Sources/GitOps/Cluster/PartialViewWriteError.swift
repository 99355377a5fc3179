/// An `update` (PUT, a whole-object replacement) of a type ``CachedReads`` keeps only part of
/// (``CachedReads/Projection/partial(_:)``), refused before anything is sent: an object read through that client is a
/// partial view, and writing one back whole would delete every field it lacks. Patch the fields instead, or write
/// through a client that does not cache the type.
public struct PartialViewWriteError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The resource, `deployments.apps`.
    public var resource: String
    /// The namespace written in, if any.
    public var namespace: String?
    /// The object's name.
    public var name: String

    /// Creates one.
    public init(resource: String, namespace: String?, name: String) {
        self.resource = resource
        self.namespace = namespace
        self.name = name
    }

    public var description: String {
        "refused to update \(resource) \(namespace.map { "\($0)/" } ?? "")\(name): the read cache keeps only part of each "
            + "\(resource) object, and a PUT of a partial object would delete the rest (patch it instead)"
    }
}
