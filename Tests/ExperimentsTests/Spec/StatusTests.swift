import Experiments
import Foundation
import Testing

@Suite("Status document")
struct StatusTests {
    func status() throws -> ExperimentStatus {
        var machine = try StateMachineFixtures.machine(in: .running)
        _ = machine.handle(.iterationAssessed(StateMachineFixtures.result()), at: StateMachineFixtures.t0.addingTimeInterval(10))
        return ExperimentStatus(
            experiment: ExperimentIdentity(name: "reviews-canary", namespace: "bookinfo", target: "bookinfo/reviews", specPath: "experiments/canary.yaml"),
            specRevision: "0123abcd", seed: Seeds.base(from: "bookinfo/reviews-canary@0123abcd"), state: machine.state)
    }

    @Test func identicalInputGivesIdenticalBytes() throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]  // the status file itself is written by the YAML encoder, in model order
        #expect(try encoder.encode(try status()) == encoder.encode(try status()))
    }

    @Test func roundTripsThroughCodable() throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let original = try status()
        #expect(try decoder.decode(ExperimentStatus.self, from: encoder.encode(original)) == original)
    }

    @Test func seedsAreStableAndDistinct() {
        #expect(Seeds.base(from: "a") == 0xaf63_dc4c_8601_ec8c)  // FNV-1a 64 of "a"
        let base = Seeds.base(from: "bookinfo/reviews-canary@0123abcd")
        #expect(Seeds.iteration(1, base: base) == Seeds.iteration(1, base: base))
        #expect(Set((1...1000).map { Seeds.iteration($0, base: base) }).count == 1000)
    }
}
