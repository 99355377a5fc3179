import Foundation
import Kubernetes
import Sandbox
import Testing
import TestSupport

/// `samples/deploy/overlays/sharded`: three replicas splitting twelve shards; it renders, applies to the
/// Sandbox, sets only variables `iter8 run` reads, and lets iter8 list the Leases it shards over.
@Suite("samples/deploy: the sharded overlay")
struct ShardDeployManifestsTests {
    @Test("three replicas, ITER8_SHARDS and ITER8_LEASE_DURATION instead of leader election, Leases listable")
    func sharded() async throws {
        let rendered = try await DeployManifestsTests.render("overlays/sharded")
        #expect(try DeployManifestsTests.variablesRead().isSuperset(of: ["ITER8_SHARDS", "ITER8_LEASE_DURATION"]))
        try await TemporarySandbox.with { sandbox in
            let objects = try await DeployManifestsTests.apply(rendered, to: sandbox)
            #expect(objects.count == 9)
            let variables = try DeployManifestsTests.variablesSet(objects)
            #expect(variables["ITER8_SHARDS"] == "12")
            #expect(variables["ITER8_LEASE_DURATION"] == "15")
            #expect(variables["ITER8_LEADER_ELECTION"] == nil)
            #expect(variables["ITER8_LEADER_ELECTION_NAMESPACE"] == "iter8-system")
            try DeployManifestsTests.checkDeployment(objects, secretKeys: ["git-token", "webhook-secret"], replicas: 3)
            let role = try DeployManifestsTests.object(objects, "Role", "iter8-leader-election")
            #expect(role["metadata"]?["namespace"] == "iter8-system")
            #expect(role["rules"] == [["apiGroups": ["coordination.k8s.io"], "resources": ["leases"], "verbs": ["get", "list", "create", "update"]]])
        }
    }
}
