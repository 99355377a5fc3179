import Foundation
import Testing

@testable import Experiments

/// ``CanonicalJSONEncoder`` against Foundation's `JSONEncoder` with the canonical settings
/// (``StatusDigest/referenceCanonicalJSON(_:)``): every digested type, drawn at random from awkward parts, gives
/// the same bytes, and without falling back; what only `JSONEncoder` decides falls back and still gives its bytes.
@Suite("Canonical JSON: byte for byte JSONEncoder's, without JSONEncoder")
struct CanonicalJSONTests {
    /// Compares the fast bytes of `value` with the reference; true when they are equal (and, when `fast` is set,
    /// were written without falling back).
    @discardableResult
    static func matches<T: Encodable>(_ value: T, _ what: @autoclosure () -> String, fast: Bool = true) -> Bool {
        let reference = StatusDigest.referenceCanonicalJSON(value)
        guard let bytes = CanonicalJSONEncoder.encode(value) else {
            if fast { Issue.record("\(what()): fell back to JSONEncoder") }
            return !fast
        }
        guard bytes == reference else {
            Issue.record("\(what()): \(difference(bytes, reference))")
            return false
        }
        return true
    }

    /// Where two byte strings first differ, with some context.
    static func difference(_ bytes: [UInt8], _ reference: [UInt8]) -> String {
        let index = zip(bytes, reference).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(bytes.count, reference.count)
        func around(_ text: [UInt8]) -> String {
            String(decoding: text[max(0, index - 60)..<min(text.count, index + 60)], as: UTF8.self)
        }
        return "byte \(index) of \(bytes.count) (reference \(reference.count)): …\(around(bytes))… JSONEncoder: …\(around(reference))…"
    }

    /// Runs `check` on `count` draws, stopping after 5 mismatches.
    static func draw(_ count: Int, seed: UInt64, _ check: (inout CanonicalJSONSamples, Int) -> Bool) {
        var samples = CanonicalJSONSamples(seed: seed)
        var failures = 0
        for index in 0..<count where !check(&samples, index) {
            failures += 1
            if failures == 5 { return }
        }
    }

    @Test func iterationRecordsMatch() {
        Self.draw(2_000, seed: 1) { samples, index in Self.matches(samples.iterationRecord(), "iteration record \(index) of seed 1") }
    }

    @Test func compactRecordsMatch() {
        Self.draw(2_000, seed: 2) { samples, index in Self.matches(samples.compactRecord(), "compact record \(index) of seed 2") }
    }

    @Test func kitchenSinksMatch() {
        Self.draw(2_000, seed: 3) { samples, index in Self.matches(samples.kitchenSink(), "kitchen sink \(index) of seed 3") }
    }

    @Test func recordsOfTheEngineMatch() throws {
        let record = CanonicalJSONSamples.handBuiltRecord()
        Self.matches(record, "the hand-built record")
        Self.matches(CompactIterationRecord(record, previousDigest: ""), "its compact record")
        for seed: UInt64 in 1...20 {
            var input = AnalysisBayesFixtures.canary(candidateErrors: Double(seed), seed: seed)
            input.versions[1].name = "reviews/v2 \"é\""
            let result = try BayesEngine().assess(input)
            let real = IterationRecord(
                number: Int(seed), time: Date(timeIntervalSince1970: 1_800_000_000 + Double(seed) / 3), elapsedSeconds: 60,
                weightsBefore: ["stable": 90, "reviews/v2 \"é\"": 10], queries: record.queries, input: input, result: result)
            Self.matches(real, "the bayes record of seed \(seed)")
            Self.matches(CompactIterationRecord(real, previousDigest: "sha256:x"), "its compact record")
            Self.matches(real.input, "its input")
            Self.matches(real.result, "its result")
        }
    }

