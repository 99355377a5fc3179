import Experiments
import Foundation
import GitOps
import Testing
import TestSupport
import YAML

@Suite("Replay and the status reader are total: NaN, infinities, huge and negative numbers are clear errors")
struct ReplayTotalityTests {
    enum Bad: String, CaseIterable, Sendable {
        case nanEvents, infiniteTrials, negativeTrials, hugeCount, nanHistogramSum, nanBucketBound, nanRequestCount
        case nanGauge, overflowingCurrentWeights, hugeSampleCount, nanConfidence

        /// The canary input with one bad number, and the path the error names.
        func apply(_ input: inout AnalysisInput) -> String {
            switch self {
            case .nanEvents:
                input.versions[1].observations["error-rate"] = .counts(events: .nan, trials: 4800)
                return "observations.error-rate.events"
            case .infiniteTrials:
                input.versions[1].observations["error-rate"] = .counts(events: 3, trials: .infinity)
                return "observations.error-rate.trials"
            case .negativeTrials:
                input.versions[1].observations["error-rate"] = .counts(events: -3, trials: -10)
                return "observations.error-rate.trials: -10.0 is negative"
            case .hugeCount:
                input.versions[1].observations["error-rate"] = .counts(events: 1e308, trials: 1.7e308)
                return "observations.error-rate.events"
            case .nanHistogramSum:
                input.versions[1].observations["mean-latency"] = .histogram(Histogram(
                    buckets: [HistogramBucket(upperBound: .infinity, cumulativeCount: 10)], sum: .nan, count: 10))
                return "observations.mean-latency.sum"
            case .nanBucketBound:
                input.versions[1].observations["mean-latency"] = .histogram(Histogram(
                    buckets: [HistogramBucket(upperBound: .nan, cumulativeCount: 5)], sum: 10, count: 5))
                return "observations.mean-latency.buckets[0].upperBound"
            case .nanRequestCount:
                input.versions[1].requestCount = .nan
                return "versions[1].requestCount"
            case .nanGauge:
                input.metrics.append(MetricDescriptor(name: "cpu", kind: .gauge))
                input.versions[0].observations["cpu"] = .gauge(value: .nan, sampleSize: nil)
                return "observations.cpu.value"
            case .overflowingCurrentWeights:
                input.settings.currentWeights = [Int.max, 1]
                return "settings.currentWeights[0]"
            case .hugeSampleCount:
                input.settings.sampleCount = Int.max
                return "settings.sampleCount"
            case .nanConfidence:
                input.settings.confidence = .nan
                return "settings.confidence"
            }
        }
    }

    static func status(_ bad: Bad) throws -> (ExperimentStatus, String) {
        var status = try ReplayTests.status(engine: BayesEngine())
        let path = bad.apply(&status.iterations[0].input)
        return (status, path)
    }

    @Test(arguments: Bad.allCases)
    func replayReportsTheBadNumberInsteadOfTrapping(_ bad: Bad) throws {
        let (status, path) = try Self.status(bad)
        let verdicts = Replay.verify(status, engines: AnalysisEngines.byName)
        #expect(verdicts.count == 1)
        #expect(verdicts.first?.identical == false)
        #expect(verdicts.first?.detail?.contains("cannot be replayed") == true)
        #expect(verdicts.first?.detail?.contains(path) == true, "\(verdicts.first?.detail ?? "")")
    }

