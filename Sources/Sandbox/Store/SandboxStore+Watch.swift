import Foundation
import Kubernetes

/// One watch event, as kube-apiserver streams it: `{"type":"ADDED","object":{...}}`.
public struct SandboxWatchEvent: Hashable, Sendable {
    /// `ADDED`, `MODIFIED` or `DELETED`.
    public var type: String
    /// The object in the watched version.
    public var object: JSONValue

    /// The event as one JSON line.
    public var json: JSONValue { ["type": .string(type), "object": object] }
}

extension SandboxStore {
    /// Streams changes to objects of `type` in `namespace` (all when nil) that match the selectors.
    ///
    /// With `resourceVersion` nil or 0 the stream starts with an `ADDED` event per existing object; otherwise it
    /// replays the changes after that version from a bounded history, then continues live.
    ///
    /// - Throws: 404 for an unserved type, 410 Expired when `resourceVersion` is older than the history.
    public func watch(
        _ type: ResourceType, namespace: String?, labels: LabelSelector? = nil, fields: FieldSelector? = nil,
        resourceVersion: Int64? = nil
    ) throws -> AsyncStream<SandboxWatchEvent> {
        let served = try resolve(type)
        try fields?.check(served)
        let matches: @Sendable (ObjectKey, JSONValue) -> Bool = { key, object in
            key.group == served.storageGroup && key.resource == served.resource
                && (namespace == nil || !served.namespaced || key.namespace == namespace)
                && (labels?.matches(object: object) ?? true) && (fields?.matches(object: object) ?? true)
        }
        let (stream, continuation) = AsyncStream<SandboxWatchEvent>.makeStream(bufferingPolicy: .unbounded)
        if let since = resourceVersion, since > 0 {
            guard since >= historyFloor else {
                throw APIStatus(
                    code: 410, reason: "Expired", message: "too old resource version: \(since) (\(historyFloor))")
            }
            for change in history where change.resourceVersion > since {
                let key = ObjectKey(
                    group: change.resource.group, resource: change.resource.resource, namespace: change.namespace ?? "",
                    name: change.name)
                guard matches(key, change.object) else { continue }
                continuation.yield(Self.event(change, served: served, version: type.version))
            }
        } else {
            for (key, object) in objects.sorted(by: { $0.key < $1.key }) where matches(key, object) {
                continuation.yield(
                    SandboxWatchEvent(type: "ADDED", object: Self.presented(object, served: served, version: type.version)))
            }
        }
        let id = UUID()
        watchers[id] = { change in
            let key = ObjectKey(
                group: change.resource.group, resource: change.resource.resource, namespace: change.namespace ?? "",
                name: change.name)
            guard matches(key, change.object) else { return }
            continuation.yield(Self.event(change, served: served, version: type.version))
        }
        watcherEnds[id] = { continuation.finish() }
        continuation.onTermination = { _ in Task { await self.removeWatcher(id) } }
        return stream
    }

    /// Ends every watch and change stream (the server calls this when it stops).
    public func finishStreams() {
        for end in watcherEnds.values { end() }
        watchers.removeAll()
        watcherEnds.removeAll()
        finishSubscribers()
    }

    func removeWatcher(_ id: UUID) {
        watchers[id] = nil
        watcherEnds[id] = nil
    }

    private static func event(_ change: SandboxChange, served: ServedResource, version: String) -> SandboxWatchEvent {
        var object = presented(change.object, served: served, version: version)
        object["metadata"]?["resourceVersion"] = .string(String(change.resourceVersion))
        let type =
            switch change.kind {
            case .added: "ADDED"
            case .modified: "MODIFIED"
            case .deleted: "DELETED"
            }
        return SandboxWatchEvent(type: type, object: object)
    }
}