    @Test func scalarsAtTheTopLevel() {
        for value in CanonicalJSONSamples.doubles { Self.matches(value, "the double \(value)") }
        for value in CanonicalJSONSamples.doubles { Self.matches(Float(value), "the float \(Float(value))") }
        for value in CanonicalJSONSamples.pieces + CanonicalJSONSamples.keys { Self.matches(value, "the string \(value.debugDescription)") }
        Self.matches(CanonicalJSONSamples.pieces.joined(), "every piece in one string")
        for scalar in 0..<0x80 { Self.matches(String(UnicodeScalar(UInt8(scalar))), "U+\(scalar)") }
        Self.matches([Int.min, -1, 0, 1, 9, 10, 99, 100, Int.max], "ints")
        Self.matches([Int8.min, Int8.max], "Int8")
        Self.matches([Int16.min, Int16.max], "Int16")
        Self.matches([Int32.min, Int32.max], "Int32")
        Self.matches([Int64.min, Int64.max], "Int64")
        Self.matches([Int128.min, 0, Int128.max], "Int128")
        Self.matches([UInt.min, UInt.max], "UInt")
        Self.matches([UInt8.min, UInt8.max], "UInt8")
        Self.matches([UInt16.max], "UInt16")
        Self.matches([UInt32.max], "UInt32")
        Self.matches([0, 1, 10_000_000_000_000_000_000, UInt64.max], "UInt64")
        Self.matches([UInt128.min, UInt128.max], "UInt128")
        Self.matches(true, "true")
        Self.matches(Int?.none, "nil")
        Self.matches(Int??.some(nil), "some nil")
        Self.matches([Double?.none, 1, nil], "optionals")
        Self.matches(Date(timeIntervalSince1970: -1.5), "a date")
        Self.matches([Date(timeIntervalSinceReferenceDate: 0.1)], "dates")
        Self.matches(TestingPattern.abnTest, "a raw-value enum")
        Self.matches(KitchenSink.Empty(), "an empty struct")
        Self.matches([KitchenSink.Silent()], "a value that encodes nothing, in an array")
        Self.matches([[String: Int]](), "an empty array")
        Self.matches([String: Int](), "an empty dictionary")
    }

    @Test func randomDoublesAndDates() {
        var samples = CanonicalJSONSamples(seed: 4)
        for chunk in 0..<400 {
            let doubles = (0..<50).map { _ in samples.double() }
            Self.matches(doubles, "doubles of chunk \(chunk)")  // as JSONEncoder's array without containers
            Self.matches(doubles.map { Optional($0) }, "the same as optionals, chunk \(chunk)")  // through containers
            Self.matches(doubles.map { Float($0) }, "as floats, chunk \(chunk)")
            Self.matches((0..<20).map { _ in samples.date() }, "dates of chunk \(chunk)")
        }
        // Every integral double below 2⁵³ is written from its integer: its description is its digits and `.0`.
        for _ in 0..<20_000 {
            let magnitude = Double(Int64.random(in: 0...(1 << 53) - 1, using: &samples.random)) / Double(1 << Int.random(in: 0...52, using: &samples.random))
            let value = magnitude.rounded(.towardZero) * (samples.chance(0.5) ? 1 : -1)
            let expected = value == 0 ? (value.sign == .minus ? "-0" : "0") : String(Int64(value))
            if value.description != expected + ".0" { Issue.record("\(value).description is \(value.description)") }
        }
    }

