import Foundation

/// An older iteration kept in a status file as a compact record once newer iterations took the place of
/// its full detail (see ``StatusCompaction``): what the report, the chart and `iter8 status` need, plus two
/// digests.
///
/// - ``recordDigest`` is the SHA-256 of the full ``IterationRecord``'s canonical bytes
///   (``StatusDigest/canonicalJSON(_:)``), as the status file held it before it was compacted; the full record
///   is in the file's Git history (unless it alone was above the file's bound and never written in full), so
///   anyone can check that a compact record stands for it.
/// - ``digest`` chains the compact records: SHA-256 of the previous record's `digest` (or of the folded
///   iterations', or nothing for the first), a newline, and this record's canonical bytes with `digest` empty.
///   `iter8 replay` recomputes the chain, so an edited, removed, inserted or reordered compact record is found.
public struct CompactIterationRecord: Codable, Hashable, Sendable {
    /// 1-based iteration number (a held iteration repeats the number of the next one).
    public var number: Int
    /// When it was assessed.
    public var time: Date
    /// Seconds since the experiment started.
    public var elapsedSeconds: Int
    /// The engine that decided.
    public var engine: String
    /// The split live while the data was collected.
    public var weightsBefore: [String: Int]?
    /// The split the analysis recommended.
    public var weightsAfter: [String: Int]
    /// True when the analysis held the traffic.
    public var held: Bool
    /// The winner, when one was found.
    public var winner: String?
    /// The winner's probability, when one was found.
    public var winnerProbability: Double?
    /// True when the analysis recommended a rollback.
    public var rollback: Bool
    /// The iteration's key metric (its reward, else its first objective's metric) per version.
    public var keyMetric: CompactKeyMetric?
    /// `sha256:` and the hex SHA-256 of the full record's canonical bytes.
    public var recordDigest: String
    /// `sha256:` and the hex SHA-256 chaining this record to the ones before it.
    public var digest: String

    /// The compact form of `record`, chained to `previousDigest` (empty for the first record of a file).
    public init(_ record: IterationRecord, previousDigest: String) {
        number = record.number
        time = record.time
        elapsedSeconds = record.elapsedSeconds
        engine = record.result.engine
        weightsBefore = record.weightsBefore
        weightsAfter = Dictionary(
            record.result.traffic.weights.map { ($0.version, $0.weight) }, uniquingKeysWith: { first, _ in first })
        held = record.result.traffic.held
        winner = record.result.winner.found ? record.result.winner.version : nil
        winnerProbability = record.result.winner.found ? record.result.winner.probability : nil
        rollback = record.result.rollback.recommended
        keyMetric = CompactKeyMetric(record)
        recordDigest = StatusDigest.label(StatusDigest.canonicalJSON(record))
        digest = ""
        digest = chainDigest(after: previousDigest)
    }

    /// The `digest` this record should have after `previousDigest`.
    public func chainDigest(after previousDigest: String) -> String {
        var unsealed = self
        unsealed.digest = ""
        return StatusDigest.label(Array(previousDigest.utf8) + [0x0a] + StatusDigest.canonicalJSON(unsealed))
    }
}

/// One iteration's key metric per version, as the chart draws it.
public struct CompactKeyMetric: Codable, Hashable, Sendable {
    /// The metric reference.
    public var metric: String
    /// Per version, in the analysis' order.
    public var versions: [CompactMetricValue]

    /// The key metric of `record` (its reward, else its first objective's metric); nil when it has neither.
    public init?(_ record: IterationRecord) {
        guard let name = record.input.reward?.metric ?? record.input.objectives.first?.metric else { return nil }
        metric = name
        versions = record.result.versions.map { version in
            let assessment = version.metrics.first { $0.metric == name }
            return CompactMetricValue(version: version.name, value: assessment?.value, posterior: assessment?.posterior)
        }
    }
}

/// One version's value of a metric: the point value and the posterior summary, when there were data.
public struct CompactMetricValue: Codable, Hashable, Sendable {
    /// The version.
    public var version: String
    /// The measured value.
    public var value: Double?
    /// Posterior mean and credible interval.
    public var posterior: PosteriorSummary?

    /// Creates a value.
    public init(version: String, value: Double?, posterior: PosteriorSummary?) {
        self.version = version
        self.value = value
        self.posterior = posterior
    }
}
