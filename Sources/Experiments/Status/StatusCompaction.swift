/// Bounds a status document whatever its number of iterations: the latest ``fullIterations`` are kept in
/// full, older ones become ``CompactIterationRecord``s chained by their digests, and beyond
/// ``compactIterations`` of those the oldest are folded into ``FoldedIterations`` (a count and the chain's
/// digest).
///
/// Pure and deterministic. Compacting pass by pass gives the same document as compacting once at the end,
/// and a compacted document compacts to itself.
public struct StatusCompaction: Hashable, Sendable {
    /// How many of the latest iterations keep their full record (queries, input, result).
    public var fullIterations: Int
    /// How many compact records are kept before the oldest are folded.
    public var compactIterations: Int

    /// The service's policy: the latest iteration in full (about 13 KB for two versions and two metrics; every
    /// earlier full record is in the file's Git history), 100 compact records (about 0.7 KB each: what the report
    /// and chart show). The file is read and written at every iteration and held in memory for every experiment, so
    /// its size is the service's cost per iteration and per experiment (a thousand experiments in one process).
    public static let standard = StatusCompaction(fullIterations: 1, compactIterations: 100)

    /// Creates a policy; negative counts count as zero.
    public init(fullIterations: Int, compactIterations: Int) {
        self.fullIterations = max(0, fullIterations)
        self.compactIterations = max(0, compactIterations)
    }

    /// `status` with at most ``fullIterations`` full records and ``compactIterations`` compact ones; the
    /// rest are compacted or folded, oldest first.
    public func apply(to status: ExperimentStatus) -> ExperimentStatus {
        var status = status
        var compact = status.compactedIterations ?? []
        let excess = status.iterations.count - fullIterations
        if excess > 0 {
            var previous = compact.last?.digest ?? status.foldedIterations?.digest ?? ""
            for record in status.iterations.prefix(excess) {
                let entry = CompactIterationRecord(record, previousDigest: previous)
                previous = entry.digest
                compact.append(entry)
            }
            status.iterations.removeFirst(excess)
        }
        let overflow = compact.count - compactIterations
        if overflow > 0 {
            let folded = compact.prefix(overflow)
            if let first = folded.first, let last = folded.last {
                var fold = status.foldedIterations
                    ?? FoldedIterations(count: 0, firstNumber: first.number, lastNumber: first.number, digest: "")
                fold.count &+= folded.count
                fold.lastNumber = last.number
                fold.digest = last.digest
                status.foldedIterations = fold
            }
            compact.removeFirst(overflow)
        }
        status.compactedIterations = compact.isEmpty ? nil : compact
        return status
    }

    /// A stricter policy for a document that is still too large: half the full records, then half the
    /// compact records; nil when nothing is left to compact.
    public var harder: StatusCompaction? {
        if fullIterations > 0 { return StatusCompaction(fullIterations: fullIterations / 2, compactIterations: compactIterations) }
        if compactIterations > 0 { return StatusCompaction(fullIterations: 0, compactIterations: compactIterations / 2) }
        return nil
    }
}