    @Test(arguments: Bad.allCases)
    func theReaderRefusesTheFileWithThePath(_ bad: Bad) throws {
        let (status, path) = try Self.status(bad)
        let text = StatusFile.header + (try YAMLEncoder().encode(status))
        #expect {
            try StatusFile.read(Data(text.utf8), file: "bad.status.yaml")
        } throws: { error in
            guard let error = error as? StatusFileError else { return false }
            return error.code == .outOfRange && error.message.contains("bad.status.yaml: iterations[0].input.") && error.message.contains(path)
        }
    }

    enum BadState: String, CaseIterable, Sendable {
        case negativeCompleted, hugeCompleted, weightAbove100, negativePending, hugeNumber, negativeElapsed, hugeFoldCount

        func apply(_ status: inout ExperimentStatus) -> String {
            switch self {
            case .negativeCompleted: status.state.completedIterations = -1; return "state.completedIterations: -1 is negative"
            case .hugeCompleted: status.state.completedIterations = Int.max; return "state.completedIterations"
            case .weightAbove100: status.state.weights = ["reviews-v1": 101]; return "state.weights.reviews-v1"
            case .negativePending: status.state.pendingWeights = ["reviews-v2": -5]; return "state.pendingWeights.reviews-v2"
            case .hugeNumber: status.iterations[0].number = Int.max; return "iterations[0].number"
            case .negativeElapsed: status.iterations[0].elapsedSeconds = -60; return "iterations[0].elapsedSeconds"
            case .hugeFoldCount:
                status.foldedIterations = FoldedIterations(count: Int.max, firstNumber: 1, lastNumber: 2, digest: "")
                return "foldedIterations.count"
            }
        }
    }

    @Test(arguments: BadState.allCases)
    func outOfRangeStateIsRefused(_ bad: BadState) throws {
        var status = try ReplayTests.status(engine: BayesEngine())
        let expected = bad.apply(&status)
        let text = StatusFile.header + (try YAMLEncoder().encode(status))
        #expect {
            try StatusFile.read(Data(text.utf8), file: "bad.status.yaml")
        } throws: { error in
            (error as? StatusFileError)?.code == .outOfRange && "\(error)".contains(expected)
        }
    }

    /// What the metrics source can record (a query may answer a negative number of events or requests, or a
    /// huge one) is written, read back and replayed: the reader never refuses what the writer writes.
    @Test func negativeAndLargeMeasurementsTheServiceCanRecordAreReadAndReplayed() throws {
        var input = ReplayTests.input(seed: Seeds.iteration(1, base: 7))
        input.versions[1].observations["error-rate"] = .counts(events: -3, trials: 1e12)  // larger: the engines refuse it (Observation.maxCount)
        input.versions[1].requestCount = -5
        input.versions[0].observations["mean-latency"] = .histogram(Histogram(
            buckets: [HistogramBucket(upperBound: 100, cumulativeCount: -50), HistogramBucket(upperBound: .infinity, cumulativeCount: 100)],
            sum: -5e10, count: 100))
        var status = try ReplayTests.status(engine: BayesEngine())
        status.iterations[0].input = input
        status.iterations[0].result = try BayesEngine().assess(input)
        let written = try StatusFile.write(status)
        let read = try StatusFile.read(Data(written.text.utf8), file: "s.status.yaml", unknownFields: .error)
        #expect(Replay.verify(read, engines: AnalysisEngines.byName).allSatisfy { $0.identical })
    }

    @Test(arguments: [Bad.nanEvents, .hugeCount, .nanConfidence])
    func theWriterDoesNotWriteWhatItsReaderRefuses(_ bad: Bad) throws {
        let (status, path) = try Self.status(bad)
        #expect {
            try StatusFile.write(status)
        } throws: { error in
            (error as? StatusFileError)?.code == .outOfRange && "\(error)".contains(path)
        }
    }

    @Test func aFileAboveTheLimitIsRefusedBeforeDecoding() throws {
        let data = Data(repeating: 0x20, count: StatusFile.readLimitBytes + 1)
        #expect {
            try StatusFile.read(data, file: "big.status.yaml")
        } throws: { error in
            (error as? StatusFileError)?.code == .unreadable && "\(error)".contains("big.status.yaml")
        }
    }

    /// The command itself, as a user runs it: a clear message and exit code, not a trap.
    @Test(arguments: [Bad.nanEvents, .hugeCount, .overflowingCurrentWeights])
    func iter8ReplayExitsWithAMessage(_ bad: Bad) async throws {
        let (status, path) = try Self.status(bad)
        let scratch = try TemporaryDirectory()
        let file = scratch.file("bad.status.yaml")
        try Data((StatusFile.header + (try YAMLEncoder().encode(status))).utf8).write(to: file)
        let executable = try BuiltExecutable.path("iter8")
        let finished = try await offPool { try Shell.capture(executable, ["replay", file.path]) }
        #expect(finished.status == 64, "\(finished.status): \(finished.output) \(finished.errors)")
        #expect(finished.errors.contains(path), "\(finished.errors)")
    }
}
