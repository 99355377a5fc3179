import Kubernetes
import Testing

@Suite("Deployment readiness")
struct DeploymentReadinessTests {
    static func deployment(
        generation: Int64 = 2, observed: Int64 = 2, desired: Int64 = 3, replicas: Int64 = 3, updated: Int64 = 3,
        available: Int64 = 3, progressingReason: String = "NewReplicaSetAvailable"
    ) -> JSONValue {
        [
            "metadata": ["name": "reviews-v2", "generation": .integer(generation)],
            "spec": ["replicas": .integer(desired)],
            "status": [
                "observedGeneration": .integer(observed), "replicas": .integer(replicas),
                "updatedReplicas": .integer(updated), "availableReplicas": .integer(available),
                "conditions": [["type": "Available", "status": "True"], ["type": "Progressing", "status": "True", "reason": .string(progressingReason)]],
            ],
        ]
    }

    @Test("ready when the spec is observed and every replica is updated and available")
    func ready() {
        let readiness = DeploymentReadiness(deployment: Self.deployment())
        #expect(readiness.isReady)
        #expect(readiness.reason == "deployment \"reviews-v2\" successfully rolled out")
    }

    @Test(
        "not ready, with kubectl's reason",
        arguments: [
            (deployment(observed: 1), "spec update to be observed"),
            (deployment(updated: 1), "1 out of 3 new replicas have been updated"),
            (deployment(replicas: 4), "1 old replicas are pending termination"),
            (deployment(available: 2), "2 of 3 updated replicas are available"),
        ])
    func notReady(deployment: JSONValue, reason: String) {
        let readiness = DeploymentReadiness(deployment: deployment)
        #expect(readiness.state == .progressing)
        #expect(readiness.reason.contains(reason), "\(readiness.reason)")
    }

    @Test("a progress deadline exceeded is a failure")
    func failed() {
        let readiness = DeploymentReadiness(deployment: Self.deployment(available: 1, progressingReason: "ProgressDeadlineExceeded"))
        #expect(readiness.state == .failed)
        #expect(readiness.reason.contains("exceeded its progress deadline"))
    }

    @Test(
        "a Deployment projected onto readFields is judged as the whole one",
        arguments: [
            deployment(), deployment(observed: 1), deployment(updated: 1), deployment(replicas: 4), deployment(available: 2),
            deployment(available: 1, progressingReason: "ProgressDeadlineExceeded"),
            ["metadata": ["name": "x", "generation": 1], "spec": [:]],
        ] as [JSONValue])
    func readFieldsSuffice(deployment: JSONValue) {
        var whole = deployment
        whole["metadata"]?["annotations"] = ["kubectl.kubernetes.io/last-applied-configuration": "{}"]
        whole["spec"]?["template"] = ["spec": ["containers": [["name": "reviews", "image": "reviews:2"]]]]
        let projected = whole.projected(onto: DeploymentReadiness.readFields)
        #expect(projected["spec"]?["template"] == nil)
        #expect(DeploymentReadiness(deployment: projected) == DeploymentReadiness(deployment: whole))
    }

    @Test("a Deployment without status is not ready; spec.replicas defaults to 1")
    func noStatus() {
        #expect(DeploymentReadiness(deployment: ["metadata": ["name": "x", "generation": 1], "spec": [:]]).state == .progressing)
        let scaledDefault: JSONValue = [
            "metadata": ["name": "x", "generation": 1], "spec": [:],
            "status": ["observedGeneration": 1, "replicas": 1, "updatedReplicas": 1, "availableReplicas": 1],
        ]
        #expect(DeploymentReadiness(deployment: scaledDefault).isReady)
    }
}