    /// Foundation's order and escapes spelled out, so a toolchain whose `JSONEncoder` changed them is noticed here
    /// (digests already written would no longer verify with it).
    @Test func foundationsRulesSpelledOut() {
        let keys = ["b": 1, "B": 2, "a": 3, "A": 4, "a10": 5, "a2": 6, "": 7, "é": 8, "e": 9, "_": 10, "1": 11, "~": 12, "\n": 13, "Z": 14]
        #expect(String(decoding: StatusDigest.canonicalJSON(keys), as: UTF8.self)
            == #"{"":7,"\n":13,"1":11,"A":4,"B":2,"Z":14,"_":10,"a":3,"a10":5,"a2":6,"b":1,"e":9,"~":12,"é":8}"#)
        #expect(String(decoding: StatusDigest.canonicalJSON("a/\u{1}\u{1f}\u{7f}\u{2028}é\"\\\n\t\u{8}\u{c}\r\u{0}"), as: UTF8.self)
            == "\"a/\\u0001\\u001f\u{7f}\u{2028}é\\\"\\\\\\n\\t\\b\\f\\r\\u0000\"")
        let doubles: [Double] = [0, -0.0, 3, 0.5, 1e15, 1e16, 9_007_199_254_740_992, 1e-4, 1e-5, 0.1 + 0.2, .leastNonzeroMagnitude,
                                 .greatestFiniteMagnitude, .infinity, -.infinity, .nan]
        #expect(String(decoding: StatusDigest.canonicalJSON(doubles), as: UTF8.self)
            == #"[0,-0,3,0.5,1000000000000000,1e+16,9007199254740992,0.0001,1e-05,0.30000000000000004,5e-324,1.7976931348623157e+308,"+Inf","-Inf","NaN"]"#)
        #expect(String(decoding: StatusDigest.canonicalJSON([Date(timeIntervalSince1970: -1.5), Date(timeIntervalSince1970: 1e16)]), as: UTF8.self)
            == "[-1.5,1e+16]")
    }

    /// Digests computed by the JSONEncoder-based implementation before this encoder existed: they still verify.
    @Test func digestsWrittenBeforeStillVerify() {
        let record = CanonicalJSONSamples.handBuiltRecord()
        let first = CompactIterationRecord(record, previousDigest: "")
        let second = CompactIterationRecord(record, previousDigest: first.digest)
        #expect(first.recordDigest == "sha256:378e55e42c83ce74fe8911a94f326b1b9fb393c38165c8bd47876311442adf20")
        #expect(first.digest == "sha256:2eecc6b14fd15cdce2f0bd3b478d6d96ca4e43e0a477a360cc86ef904c55733c")
        #expect(second.digest == "sha256:053a4495fea40b4a549992e682ccfe4023a4912b2fcab72132fb7451400bd3a5")
        var samples = CanonicalJSONSamples(seed: 2024)
        var records: [UInt8] = [], compacts: [UInt8] = [], sinks: [UInt8] = []
        for _ in 0..<300 {
            records += StatusDigest.canonicalJSON(samples.iterationRecord()) + [0x0a]
            compacts += StatusDigest.canonicalJSON(samples.compactRecord()) + [0x0a]
            sinks += StatusDigest.canonicalJSON(samples.kitchenSink()) + [0x0a]
        }
        #expect(StatusDigest.label(records) == "sha256:86499dc686bb6bffc8e58063baba27469a49da59a5c4a29c27bc625a421e2e3b")
        #expect(StatusDigest.label(compacts) == "sha256:787d9d740ef0f19bee4b5b6a6de47c703a4566bf251f0d51eec8b13901399861")
        #expect(StatusDigest.label(sinks) == "sha256:ec8c21ea49b5698452fd2e79594ab1b6860355e2cab5095d3cfbc1338ffb3bed")
    }

    /// What only JSONEncoder decides: the encoder falls back, and `canonicalJSON` gives JSONEncoder's bytes.
    @Test(arguments: CanonicalJSONFallbacks.cases)
    func fallsBackToJSONEncoder(_ fallback: CanonicalJSONFallbacks) {
        let value = fallback.value
        #expect(CanonicalJSONEncoder.encode(value) == nil)
        #expect(StatusDigest.canonicalJSON(value) == StatusDigest.referenceCanonicalJSON(value))
    }

    @Test func nestingBelowTheLimitIsWrittenDirectly() {
        #expect(Self.matches(CanonicalJSONFallbacks.nested(400), "400 nested arrays"))
    }
}
