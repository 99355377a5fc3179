import Experiments
import Foundation

/// What the renderers read from a status document beyond its stored fields.
extension ExperimentStatus {
    /// `namespace/name`.
    var qualifiedName: String { "\(experiment.namespace)/\(experiment.name)" }

    /// Every version in the order the analysis lists them (baseline first): those of the iterations in
    /// first-appearance order, then any other version with a weight, by name.
    var versionOrder: [String] {
        var names: [String] = []
        for record in iterations {
            for version in record.input.versions where !names.contains(version.name) { names.append(version.name) }
        }
        for record in compactedIterations ?? [] {
            for version in record.keyMetric?.versions ?? [] where !names.contains(version.version) { names.append(version.version) }
        }
        let compactWeighted = (compactedIterations ?? []).flatMap { Array($0.weightsAfter.keys) }
        let weighted = Set((state.weights ?? [:]).keys).union((state.pendingWeights ?? [:]).keys)
            .union((state.finish?.split ?? [:]).keys).union(compactWeighted)
        return names + weighted.filter { !names.contains($0) }.sorted()
    }

    /// The metric the chart follows: the reward of the latest iteration if it has one, else its first
    /// objective's metric; nil before the first iteration or without objectives and reward.
    var keyMetric: String? {
        guard let input = iterations.last?.input else { return compactedIterations?.last?.keyMetric?.metric }
        return input.reward?.metric ?? input.objectives.first?.metric
    }

    /// Every iteration the document keeps a record of, compact ones first, oldest first.
    var iterationLines: [IterationLine] {
        (compactedIterations ?? []).map(IterationLine.init) + iterations.map(IterationLine.init)
    }

    /// The most recent recorded moment: the last iteration or the last condition transition.
    var lastChange: Date? {
        ([state.lastIterationAt] + state.conditions.map(\.lastTransitionTime)).compactMap { $0 }.max()
    }
}

extension IterationRecord {
    /// The weights live while the data was collected: the recorded split, else the analysis' current weights.
    var weightsBeforeByVersion: [String: Int] {
        if let weightsBefore { return weightsBefore }
        return Dictionary(result.traffic.weights.map { ($0.version, $0.current) }, uniquingKeysWith: { first, _ in first })
    }

    /// The weights the analysis recommended.
    var weightsAfterByVersion: [String: Int] {
        Dictionary(result.traffic.weights.map { ($0.version, $0.weight) }, uniquingKeysWith: { first, _ in first })
    }
}
