import Experiments
import Foundation
import GitOps
import Routing
import Testing
import TestSupport

/// What people commit, on in-memory fakes: an invalid spec, a deleted one, one changed mid-run, a namespace the
/// service may not touch, two experiments on one target, and a routing kind no plug-in serves.
@Suite struct ReconcilerUnitSpecTests {
    typealias Harness = ReconcilerUnitHarness

    @Test func anInvalidSpecGetsItsErrorsOnceAndDoesNotDisturbAValidOne() async throws {
        let invalid = ReconcilerHarness.experiment(name: "broken")
            .replacingOccurrences(of: "iterationsPerLoop: 6", with: "iterationsPerLoop: six")
            .replacingOccurrences(of: "target: bookinfo/reviews", with: "target: bookinfo/other")
        let harness = Harness(files: ["experiments/broken.yaml": invalid, Harness.path: Harness.spec(iterations: 4)])
        let reports = try await harness.run(is: .completed)
        let broken = try #require(Harness.summary(reports.last, "bookinfo/broken"))
        #expect(broken.specErrors.first?.contains("experiments/broken.yaml:") == true, "\(broken.specErrors)")
        #expect(broken.specErrors.contains { $0.contains("iterationsPerLoop") })
        let status = try #require(harness.file(StatusPaths.status("experiments/broken")))
        #expect(status.contains("specErrors:"))
        #expect(status.contains("expected an integer"))
        #expect(Harness.summary(reports.last)?.finish?.kind == .promotion)
        // An unchanged invalid spec is written once, not at every pass.
        let writes = harness.log().filter { harness.origin.changedPaths(of: $0.id).contains(StatusPaths.status("experiments/broken")) }
        #expect(writes.count == 1)

        // Fixed by a new commit, it starts as a new experiment.
        let fixed = ReconcilerHarness.experiment(name: "broken", iterations: 2)
            .replacingOccurrences(of: "target: bookinfo/reviews", with: "target: bookinfo/other")
        try harness.humanCommit(["experiments/broken.yaml": fixed], message: "Fix the spec")
        let after = try await harness.run(until: "bookinfo/broken", is: .completed)
        let repaired = try #require(Harness.summary(after.last, "bookinfo/broken"))
        #expect(repaired.specErrors.isEmpty)
        #expect(repaired.finish != nil)
        #expect(harness.file(StatusPaths.status("experiments/broken"))?.contains("specErrors") == false)
    }

    @Test func deletingTheSpecRollsBackAndIsRecordedOnce() async throws {
        let harness = Harness(files: [Harness.path: Harness.spec(iterations: 10, mode: .fixed)])
        try await harness.run(is: .running)
        for _ in 0..<2 { await harness.step() }
        #expect(harness.liveSplit()["reviews-v2", default: 0] > 0)
        try harness.humanCommit([Harness.path: nil], message: "Delete the experiment")
        let ended = try await harness.run(is: .completed)
        let summary = try #require(Harness.summary(ended.last))
        #expect(summary.finish?.trigger == .specDeleted)
        #expect(summary.finish?.kind == .rollback)
        #expect(harness.liveSplit() == ["reviews-v1": 100, "reviews-v2": 0])
        #expect(harness.file(Harness.statusPath)?.contains("specDeleted") == true)
        #expect(harness.commits("rollback").count == 1)
        // Once completed, the orphan status is left alone: no further commits.
        let head = harness.origin.head()
        await harness.step()
        #expect(harness.origin.head() == head)
    }

    @Test func aSpecChangedMidRunCarriesOnWithTheNewSettings() async throws {
        let harness = Harness(files: [Harness.path: Harness.spec(iterations: 4, mode: .fixed)])
        try await harness.run(is: .running)
        await harness.step()
        let change = try harness.humanCommit([Harness.path: Harness.spec(iterations: 6, mode: .fixed)], message: "Two more iterations")
        let report = await harness.step()
        let summary = try #require(Harness.summary(report))
        #expect(summary.events.contains("spec changed at \(change.short)"), "\(summary.events)")
        #expect(summary.totalIterations == 6)
        #expect(try harness.status().specRevision == change.hex)
        let reports = try await harness.run(is: .completed)
        #expect(Harness.summary(reports.last)?.completedIterations == 6)
        #expect(Harness.summary(reports.last)?.finish?.kind == .promotion)
    }

    @Test func changingTheVersionsMidRunEndsTheExperimentOnItsOldRoute() async throws {
        let harness = Harness(files: [Harness.path: Harness.spec(iterations: 6, mode: .fixed)], subsets: ["v1", "v2", "v3"])
        try await harness.run(is: .running)
        await harness.step()
        try harness.humanCommit([Harness.path: Harness.spec(iterations: 6, mode: .fixed, candidates: ["reviews-v3"])])
        let reports = try await harness.run(is: .completed)
        let finish = try #require(Harness.summary(reports.last)?.finish)
        #expect(finish.trigger == .specChanged)
        #expect(finish.kind == .rollback)
        #expect(finish.reason.contains("the versions changed"), "\(finish.reason)")
        #expect(harness.liveSplit() == ["reviews-v1": 100, "reviews-v2": 0])
    }

