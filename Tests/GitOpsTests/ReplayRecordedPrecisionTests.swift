import Experiments
import Foundation
import GitOps
import Testing
import YAML

/// Iteration records keep their result's non-integral numbers at six significant digits (the input stays
/// exact): the file round-trips, `iter8 replay` proves such records by rounding what it recomputes the same way,
/// and records written exact before still decode and replay.
@Suite("Replay: results recorded at six significant digits")
struct ReplayRecordedPrecisionTests {
    /// A status whose only record's result is kept the way the service records it.
    static func recordedStatus(engine: any AnalysisEngine) throws -> ExperimentStatus {
        var status = try ReplayTests.status(engine: engine)
        status.iterations[0].result = status.iterations[0].result.recorded()
        return status
    }

    @Test func numbersAreRoundedToSignificantDigitsAndIntegersAreKept() {
        let round = { (value: Double) in AnalysisResult.rounded(value, significantDigits: 6) }
        #expect(round(0.9950690618553225) == 0.995069)
        #expect(round(1.1768344673119075e-06) == 1.17683e-06)
        #expect(round(49.400447332894885) == 49.4004)
        #expect(round(-94.71352326478556) == -94.7135)
        #expect(round(0.0012690355329949238) == 0.00126904)
        #expect(round(0.9999996) == 1.0)
        // Counts and other integers, zero and non-finite values are unchanged.
        #expect(round(417) == 417)
        #expect(round(1_234_567) == 1_234_567)
        #expect(round(0) == 0)
        #expect(round(.infinity) == .infinity)
        #expect(round(.nan).isNaN)
        // The shortest text of a rounded number has at most six significant digits.
        #expect("\(round(0.004930938144677488))" == "0.00493094")
        // Digits outside 1…17 are clamped; 17 keeps every Double.
        #expect(AnalysisResult.rounded(0.123456, significantDigits: 0) == 0.1)
        #expect(AnalysisResult.rounded(0.9950690618553225, significantDigits: 40) == 0.9950690618553225)
        #expect(AnalysisResult.rounded(.pi, significantDigits: 17) == .pi)
    }

    @Test(arguments: ["bayes", "iter8-v1"])
    func aRecordedResultRoundTripsAndReplays(engineName: String) throws {
        let engine = try #require(AnalysisEngines.byName[engineName])
        let exact = try ReplayTests.status(engine: engine)
        let status = try Self.recordedStatus(engine: engine)
        let result = status.iterations[0].result
        #expect(result.significantDigits == 6)
        // Decisions are kept as the engine made them; only derived numbers are rounded.
        #expect(result.winner.found == exact.iterations[0].result.winner.found)
        #expect(result.traffic.weights.map(\.weight) == exact.iterations[0].result.traffic.weights.map(\.weight))
        #expect(result.decision == nil || result.decision?.outcome == exact.iterations[0].result.decision?.outcome)
        #expect(result != exact.iterations[0].result)
        let written = try StatusFile.write(status)
        let read = try StatusFile.read(Data(written.text.utf8), file: "status.yaml", unknownFields: .error)
        #expect(read == written.status)
        #expect(read.iterations[0].result == result)
        #expect(written.text.contains("    significantDigits: 6\n"))
        let verdicts = Replay.verify(read, engines: AnalysisEngines.byName)
        #expect(verdicts.map(\.identical) == [true], "\(verdicts)")
        #expect(verdicts.allSatisfy { !$0.notReplayed })
    }

    @Test func theRecordedResultIsSmallerAndItsInputExact() throws {
        let exact = try ReplayTests.status(engine: BayesEngine())
        let status = try Self.recordedStatus(engine: BayesEngine())
        #expect(status.iterations[0].input == exact.iterations[0].input)
        let exactText = try StatusFile.write(exact).text, text = try StatusFile.write(status).text
        #expect(text.utf8.count < exactText.utf8.count)
        // No number of the recorded result has more than six significant digits.
        let result = try YAMLEncoder().encode(status.iterations[0].result)
        let long = result.split(separator: "\n").filter { line in
            guard !line.contains("seed:"), !line.contains("model:"), !line.contains("reason:"),
                let value = line.split(separator: ": ").last, Double(value) != nil
            else { return false }
            return value.filter(\.isNumber).drop { $0 == "0" }.prefix { $0 != "e" }.count > 7
        }
        #expect(long.isEmpty, "\(long)")
    }

    @Test func anEditedRoundedNumberIsADifference() throws {
        var status = try Self.recordedStatus(engine: BayesEngine())
        status.iterations[0].result.versions[1].winProbability += 0.00001
        let verdict = try #require(Replay.verify(status, engines: AnalysisEngines.byName).first)
        #expect(!verdict.identical && !verdict.notReplayed)
        #expect(verdict.detail?.contains("winProbability") == true, "\(verdict.detail ?? "")")
        // Rounding the recorded exact result again is not the engine's output either: the precision is part of it.
        var relabelled = try ReplayTests.status(engine: BayesEngine())
        relabelled.iterations[0].result.significantDigits = 3
        #expect(Replay.verify(relabelled, engines: AnalysisEngines.byName).first?.identical == false)
    }

    @Test func aRecordWrittenExactBeforeStillDecodesAndReplays() throws {
        let status = try ReplayTests.status(engine: BayesEngine())
        let text = try YAMLEncoder().encode(status)
        #expect(!text.contains("significantDigits"))
        let read = try StatusFile.read(Data((StatusFile.header + text).utf8), file: "old.status.yaml", unknownFields: .error)
        #expect(read.iterations[0].result.significantDigits == nil)
        #expect(Replay.verify(read, engines: AnalysisEngines.byName).map(\.identical) == [true])
    }

    @Test(arguments: [0, -1, 18, 1_000_000])
    func digitsOutsideTheRangeAreRefusedWithThePath(_ digits: Int) throws {
        var status = try Self.recordedStatus(engine: BayesEngine())
        status.iterations[0].result.significantDigits = digits
        let problems = StatusCheck.problems(status)
        #expect(problems.contains { $0.hasPrefix("iterations[0].result.significantDigits:") }, "\(problems)")
        #expect(throws: StatusFileError.self) { try StatusFile.write(status) }
    }

    @Test func compactRecordsOfRecordedResultsChainAndVerify() throws {
        var status = ReplayFixtures.status(iterations: 5)
        for index in status.iterations.indices { status.iterations[index].result = status.iterations[index].result.recorded() }
        let written = try StatusFile.write(status)
        #expect(written.status.compactedIterations?.count == 4)
        let point = try #require(written.status.compactedIterations?.first?.keyMetric?.versions.first?.posterior)
        #expect(point.mean == AnalysisResult.rounded(point.mean, significantDigits: 6))
        let earlier = status.iterations
        let verdicts = Replay.verify(written.status, engines: AnalysisEngines.byName)
            + Replay.verifyRecordDigests(written.status, against: earlier)
        #expect(verdicts.count == 9)
        #expect(verdicts.filter { !$0.identical }.isEmpty, "\(verdicts.filter { !$0.identical })")
    }
}
