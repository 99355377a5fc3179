/// One thresholded iter8 v1 criterion: one bound of one objective (an objective with both limits
/// becomes two criteria, as two v1 criteria on the same metric would be).
struct V1Criterion {
    /// The objective's index in the input.
    let objective: Int
    /// The metric's index in the engine's metric table.
    let metric: Int
    /// An upper limit (value ≤ limit) or a lower limit (value ≥ limit).
    let isUpper: Bool
    /// The limit, or the factor of the baseline's value when relative.
    let limit: Double
    /// iter8 v1 relative threshold.
    let relative: Bool

    /// The criteria of `objectives`, in objective order, upper bound before lower bound.
    static func criteria(_ objectives: [Objective], metricIndex: (String) -> Int) -> [V1Criterion] {
        objectives.enumerated().flatMap { index, objective in
            let m = metricIndex(objective.metric)
            var out: [V1Criterion] = []
            if let upper = objective.upperLimit {
                out.append(V1Criterion(
                    objective: index, metric: m, isUpper: true, limit: upper, relative: objective.relativeToBaseline))
            }
            if let lower = objective.lowerLimit {
                out.append(V1Criterion(
                    objective: index, metric: m, isUpper: false, limit: lower, relative: objective.relativeToBaseline))
            }
            return out
        }
    }

    /// iter8 v1's `threshold_breached` and `probability_of_satisfying_threshold` for `version`.
    ///
    /// - Relative criteria are not assessed for the baseline (nil), as in iter8 v1.
    /// - Counters: probability 1 − breached. Ratios: the share of draws on the good side of the limit;
    ///   relative ratios compare paired draws with factor × the baseline's draw.
    func assess(
        version: Int, beliefs: [V1Belief], points: [Double?],
        own: UnsafeBufferPointer<Double>, baseline: UnsafeBufferPointer<Double>?
    ) -> (probability: Double?, breached: Bool?) {
        if relative && version == 0 { return (nil, nil) }
        guard let x = points[version] else { return (nil, nil) }
        var threshold = limit
        if relative {
            guard let base = points[0] else { return (nil, nil) }
            threshold = base * limit
        }
        let breached = isUpper ? x > threshold : x < threshold
        switch beliefs[version] {
        case .uninitialised:
            return (nil, nil)
        case .counter:
            return (breached ? 0 : 1, breached)
        case .pointMass, .beta, .normal:
            break
        }
        var good = 0
        if relative, beliefs[0].hasDraws, let base = baseline {
            for i in own.indices where isUpper ? own[i] <= limit * base[i] : own[i] >= limit * base[i] {
                good += 1
            }
        } else if isUpper {
            for value in own where value <= threshold { good += 1 }
        } else {
            for value in own where value >= threshold { good += 1 }
        }
        return (Double(good) / Double(own.count), breached)
    }
}
