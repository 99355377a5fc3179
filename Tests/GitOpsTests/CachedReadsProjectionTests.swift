import Experiments
import GitOps
import Istio
import Kubernetes
import Testing
import TestSupport

/// What the read cache keeps of each object: the reconciler's Deployments only what readiness reads (a partial view
/// it refuses to PUT), every other type all but `metadata.managedFields` — so what the routers read, patch and verify
/// is the object as stored, and a write of an object read from the cache loses nothing on the server.
@Suite struct CachedReadsProjectionTests {
    /// What the reconciler caches with the Istio plug-in.
    static let types = CachedReads.reconcilerTypes(routed: IstioRouting().readResources)
    static let virtualService = ResourceType.virtualService("v1")
    static let destinationRule = ResourceType.destinationRule("v1")

    static func managedFields(_ manager: String, _ fields: JSONValue) -> JSONValue {
        ["manager": .string(manager), "operation": "Update", "time": "2026-03-14T09:26:53Z", "fieldsType": "FieldsV1", "fieldsV1": fields]
    }

    /// A Deployment as a real cluster returns it: kubectl's last-applied annotation, the defaulted pod template, two
    /// managers' managedFields, the controller's status.
    static func deployment(_ name: String, updated: Int64 = 2, available: Int64 = 2, progressing: String = "NewReplicaSetAvailable")
        -> JSONValue
    {
        let labels: JSONValue = ["app": "reviews", "version": .string(name)]
        func condition(_ type: String, _ reason: String) -> JSONValue {
            ["type": .string(type), "status": "True", "reason": .string(reason), "message": .string("ReplicaSet \"\(name)\" is there."),
             "lastUpdateTime": "2026-03-14T09:27:01Z", "lastTransitionTime": "2026-03-14T09:26:53Z"]
        }
        return [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": [
                "name": .string(name), "namespace": "shop", "labels": labels,
                "annotations": [
                    "deployment.kubernetes.io/revision": "1",
                    "kubectl.kubernetes.io/last-applied-configuration": "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\"}\n",
                ],
                "managedFields": [
                    managedFields("kubectl-client-side-apply", ["f:spec": ["f:replicas": [:], "f:template": ["f:spec": [:]]]]),
                    managedFields("kube-controller-manager", ["f:status": ["f:availableReplicas": [:], "f:conditions": [:]]]),
                ],
            ],
            "spec": [
                "replicas": 2, "progressDeadlineSeconds": 600, "selector": ["matchLabels": labels],
                "strategy": ["type": "RollingUpdate", "rollingUpdate": ["maxSurge": "25%", "maxUnavailable": "25%"]],
                "template": [
                    "metadata": ["labels": labels],
                    "spec": [
                        "containers": [["name": "reviews", "image": "docker.io/istio/examples-bookinfo-reviews-v1:1.17.0",
                                        "ports": [["containerPort": 9080, "protocol": "TCP"]], "imagePullPolicy": "IfNotPresent"]],
                        "restartPolicy": "Always", "terminationGracePeriodSeconds": 30,
                    ],
                ],
            ],
            "status": [
                "observedGeneration": 1, "replicas": 2, "updatedReplicas": .integer(updated), "readyReplicas": .integer(available),
                "availableReplicas": .integer(available),
                "conditions": [condition("Available", "MinimumReplicasAvailable"), condition("Progressing", progressing)],
            ],
        ]
    }

    static func destination(_ subset: String, _ weight: Int64) -> JSONValue {
        ["destination": ["host": "reviews", "subset": .string(subset)], "weight": .integer(weight)]
    }

    /// The reviews VirtualService as kubectl applied it, with the managedFields of two writers.
    static let reviewsVirtualService: JSONValue = [
        "apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
        "metadata": [
            "name": "reviews", "namespace": "shop",
            "annotations": ["kubectl.kubernetes.io/last-applied-configuration": "{\"kind\":\"VirtualService\"}\n"],
            "managedFields": [
                managedFields("kubectl-client-side-apply", ["f:spec": ["f:hosts": [:], "f:http": [:]]]),
                managedFields("iter8", ["f:spec": ["f:http": [:]]]),
            ],
        ],
        "spec": ["hosts": ["reviews"], "http": [["name": "reviews-route", "route": [destination("v1", 100), destination("v2", 0)]]]],
    ]

    static let reviewsDestinationRule: JSONValue = [
        "apiVersion": "networking.istio.io/v1", "kind": "DestinationRule",
        "metadata": ["name": "reviews", "namespace": "shop", "managedFields": [managedFields("kubectl-client-side-apply", ["f:spec": [:]])]],
        "spec": ["host": "reviews", "subsets": [["name": "v1", "labels": ["version": "v1"]], ["name": "v2", "labels": ["version": "v2"]]]],
    ]

    /// `object` less `metadata.managedFields`.
    static func unmanaged(_ object: JSONValue?) -> JSONValue? {
        var object = object
        object?["metadata"]?["managedFields"] = nil
        return object
    }

    /// Deployments ready (v1), progressing (v2) and failed (v3), the reviews VirtualService and DestinationRule.
    func cluster() async throws -> InMemoryKubernetesClient {
        let client = InMemoryKubernetesClient(defaultNamespace: "shop")
        try await client.seed(.deployment, Self.deployment("v1"))
        try await client.seed(.deployment, Self.deployment("v2", updated: 1, available: 1, progressing: "ReplicaSetUpdated"))
        try await client.seed(.deployment, Self.deployment("v3", available: 1, progressing: "ProgressDeadlineExceeded"))
        try await client.seed(Self.virtualService, Self.reviewsVirtualService)
        try await client.seed(Self.destinationRule, Self.reviewsDestinationRule)
        await client.clearActions()
        return client
    }

    static func experiment(_ names: [String]) -> Experiment {
        let versions = names.map { VersionSpec(name: $0, variables: [.init(name: "namespace", value: "shop")]) }
        return Experiment(
            name: "reviews-rollout", namespace: "shop", target: "shop/reviews", sourceAPIVersion: "iter8.tools/v2alpha2",
            testingPattern: .canary, deploymentPattern: .progressive, baseline: versions[0], candidates: Array(versions.dropFirst()),
            criteria: CriteriaSpec(objectives: [], indicators: []),
            duration: DurationSpec(intervalSeconds: 10, iterationsPerLoop: 5, maxLoops: 1),
            weightCaps: CandidateWeightCaps(maxCandidateWeight: 100, maxCandidateWeightIncrement: 100),
            routing: .virtualService(
                VirtualServiceRoute(
                    name: "reviews", namespace: "shop", route: "reviews-route",
                    destinations: ["v1": .init(subset: "v1"), "v2": .init(subset: "v2")])),
            analysis: .defaults(intervalSeconds: 10), promotion: PromotionSettings(onTermination: .toWinner, applyMode: .cluster),
            actionNames: [])
    }

    @Test func listingsKeepDeploymentsReadinessFieldsAndEverythingButManagedFieldsOfRoutedObjects() async throws {
        let client = try await cluster()
        let cache = CachedReads(client, types: Self.types, maxAge: .seconds(60))
        let stored = try #require(await client.object(.deployment, namespace: "shop", name: "v1"))
        let cached = try await cache.get(.deployment, namespace: "shop", name: "v1")
        #expect(cached == stored.projected(onto: DeploymentVersionReadiness.cachedFields))
        #expect(cached["metadata"]?.objectValue.map { Set($0.keys) } == ["name", "namespace", "uid", "resourceVersion", "generation", "labels"])
        #expect(cached["spec"] == ["replicas": 2])
        #expect(cached["status"] == stored["status"])
        #expect(cached["kind"] == "Deployment" && cached["apiVersion"] == "apps/v1")
        let listed = try await cache.list(.deployment, namespace: "shop", labelSelector: nil)
        #expect(listed.count == 3 && listed.allSatisfy { $0["spec"]?["template"] == nil && $0["metadata"]?["managedFields"] == nil })

        let virtualService = try await cache.get(Self.virtualService, namespace: "shop", name: "reviews")
        let storedService = await client.object(Self.virtualService, namespace: "shop", name: "reviews")
        #expect(storedService?["metadata"]?["managedFields"]?.arrayValue?.count == 2)
        #expect(virtualService == Self.unmanaged(storedService))
        #expect(virtualService["metadata"]?["annotations"] == Self.reviewsVirtualService["metadata"]?["annotations"])
        let rules = try await cache.list(Self.destinationRule, namespace: "shop", labelSelector: nil)
        #expect(rules == [Self.unmanaged(await client.object(Self.destinationRule, namespace: "shop", name: "reviews"))])
        #expect(await client.actions.map(\.verb) == [.list, .list, .list])
    }

    @Test func objectsReturnedByWritesAreKeptProjected() async throws {
        let client = try await cluster()
        let cache = CachedReads(client, types: Self.types, maxAge: .seconds(60))
        _ = try await cache.get(.deployment, namespace: "shop", name: "v1")
        _ = try await cache.get(Self.virtualService, namespace: "shop", name: "reviews")
        // The writer gets the server's answer; the listing keeps the projection of it.
        let answer = try await cache.patch(.deployment, namespace: "shop", name: "v1", patch: .merge(["spec": ["replicas": 3]]))
        #expect(answer["spec"]?["template"] != nil)
        let deployment = try await cache.get(.deployment, namespace: "shop", name: "v1")
        #expect(deployment == answer.projected(onto: DeploymentVersionReadiness.cachedFields))
        #expect(deployment["spec"] == ["replicas": 3])

        let weights = KubePatch.json([
            JSONPatchOperation(op: "test", path: "/spec/http/0/route/1/weight", value: 0),
            JSONPatchOperation(op: "replace", path: "/spec/http/0/route/1/weight", value: 20),
        ])
        let patched = try await cache.patch(Self.virtualService, namespace: "shop", name: "reviews", patch: weights)
        #expect(patched["metadata"]?["managedFields"]?.arrayValue?.count == 2)
        #expect(try await cache.get(Self.virtualService, namespace: "shop", name: "reviews") == Self.unmanaged(patched))

        var other = Self.reviewsVirtualService
        other["metadata"]?["name"] = "ratings"
        let created = try await cache.create(Self.virtualService, namespace: "shop", object: other)
        #expect(created["metadata"]?["managedFields"] != nil)
        #expect(try await cache.get(Self.virtualService, namespace: "shop", name: "ratings") == Self.unmanaged(created))
        #expect(await cache.listCount == 2)
    }

    @Test(arguments: [("v1", DeploymentReadiness.State.ready), ("v2", .progressing), ("v3", .failed)])
    func readinessFromTheProjectedDeploymentIsReadinessFromTheWholeOne(name: String, state: DeploymentReadiness.State) async throws {
        let client = try await cluster()
        let cache = CachedReads(client, types: Self.types, maxAge: .seconds(60))
        let whole = try #require(await client.object(.deployment, namespace: "shop", name: name))
        let projected = try await cache.get(.deployment, namespace: "shop", name: name)
        #expect(projected["spec"]?["template"] == nil && projected["metadata"]?["annotations"] == nil)
        #expect(DeploymentReadiness(deployment: projected) == DeploymentReadiness(deployment: whole))
        #expect(DeploymentReadiness(deployment: projected).state == state)
        // The reconciler's checker, through the cache and straight to the server.
        let experiment = Self.experiment(name == "v1" ? ["v1"] : ["v1", name])
        let cached = try await DeploymentVersionReadiness(client: cache).check(experiment)
        let direct = try await DeploymentVersionReadiness(client: client).check(experiment)
        #expect(cached.ready == direct.ready && cached.message == direct.message)
        #expect(cached.ready == (state == .ready))
    }

    @Test func aVirtualServiceReadFromTheCacheIsWrittenBackWithNothingLost() async throws {
        let client = try await cluster()
        let cache = CachedReads(client, types: Self.types, maxAge: .seconds(60))
        let before = try #require(await client.object(Self.virtualService, namespace: "shop", name: "reviews"))
        var read = try await cache.get(Self.virtualService, namespace: "shop", name: "reviews")
        #expect(read["metadata"]?["managedFields"] == nil)
        read["spec"]?["http"] = [["name": "reviews-route", "route": [Self.destination("v1", 80), Self.destination("v2", 20)]]]
        // A PUT of the cached copy (carrying its resourceVersion): the server keeps the managedFields it omits.
        let stored = try await cache.update(Self.virtualService, namespace: "shop", object: read)
        var expected = before
        expected["spec"]?["http"] = read["spec"]?["http"]
        for field in ["resourceVersion", "generation"] { expected["metadata"]?[field] = stored["metadata"]?[field] }
        #expect(stored == expected)
        #expect(stored["metadata"]?["managedFields"] == before["metadata"]?["managedFields"])
        #expect(try await cache.get(Self.virtualService, namespace: "shop", name: "reviews") == Self.unmanaged(stored))
        // The same through the read–modify–write helper, and through the router's guarded JSON patch.
        _ = try await cache.modify(Self.virtualService, namespace: "shop", name: "reviews") { $0["metadata"]?["labels"] = ["team": "shop"] }
        let router = IstioRouter(client: cache)
        #expect(try await router.apply(["v1": 50, "v2": 50], for: Self.experiment(["v1", "v2"])) == ["v1": 50, "v2": 50])
        let after = try #require(await client.object(Self.virtualService, namespace: "shop", name: "reviews"))
        #expect(after["metadata"]?["managedFields"] == before["metadata"]?["managedFields"])
        #expect(after["metadata"]?["annotations"] == before["metadata"]?["annotations"])
        #expect(after["metadata"]?["labels"] == ["team": "shop"])
        #expect(after["spec"]?["http"] == [["name": "reviews-route", "route": [Self.destination("v1", 50), Self.destination("v2", 50)]]])
        #expect(try await cache.get(Self.virtualService, namespace: "shop", name: "reviews") == Self.unmanaged(after))
    }

    @Test func aPartialViewCannotBePutBack() async throws {
        let client = try await cluster()
        let cache = CachedReads(client, types: Self.types, maxAge: .seconds(60))
        let before = await client.object(.deployment, namespace: "shop", name: "v1")
        var read = try await cache.get(.deployment, namespace: "shop", name: "v1")
        read["spec"]?["replicas"] = 4
        for namespace in ["shop", nil] as [String?] {
            await #expect(throws: PartialViewWriteError(resource: "deployments.apps", namespace: "shop", name: "v1")) {
                _ = try await cache.update(.deployment, namespace: namespace, object: read)
            }
        }
        await #expect(throws: PartialViewWriteError.self) {
            try await cache.modify(.deployment, namespace: "shop", name: "v1") { $0["spec"]?["replicas"] = 4 }
        }
        #expect(await client.writes.isEmpty)
        #expect(await client.object(.deployment, namespace: "shop", name: "v1") == before)
        // A patch goes through: it names the fields it changes. (One built from a partial view — a `replace` of
        // `/spec` with the view's copy — would drop what the view lacks; nothing builds one: the service never
        // writes a Deployment, and the WriteGate refuses it.)
        _ = try await cache.patch(.deployment, namespace: "shop", name: "v1", patch: .merge(["spec": ["replicas": 4]]))
        #expect(await client.object(.deployment, namespace: "shop", name: "v1")?["spec"]?["template"] == before?["spec"]?["template"])
    }

    @Test func aTypeGivenTwiceKeepsWhatEitherKeeps() async throws {
        let client = try await cluster()
        let cache = CachedReads(
            client, types: Self.types.union([CachedReads.CachedType(group: "apps", resource: "deployments")]), maxAge: .seconds(60))
        let whole = await client.object(.deployment, namespace: "shop", name: "v1")
        #expect(try await cache.get(.deployment, namespace: "shop", name: "v1") == Self.unmanaged(whole))
        #expect(Self.types.first { $0.resource == "deployments" }?.projection.isPartial == true)
        #expect(Self.types.filter { $0.group == IstioRouter.group }.map(\.projection) == [.whole, .whole])
    }
}
