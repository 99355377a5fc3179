/// The candidate caps of iter8 v2 (`maxCandidateWeight`, `maxCandidateWeightIncrement`), which also
/// cover iter8 v1's `max_increment`. Index 0 is the baseline; every excess moves to it.
public enum WeightCaps {
    /// Caps proposed (fractional) weights: for each candidate i,
    /// excess = max(0, (new − current) − maxIncrement, new − maxWeight) moves to the baseline.
    ///
    /// The caps are floored to whole points (a cap of 2.5 allows 2), so that rounding the result to
    /// integers can never exceed them.
    public static func apply(
        _ proposed: [Double], current: [Int], maxIncrement: Double, maxWeight: Double
    ) -> [Double] {
        var weights = proposed
        let increment = maxIncrement.rounded(.down)
        let ceiling = maxWeight.rounded(.down)
        for i in weights.indices.dropFirst() {
            let old = Double(i < current.count ? current[i] : 0)
            let excess = max(0, (weights[i] - old) - increment, weights[i] - ceiling)
            if excess > 0 {
                weights[i] -= excess
                weights[0] += excess
            }
        }
        return weights
    }

    /// Caps integer weights the same way (iter8 v1 applies its `max_increment` after rounding).
    public static func apply(
        _ weights: [Int], current: [Int], maxIncrement: Double, maxWeight: Double
    ) -> [Int] {
        apply(weights.map(Double.init), current: current, maxIncrement: maxIncrement, maxWeight: maxWeight)
            .map { Int($0.rounded()) }
    }
}
