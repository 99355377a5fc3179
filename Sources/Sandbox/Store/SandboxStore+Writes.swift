import Foundation
import Kubernetes

extension SandboxStore {
    /// Creates an object (POST): fills `uid`, `creationTimestamp`, `resourceVersion` and `generation: 1`.
    ///
    /// - Throws: 400 when `apiVersion`/`kind`/`namespace` disagree with the request, 422 for a missing or
    ///   invalid name, 404 when the namespace does not exist, 409 AlreadyExists.
    public func create(_ type: ResourceType, namespace: String?, object: JSONValue, dryRun: Bool = false) throws
        -> JSONValue
    {
        let served = try resolve(type)
        var body = try ObjectValidation.typeMeta(object, served: served, version: type.version)
        var metadata = try scopedMetadata(body, served: served, namespace: namespace)
        if (metadata["name"]?.stringValue ?? "").isEmpty, let prefix = metadata["generateName"]?.stringValue,
            !prefix.isEmpty
        {
            let suffix = String(UUID().uuidString.lowercased().filter(\.isLetter).prefix(5))
            metadata["name"] = .string(prefix + suffix)
        }
        let name = metadata["name"]?.stringValue
        let causes = ObjectValidation.nameCauses(name, served: served)
        guard let name, causes.isEmpty else { throw APIStatus.invalid(served, name ?? "", causes) }
        let key = try objectKey(served, namespace: namespace, name: name)
        if served.namespaced && objects[Self.namespaceKey(key.namespace)] == nil {
            throw APIStatus.namespaceNotFound(key.namespace)
        }
        if served.qualifiedResource == "events.events.k8s.io" {
            let causes = EventValidation.causes(body, namespace: key.namespace)
            guard causes.isEmpty else { throw APIStatus.invalid(served, name, causes) }
        }
        guard objects[key] == nil else { throw APIStatus.alreadyExists(served, name) }
        metadata["uid"] = .string(UUID().uuidString.lowercased())
        metadata["creationTimestamp"] = .string(Self.timestamp(now()))
        metadata["generation"] = 1
        metadata["resourceVersion"] = nil
        metadata["deletionTimestamp"] = nil
        metadata["selfLink"] = nil
        body["metadata"] = .object(metadata)
        body = Self.stored(body, served: served)
        if served.hasStatusSubresource { body["status"] = nil }
        ObjectDefaults.apply(to: &body, served: served)
        guard !dryRun else { return Self.presented(body, served: served, version: type.version) }
        revision += 1
        body["metadata"]?["resourceVersion"] = .string(String(revision))
        objects[key] = body
        publish(.added, key, body)
        if served.resource == "deployments" { reconcileDeployment(key) }
        return Self.presented(body, served: served, version: type.version)
    }

    /// Replaces an object (PUT). A non-empty `metadata.resourceVersion` must be current; `generation` grows
    /// when anything outside `metadata` and `status` changes; an identical object is a no-op.
    ///
    /// - Throws: 404 NotFound, 409 Conflict on a stale resourceVersion, 400 for a name, namespace,
    ///   `apiVersion` or `kind` that disagrees with the request.
    public func update(
        _ type: ResourceType, namespace: String?, name: String? = nil, object: JSONValue, dryRun: Bool = false
    ) throws -> JSONValue {
        let served = try resolve(type)
        var body = try ObjectValidation.typeMeta(object, served: served, version: type.version)
        let bodyName = body["metadata"]?["name"]?.stringValue ?? ""
        let name = name ?? bodyName
        guard bodyName == name else {
            throw APIStatus.badRequest("the name of the object (\(bodyName)) does not match the name on the URL (\(name))")
        }
        body["metadata"] = .object(try scopedMetadata(body, served: served, namespace: namespace))
        let key = try objectKey(served, namespace: namespace, name: name)
        guard let existing = objects[key] else { throw APIStatus.notFound(served, name) }
        try checkPrecondition(body, existing: existing, served: served, name: name)
        return commit(body, over: existing, key: key, served: served, version: type.version, dryRun: dryRun)
    }

    /// Patches an object: merge patch (RFC 7386), JSON patch (RFC 6902) or the strategic merge approximation.
    ///
    /// - Throws: 404 NotFound, 422 when a JSON patch operation fails (including `test`), 409 when the patched
    ///   object carries a stale resourceVersion, 400 when the patch changes the name or type.
    public func patch(
        _ type: ResourceType, namespace: String?, name: String, patch: SandboxPatch, dryRun: Bool = false
    ) throws -> JSONValue {
        let served = try resolve(type)
        let key = try objectKey(served, namespace: namespace, name: name)
        guard let existing = objects[key] else { throw APIStatus.notFound(served, name) }
        let current = Self.presented(existing, served: served, version: type.version)
        var patched: JSONValue
        switch patch {
        case .merge(let document): patched = JSONMergePatch.apply(document, to: current)
        case .strategicMerge(let document): patched = StrategicMergePatch.apply(document, to: current)
        case .json(let operations):
            do {
                patched = try JSONPatch.apply(operations, to: current)
            } catch {
                throw APIStatus.patchNotApplicable
            }
        }
        patched = try ObjectValidation.typeMeta(patched, served: served, version: type.version)
        let patchedName = patched["metadata"]?["name"]?.stringValue ?? ""
        guard patchedName == name else {
            throw APIStatus.badRequest("the name of the object (\(patchedName)) does not match the name on the URL (\(name))")
        }
        patched["metadata"] = .object(try scopedMetadata(patched, served: served, namespace: namespace))
        try checkPrecondition(patched, existing: existing, served: served, name: name)
        return commit(patched, over: existing, key: key, served: served, version: type.version, dryRun: dryRun)
    }