    @Test func aNamespaceOutsideTheAllowListIsRefusedWithAStatus() async throws {
        var configuration = Harness.configuration
        configuration.allowedNamespaces = ["shop"]
        let harness = Harness(files: [Harness.path: Harness.spec()], configuration: configuration)
        var report: PassReport?
        for _ in 0..<3 { report = await harness.step() }
        let summary = try #require(Harness.summary(report))
        #expect(summary.phase == .waiting)
        #expect(summary.specErrors.first?.contains("namespace bookinfo is not one the service may touch (allowed: shop)") == true)
        #expect(harness.router.changes.isEmpty && harness.router.readCount == 0)
        #expect(harness.file(Harness.statusPath)?.contains("is not one the service may touch") == true)
    }

    /// A second file declaring a running experiment's name gets a status of its own saying so; that status never
    /// stands in for the experiment's (it did: the experiment was taken for new and restarted at every pass).
    @Test func aDuplicateSpecFileDoesNotRestartTheRunningExperiment() async throws {
        let harness = Harness(files: [Harness.path: Harness.spec()])
        await harness.step()
        await harness.step()
        let before = try harness.status()
        #expect(before.state.phase == .running && before.state.completedIterations == 1)
        try harness.origin.commit(["experiments/z.yaml": Harness.spec()])
        var events: [String] = []
        for _ in 0..<3 { events += Harness.summary(await harness.step())?.events ?? [] }
        #expect(!events.contains("new experiment"), "\(events)")
        let after = try harness.status()
        #expect(after.state.completedIterations > before.state.completedIterations, "\(events)")
        #expect(after.state.startedAt == before.state.startedAt)
        #expect(harness.file(StatusPaths.status("experiments/z"))?.contains("also declared in") == true)
    }

    @Test func aSecondExperimentOnTheSameTargetWaitsForTheFirst() async throws {
        let second = ReconcilerHarness.experiment(name: "reviews-second", iterations: 3)
        let harness = Harness(files: [Harness.path: Harness.spec(iterations: 4), "experiments/reviews-second.yaml": second])
        let first = await harness.step()
        let waiting = try #require(Harness.summary(first, "bookinfo/reviews-second"))
        #expect(Harness.summary(first)?.phase == .running)
        #expect(waiting.phase == .waiting, "\(waiting.events)")
        let status = try harness.status(StatusPaths.status("experiments/reviews-second"))
        #expect(status.state.condition(ConditionType.targetAcquired)?.status == "False")
        #expect(status.state.condition(ConditionType.targetAcquired)?.message.contains(Harness.key) == true)

        let reports = try await harness.run(is: .completed)
        // It waited while the first ran (it may start in the pass that completes the first).
        #expect(reports.dropLast().allSatisfy { Harness.summary($0, "bookinfo/reviews-second")?.phase == .waiting })
        let after = try await harness.run(until: "bookinfo/reviews-second", is: .completed)
        #expect(Harness.summary(after.last, "bookinfo/reviews-second")?.finish != nil)
    }

    @Test func aRoutingKindWithoutAPlugInGetsAClearErrorAndOthersCarryOn() async throws {
        let gateway = ReconcilerHarness.experiment(name: "ratings-canary", candidates: ["ratings-v2"])
            .replacingOccurrences(of: "target: bookinfo/reviews", with: "target: bookinfo/ratings")
            .replacingOccurrences(of: "name: reviews-v1", with: "name: ratings-v1")
            .replacingOccurrences(
                of: "    virtualService:\n      name: reviews\n    route: reviews-route\n    destinations:\n      reviews-v1: {subset: v1}\n      ratings-v2: {subset: v2}",
                with: "    httpRoute: {name: ratings}")
        #expect(gateway.contains("httpRoute: {name: ratings}"), "\(gateway)")
        let harness = Harness(
            files: [Harness.path: Harness.spec(), "experiments/ratings-canary.yaml": gateway],
            routing: { RoutingTable(routers: [.virtualService: $0]) })
        let reports = try await harness.run(is: .completed)
        let ratings = try #require(Harness.summary(reports.last, "bookinfo/ratings-canary"))
        #expect(ratings.specErrors.isEmpty, "\(ratings.specErrors)")
        #expect(ratings.phase == .initializing, "\(ratings.events)")
        let status = try #require(harness.file(StatusPaths.status("experiments/ratings-canary")))
        #expect(status.contains("no routing plug-in for HTTPRoute"), "\(status)")
        #expect(harness.router.split(of: RoutedObject(kind: .httpRoute, namespace: "bookinfo", name: "ratings")) == nil)
        #expect(Harness.summary(reports.last)?.finish?.kind == .promotion)
    }

    /// A minimal iter8 v2 spec: versions without `variables` validate (the built-in metrics' `$namespace` defaults to
    /// the experiment's namespace) and the canary runs to its promotion.
    @Test func aSpecWithoutVersionVariablesRunsInTheExperimentsNamespace() async throws {
        let minimal = Harness.spec().replacingOccurrences(of: "\n      variables:\n      - name: namespace\n        value: bookinfo", with: "")
        #expect(!minimal.contains("variables"))
        let harness = Harness(files: [Harness.path: minimal])
        let reports = try await harness.run(is: .completed)
        let summary = try #require(Harness.summary(reports.last))
        #expect(summary.specErrors.isEmpty, "\(summary.specErrors)")
        #expect(summary.finish?.kind == .promotion, "\(reports.flatMap { Harness.summary($0)?.events ?? [] })")
    }
}
