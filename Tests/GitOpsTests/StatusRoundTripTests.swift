import Experiments
import Foundation
import GitOps
import Testing
import YAML

/// The reconciler takes the status documents it wrote as the next pass's input instead of decoding its own files
/// again; that is sound only if a document written at the pass's time reads back equal, which holds for times at
/// the files' resolution (``YAML/YAMLTimestamp/asWritten(_:)``), and not for a clock's raw time.
@Suite struct StatusRoundTripTests {
    static func status(at now: Date) -> ExperimentStatus {
        var status = ReplayFixtures.status(iterations: 3)
        status.state.startedAt = now
        status.state.lastIterationAt = now
        status.state.setCondition(ConditionType.reconciled, true, reason: "StepCompleted", message: "done", at: now)
        for index in status.iterations.indices { status.iterations[index].time = now }
        return status
    }

    @Test func aStatusWrittenAtThePassTimeReadsBackEqual() throws {
        for raw in [1_764_900_000.0, 1_764_900_000.5, 1_764_900_000.123456, 1_764_900_000.999_9, 1_764_900_001.000_4, 1_764_900_000.998_6, 0.001] {
            let now = YAMLTimestamp.asWritten(Date(timeIntervalSince1970: raw))
            let written = try StatusFile.write(Self.status(at: now))
            let read = try StatusFile.read(Data(written.text.utf8), file: "s.status.yaml")
            #expect(read == written.status, "at \(raw)")
        }
    }

    /// A date read back from a file is written as the same text: milliseconds are rounded, not truncated from the
    /// binary fraction (which wrote `.999` back as `.998`).
    @Test func aDateReadBackIsWrittenTheSame() throws {
        for raw in stride(from: 1_764_900_000.0, to: 1_764_900_001.0, by: 0.000_7) {
            let once = YAMLTimestamp.asWritten(Date(timeIntervalSince1970: raw))
            #expect(YAMLTimestamp.asWritten(once) == once, "at \(raw)")
        }
    }

    @Test func aRawClockTimeWouldNotReadBackEqual() throws {
        let written = try StatusFile.write(Self.status(at: Date(timeIntervalSince1970: 1_764_900_000.123456)))
        let read = try StatusFile.read(Data(written.text.utf8), file: "s.status.yaml")
        #expect(read != written.status)
    }
}


extension StatusRoundTripTests {
    /// Dates far outside a clock's range, with fractions, never produce a malformed or negative millisecond field.
    struct Stamped: Encodable { var at: Date }

    @Test func extremeDatesStillFormatAsDates() throws {
        for raw in [-62_135_596_800.25, 253_402_300_799.999, 1e15 + 0.5, -1e15 - 0.5, 9.007e15 + 0.5, 1_764_900_000.9996] {
            let text = try YAMLEncoder().encode(Stamped(at: Date(timeIntervalSince1970: raw)))
            #expect(!text.contains(".-") && !text.contains(".1000"), "\(raw): \(text)")
        }
    }
}
