import Kubernetes

extension CachedReads {
    /// What a listing keeps of each object of a cached type (listed, or returned by a write through the cache).
    ///
    /// Listings are most of what the service holds of the cluster (at 1,000 experiments, 2,000 Deployments and
    /// 1,000 VirtualServices and DestinationRules), and most of a real object is read by nobody here: a Deployment's
    /// pod template and `kubectl.kubernetes.io/last-applied-configuration`, and every object's `metadata.managedFields`
    /// (one entry per writer, often the largest part of the object).
    public enum Projection: Hashable, Sendable {
        /// The object as the server returned it, less `metadata.managedFields`: whole for a read–modify–write, since
        /// the API server keeps an object's managedFields when an update or patch omits them. Kubernetes documents that
        /// only a list holding one empty entry clears them, and that an empty list does not, "so managedFields never
        /// get stripped by clients not aware of the field" (https://kubernetes.io/docs/reference/using-api/server-side-apply/#clearing-managedfields);
        /// the field manager takes the live object's when the written ones are empty, "to prevent clients who don't
        /// understand managedFields from deleting it accidentally" (k8s.io/apimachinery
        /// pkg/util/managedfields/internal/fieldmanager.go). Everything else, annotations included, is kept.
        case whole
        /// Only `fields` (a partial view): for a type whose readers read no more and whose objects the service never
        /// writes back. ``CachedReads`` refuses to `update` (PUT) a type kept partially (``PartialViewWriteError``),
        /// so a view it served cannot replace the stored object by accident.
        case partial(JSONFieldSet)

        /// Whether reads return part of the object only.
        public var isPartial: Bool {
            if case .partial = self { true } else { false }
        }

        /// What this projection keeps of `object`.
        public func apply(to object: JSONValue) -> JSONValue {
            switch self {
            case .whole:
                guard object["metadata"]?["managedFields"] != nil else { return object }
                var object = object
                object["metadata"]?["managedFields"] = nil
                return object
            case .partial(let fields):
                return object.projected(onto: fields)
            }
        }

        /// The projection that keeps what either keeps: ``whole`` when either is.
        public func union(_ other: Projection) -> Projection {
            switch (self, other) {
            case (.partial(let mine), .partial(let theirs)): .partial(mine.union(theirs))
            default: .whole
            }
        }
    }
}
