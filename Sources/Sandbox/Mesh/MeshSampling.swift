import Experiments
import Foundation

/// Exact discrete samplers for the mesh's per-second aggregates: how many of `n` requests take a route, fail,
/// or fall into a latency bucket. Drawing the count directly costs about as much as one request, whatever `n`.
enum MeshSampling {
    /// Below this mean (`n · min(p, 1 − p)`) a binomial is drawn by inversion, above it by beta splitting.
    static let inversionLimit = 24.0

    /// One Binomial(`n`, `p`) variate: the number of successes in `n` independent trials of probability `p`.
    /// Exact: inversion of the CDF for small means, else Knuth's recursive split on a Beta order statistic
    /// (TAOCP 3.4.1), which ends in inversion after O(log n) beta draws.
    static func binomial(_ n: Int, _ p: Double, using generator: inout SeededGenerator) -> Int {
        guard n > 0, p > 0 else { return 0 }
        guard p < 1 else { return n }
        if p > 0.5 { return n - binomial(n, 1 - p, using: &generator) }
        if Double(n) * p < inversionLimit { return inversion(n, p, using: &generator) }
        // The a-th smallest of n uniforms is Beta(a, n + 1 − a); the successes are those below p.
        let a = 1 + n / 2
        let b = n + 1 - a
        let x = Sampling.beta(Double(a), Double(b), using: &generator)
        if x >= p { return binomial(a - 1, p / x, using: &generator) }
        return a + binomial(b - 1, (p - x) / (1 - x), using: &generator)
    }

    /// Binomial by sequential search of the CDF from 0 (`p` ≤ 0.5 and a small mean, so `(1 − p)^n` is far from 0).
    private static func inversion(_ n: Int, _ p: Double, using generator: inout SeededGenerator) -> Int {
        let q = 1 - p
        let ratio = p / q
        var probability = pow(q, Double(n))
        var u = generator.nextUnit()
        var k = 0
        while u >= probability, k < n {
            u -= probability
            k += 1
            probability *= ratio * Double(n - k + 1) / Double(k)
            if probability <= 0 { break }  // only past the far tail, where rounding left u behind
        }
        return k
    }

    /// One Multinomial(`n`, weights) draw: `n` trials over categories with probabilities proportional to
    /// `weights` (non-negative, some positive), as conditional binomials. Returns the count per category.
    static func multinomial(_ n: Int, weights: [Double], using generator: inout SeededGenerator) -> [Int] {
        var counts = [Int](repeating: 0, count: weights.count)
        var remaining = n
        var mass = weights.reduce(0) { $0 + max(0, $1) }
        guard mass > 0 else { return counts }
        let last = weights.lastIndex { $0 > 0 } ?? 0
        for (index, weight) in weights.enumerated() where weight > 0 && remaining > 0 {
            let count = index == last ? remaining : binomial(remaining, min(1, weight / mass), using: &generator)
            counts[index] = count
            remaining -= count
            mass -= weight
        }
        return counts
    }
}