    /// Deletes an object and returns it as it was. Deleting a namespace deletes everything in it at once.
    ///
    /// - Throws: 404 NotFound; 403 for the namespaces `default`, `kube-system` and `kube-public`.
    @discardableResult
    public func delete(_ type: ResourceType, namespace: String?, name: String, dryRun: Bool = false) throws
        -> JSONValue
    {
        let served = try resolve(type)
        let key = try objectKey(served, namespace: namespace, name: name)
        guard let existing = objects[key] else { throw APIStatus.notFound(served, name) }
        if served.resource == "namespaces" && ["default", "kube-system", "kube-public"].contains(name) {
            throw APIStatus.forbidden(
                "namespaces \"\(name)\" is forbidden: this namespace may not be deleted", name: name, kind: "namespaces")
        }
        guard !dryRun else { return Self.presented(existing, served: served, version: type.version) }
        revision += 1
        objects[key] = nil
        publish(.deleted, key, existing)
        if served.resource == "namespaces" {
            for (contained, object) in objects.filter({ $0.key.namespace == name }).sorted(by: { $0.key < $1.key }) {
                revision += 1
                objects[contained] = nil
                publish(.deleted, contained, object)
            }
        }
        return Self.presented(existing, served: served, version: type.version)
    }

    // MARK: - Helpers

    static func namespaceKey(_ name: String) -> ObjectKey {
        ObjectKey(group: "", resource: "namespaces", namespace: "", name: name)
    }

    /// The body's metadata with the request's namespace filled in (or removed for cluster-scoped types).
    private func scopedMetadata(_ body: JSONValue, served: ServedResource, namespace: String?) throws
        -> [String: JSONValue]
    {
        var metadata = body["metadata"]?.objectValue ?? [:]
        guard served.namespaced else {
            metadata["namespace"] = nil
            return metadata
        }
        guard let namespace, !namespace.isEmpty else {
            throw APIStatus.badRequest("a namespace is required for \(served.qualifiedResource)")
        }
        if let given = metadata["namespace"]?.stringValue, !given.isEmpty, given != namespace {
            throw APIStatus.badRequest(
                "the namespace of the provided object does not match the namespace sent on the request")
        }
        metadata["namespace"] = .string(namespace)
        return metadata
    }

    private func checkPrecondition(_ body: JSONValue, existing: JSONValue, served: ServedResource, name: String) throws {
        guard let given = body["metadata"]?["resourceVersion"]?.stringValue, !given.isEmpty else { return }
        guard given == existing["metadata"]?["resourceVersion"]?.stringValue else {
            throw APIStatus.conflict(served, name)
        }
    }

    /// Writes `candidate` over `existing`, keeping server-owned metadata and the status subresource.
    private func commit(
        _ candidate: JSONValue, over existing: JSONValue, key: ObjectKey, served: ServedResource, version: String,
        dryRun: Bool
    ) -> JSONValue {
        var object = candidate
        var metadata = object["metadata"]?.objectValue ?? [:]
        for field in ["uid", "creationTimestamp", "generation", "resourceVersion", "name", "namespace"] {
            metadata[field] = existing["metadata"]?[field]
        }
        metadata["selfLink"] = nil
        object["metadata"] = .object(metadata)
        object = Self.stored(object, served: served)
        if served.hasStatusSubresource { object["status"] = existing["status"] }
        ObjectDefaults.apply(to: &object, served: served)
        guard object != existing else { return Self.presented(existing, served: served, version: version) }
        let specChanged = Self.withoutMetadataAndStatus(object) != Self.withoutMetadataAndStatus(existing)
        if specChanged {
            let generation = existing["metadata"]?["generation"]?.integerValue ?? 0
            object["metadata"]?["generation"] = .integer(generation + 1)
        }
        guard !dryRun else { return Self.presented(object, served: served, version: version) }
        revision += 1
        object["metadata"]?["resourceVersion"] = .string(String(revision))
        objects[key] = object
        publish(.modified, key, object)
        if served.resource == "deployments" && specChanged { reconcileDeployment(key) }
        return Self.presented(object, served: served, version: version)
    }

    private static func withoutMetadataAndStatus(_ object: JSONValue) -> JSONValue {
        var copy = object
        copy["metadata"] = nil
        copy["status"] = nil
        return copy
    }

    /// The simulated Deployment controller: sets `status` from the spec, as a separate write.
    func reconcileDeployment(_ key: ObjectKey) {
        guard var object = objects[key] else { return }
        let status = DeploymentStatus.status(for: object, held: heldDeployments.contains(key), now: Self.timestamp(now()))
        guard status != object["status"] else { return }
        revision += 1
        object["status"] = status
        object["metadata"]?["resourceVersion"] = .string(String(revision))
        objects[key] = object
        publish(.modified, key, object)
    }
}
