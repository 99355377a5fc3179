/// Whether a Deployment has finished rolling out, judged from its JSON as `kubectl rollout status` does.
///
/// A Deployment is ready when the controller has observed its latest spec (`status.observedGeneration` ≥
/// `metadata.generation`), every replica runs the new template (`status.updatedReplicas` = `spec.replicas`,
/// no old replicas left in `status.replicas`), and they are available (`status.availableReplicas` ≥
/// `spec.replicas`). A `Progressing` condition with reason `ProgressDeadlineExceeded` means the rollout failed.
public struct DeploymentReadiness: Hashable, Sendable, CustomStringConvertible {
    /// Where the rollout stands.
    public enum State: String, Hashable, Sendable {
        /// Rolled out: every desired replica is updated and available.
        case ready
        /// Still rolling out; look again later.
        case progressing
        /// The rollout exceeded its progress deadline.
        case failed
    }

    /// Where the rollout stands.
    public var state: State
    /// Why, in `kubectl rollout status` words, naming the Deployment.
    public var reason: String

    /// True when ``state`` is ``State/ready``.
    public var isReady: Bool { state == .ready }

    /// Every field ``init(deployment:)`` reads: a copy of a Deployment projected onto these
    /// (``JSON/JSONValue/projected(onto:)``) is judged exactly as the whole object. Keep it in step with the reads below.
    public static let readFields: JSONFieldSet = [
        "metadata": ["name": .all, "generation": .all],
        "spec": ["replicas": .all],
        "status": [
            "observedGeneration": .all, "replicas": .all, "updatedReplicas": .all, "availableReplicas": .all,
            "conditions": ["type": .all, "reason": .all],
        ],
    ]

    /// Judges `deployment`, a Deployment object as the API server returns it.
    public init(deployment: JSONValue) {
        let name = deployment["metadata"]?["name"]?.stringValue ?? "<unnamed>"
        let status = deployment["status"] ?? [:]
        let generation = deployment["metadata"]?["generation"]?.integerValue ?? 0
        let observed = status["observedGeneration"]?.integerValue ?? 0
        let desired = deployment["spec"]?["replicas"]?.integerValue ?? 1
        let total = status["replicas"]?.integerValue ?? 0
        let updated = status["updatedReplicas"]?.integerValue ?? 0
        let available = status["availableReplicas"]?.integerValue ?? 0
        let progressing = status["conditions"]?.arrayValue?.first { $0["type"]?.stringValue == "Progressing" }
        let waiting = "Waiting for deployment \"\(name)\" rollout to finish"

        if observed < generation {
            (state, reason) = (.progressing, "Waiting for deployment \"\(name)\" spec update to be observed")
        } else if progressing?["reason"]?.stringValue == "ProgressDeadlineExceeded" {
            (state, reason) = (.failed, "deployment \"\(name)\" exceeded its progress deadline")
        } else if updated < desired {
            (state, reason) = (.progressing, "\(waiting): \(updated) out of \(desired) new replicas have been updated")
        } else if total > updated {
            (state, reason) = (.progressing, "\(waiting): \(total - updated) old replicas are pending termination")
        } else if available < updated || available < desired {
            (state, reason) = (.progressing, "\(waiting): \(available) of \(updated) updated replicas are available")
        } else {
            (state, reason) = (.ready, "deployment \"\(name)\" successfully rolled out")
        }
    }

    public var description: String { "\(state.rawValue): \(reason)" }
}
