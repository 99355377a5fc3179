import Kubernetes

/// What an in-process mirror of some resources (the simulated mesh's topology) needs to catch up with the store.
struct SandboxMirrorFeed: Sendable {
    /// The writes to catch up with, oldest first; for a ``complete`` feed, every stored object as `added`.
    var changes: [SandboxChange]
    /// Whether ``changes`` is the whole content of the resources: the mirror starts over from it.
    var complete: Bool
    /// The store's resourceVersion the mirror is at once it has applied ``changes``.
    var resourceVersion: Int64
}

extension SandboxStore {
    /// The writes to objects of `resources` (by `ServedResource.qualifiedResource`) after `resourceVersion`,
    /// from the bounded change history; when it no longer reaches back that far, or `resourceVersion` is nil,
    /// every stored object of those resources instead (sorted by namespace and name). One actor call, so
    /// nothing falls between the feed and the resourceVersion it reports. O(changes) when caught up.
    func mirrorFeed(of resources: Set<String>, after resourceVersion: Int64?) -> SandboxMirrorFeed {
        if let since = resourceVersion, since >= historyFloor {
            guard since < revision else { return SandboxMirrorFeed(changes: [], complete: false, resourceVersion: revision) }
            var low = 0
            var high = history.count
            while low < high {  // the first change after `since`
                let middle = (low + high) / 2
                if history[middle].resourceVersion <= since { low = middle + 1 } else { high = middle }
            }
            let changes = history[low...].filter { resources.contains($0.resource.qualifiedResource) }
            return SandboxMirrorFeed(changes: changes, complete: false, resourceVersion: revision)
        }
        var changes: [SandboxChange] = []
        for (key, object) in objects.sorted(by: { $0.key < $1.key }) {
            guard let served = ServedResource.find(group: key.group, resource: key.resource),
                resources.contains(served.qualifiedResource)
            else { continue }
            changes.append(
                SandboxChange(
                    kind: .added, resource: served, namespace: key.namespace.isEmpty ? nil : key.namespace, name: key.name,
                    object: object, resourceVersion: revision))
        }
        return SandboxMirrorFeed(changes: changes, complete: true, resourceVersion: revision)
    }
}
