import Experiments
import Foundation
import GitOps
import Testing
import TestSupport
import YAML

@Suite("Replay after compaction: full records byte for byte, compact records by their digests")
struct ReplayDigestTests {
    static func compacted(_ iterations: Int = 40) throws -> ExperimentStatus {
        try StatusFile.write(ReplayFixtures.status(iterations: iterations)).status
    }

    @Test func everyKeptIterationAndEveryDigestIsVerified() throws {
        let status = try Self.compacted()
        let verdicts = Replay.verify(status, engines: AnalysisEngines.byName)
        let full = StatusCompaction.standard.fullIterations
        #expect(verdicts.filter(\.compact).count == 40 - full)
        #expect(verdicts.filter { !$0.compact }.count == full)
        #expect(verdicts.allSatisfy { $0.identical }, "\(verdicts.filter { !$0.identical })")
        #expect(verdicts.map(\.number) == Array(1...40))
    }

    @Test func foldedIterationsAnchorTheChain() throws {
        let status = try StatusFile.write(ReplayFixtures.status(iterations: 40), policy: StatusCompaction(fullIterations: 5, compactIterations: 10)).status
        #expect(status.foldedIterations == FoldedIterations(count: 25, firstNumber: 1, lastNumber: 25, digest: status.foldedIterations?.digest ?? ""))
        #expect(Replay.verify(status, engines: AnalysisEngines.byName).allSatisfy { $0.identical })
        var tampered = status
        tampered.foldedIterations?.digest = "sha256:" + String(repeating: "0", count: 64)
        #expect(Replay.verify(tampered, engines: AnalysisEngines.byName).first { !$0.identical }?.number == 26)
    }

    enum Tampering: String, CaseIterable, Sendable {
        case weights, winner, held, time, keyMetric, recordDigest, digest, removed, swapped, inserted
    }

    @Test(arguments: Tampering.allCases)
    func aTamperedCompactRecordIsFound(_ tampering: Tampering) throws {
        var status = try Self.compacted()
        var records = try #require(status.compactedIterations)
        switch tampering {
        case .weights: records[7].weightsAfter["reviews-v2"] = 100
        case .winner: records[7].winner = "reviews-v2"
        case .held: records[7].held.toggle()
        case .time: records[7].time.addTimeInterval(1)
        case .keyMetric: records[7].keyMetric?.versions[0].posterior?.mean += 1
        case .recordDigest: records[7].recordDigest = "sha256:" + String(repeating: "a", count: 64)
        case .digest: records[7].digest = "sha256:" + String(repeating: "b", count: 64)
        case .removed: records.remove(at: 7)
        case .swapped: records.swapAt(7, 8)
        case .inserted: records.insert(records[7], at: 7)
        }
        status.compactedIterations = records
        let verdicts = Replay.verify(status, engines: AnalysisEngines.byName)
        let different = verdicts.filter { !$0.identical }
        #expect(!different.isEmpty)
        #expect(different.allSatisfy { $0.compact })
        #expect(verdicts.filter { !$0.compact }.allSatisfy { $0.identical })  // the full records are unaffected
    }

    @Test func theRecordDigestsMatchTheFullRecordsOfEarlierFiles() throws {
        // A file at iteration 20 that kept iterations 11…20 in full; at iteration 40 they are compact.
        let earlier = try StatusFile.write(
            ReplayFixtures.status(iterations: 20), policy: StatusCompaction(fullIterations: 10, compactIterations: 100)).text
        let earlierRecords = try StatusFile.read(Data(earlier.utf8), file: "s.status.yaml").iterations
        let status = try Self.compacted()
        let verdicts = Replay.verifyRecordDigests(status, against: earlierRecords)
        #expect(verdicts.map(\.number) == Array(11...20))
        #expect(verdicts.allSatisfy { $0.identical })
        var edited = earlierRecords
        edited[3].queries[0].value = -1
        let caught = Replay.verifyRecordDigests(status, against: edited)
        #expect(caught.filter { !$0.identical }.map(\.number) == [14])
    }

    @Test func theRecordDigestIsTheSHA256OfTheCanonicalBytes() async throws {
        let record = ReplayFixtures.record(3)
        let scratch = try TemporaryDirectory()
        let file = scratch.file("record.json")
        try Data(StatusDigest.canonicalJSON(record)).write(to: file)
        let sum = try await Shell.run("/usr/bin/sha256sum", [file.path])
        #expect(CompactIterationRecord(record, previousDigest: "").recordDigest == "sha256:" + sum.prefix(64))
    }

    @Test func sha256MatchesTheStandardVectors() async throws {
        func hex(_ text: String) -> String { StatusDigest.label(Array(text.utf8)) }
        #expect(hex("") == "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex("abc") == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "sha256:248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(StatusDigest.label([UInt8](repeating: 0x61, count: 1_000_000))
            == "sha256:cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        // Every padding case (55, 56, 63, 64, 65 bytes …) against the system's sha256sum.
        let scratch = try TemporaryDirectory()
        for length in [1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000] {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let file = scratch.file("m\(length)")
            try Data(bytes).write(to: file)
            let sum = try await Shell.run("/usr/bin/sha256sum", [file.path])
            #expect(StatusDigest.label(bytes) == "sha256:" + sum.prefix(64), "length \(length)")
        }
    }
}

@Suite("iter8 replay on a compacted status file")
struct ReplayCommandCompactionTests {
    @Test func verifiesTheFileAndItsEarlierVersionAndCatchesAnEdit() async throws {
        let scratch = try TemporaryDirectory()
        let earlier = scratch.file("earlier.status.yaml"), current = scratch.file("current.status.yaml")
        try Data(try StatusFile.write(ReplayFixtures.status(iterations: 20)).text.utf8).write(to: earlier)
        let text = try StatusFile.write(ReplayFixtures.status(iterations: 40)).text
        try Data(text.utf8).write(to: current)
        let executable = try BuiltExecutable.path("iter8")
        let good = try await offPool { try Shell.capture(executable, ["replay", current.path, "--earlier", earlier.path]) }
        #expect(good.status == 0, "\(good.output)\(good.errors)")
        #expect(good.output.contains(
            "1 of 1 decisions reproduced, 39 of 39 compact records' digests verified, 1 of 1 full records found in earlier files match"))
        // The 5th compact record's recommended split edited by hand: found, exit 1.
        var status = try StatusFile.read(Data(text.utf8), file: "current.status.yaml")
        status.compactedIterations?[4].weightsAfter = ["reviews-v1": 0, "reviews-v2": 100]
        try Data((StatusFile.header + (try YAMLEncoder().encode(status))).utf8).write(to: current)
        let bad = try await offPool { try Shell.capture(executable, ["replay", current.path]) }
        #expect(bad.status == 1)
        #expect(bad.output.contains("iteration 5 (compact, bayes): DIFFERENT: the compact record's digest is"), "\(bad.output)")
    }
}
