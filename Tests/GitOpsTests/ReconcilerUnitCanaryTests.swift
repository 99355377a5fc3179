import Experiments
import Foundation
import Git
import GitOps
import Testing
import TestSupport

/// Canaries on in-memory fakes: promotion and rollback with their commits, status, report and live split.
@Suite struct ReconcilerUnitCanaryTests {
    typealias Harness = ReconcilerUnitHarness

    @Test func aHealthyCanaryProgressesAndIsPromotedInItsOwnCommit() async throws {
        let harness = Harness(files: [Harness.path: Harness.spec()])
        let first = await harness.step()
        #expect(Harness.summary(first)?.phase == .running, "\(Harness.summary(first)?.events ?? [])")
        // Write-ahead: the first split is recorded, then applied.
        #expect(Harness.kinds(first) == ["status"])
        let started = try harness.status()
        #expect(started.state.weights == harness.liveSplit())
        #expect(harness.liveSplit()["reviews-v2", default: 0] > 0)

        let reports = try await harness.run(is: .completed)
        let summary = try #require(Harness.summary(reports.last))
        #expect(summary.finish?.kind == .promotion, "\(reports.flatMap { Harness.summary($0)?.events ?? [] })")
        #expect(summary.finish?.version == "reviews-v2")
        #expect(summary.finish?.verdict == .pass)
        #expect(reports.flatMap(\.verdicts) == [.pass])
        #expect(harness.liveSplit() == ["reviews-v1": 0, "reviews-v2": 100])
        // The weights moved up in steps of at most 30 (maxCandidateWeightIncrement) before the promotion.
        let candidate = harness.router.changes.map { $0.split["reviews-v2", default: 0] }
        #expect(zip(candidate, candidate.dropFirst()).allSatisfy { $1 - $0 <= 30 || $1 == 100 }, "\(candidate)")
        #expect(harness.router.changes.last?.operation == .promote)

        // The manifest changed in its weights only.
        let expected = ReconcilerHarness.virtualService()
            .replacingOccurrences(of: "subset: v1\n      weight: 100", with: "subset: v1\n      weight: 0")
            .replacingOccurrences(of: "subset: v2\n      weight: 0", with: "subset: v2\n      weight: 100")
        #expect(harness.file("istio/reviews.yaml") == expected)

        // Exactly one promotion commit, touching only the manifest, with its trailers.
        let promotions = harness.commits("promotion")
        #expect(promotions.count == 1)
        let promotion = try #require(promotions.first)
        #expect(promotion.message.hasPrefix("iter8: promote reviews-v2 in bookinfo/reviews-canary"))
        for trailer in ["Iter8-Experiment: bookinfo/reviews-canary", "Iter8-Phase: Completed", "Iter8-Winner: reviews-v2",
                        "Iter8-Spec-Commit: ", "Iter8-Iteration: ", "Iter8-Verdict: pass"] {
            #expect(promotion.message.contains(trailer), "missing \(trailer) in \(promotion.message)")
        }
        #expect(!promotion.message.contains("inconclusive"))
        #expect(harness.origin.changedPaths(of: promotion.id) == ["istio/reviews.yaml"])
        #expect(promotion.author.name == "iter8")

        // The status file is the record: Completed, with the promotion commit and every iteration's evidence.
        let status = try harness.status()
        #expect(status.state.phase == .completed)
        #expect(status.state.finishCommit == promotion.id.hex)
        #expect(status.state.condition(ConditionType.concluded)?.status == "True")
        #expect(status.state.condition(ConditionType.concluded)?.reason == "Pass")
        // Every iteration is recorded (the older ones as compact records).
        #expect((status.compactedIterations ?? []).count + status.iterations.count == summary.completedIterations)
        #expect(status.iterations.last?.queries.contains { $0.version == "reviews-v2" && $0.metric == "iter8-istio/error-rate" } == true)
        #expect(harness.file(StatusPaths.report("experiments/reviews-canary"))?.contains("reviews-canary") == true)
        #expect(harness.file(StatusPaths.chart("experiments/reviews-canary"))?.contains("<svg") == true)
        // A status commit per pass at most.
        for pass in reports { #expect(pass.pushedCommits.filter { "\($0.kind)" == "status" }.count <= 1) }

        // Once completed and recorded, nothing changes any more, and unchanged files are not parsed again.
        await harness.step()
        let head = harness.origin.head()
        let parsed = await harness.reconciler.parsedFileCount
        let after = await harness.step()
        #expect(after.pushedCommits.isEmpty)
        #expect(harness.origin.head() == head)
        #expect(await harness.reconciler.parsedFileCount == parsed)
    }

    @Test func aCanaryFailingItsObjectiveIsRolledBackWithTheEvidence() async throws {
        let harness = Harness(files: [Harness.path: Harness.spec()], behaviours: ["reviews-v2": .failing])
        let reports = try await harness.run(is: .completed)
        let summary = try #require(Harness.summary(reports.last))
        #expect(summary.finish?.kind == .rollback)
        #expect(summary.finish?.version == "reviews-v1")
        #expect(summary.finish?.verdict == .fail)
        #expect(harness.liveSplit() == ["reviews-v1": 100, "reviews-v2": 0])
        let rollbacks = harness.commits("rollback")
        #expect(rollbacks.count == 1)
        #expect(rollbacks.first?.message.contains("Iter8-Verdict: fail") == true)
        #expect(harness.file("istio/reviews.yaml") == ReconcilerHarness.virtualService())
        let status = try harness.status()
        #expect(status.state.phase == .completed)
        #expect(status.state.condition("RolledBack") != nil)
        #expect(harness.file(Harness.statusPath)?.contains("iter8-istio/error-rate") == true)
    }

    @Test func abnWithThreeVersionsPromotesTheBestAndExcludesTheFailingOne() async throws {
        let spec = ReconcilerHarness.experiment(
            name: "reviews-canary", pattern: "A/B/N", candidates: ["reviews-v2", "reviews-v3"], iterations: 8,
            reward: "iter8-istio/request-count")
        let harness = Harness(
            files: [Harness.path: spec], subsets: ["v1", "v2", "v3"],
            behaviours: ["reviews-v2": .init(requestsPerSecond: 30), "reviews-v3": .failing])
        let reports = try await harness.run(is: .completed)
        let summary = try #require(Harness.summary(reports.last))
        #expect(summary.weights.map(\.version) == ["reviews-v1", "reviews-v2", "reviews-v3"])
        #expect(summary.finish?.version == "reviews-v2", "\(summary.events)")
        #expect(harness.router.split(of: Harness.reviews) == ["reviews-v1": 0, "reviews-v2": 100, "reviews-v3": 0])
    }

    @Test func conformanceRecordsAVerdictAndMovesNoTraffic() async throws {
        let spec = """
            apiVersion: iter8.tools/v2alpha2
            kind: Experiment
            metadata:
              name: reviews-conformance
              namespace: bookinfo
            spec:
              target: bookinfo/reviews-conformance
              strategy:
                testingPattern: Conformance
              criteria:
                requestCount: iter8-istio/request-count
                objectives:
                - metric: iter8-istio/mean-latency
                  upperLimit: 150
                - metric: iter8-istio/error-rate
                  upperLimit: "0.02"
              duration:
                intervalSeconds: 10
                iterationsPerLoop: 4
              versionInfo:
                baseline:
                  name: reviews-v1
                  variables:
                  - name: namespace
                    value: bookinfo
            """
        let harness = Harness(files: ["experiments/conformance.yaml": spec])
        let key = "bookinfo/reviews-conformance"
        let reports = try await harness.run(until: key, is: .completed)
        let summary = try #require(Harness.summary(reports.last, key))
        #expect(summary.finish?.version == "reviews-v1", "\(summary.events)")
        #expect(summary.finish?.verdict == .pass)
        #expect(summary.completedIterations == 3)  // adaptive: decided after minIterations (3) of the 4 planned
        #expect(harness.router.changes.isEmpty && harness.router.readCount == 0)
        #expect(harness.commits("promotion").isEmpty && harness.commits("rollback").isEmpty)
        #expect(try harness.status(StatusPaths.status("experiments/conformance")).state.phase == .completed)
    }

    @Test func fixedSplitKeepsTheWeightsAndEndsWithAVerdict() async throws {
        let spec = Harness.spec(iterations: 4).replacingOccurrences(of: "deploymentPattern: Progressive", with: "deploymentPattern: FixedSplit")
        let harness = Harness(files: [Harness.path: spec])
        harness.router.set(["reviews-v1": 80, "reviews-v2": 20], on: Harness.reviews)
        var during: [[String: Int]] = []
        for _ in 0..<3 {
            await harness.step()
            during.append(harness.liveSplit())
        }
        #expect(during.allSatisfy { $0 == ["reviews-v1": 80, "reviews-v2": 20] }, "\(during)")
        let reports = try await harness.run(is: .completed)
        let summary = try #require(Harness.summary(reports.last))
        #expect(summary.completedIterations == 3)  // adaptive: promoted after minIterations (3) of the 4 planned
        #expect(summary.finish?.kind == .promotion, "\(summary.events)")
        #expect(summary.finish?.version == "reviews-v2")
    }

    /// A candidate exactly at its latency limit, without a tolerance band: no evidence decides it, and the sample a
    /// decision needs is out of reach, so it ends inconclusive early and the traffic goes back to the baseline.
    @Test func aCanaryAtItsLimitEndsInconclusive() async throws {
        let harness = Harness(
            files: [Harness.path: ReconcilerVerdictTests.atTheLimit(name: "reviews-canary", maxIterations: 4)],
            behaviours: ["reviews-v2": .init(meanLatency: 60)])
        let reports = try await harness.run(is: .completed)
        let finish = try #require(Harness.summary(reports.last)?.finish)
        #expect(finish.trigger == .inconclusive, "\(finish)")
        #expect(finish.verdict == .inconclusive)
        #expect(finish.kind == .rollback)
        #expect(finish.reason.hasPrefix("inconclusive after "), "\(finish.reason)")
        #expect(finish.reason.contains("iter8-istio/mean-latency"), "\(finish.reason)")
        #expect(harness.liveSplit() == ["reviews-v1": 100, "reviews-v2": 0])
        let end = try #require(harness.commits("rollback").first)
        #expect(end.message.hasPrefix("iter8: roll back \(Harness.key) to reviews-v1: inconclusive\n"), "\(end.message)")
        #expect(end.message.contains("Iter8-Verdict: inconclusive"))
        let concluded = try #require(try harness.status().state.condition(ConditionType.concluded))
        #expect(concluded.status == "False" && concluded.reason == "Inconclusive")
        #expect(harness.file(StatusPaths.report("experiments/reviews-canary"))?.contains("**Verdict: inconclusive.**") == true)
        await harness.step()
        #expect(reports.flatMap(\.verdicts) == [.inconclusive])
    }
}
