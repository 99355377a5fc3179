import Kubernetes

/// What the simulated Deployment controller reports: every replica ready at once, or none while held.
enum DeploymentStatus {
    /// The status for `deployment`; `now` stamps conditions whose status changes.
    static func status(for deployment: JSONValue, held: Bool, now: String) -> JSONValue {
        let replicas = deployment["spec"]?["replicas"]?.integerValue ?? 1
        let generation = deployment["metadata"]?["generation"]?.integerValue ?? 1
        let name = deployment["metadata"]?["name"]?.stringValue ?? ""
        let previous = deployment["status"]?["conditions"]?.arrayValue ?? []
        let available: JSONValue =
            held
            ? condition(
                "Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.",
                previous: previous, now: now)
            : condition(
                "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.",
                previous: previous, now: now)
        let progressing =
            held
            ? condition(
                "Progressing", "True", "ReplicaSetUpdated", "ReplicaSet \"\(name)\" is progressing.", previous: previous,
                now: now)
            : condition(
                "Progressing", "True", "NewReplicaSetAvailable",
                "ReplicaSet \"\(name)\" has successfully progressed.", previous: previous, now: now)
        var status: [String: JSONValue] = [
            "observedGeneration": .integer(generation), "replicas": .integer(replicas),
            "updatedReplicas": .integer(replicas), "conditions": [available, progressing],
        ]
        if held {
            if replicas > 0 { status["unavailableReplicas"] = .integer(replicas) }
        } else if replicas > 0 {
            status["readyReplicas"] = .integer(replicas)
            status["availableReplicas"] = .integer(replicas)
        }
        return .object(status)
    }

    private static func condition(
        _ type: String, _ status: String, _ reason: String, _ message: String, previous: [JSONValue], now: String
    ) -> JSONValue {
        let old = previous.first { $0["type"]?.stringValue == type }
        let unchanged = old?["status"]?.stringValue == status
        let transition = unchanged ? old?["lastTransitionTime"] ?? .string(now) : .string(now)
        let update = unchanged && old?["reason"]?.stringValue == reason ? old?["lastUpdateTime"] ?? .string(now) : .string(now)
        return [
            "type": .string(type), "status": .string(status), "reason": .string(reason), "message": .string(message),
            "lastTransitionTime": transition, "lastUpdateTime": update,
        ]
    }
}
