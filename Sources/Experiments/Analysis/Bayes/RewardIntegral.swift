import Foundation

/// Reward comparisons of independent continuous posteriors by numerical integration instead of draws
/// (`bayes` 3): P(best), P(within a tolerance of every rival) and P(among the two best).
///
/// With X_v the (signed: higher is better) reward of version v, density f_v and CDF F_v,
/// - P(v best) = ∫ f_v(x) Π_{j≠v} F_j(x) dx;
/// - P(X_v ≥ max_{j≠v} g(X_j)) with g(y) = y − tolerance·|y| (increasing for tolerance < 1)
///   = ∫ f_v(x) Π_j F_j(g⁻¹(x)) dx;
/// - P(v among the two best) = ∫ f_v(x) [Π_j F_j(x) + Σ_j (1 − F_j(x)) Π_{i≠j} F_i(x)] dx.
///
/// Every density is tabulated on one uniform grid over the union of the versions' mean ± 10 sd (mass
/// outside: below 2·10⁻²³ for a Normal, of the same order for the Beta posteriors allowed here), spacing
/// s = (smallest sd) / 16. Each CDF is accumulated by Simpson's rule over pairs of steps (a parabola for
/// the odd points) — the Normal's CDF is exact — and each outer integral is composite Simpson. For
/// Gaussian-like densities a tabulated CDF's error is Simpson's s⁴/180 · |f‴| ≈ 10⁻⁷ (below 5·10⁻⁷ for skewed
/// Betas, as ``BetaTable`` measures), so each probability is off by at most a few 10⁻⁷; every tabulated CDF
/// must end within ``massTolerance`` of 1, and otherwise the comparison is not built (the caller draws).
/// Only Normal posteriors with sd > 0 and Beta posteriors with both shapes ≥ 1 (bounded densities) qualify.
struct RewardIntegral {
    /// The largest deviation from 1 of a tabulated CDF's total mass that is accepted.
    static let massTolerance = 1e-8
    /// Grid steps per smallest standard deviation.
    static let stepsPerSD = 16.0
    /// The grid's reach beyond each mean, in standard deviations.
    static let reach = 10.0
    /// The most grid points (beyond this, versions are too different in spread; the caller draws).
    static let maxPoints = 20_001

    let versions: Int
    /// The grid: x_i = start + i·spacing, i in 0..<points (odd count).
    let start: Double
    let spacing: Double
    let points: Int
    /// Per version with data: density and CDF at every grid point (nil: no reward data, X = −∞).
    let density: [[Double]?]
    let cdf: [[Double]?]

    /// The integral for `posteriors` (nil = no data) with rewards multiplied by `sign` (−1 for `Low`), or nil
    /// when a posterior is not a qualifying continuous one or the grid would be too fine.
    init?(posteriors: [Posterior?], sign: Double) {
        var windows: [(low: Double, high: Double, sd: Double)] = []
        for posterior in posteriors {
            guard let posterior else { continue }
            switch posterior {
            case let .beta(a, b):
                guard a >= 1, b >= 1 else { return nil }
                let mean = a / (a + b)
                let sd = (a * b / ((a + b) * (a + b) * (a + b + 1))).squareRoot()
                let (low, high) = (max(0, mean - Self.reach * sd), min(1, mean + Self.reach * sd))
                windows.append(sign > 0 ? (low, high, sd) : (-high, -low, sd))
            case let .normal(mean, sd):
                guard sd > 0, mean.isFinite, sd.isFinite else { return nil }
                windows.append((sign * mean - Self.reach * sd, sign * mean + Self.reach * sd, sd))
            case .pointMass, .histogramQuantile:
                return nil
            }
        }
        guard let smallest = windows.map(\.sd).min(), smallest > 0 else { return nil }
        let low = windows.map(\.low).min()!, high = windows.map(\.high).max()!
        let spacing = smallest / Self.stepsPerSD
        let steps = Int(((high - low) / spacing).rounded(.up))
        guard steps >= 2, steps < Self.maxPoints else { return nil }
        let points = steps % 2 == 0 ? steps + 1 : steps + 2
        versions = posteriors.count
        start = low
        self.spacing = spacing
        self.points = points
        var density: [[Double]?] = []
        var cdf: [[Double]?] = []
        for posterior in posteriors {
            guard let posterior else {
                density.append(nil)
                cdf.append(nil)
                continue
            }
            guard let (f, F) = Self.tabulate(posterior, sign: sign, start: low, spacing: spacing, points: points),
                abs(F[points - 1] - 1) <= Self.massTolerance
            else { return nil }
            density.append(f)
            cdf.append(F)
        }
        self.density = density
        self.cdf = cdf
    }

