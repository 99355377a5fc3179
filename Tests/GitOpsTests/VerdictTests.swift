import Experiments
import Foundation
import Git
@testable import GitOps
import Testing

/// Statuses of the canary fixture ended with each verdict.
enum VerdictFixtures {
    static let inconclusiveReason = "inconclusive after 30 iterations: candidate reviews-v2: the objective on "
        + "iter8-istio/error-rate (P(satisfied) = 0.8123) is inconclusive; a decision needs about 12,400 requests per "
        + "version (3,100 so far)"

    static func plan(_ verdict: FinishPlan.Verdict?) -> FinishPlan {
        switch verdict {
        case .pass:
            FinishPlan(kind: .promotion, trigger: .completed, version: "reviews-v2", split: ["reviews-v1": 0, "reviews-v2": 100],
                reason: "reviews-v2 won after 4 iterations", verdict: .pass)
        case .fail:
            FinishPlan(kind: .rollback, trigger: .objectiveFailed, version: "reviews-v1", split: ["reviews-v1": 100, "reviews-v2": 0],
                reason: "candidate reviews-v2 fails iter8-istio/error-rate", verdict: .fail)
        case .inconclusive:
            FinishPlan(kind: .rollback, trigger: .inconclusive, version: "reviews-v1", split: ["reviews-v1": 100, "reviews-v2": 0],
                reason: inconclusiveReason, verdict: .inconclusive)
        case .some(.none):
            FinishPlan(kind: .rollback, trigger: .manualTerminate, version: "reviews-v1", split: ["reviews-v1": 100, "reviews-v2": 0],
                reason: "terminated by a manual override, to the baseline", verdict: FinishPlan.Verdict.none)
        case nil:
            FinishPlan(kind: .rollback, trigger: .completed, version: "reviews-v1", split: ["reviews-v1": 100, "reviews-v2": 0],
                reason: "no winner was found")
        }
    }

    static func status(_ verdict: FinishPlan.Verdict?) -> ExperimentStatus {
        var status = ReportFixtures.canary
        status.state.finish = plan(verdict)
        status.state.winner = verdict == .pass ? "reviews-v2" : nil
        return status
    }

    static func commit(_ digit: Character, _ message: String) -> GitCommit {
        GitCommit(
            id: GitOID(hex: String(repeating: digit, count: 40))!, parents: [], message: message,
            author: GitSignature(name: "iter8", email: "iter8@example.com", time: ReportFixtures.start), time: ReportFixtures.start)
    }
}

@Suite("Verdict: the Iter8-Verdict trailer on the commit that records an end")
struct VerdictTrailerTests {
    static let versions = ["reviews-v1", "reviews-v2"]

