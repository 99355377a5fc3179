import Experiments
import Foundation
import GitOps
import Testing
import YAML

@Suite("Status file: bounded whatever the number of iterations")
struct ReplayCompactionTests {
    /// The service's passes: each appends an iteration to the document read back from the previous file and
    /// writes it again (compacting); returns the file after every pass in `checkpoints`.
    static func passes(_ count: Int, checkpoints: Set<Int>, throughYAML: Bool = false) throws -> [Int: StatusFile.Written] {
        var status = ReplayFixtures.status(iterations: 0)
        var files: [Int: StatusFile.Written] = [:]
        for number in 1...count {
            status.iterations.append(ReplayFixtures.record(number))
            status.state.completedIterations = number
            if throughYAML || checkpoints.contains(number) {
                let written = try StatusFile.write(status)
                if checkpoints.contains(number) { files[number] = written }
                status = throughYAML ? try StatusFile.read(Data(written.text.utf8), file: "s.status.yaml") : written.status
            } else {
                status = StatusCompaction.standard.apply(to: status)
            }
        }
        return files
    }

    @Test func aThousandIterationsStayUnderTheBound() throws {
        let kept = StatusCompaction.standard.fullIterations + StatusCompaction.standard.compactIterations
        let checkpoints: Set<Int> = [1, 2, 10, 11, 84, 100, kept, kept + 1, 1000]
        let files = try Self.passes(1000, checkpoints: checkpoints)
        for number in checkpoints.sorted() {
            let written = try #require(files[number])
            #expect(written.text.utf8.count <= StatusFile.targetBytes, "iteration \(number): \(written.text.utf8.count) bytes")
            #expect(written.status.recordedIterationCount == number)
            #expect(written.status.iterations.count == min(number, StatusCompaction.standard.fullIterations))
            let read = try StatusFile.read(Data(written.text.utf8), file: "s.status.yaml")
            #expect(read == written.status)
        }
        let last = try #require(files[1000])
        #expect(last.status.foldedIterations?.count == 1000 - kept)
        #expect(last.status.compactedIterations?.count == StatusCompaction.standard.compactIterations)
        // Iteration 1,000's file is no larger than the first one that folded: the size no longer grows.
        let atFold = try #require(files[kept + 1])
        #expect(last.text.utf8.count <= atFold.text.utf8.count + 1024)
        // Compacting pass by pass gives the bytes compacting once does.
        #expect(try StatusFile.write(ReplayFixtures.status(iterations: 1000)).text == last.text)
    }

    @Test func passesThroughTheFileGiveTheSameBytesAsPassesInMemory() throws {
        let viaYAML = try Self.passes(40, checkpoints: [40], throughYAML: true)
        let inMemory = try Self.passes(40, checkpoints: [40])
        let a = try #require(viaYAML[40]), b = try #require(inMemory[40])
        #expect(a.text == b.text)
    }

    @Test func aCompactedFileRoundTripsByteForByte() throws {
        let written = try StatusFile.write(ReplayFixtures.status(iterations: 600))
        let read = try StatusFile.read(Data(written.text.utf8), file: "s.status.yaml", unknownFields: .error)
        #expect(read == written.status)
        #expect(try StatusFile.write(read).text == written.text)
        #expect(try StatusFile.write(ReplayFixtures.status(iterations: 600)).text == written.text)  // deterministic
    }

    @Test func aFileWithoutCompactionIsWrittenAsBefore() throws {
        let status = ReplayFixtures.status(iterations: StatusCompaction.standard.fullIterations)
        let before = StatusFile.header + (try YAMLEncoder().encode(status))
        #expect(try StatusFile.write(status).text == before)
        #expect(!before.contains("compactedIterations") && !before.contains("foldedIterations"))
    }

    @Test func aFullFileAlreadyInARepositoryStillReadsAndReplays() throws {
        // Written by the service before compaction existed: 80 full iterations (such files became unreadable at 84).
        let old = ReplayFixtures.status(iterations: 80)
        let text = StatusFile.header + (try YAMLEncoder().encode(old))
        #expect(text.utf8.count > StatusFile.targetBytes)
        let read = try StatusFile.read(Data(text.utf8), file: "old.status.yaml", unknownFields: .error)
        #expect(read == old)
        #expect(Replay.verify(read, engines: AnalysisEngines.byName).allSatisfy { $0.identical })
        // The next write compacts it under the bound.
        let next = try StatusFile.write(read)
        #expect(next.text.utf8.count <= StatusFile.targetBytes)
        #expect(next.status.recordedIterationCount == 80)
    }

    @Test(arguments: [0, 1, 2, 9, 10, 11, 12, 37, 99, 100, 101, 509, 510, 511, 777])
    func theReaderAcceptsEverythingTheWriterWrites(iterations: Int) throws {
        let status = ReplayFixtures.status(iterations: iterations)
        // The standard target, one that keeps a few full records, and one that leaves nothing to compact.
        for target in [StatusFile.targetBytes, 64 * 1024] + (iterations <= 101 ? [12 * 1024, 1] : []) {
            let written = try StatusFile.write(status, targetBytes: target)
            #expect(written.text.utf8.count <= StatusFile.readLimitBytes)
            let read = try StatusFile.read(Data(written.text.utf8), file: "s.status.yaml", unknownFields: .error)
            #expect(read == written.status, "\(iterations) iterations, target \(target)")
            #expect(read.recordedIterationCount == iterations)
            // Every digest; the engine reruns only for the standard target (the same records otherwise).
            let verdicts = target == StatusFile.targetBytes
                ? Replay.verify(read, engines: AnalysisEngines.byName)
                : Replay.verify(read, engines: [:]).filter(\.compact)
            #expect(verdicts.allSatisfy { $0.identical }, "\(verdicts.filter { !$0.identical })")
            if target >= 64 * 1024 { #expect(written.text.utf8.count <= target) }
        }
    }

    @Test func aRecordLargerThanTheBoundIsKeptCompactOnly() throws {
        var status = ReplayFixtures.status(iterations: 3)
        status.iterations[2].queries[0].query = String(repeating: "x", count: 40 * 1024)
        let written = try StatusFile.write(status, targetBytes: 32 * 1024)
        #expect(written.text.utf8.count <= 32 * 1024)
        #expect(written.status.iterations.isEmpty)
        #expect(written.status.compactedIterations?.map(\.number) == [1, 2, 3])
        let read = try StatusFile.read(Data(written.text.utf8), file: "s.status.yaml")
        #expect(Replay.verify(read, engines: AnalysisEngines.byName).allSatisfy { $0.identical })
    }

    @Test func whatDoesNotFitEvenCompactedIsNotWritten() throws {
        var status = ReplayFixtures.status(iterations: 3)
        status.experiment.target = String(repeating: "t", count: StatusFile.readLimitBytes)
        #expect {
            try StatusFile.write(status)
        } throws: { error in
            (error as? StatusFileError)?.code == .tooLarge
        }
    }

    @Test func tooManySpecErrorsAreCutToFit() throws {
        var status = ReplayFixtures.status(iterations: 0)
        status.specErrors = (1...40_000).map { "experiments/reviews.yaml:\($0):1: spec.versionInfo: a problem of line \($0)" }
        let written = try StatusFile.write(status)
        #expect(written.text.utf8.count <= StatusFile.readLimitBytes)
        #expect(written.status.specErrors?.count == 21)
        #expect(written.status.specErrors?.last == "… and 39980 more")
        _ = try StatusFile.read(Data(written.text.utf8), file: "s.status.yaml")
    }
}
