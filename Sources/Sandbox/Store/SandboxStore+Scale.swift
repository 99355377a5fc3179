import Kubernetes

extension SandboxStore {
    /// The `autoscaling/v1` Scale of a Deployment (`/deployments/<name>/scale`).
    ///
    /// - Throws: 404 when the Deployment does not exist.
    public func scale(namespace: String, name: String) throws -> JSONValue {
        Self.scale(of: try get(.deployment, namespace: namespace, name: name))
    }

    /// Sets a Deployment's `spec.replicas` through its Scale; a non-empty `resourceVersion` must be current.
    ///
    /// - Throws: 404, 409 Conflict on a stale resourceVersion, 422 for a negative count.
    public func setScale(namespace: String, name: String, replicas: Int64, resourceVersion: String? = nil) throws
        -> JSONValue
    {
        guard replicas >= 0 else {
            let served = try resolve(.deployment)
            throw APIStatus.invalid(
                served, name,
                [APIStatus.Cause(reason: "FieldValueInvalid", message: "Invalid value: \(replicas): must be greater than or equal to 0", field: "spec.replicas")])
        }
        var patch: JSONValue = ["spec": ["replicas": .integer(replicas)]]
        if let resourceVersion, !resourceVersion.isEmpty { patch["metadata"] = ["resourceVersion": .string(resourceVersion)] }
        _ = try self.patch(.deployment, namespace: namespace, name: name, patch: .merge(patch))
        return try scale(namespace: namespace, name: name)
    }

    static func scale(of deployment: JSONValue) -> JSONValue {
        let metadata = deployment["metadata"]?.objectValue ?? [:]
        let labels = deployment["spec"]?["selector"]?["matchLabels"]?.objectValue ?? [:]
        let selector = labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.stringValue ?? "")" }
            .joined(separator: ",")
        return [
            "kind": "Scale", "apiVersion": "autoscaling/v1",
            "metadata": .object(metadata.filter { ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"].contains($0.key) }),
            "spec": ["replicas": deployment["spec"]?["replicas"] ?? 1],
            "status": ["replicas": deployment["status"]?["replicas"] ?? 0, "selector": .string(selector)],
        ]
    }
}
