import Foundation

/// A Beta(a, b) distribution tabulated on a uniform grid over its mean ± 10 sd: the density, the CDF (Simpson's
/// rule over pairs of steps, a parabola for the odd points) and J(y) = ∫ F(s)/s² ds, each read between the
/// points by cubic Hermite interpolation (the tabulated derivative is exact). Built only when both shapes are
/// ≥ 1 (a bounded density) and the window lies inside (0, 1) or is clipped where the density vanishes smoothly
/// (``clippableShape``); the tabulated CDF must end within
/// ``massTolerance`` of 1. With spacing s = sd/16 the CDF's error is Simpson's s⁴/180 · |f‴| ≤ 1.4/(16⁴·180) ≈
/// 1.2·10⁻⁷ for a Gaussian shape, below 5·10⁻⁷ for the skewed Betas tested against the continued fraction.
struct BetaTable {
    static let massTolerance = 1e-8
    static let stepsPerSD = 16.0
    static let reach = 10.0

    let start: Double
    let spacing: Double
    let density: [Double]
    let cdf: [Double]
    /// J at every point, from the window's start (where F is below 10⁻²² and J therefore negligible).
    let j: [Double]

    init?(a: Double, b: Double) {
        guard a >= 1, b >= 1, a.isFinite, b.isFinite else { return nil }
        let mean = a / (a + b)
        let sd = (a * b / ((a + b) * (a + b) * (a + b + 1))).squareRoot()
        guard let (low, high) = Self.window(a: a, b: b, mean: mean, sd: sd, reach: Self.reach) else { return nil }
        let spacing = sd / Self.stepsPerSD
        var points = Int(((high - low) / spacing).rounded(.up)) + 1
        if points % 2 == 0 { points += 1 }
        let logB = SpecialFunctions.logBeta(a, b)
        var f = [Double](repeating: 0, count: points)
        for i in 0..<points {
            let x = low + Double(i) * spacing
            f[i] = x > 0 && x < 1 ? exp((a - 1) * log(x) + (b - 1) * log1p(-x) - logB) : 0
        }
        var F = [Double](repeating: 0, count: points)
        var J = [Double](repeating: 0, count: points)
        let third = spacing / 3, twelfth = spacing / 12
        func g(_ i: Int) -> Double {
            let x = low + Double(i) * spacing
            return x > 0 ? F[i] / (x * x) : 0
        }
        var i = 0
        while i + 2 < points {
            F[i + 1] = F[i] + twelfth * (5 * f[i] + 8 * f[i + 1] - f[i + 2])
            F[i + 2] = F[i] + third * (f[i] + 4 * f[i + 1] + f[i + 2])
            J[i + 1] = J[i] + twelfth * (5 * g(i) + 8 * g(i + 1) - g(i + 2))
            J[i + 2] = J[i] + third * (g(i) + 4 * g(i + 1) + g(i + 2))
            i += 2
        }
        guard abs(F[points - 1] - 1) <= Self.massTolerance else { return nil }
        start = low
        self.spacing = spacing
        density = f
        cdf = F
        j = J
    }

    /// The smallest shape at a bound of (0, 1) that a window may reach: the density and its first six
    /// derivatives vanish there, so the rules keep their order.
    static let clippableShape = 8.0

    /// mean ± reach·sd, clipped to [0, 1] where the density vanishes smoothly there; nil otherwise.
    static func window(a: Double, b: Double, mean: Double, sd: Double, reach: Double) -> (Double, Double)? {
        guard sd > 0 else { return nil }
        var low = mean - reach * sd, high = mean + reach * sd
        if low <= 0 {
            guard a >= clippableShape else { return nil }
            low = 0
        }
        if high >= 1 {
            guard b >= clippableShape else { return nil }
            high = 1
        }
        return (low, high)
    }

    var end: Double { start + Double(density.count - 1) * spacing }

    /// Cubic Hermite interpolation of `values` (derivative `slope(i)`) at x inside the grid.
    @inline(__always)
    private func hermite(_ values: [Double], _ x: Double, slope: (Int) -> Double) -> Double {
        let position = (x - start) / spacing
        let i = min(Int(position), density.count - 2)
        let t = position - Double(i)
        let t2 = t * t, t3 = t2 * t
        return (2 * t3 - 3 * t2 + 1) * values[i] + (t3 - 2 * t2 + t) * spacing * slope(i)
            + (-2 * t3 + 3 * t2) * values[i + 1] + (t3 - t2) * spacing * slope(i + 1)
    }

    /// P(W ≤ x).
    func cdf(at x: Double) -> Double {
        if x <= start { return 0 }
        if x >= end { return 1 }
        return min(1, max(0, hermite(cdf, x) { density[$0] }))
    }

    /// J(y) = ∫_0^y F(s)/s² ds (F = 1 above the window: J grows by 1/end − 1/y there).
    func jIntegral(at y: Double) -> Double {
        if y <= start { return 0 }
        if y >= end { return j[j.count - 1] + 1 / end - 1 / y }
        return hermite(j, y) { i in
            let x = start + Double(i) * spacing
            return x > 0 ? cdf[i] / (x * x) : 0
        }
    }
}
