import Foundation

/// Recomputes every recorded decision of a status document from its recorded inputs and seeds.
///
/// A decision is proven when the engine, given the recorded ``AnalysisInput``, returns a result whose
/// canonical JSON encoding is byte-for-byte the recorded one.
public enum Replay {
    /// The verdict for one iteration.
    public struct IterationVerdict: Hashable, Sendable {
        /// Iteration number.
        public var number: Int
        /// The engine named in the record.
        public var engine: String
        /// True when the recomputed result is identical.
        public var identical: Bool
        /// For a mismatch or an unknown engine: what differs.
        public var detail: String?
    }

    /// Replays every iteration with the engine each record names.
    ///
    /// - Parameter engines: the engines by name (`bayes`, `iter8-v1`).
    public static func verify(_ status: ExperimentStatus, engines: [String: any AnalysisEngine]) -> [IterationVerdict] {
        status.iterations.map { record in
            guard let engine = engines[record.result.engine] else {
                return IterationVerdict(
                    number: record.number, engine: record.result.engine, identical: false,
                    detail: "unknown engine \"\(record.result.engine)\" (known: \(engines.keys.sorted().joined(separator: ", ")))")
            }
            let recomputed: AnalysisResult
            do {
                recomputed = try engine.assess(record.input)
            } catch {
                return IterationVerdict(number: record.number, engine: engine.name, identical: false, detail: "the engine failed: \(error)")
            }
            guard let expected = try? canonical(record.result), let actual = try? canonical(recomputed) else {
                return IterationVerdict(
                    number: record.number, engine: engine.name, identical: false, detail: "a result cannot be encoded")
            }
            guard expected == actual else {
                return IterationVerdict(
                    number: record.number, engine: engine.name, identical: false,
                    detail: firstDifference(expected, actual))
            }
            return IterationVerdict(number: record.number, engine: engine.name, identical: true, detail: nil)
        }
    }

    /// The canonical bytes of a result: JSON with sorted keys (non-finite numbers as strings).
    public static func canonical(_ result: AnalysisResult) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        return try encoder.encode(result)
    }

    static func firstDifference(_ expected: Data, _ actual: Data) -> String {
        let a = [UInt8](expected)
        let b = [UInt8](actual)
        let index = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
        func around(_ bytes: [UInt8]) -> String {
            String(decoding: bytes[max(0, index - 40)..<min(bytes.count, index + 40)], as: UTF8.self)
        }
        return "recorded …\(around(a))… recomputed …\(around(b))…"
    }
}

/// Deterministic seeds: the experiment's base seed and each iteration's seed.
public enum Seeds {
    /// A base seed derived from text (the experiment's namespace, name and spec commit) with FNV-1a, so the
    /// same experiment at the same commit always gets the same seed, on every machine.
    public static func base(from text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// The seed of iteration `number` (SplitMix64 finaliser of base + number).
    public static func iteration(_ number: Int, base: UInt64) -> UInt64 {
        var z = base &+ UInt64(truncatingIfNeeded: number) &* 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
