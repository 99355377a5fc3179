extension CachedReads {
    /// A cached type: group and plural resource, and what a listing keeps of each of its objects.
    public struct CachedType: Hashable, Sendable {
        /// API group (`apps`, `networking.istio.io`).
        public var group: String
        /// Plural resource (`deployments`).
        public var resource: String
        /// What a listing keeps of each object.
        public var projection: Projection

        /// Creates one; by default its objects are kept whole but for `metadata.managedFields`.
        public init(group: String, resource: String, projection: Projection = .whole) {
            self.group = group
            self.resource = resource
            self.projection = projection
        }
    }

    /// A type by group and plural resource, whatever its version.
    struct TypeKey: Hashable {
        var group: String
        var resource: String
    }
}
