import Experiments
import Foundation
import Testing

/// `iter8 replay` of records written by another engine version says so instead of reporting a difference.
@Suite("Replay: engine versions")
struct ReplayEngineVersionTests {
    func status(_ record: IterationRecord) -> ExperimentStatus {
        ExperimentStatus(
            experiment: ExperimentIdentity(name: "reviews-canary", namespace: "bookinfo", target: "bookinfo/reviews"),
            specRevision: nil, seed: 1, state: .new(at: Date(timeIntervalSince1970: 0)), iterations: [record])
    }

    func record(_ input: AnalysisInput, _ result: AnalysisResult) -> IterationRecord {
        IterationRecord(
            number: 1, time: Date(timeIntervalSince1970: 10), elapsedSeconds: 10, weightsBefore: nil, queries: [],
            input: input, result: result)
    }

    @Test func aCurrentRecordIsRecomputed() throws {
        let input = AnalysisBayesFixtures.canary(candidateErrors: 20)
        let verdicts = Replay.verify(status(record(input, try BayesEngine().assess(input))), engines: AnalysisEngines.byName)
        #expect(verdicts.map(\.identical) == [true])
    }

    @Test func aRecordOfBayesOneIsNotReplayedAndSaysWhy() throws {
        let input = AnalysisBayesFixtures.canary(candidateErrors: 20)
        var old = try BayesEngine().assess(input)
        old.engineVersion = nil  // written before versions were recorded: bayes 1
        old.decision = nil
        let verdict = try #require(Replay.verify(status(record(input, old)), engines: AnalysisEngines.byName).first)
        #expect(!verdict.identical)
        #expect(verdict.notReplayed)
        #expect(verdict.recordedEngineVersion == 1)
        #expect(verdict.detail?.contains("recorded by bayes version 1; this build runs version 3") == true)
    }

    /// bayes 3 integrates what version 2 counted over draws: a record of version 2 is not replayed, and says why.
    @Test func aRecordOfBayesTwoIsNotReplayedAndSaysWhy() throws {
        let input = AnalysisAnchorCases.caseB()
        var old = try BayesEngine().assess(input)
        old.engineVersion = 2
        let verdict = try #require(Replay.verify(status(record(input, old)), engines: AnalysisEngines.byName).first)
        #expect(!verdict.identical)
        #expect(verdict.notReplayed)
        #expect(verdict.recordedEngineVersion == 2)
        #expect(verdict.detail?.contains("recorded by bayes version 2; this build runs version 3") == true)
    }

    /// iter8-v1 version 2 computes exactly what version 1 estimated from draws: a record of version 1 (written
    /// before versions were recorded) is not replayed, and says why; a current record is recomputed.
    @Test func anIter8V1RecordOfVersionOneIsNotReplayed() throws {
        var input = AnalysisBayesFixtures.canary(candidateErrors: 20)
        input.settings.sampleCount = 1_000
        var old = try IterV1Engine().assess(input)
        #expect(Replay.verify(status(record(input, old)), engines: AnalysisEngines.byName).map(\.identical) == [true])
        old.engineVersion = nil
        old.decision = nil
        let verdict = try #require(Replay.verify(status(record(input, old)), engines: AnalysisEngines.byName).first)
        #expect(verdict.notReplayed)
        #expect(verdict.detail?.contains("recorded by iter8-v1 version 1; this build runs version 2") == true)
    }

    @Test func aChangedDecisionIsStillADifference() throws {
        let input = AnalysisBayesFixtures.canary(candidateErrors: 20)
        var edited = try BayesEngine().assess(input)
        edited.decision?.outcome = .failed
        let verdict = try #require(Replay.verify(status(record(input, edited)), engines: AnalysisEngines.byName).first)
        #expect(!verdict.identical)
        #expect(!verdict.notReplayed)
    }

    /// An input no engine can take is reported as such whatever version the record names: an old version is no
    /// way around the input checks (found by the hostile corpus: a forged record exited 0 as "not replayed").
    @Test func aForgedInputOfAnOlderVersionIsStillRefused() throws {
        var input = AnalysisBayesFixtures.canary(candidateErrors: 20)
        var old = try BayesEngine().assess(input)
        old.engineVersion = nil
        input.settings.currentWeights = [100]  // one weight for two versions
        let verdict = try #require(Replay.verify(status(record(input, old)), engines: AnalysisEngines.byName).first)
        #expect(!verdict.identical)
        #expect(!verdict.notReplayed)
        #expect(verdict.detail?.hasPrefix("the engine failed") == true)
    }
}
