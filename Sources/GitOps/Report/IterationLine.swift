import Experiments
import Foundation

/// One iteration as the report and the chart show it, from a full record or a compact one.
struct IterationLine {
    /// Iteration number.
    var number: Int
    /// When it was assessed.
    var time: Date
    /// Seconds since the experiment started.
    var elapsedSeconds: Int
    /// The split live while the data was collected.
    var weightsBefore: [String: Int]
    /// The split the analysis recommended.
    var weightsAfter: [String: Int]
    /// True when only the compact record is kept.
    var compact: Bool
    /// The full record's result (nil for a compact record).
    var result: AnalysisResult?
    /// The compact record (nil for a full record).
    var summary: CompactIterationRecord?

    init(_ record: IterationRecord) {
        number = record.number
        time = record.time
        elapsedSeconds = record.elapsedSeconds
        weightsBefore = record.weightsBeforeByVersion
        weightsAfter = record.weightsAfterByVersion
        compact = false
        result = record.result
    }

    init(_ record: CompactIterationRecord) {
        number = record.number
        time = record.time
        elapsedSeconds = record.elapsedSeconds
        weightsBefore = record.weightsBefore ?? [:]
        weightsAfter = record.weightsAfter
        compact = true
        summary = record
    }

    /// The value and credible interval of `metric` for `version`, when the record has them (a compact record
    /// keeps its key metric only).
    func point(_ version: String, _ metric: String) -> (value: Double?, posterior: PosteriorSummary?)? {
        if let result {
            return result.version(version)?.metrics.first { $0.metric == metric }.map { ($0.value, $0.posterior) }
        }
        guard let key = summary?.keyMetric, key.metric == metric else { return nil }
        return key.versions.first { $0.version == version }.map { ($0.value, $0.posterior) }
    }
}
