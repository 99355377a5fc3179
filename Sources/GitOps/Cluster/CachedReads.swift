import Foundation
import Kubernetes
import Routing

/// A ``KubernetesClient`` that answers reads of some resource types from one LIST per type and namespace, kept
/// for ``maxAge``: a thousand experiments in one namespace cost one LIST of its Deployments, VirtualServices and
/// DestinationRules per ``maxAge`` instead of a GET and a LIST each per pass (which made a pass O(N²)).
///
/// - Reads of a cached type (`get` by name, `list` without a label selector) come from the namespace's listing,
///   fetched on first use and again once it is older than ``maxAge``; concurrent readers of a listing being
///   fetched wait for that one LIST. A name missing from a listing is `.notFound`, as the server would say.
/// - Writes go to the server; what the server returns (the object as stored) replaces the listing's copy, so this
///   client's own writes are seen at once. A write refused because the object changed meanwhile (`.conflict`,
///   `.invalid` — a failed JSON patch `test`) drops the namespace's listing, so the caller's retry reads afresh.
/// - Everything else (other types, label selectors, cluster-scoped reads, discovery) passes through.
/// - A listing keeps of each object what its type's ``Projection`` keeps: by default everything but
///   `metadata.managedFields`, so an object read here can be written back (the server keeps the managedFields a
///   write omits); the reconciler's Deployments only what readiness reads, and a read of them is a partial view.
///   `update` (PUT) of a type kept partially is refused with ``PartialViewWriteError``; a write's answer is
///   returned to its caller as the server sent it.
///
/// Changes made by others are seen within ``maxAge``, as with an informer's resync; a failed LIST is not
/// cached (the next read tries again).
public actor CachedReads: KubernetesClient {
    /// The client the reads and writes go to.
    let base: any KubernetesClient
    /// The types whose reads are cached, by group and resource (every version), and what is kept of their objects.
    let projections: [TypeKey: Projection]
    /// How long a listing answers reads.
    public nonisolated let maxAge: Duration
    let now: @Sendable () -> ContinuousClock.Instant
    var listings: [ListingKey: Listing] = [:]
    var fetches: [ListingKey: Task<Listing, any Error>] = [:]
    /// This client's writes made while a listing was being fetched (nil: deleted); applied over the fetched
    /// listing, which may predate them.
    var writesDuringFetch: [ListingKey: [String: JSONValue?]] = [:]
    /// LISTs sent so far (for tests and the benchmark's accounting).
    public private(set) var listCount = 0

    struct ListingKey: Hashable {
        var type: ResourceType
        var namespace: String
    }

    struct Listing: Sendable {
        var fetchedAt: ContinuousClock.Instant
        /// Names in the order the server listed them.
        var order: [String] = []
        var objects: [String: JSONValue] = [:]
        /// The objects in order, built at the first `list` after a change (nil until then): every reader until the
        /// next change gets the same array (cheap to compare). Not rebuilt at each write: the routers patch one
        /// VirtualService per iteration and list none, and rebuilding a namespace's array of a thousand objects at
        /// every patch made each pass's writes O(N²) (1.3 % of the CPU at 1,000 experiments).
        var array: [JSONValue]?

        /// Puts `object` (nil: removes `name`); ``array`` is built again when next listed.
        mutating func set(_ name: String, _ object: JSONValue?) {
            if let object {
                if objects.updateValue(object, forKey: name) == nil { order.append(name) }
            } else if objects.removeValue(forKey: name) != nil {
                order.removeAll { $0 == name }
            }
            array = nil
        }

        /// The objects in the order the server listed them.
        var ordered: [JSONValue] { array ?? order.compactMap { objects[$0] } }
    }

    /// What the reconciler reads per experiment: Deployments, of which only what readiness reads
    /// (``DeploymentVersionReadiness/cachedFields``; the service never writes a Deployment), and what the routing
    /// plug-ins read, whole but for managedFields (they patch it).
    public static func reconcilerTypes(routed: [RoutingResource]) -> Set<CachedType> {
        Set(
            [CachedType(group: "apps", resource: "deployments", projection: .partial(DeploymentVersionReadiness.cachedFields))]
                + routed.map { CachedType(group: $0.group, resource: $0.resource) })
    }

    /// Caches reads of `types` over `base` for `maxAge`. A type given twice with different projections keeps what
    /// either keeps (``Projection/union(_:)``).
    ///
    /// - Parameter now: the monotonic clock listings are aged by; injected for tests.
    public init(
        _ base: any KubernetesClient, types: Set<CachedType>, maxAge: Duration,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.base = base
        projections = Dictionary(
            types.map { (TypeKey(group: $0.group, resource: $0.resource), $0.projection) }, uniquingKeysWith: { $0.union($1) })
        self.maxAge = maxAge
        self.now = now
    }

    func caches(_ type: ResourceType, _ namespace: String?) -> ListingKey? {
        guard let namespace, type.namespaced, projections[TypeKey(group: type.group, resource: type.resource)] != nil
        else { return nil }
        return ListingKey(type: type, namespace: namespace)
    }

    /// What is kept of the objects of `type` (whole when the type is not cached).
    func projection(_ type: ResourceType) -> Projection {
        projections[TypeKey(group: type.group, resource: type.resource)] ?? .whole
    }

    /// The namespace's listing, fresh within ``maxAge``; one LIST at a time per key.
    func listing(_ key: ListingKey) async throws -> Listing {
        if let listing = listings[key], now() - listing.fetchedAt < maxAge { return listing }
        if let pending = fetches[key] {
            // The fetch another reader started: with this client's writes made meanwhile, as that reader stores it.
            var listing = try await pending.value
            if let stored = listings[key], stored.fetchedAt == listing.fetchedAt { return stored }
            for (name, object) in writesDuringFetch[key] ?? [:] { listing.set(name, object) }
            return listing
        }
        // A stale listing is never served: let it go before the new one is built, so the two are not held at once
        // (at 1,000 experiments a namespace's listings were about 24 MiB of heap, heaptrack, before the Deployments
        // were kept projected).
        listings[key] = nil
        let base = base
        let now = now
        let projection = projection(key.type)
        let fetch = Task<Listing, any Error> {
            let started = now()
            var objects = try await base.list(key.type, namespace: key.namespace, labelSelector: nil)
            // Only the projections are kept. Each replaces its whole object in place, which lets that one go at once:
            // the whole listing and its projection are never held together.
            for index in objects.indices { objects[index] = projection.apply(to: objects[index]) }
            var listing = Listing(fetchedAt: started)
            for object in objects {
                guard let name = object["metadata"]?["name"]?.stringValue else { continue }
                if listing.objects.updateValue(object, forKey: name) == nil { listing.order.append(name) }
            }
            return listing  // its ordered array is built at the first list (the Deployments' never is: read by name)
        }
        fetches[key] = fetch
        writesDuringFetch[key] = [:]
        listCount += 1
        defer {
            fetches[key] = nil
            writesDuringFetch[key] = nil
        }
        var listing = try await fetch.value
        for (name, object) in writesDuringFetch[key] ?? [:] { listing.set(name, object) }
        listings[key] = listing
        return listing
    }

    /// Puts a stored object (what its type's projection keeps of it) into its namespace's listing, if that is cached.
    func store(_ stored: JSONValue, _ key: ListingKey?) {
        guard let key, let name = stored["metadata"]?["name"]?.stringValue else { return }
        let object = projection(key.type).apply(to: stored)
        if fetches[key] != nil { writesDuringFetch[key, default: [:]][name] = .some(object) }
        guard var listing = listings[key] else { return }
        listing.set(name, object)
        listings[key] = listing
    }

    /// Drops a namespace's listing after a refused write (the object changed meanwhile).
    func forget(_ key: ListingKey?, after error: any Error) {
        guard let key, let error = error as? KubeError, error.code == .conflict || error.code == .invalid else { return }
        listings[key] = nil
    }

    /// Drops every listing: the next reads list afresh.
    public func invalidate() {
        listings.removeAll()
    }

    // MARK: KubernetesClient

    public func servedVersions(ofGroup group: String) async throws -> [String] {
        try await base.servedVersions(ofGroup: group)
    }

    public func get(_ type: ResourceType, namespace: String?, name: String) async throws -> JSONValue {
        guard let key = caches(type, namespace) else { return try await base.get(type, namespace: namespace, name: name) }
        guard let object = try await listing(key).objects[name] else { throw KubeError.notFound(type, name: name) }
        return object
    }

    public func list(_ type: ResourceType, namespace: String?, labelSelector: String?) async throws -> [JSONValue] {
        guard labelSelector == nil, let key = caches(type, namespace) else {
            return try await base.list(type, namespace: namespace, labelSelector: labelSelector)
        }
        let listing = try await listing(key)
        if let array = listing.array { return array }
        // The stored listing is the one just returned when it has its fetch time (`listing(_:)` returns it or stores
        // it without a suspension after): its array is kept for the next readers, until the next write or LIST.
        guard var stored = listings[key], stored.fetchedAt == listing.fetchedAt else { return listing.ordered }
        let array = stored.ordered
        stored.array = array
        listings[key] = stored
        return array
    }

    public func create(_ type: ResourceType, namespace: String?, object: JSONValue) async throws -> JSONValue {
        let key = caches(type, namespace)
        do {
            let stored = try await base.create(type, namespace: namespace, object: object)
            store(stored, key)
            return stored
        } catch {
            forget(key, after: error)
            throw error
        }
    }

    /// Replaces an object (PUT) — except of a type kept partially, whatever the namespace: an object read through
    /// this client may be a partial view, and a PUT of one would delete what it lacks.
    ///
    /// - Throws: ``PartialViewWriteError`` for a type kept partially, before anything is sent.
    public func update(_ type: ResourceType, namespace: String?, object: JSONValue) async throws -> JSONValue {
        if projection(type).isPartial {
            throw PartialViewWriteError(
                resource: "\(type.resource).\(type.group)", namespace: namespace ?? object["metadata"]?["namespace"]?.stringValue,
                name: object["metadata"]?["name"]?.stringValue ?? "")
        }
        let key = caches(type, namespace)
        do {
            let stored = try await base.update(type, namespace: namespace, object: object)
            store(stored, key)
            return stored
        } catch {
            forget(key, after: error)
            throw error
        }
    }

    public func patch(_ type: ResourceType, namespace: String?, name: String, patch: KubePatch) async throws -> JSONValue {
        let key = caches(type, namespace)
        do {
            let stored = try await base.patch(type, namespace: namespace, name: name, patch: patch)
            store(stored, key)
            return stored
        } catch {
            forget(key, after: error)
            throw error
        }
    }

    public func delete(_ type: ResourceType, namespace: String?, name: String) async throws {
        let key = caches(type, namespace)
        do {
            try await base.delete(type, namespace: namespace, name: name)
        } catch {
            if let key, (error as? KubeError)?.code == .notFound { listings[key]?.set(name, nil) }
            forget(key, after: error)
            throw error
        }
        if let key, fetches[key] != nil { writesDuringFetch[key, default: [:]][name] = .some(nil) }
        if let key { listings[key]?.set(name, nil) }
    }
}
