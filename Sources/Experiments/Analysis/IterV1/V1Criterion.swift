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

    /// Whether this criterion compares paired draws of the version and the baseline (relative, for a candidate,
    /// when the baseline's belief has draws): the one probability `iter8-v1` still estimates by Monte Carlo.
    func needsPairedDraws(version: Int, beliefs: [V1Belief]) -> Bool {
        relative && version != 0 && beliefs[0].hasDraws && beliefs[version].hasDraws
    }

    /// iter8 v1's `threshold_breached` and `probability_of_satisfying_threshold` for `version`.
    ///
    /// - Relative criteria are not assessed for the baseline (nil), as in iter8 v1.
    /// - Counters: probability 1 − breached. Ratios: P(draw on the good side of the limit), exactly
    ///   (``V1Belief/exactProbability(upper:limit:)``, the value iter8's share of draws estimates); relative
    ///   ratios compare paired draws `own` with factor × the baseline's draw `baseline`
    ///   (``needsPairedDraws(version:beliefs:)``).
    func assess(
        version: Int, beliefs: [V1Belief], points: [Double?],
        own: UnsafeBufferPointer<Double>?, baseline: UnsafeBufferPointer<Double>?
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
        if needsPairedDraws(version: version, beliefs: beliefs), let own, let base = baseline, !own.isEmpty {
            var good = 0
            for i in own.indices where isUpper ? own[i] <= limit * base[i] : own[i] >= limit * base[i] {
                good += 1
            }
            return (Double(good) / Double(own.count), breached)
        }
        return (beliefs[version].exactProbability(upper: isUpper, limit: threshold), breached)
    }
}