    @Test(arguments: [FinishPlan.Verdict.pass, .fail, .inconclusive, .none])
    func theFinishCommitCarriesTheVerdictAndHistoryReadsItBack(verdict: FinishPlan.Verdict) throws {
        let status = VerdictFixtures.status(verdict)
        let text = CommitMessages.finish(try #require(status.state.finish), status: status, versions: Self.versions, note: nil)
        let message = CommitMessage.parse(text)
        #expect(message.value(for: Iter8Trailer.verdict) == verdict.rawValue)
        #expect(message.trailers.last?.key == Iter8Trailer.verdict, "after Iter8-Action")
        let entries = RolloutHistory.entries(from: [VerdictFixtures.commit("7", text)])
        #expect(entries.map(\.verdict) == [verdict.rawValue])
        #expect(RolloutHistory.text(entries).contains(" \(verdict.rawValue) "))
        #expect(try JSONDecoder().decode([HistoryEntry].self, from: Data(try RolloutHistory.json(entries).utf8)) == entries)
    }

    @Test func anInconclusiveEndSaysSoInItsSubjectAndGivesTheReason() throws {
        let status = VerdictFixtures.status(.inconclusive)
        let text = CommitMessages.finish(try #require(status.state.finish), status: status, versions: Self.versions, note: nil)
        let message = CommitMessage.parse(text)
        #expect(message.subject == "iter8: roll back bookinfo/reviews-canary to reviews-v1: inconclusive")
        #expect(message.body.hasPrefix(VerdictFixtures.inconclusiveReason + "."))
        #expect(message.body.contains("a decision needs about 12,400 requests per version"))

        var unexplained = try #require(status.state.finish)
        unexplained.reason = "no winner was found"
        let plain = CommitMessage.parse(CommitMessages.finish(unexplained, status: status, versions: Self.versions, note: nil))
        #expect(plain.body.hasPrefix("Inconclusive: no winner was found."))
    }

    @Test func otherEndsKeepTheirSubjects() {
        #expect(CommitMessages.subject(VerdictFixtures.plan(.pass), key: "a/x") == "iter8: promote reviews-v2 in a/x")
        #expect(CommitMessages.subject(VerdictFixtures.plan(.fail), key: "a/x") == "iter8: roll back a/x to reviews-v1")
        #expect(CommitMessages.subject(VerdictFixtures.plan(FinishPlan.Verdict.none), key: "a/x") == "iter8: roll back a/x to reviews-v1")
    }

    @Test func aPlanWithoutAVerdictIsRecordedAsNone() throws {
        let status = VerdictFixtures.status(nil)
        let text = CommitMessages.finish(try #require(status.state.finish), status: status, versions: Self.versions, note: nil)
        #expect(CommitMessage.parse(text).value(for: Iter8Trailer.verdict) == "none")
    }

    @Test func statusCommitsCarryAVerdictOnlyForTheEndTheyRecord() throws {
        let ended = VerdictFixtures.status(.inconclusive)
        let running = ReportFixtures.invalidSpec
        let progress = CommitMessage.parse(CommitMessages.status([(ended, .status, "line")]))
        #expect(progress.value(for: Iter8Trailer.verdict) == nil, "the end has a commit of its own")

        let recorded = CommitMessage.parse(CommitMessages.status([(ended, .rollback, "bookinfo/reviews-canary: Completed (rollback)")]))
        #expect(recorded.subject == "iter8: roll back bookinfo/reviews-canary to reviews-v1: inconclusive")
        #expect(recorded.value(for: Iter8Trailer.verdict) == "inconclusive")
        #expect(recorded.body.contains("verdict inconclusive: \(VerdictFixtures.inconclusiveReason)."))

        let two = CommitMessage.parse(CommitMessages.status([(ended, .rollback, "a"), (running, .status, "b")]))
        #expect(two.subject == "iter8: status of 2 experiments")
        #expect(two.values(for: Iter8Trailer.verdict) == ["inconclusive"])
        let entries = RolloutHistory.entries(from: [VerdictFixtures.commit("8", two.text)])
        #expect(entries.map(\.verdict) == ["inconclusive", nil])
    }

    @Test func endActionsAreTheOnesThatCarryAVerdict() {
        #expect(Iter8Action.allCases.filter(\.endsExperiment) == [.promotion, .rollback, .keepLast, .split, .abort])
    }
}

@Suite("Verdict: the report's sentence and the status table")
struct VerdictReportTests {
    let renderer = ReportRenderer()

    @Test func eachVerdictIsASentenceWithThePlansReason() {
        let cases: [(FinishPlan.Verdict, String)] = [
            (.pass, "**Verdict: pass.** reviews-v2 won after 4 iterations."),
            (.fail, "**Verdict: fail.** candidate reviews-v2 fails iter8-istio/error-rate."),
            (.inconclusive, "**Verdict: inconclusive.** " + Markdown.text(VerdictFixtures.inconclusiveReason) + "."),
            (.none, "**No verdict.** terminated by a manual override, to the baseline."),
        ]
        for (verdict, sentence) in cases {
            let text = renderer.markdown(for: VerdictFixtures.status(verdict), chartFile: "c.svg")
            #expect(text.contains("\n\n" + sentence + "\n\n"), "\(verdict): \(text.prefix(1200))")
        }
        #expect(!renderer.markdown(for: VerdictFixtures.status(nil), chartFile: "c.svg").contains("**Verdict"))
        #expect(!renderer.markdown(for: ReportFixtures.invalidSpec, chartFile: "c.svg").contains("**Verdict"))
    }

    @Test func theInconclusiveSentenceCarriesTheSampleSizeADecisionNeeded() {
        let text = renderer.markdown(for: VerdictFixtures.status(.inconclusive), chartFile: "c.svg")
        #expect(text.contains("a decision needs about 12,400 requests per version (3,100 so far)"))
    }

    /// The invalid-spec fixture, running again after `iterations` of a planned 10.
    static func running(after iterations: Int) -> ExperimentStatus {
        var status = ReportFixtures.invalidSpec
        status.specErrors = nil
        status.state.phase = .running
        status.state.reason = "IterationCompleted"
        status.state.completedIterations = iterations
        return status
    }

    @Test func anAdaptiveExperimentPastItsPlannedIterationsSaysItIsExtended() {
        let adaptive = DurationSpec(intervalSeconds: 10, iterationsPerLoop: 10, maxLoops: 1, mode: .adaptive, minIterations: 3, maxIterations: 30)
        let extended = renderer.markdown(for: Self.running(after: 12), chartFile: "c.svg", duration: adaptive)
        #expect(extended.contains("**Extended:** iteration 12 of up to 30 while the evidence is inconclusive (10 planned)."))
        #expect(!renderer.markdown(for: Self.running(after: 10), chartFile: "c.svg", duration: adaptive).contains("Extended"))
        #expect(!renderer.markdown(for: Self.running(after: 12), chartFile: "c.svg").contains("Extended"))
        let fixed = DurationSpec(intervalSeconds: 10, iterationsPerLoop: 10, maxLoops: 1)
        #expect(!renderer.markdown(for: Self.running(after: 12), chartFile: "c.svg", duration: fixed).contains("Extended"))
    }

    @Test func anInconclusiveObjectiveShowsTheObservationsAVerdictNeeds() {
        var status = ReportFixtures.invalidSpec
        status.iterations[0].result.versions[1].objectives[1].assessment = .inconclusive
        status.iterations[0].result.versions[1].objectives[1].probabilitySatisfied = 0.8123
        status.iterations[0].result.versions[1].objectives[1].requiredSampleSize = 12_345.2
        let text = renderer.markdown(for: status, chartFile: "c.svg")
        #expect(text.contains("| inconclusive (0.812; ~12,346 needed) |"), "\(text)")
    }

    @Test func countsAreGroupedByThousands() {
        #expect([0, 7, 999, 1000, 12_400, 1_234_567, 1e20].map(ReportFormat.count) == ["0", "7", "999", "1,000", "12,400", "1,234,567", "1,000,000,000,000,000"])
    }

    @Test func theStatusTableShowsTheVerdictOfEndedExperiments() throws {
        let table = StatusTable([("a.yaml", VerdictFixtures.status(.inconclusive)), ("b.yaml", ReportFixtures.empty)])
        #expect(table.rows.map(\.verdict) == ["inconclusive", nil])
        let lines = table.text.split(separator: "\n").map(String.init)
        #expect(lines[0].contains(" VERDICT "))
        #expect(lines[1].contains(" inconclusive "))
    }
}

@Suite("Verdict: iter8_experiment_verdicts_total")
struct VerdictMetricTests {
    static func sample(_ verdict: String, _ metrics: ServiceMetrics) -> Double? {
        ServerHarness.sample(#"iter8_experiment_verdicts_total{verdict="\#(verdict)"}"#, in: metrics.exposition())
    }

    @Test func everyVerdictIsThereAtZero() {
        let metrics = ServiceMetrics()
        #expect(metrics.exposition().contains("# TYPE iter8_experiment_verdicts_total counter\n"))
        for verdict in FinishPlan.Verdict.allCases { #expect(Self.sample(verdict.rawValue, metrics) == 0) }
    }

    @Test func aPassCountsTheEndsItsPushRecordedOnce() {
        let metrics = ServiceMetrics()
        var report = PassReport()
        report.verdicts = [.inconclusive, .pass]
        metrics.record(report, seconds: 0.1, at: ReportFixtures.start)
        metrics.record(PassReport(), seconds: 0.1, at: ReportFixtures.start)
        #expect(Self.sample("inconclusive", metrics) == 1)
        #expect(Self.sample("pass", metrics) == 1)
        #expect(Self.sample("fail", metrics) == 0)
        #expect(Self.sample("none", metrics) == 0)
    }
}
