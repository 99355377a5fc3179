/// Turning percentages into integer weights that sum to exactly 100.
public enum WeightRounding {
    /// Deterministic largest-remainder (Hamilton) rounding: every weight is rounded down, then the
    /// points still missing go, one each, to the largest fractional parts; ties go to the earlier
    /// version. `percentages` must be non-negative; they are rescaled to sum to 100 first (all zero
    /// gives 100 to the first entry).
    public static func largestRemainder(_ percentages: [Double]) -> [Int] {
        let scaled = rescaled(percentages)
        var weights = scaled.map { Int($0.rounded(.down)) }
        var missing = 100 - weights.reduce(0, +)
        let order = scaled.indices.sorted { lhs, rhs in
            let l = scaled[lhs] - Double(weights[lhs])
            let r = scaled[rhs] - Double(weights[rhs])
            return l != r ? l > r : lhs < rhs
        }
        var position = 0
        while missing > 0 && !order.isEmpty {
            weights[order[position % order.count]] += 1
            missing -= 1
            position += 1
        }
        return weights
    }

    /// iter8's randomised rounding: walk the entries in `order`, rescale what remains to the points
    /// still unassigned, take the floor and add one with probability equal to the fractional part;
    /// the last entry takes the rest. Unbiased: each weight's expectation is its percentage.
    public static func randomised(
        _ percentages: [Double], order: [Int], using generator: inout SeededGenerator
    ) -> [Int] {
        let scaled = rescaled(percentages)
        var weights = [Int](repeating: 0, count: scaled.count)
        var remainingPoints = 100
        var remainingMass = order.reduce(0.0) { $0 + scaled[$1] }
        for (position, index) in order.enumerated() {
            if position == order.count - 1 {
                weights[index] = remainingPoints
                break
            }
            let target = remainingMass > 0 ? scaled[index] / remainingMass * Double(remainingPoints) : 0
            var value = Int(target.rounded(.down))
            if generator.nextUnit() < target - Double(value) { value += 1 }
            value = min(value, remainingPoints)
            weights[index] = value
            remainingPoints -= value
            remainingMass -= scaled[index]
        }
        return weights
    }

    private static func rescaled(_ percentages: [Double]) -> [Double] {
        let clean = percentages.map { $0.isFinite ? max(0, $0) : 0 }
        let total = clean.reduce(0, +)
        guard total > 0 else { return clean.indices.map { $0 == 0 ? 100 : 0 } }
        return clean.map { $0 / total * 100 }
    }
}