    /// The density of sign·Y and its CDF at every grid point.
    private static func tabulate(
        _ posterior: Posterior, sign: Double, start: Double, spacing: Double, points: Int
    ) -> ([Double], [Double])? {
        var f = [Double](repeating: 0, count: points)
        var F = [Double](repeating: 0, count: points)
        switch posterior {
        case let .normal(mean, sd):
            let norm = 1 / (sd * (2 * Double.pi).squareRoot())
            for i in 0..<points {
                let x = start + Double(i) * spacing
                let z = (sign * x - mean) / sd
                f[i] = norm * exp(-0.5 * z * z)
                // P(sign·Y ≤ x): Φ(z) for sign +1, 1 − Φ(z) = Φ(−z) for sign −1.
                F[i] = NormalDistribution.cdf(sign * z)
            }
            // The exact CDF's total mass (1 − Φ(−10)) passes the check by construction.
            return (f, F)
        case let .beta(a, b):
            let logB = SpecialFunctions.logBeta(a, b)
            for i in 0..<points {
                let y = sign * (start + Double(i) * spacing)
                if y > 0 && y < 1 {
                    f[i] = exp((a - 1) * log(y) + (b - 1) * log1p(-y) - logB)
                } else if (y == 0 && a == 1) || (y == 1 && b == 1) {
                    f[i] = exp(-logB)
                }
            }
            // The grid starts below the window, where the mass is negligible: F(start) = 0.
            let third = spacing / 3, twelfth = spacing / 12
            var i = 0
            while i + 2 < points {
                F[i + 1] = F[i] + twelfth * (5 * f[i] + 8 * f[i + 1] - f[i + 2])
                F[i + 2] = F[i] + third * (f[i] + 4 * f[i + 1] + f[i + 2])
                i += 2
            }
            return (f, F)
        case .pointMass, .histogramQuantile:
            return nil
        }
    }

    /// Composite Simpson over the grid of `integrand(i)`.
    private func simpson(_ integrand: (Int) -> Double) -> Double {
        var sum = integrand(0) + integrand(points - 1)
        for i in 1..<(points - 1) { sum += (i % 2 == 1 ? 4 : 2) * integrand(i) }
        return max(0, sum * spacing / 3)
    }

    /// The CDF of version j at x by cubic Hermite interpolation of the table (0 below it, 1 above it).
    private func cdf(_ j: Int, at x: Double) -> Double {
        guard let F = cdf[j], let f = density[j] else { return 1 }
        let position = (x - start) / spacing
        if position <= 0 { return 0 }
        if position >= Double(points - 1) { return 1 }
        let i = Int(position)
        let t = position - Double(i)
        let t2 = t * t, t3 = t2 * t
        let value = (2 * t3 - 3 * t2 + 1) * F[i] + (t3 - 2 * t2 + t) * spacing * f[i]
            + (-2 * t3 + 3 * t2) * F[i + 1] + (t3 - t2) * spacing * f[i + 1]
        return min(1, max(0, value))
    }

    /// P(best) among the eligible versions (0 for the others and for versions without data), or nil when no
    /// eligible version has data (the draws then decide ties as before).
    func bestProbabilities(eligible: [Bool]) -> [Double]? {
        let members = (0..<versions).filter { eligible[$0] && density[$0] != nil }
        guard !members.isEmpty else { return nil }
        var result = [Double](repeating: 0, count: versions)
        for v in members {
            let f = density[v]!
            let rivals = members.filter { $0 != v }.map { cdf[$0]! }
            result[v] = simpson { i in
                var product = f[i]
                for F in rivals { product *= F[i] }
                return product
            }
        }
        return result
    }

    /// P(X_version ≥ max over the other eligible versions of X_j − tolerance·|X_j|); 1 without rivals. Rivals
    /// without data never come close.
    func probabilityWithin(_ tolerance: Double, of version: Int, among eligible: [Bool]) -> Double? {
        guard let f = density[version], tolerance >= 0, tolerance < 1 else { return nil }
        let rivals = (0..<versions).filter { eligible[$0] && $0 != version && density[$0] != nil }
        guard !rivals.isEmpty else { return 1 }
        return min(1, simpson { i in
            guard f[i] > 0 else { return 0 }
            let x = start + Double(i) * spacing
            // g⁻¹(x): g(y) = y(1 − tolerance) for y ≥ 0 and y(1 + tolerance) below.
            let threshold = x >= 0 ? x / (1 - tolerance) : x / (1 + tolerance)
            var product = f[i]
            for j in rivals { product *= cdf(j, at: threshold) }
            return product
        })
    }

    /// The shares of "among the two best" over the eligible versions (normalised to sum to 1, as
    /// ``UtilityMatrix/topKShares(k:eligible:)`` with k = 2), or nil unless every eligible version has data.
    func topTwoShares(eligible: [Bool]) -> [Double]? {
        let members = (0..<versions).filter { eligible[$0] }
        guard !members.isEmpty, members.allSatisfy({ density[$0] != nil }) else { return nil }
        var shares = [Double](repeating: 0, count: versions)
        if members.count <= 2 {
            for v in members { shares[v] = 1 / Double(members.count) }
            return shares
        }
        for v in members {
            let f = density[v]!
            let rivals = members.filter { $0 != v }.map { cdf[$0]! }
            shares[v] = simpson { i in
                guard f[i] > 0 else { return 0 }
                // Π F_j + Σ_j (1 − F_j) Π_{i≠j} F_i, accumulated in one pass: after each rival, `none` is the
                // probability that no rival so far is above x and `one` that exactly one is.
                var none = 1.0, one = 0.0
                for F in rivals {
                    one = one * F[i] + none * (1 - F[i])
                    none *= F[i]
                }
                return f[i] * (none + one)
            }
        }
        let total = shares.reduce(0, +)
        return total > 0 ? shares.map { $0 / total } : nil
    }
}
