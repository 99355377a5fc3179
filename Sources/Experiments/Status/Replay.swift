import Foundation

/// Recomputes every recorded decision of a status document from its recorded inputs and seeds, and checks
/// the digests of the iterations kept only as compact records.
///
/// - A fully kept iteration is proven when the engine, given the recorded ``AnalysisInput``, returns a result
///   whose canonical JSON encoding is byte-for-byte the recorded one; a result recorded at a number of
///   significant digits (``AnalysisResult/significantDigits``) is compared after rounding the recomputed one
///   the same way (``AnalysisResult/recorded(significantDigits:)``), one recorded exact as it is.
/// - A compact iteration is proven when its ``CompactIterationRecord/digest`` is the chain digest recomputed
///   from the file (so an edited, removed, inserted or reordered compact record is found); its
///   ``CompactIterationRecord/recordDigest`` names the full record in the file's Git history
///   (``verifyRecordDigests(_:against:)`` checks it against earlier versions of the file).
/// - Numbers out of range (``StatusCheck``) make an iteration fail with the field's path, never reach an engine.
public enum Replay {
    /// The verdict for one iteration.
    public struct IterationVerdict: Hashable, Sendable {
        /// Iteration number.
        public var number: Int
        /// The engine named in the record.
        public var engine: String
        /// True when the recomputed result (or, for a compact record, the digest) is identical.
        public var identical: Bool
        /// For a mismatch or an unknown engine: what differs.
        public var detail: String?
        /// True for a compact record, whose digest was checked (its decision cannot be recomputed).
        public var compact: Bool = false
        /// Set when the record was written by another version of its engine than this build runs: the decision
        /// was made by rules this build no longer has, so it is not recomputed (and is not a difference).
        public var recordedEngineVersion: Int? = nil

        /// True when the record is neither proven nor different: written by another engine version.
        public var notReplayed: Bool { recordedEngineVersion != nil }
    }

    /// Replays every fully kept iteration with the engine each record names, and checks every compact record's
    /// digest and the order of the records.
    ///
    /// - Parameter engines: the engines by name (`bayes`, `iter8-v1`).
    public static func verify(_ status: ExperimentStatus, engines: [String: any AnalysisEngine]) -> [IterationVerdict] {
        verifyCompacted(status) + verifyOrder(status) + status.iterations.map { record in
            guard let engine = engines[record.result.engine] else {
                return IterationVerdict(
                    number: record.number, engine: record.result.engine, identical: false,
                    detail: "unknown engine \"\(record.result.engine)\" (known: \(engines.keys.sorted().joined(separator: ", ")))")
            }
            let problems = StatusCheck.problems(record.input, limit: 3)
            guard problems.isEmpty else {
                return IterationVerdict(
                    number: record.number, engine: engine.name, identical: false,
                    detail: "the recorded input cannot be replayed: " + problems.joined(separator: "; "))
            }
            var recomputed: AnalysisResult
            do {
                // Assessed whatever version wrote it: an input no engine can take is refused, never waved through.
                recomputed = try engine.assess(record.input)
                let recordedVersion = record.result.recordedEngineVersion
                guard recordedVersion == engine.version else {
                    return IterationVerdict(
                        number: record.number, engine: engine.name, identical: false,
                        detail: "recorded by \(engine.name) version \(recordedVersion); this build runs version \(engine.version), "
                            + "whose rules differ: not recomputed", recordedEngineVersion: recordedVersion)
                }
                if record.result.engineVersion == nil {  // written before versions and decisions were recorded
                    recomputed.engineVersion = nil
                    recomputed.decision = nil
                }
                if let digits = record.result.significantDigits {  // recorded at that precision: compared at it
                    recomputed = recomputed.recorded(significantDigits: digits)
                }
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

    /// The compact records' verdicts: each digest recomputed along the chain (from the folded iterations'
    /// digest, or empty).
    static func verifyCompacted(_ status: ExperimentStatus) -> [IterationVerdict] {
        var previous = status.foldedIterations?.digest ?? ""
        return (status.compactedIterations ?? []).map { record in
            let expected = record.chainDigest(after: previous)
            defer { previous = record.digest }
            guard expected == record.digest else {
                return IterationVerdict(
                    number: record.number, engine: record.engine, identical: false,
                    detail: "the compact record's digest is \(record.digest), its content and the records before it give "
                        + "\(expected): it was edited, or a record before it was removed, added or reordered", compact: true)
            }
            return IterationVerdict(number: record.number, engine: record.engine, identical: true, detail: nil, compact: true)
        }
    }

    /// A verdict per record out of order: numbers never decrease from the folded iterations through the compact
    /// records to the full ones (a held iteration repeats the next one's number).
    static func verifyOrder(_ status: ExperimentStatus) -> [IterationVerdict] {
        var verdicts: [IterationVerdict] = []
        var last = status.foldedIterations?.lastNumber ?? Int.min
        if let fold = status.foldedIterations, fold.firstNumber > fold.lastNumber || fold.count < 1 {
            verdicts.append(IterationVerdict(
                number: fold.firstNumber, engine: "-", identical: false,
                detail: "the folded iterations \(fold.firstNumber)…\(fold.lastNumber) (\(fold.count)) are not a range", compact: true))
        }
        let numbers = (status.compactedIterations ?? []).map { ($0.number, $0.engine, true) }
            + status.iterations.map { ($0.number, $0.result.engine, false) }
        for (number, engine, compact) in numbers {
            if number < last {
                verdicts.append(IterationVerdict(
                    number: number, engine: engine, identical: false,
                    detail: "iteration \(number) comes after iteration \(last): the records are out of order", compact: compact))
            }
            last = max(last, number)
        }
        return verdicts
    }

    /// For each compact record whose full record is among `earlier` (the same number and time, typically from
    /// earlier versions of the status file), whether the full record's digest is the recorded
    /// ``CompactIterationRecord/recordDigest``.
    public static func verifyRecordDigests(
        _ status: ExperimentStatus, against earlier: [IterationRecord]
    ) -> [IterationVerdict] {
        (status.compactedIterations ?? []).compactMap { compact in
            let candidates = earlier.filter { $0.number == compact.number && $0.time == compact.time }
            guard !candidates.isEmpty else { return nil }
            let digests = Set(candidates.map { StatusDigest.label(StatusDigest.canonicalJSON($0)) })
            guard digests.contains(compact.recordDigest) else {
                return IterationVerdict(
                    number: compact.number, engine: compact.engine, identical: false,
                    detail: "the full record in the earlier file has digest \(digests.sorted().joined(separator: ", ")), "
                        + "the compact record names \(compact.recordDigest)", compact: true)
            }
            return IterationVerdict(number: compact.number, engine: compact.engine, identical: true, detail: nil, compact: true)
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
