import Foundation

/// A Beta(a, b) distribution tabulated in logit space, z = log(x / (1 − x)), where its density
/// f_Z(z) = e^{a·z} / (1 + e^z)^{a+b} / B(a, b) is smooth, unimodal and decays exponentially on both sides for
/// every a, b > 0 (no edge at 0 or 1 to clip). The grid has spacing 1/16 of the density's smallest local scale
/// (``scale(a:b:logB:)``; √(1/a + 1/b) at the mode log(a/b)) and reaches, on each side, until the density is e⁻⁵⁰ of its peak. Tabulated: the density,
/// the CDF (Simpson's rule over pairs of steps, a parabola for the odd points) and J = ∫ F(z)·e^{−z} dz, which
/// is ∫ F(s)/s² ds in the original variable, from the grid point at or below `reference` (J is read at and
/// above it only: below it the integrand may grow without bound when a < 1); each is read between the points by cubic
/// Hermite interpolation with its exact derivative. The CDF's error is Simpson's s⁴/180 · |f‴| ≈ 10⁻⁷ for a
/// Gaussian shape, below 5·10⁻⁷ for the skewed Betas tested against the continued fraction; the tabulated CDF
/// must end within ``massTolerance`` of 1, and a table needing more than ``maxPoints`` points is not built.
struct BetaTable {
    static let massTolerance = 1e-8
    static let stepsPerSD = 16.0
    static let maxPoints = 20_001
    /// How far (in log density below the peak) the grid reaches.
    static let logDrop = 50.0

    /// The grid in z: start + i·spacing.
    let start: Double
    let spacing: Double
    let density: [Double]
    let cdf: [Double]
    let j: [Double]
    /// Where J starts (J is 0 there and read only above it).
    let jStart: Double
    /// The grid's ends in the original variable.
    let lowest: Double
    let highest: Double
    /// The spread of the distribution in the original variable (its standard deviation).
    let sd: Double

    init?(a: Double, b: Double, reference: Double = 0) {
        guard a > 0, b > 0, a.isFinite, b.isFinite else { return nil }
        let logB = SpecialFunctions.logBeta(a, b)
        func logDensity(_ z: Double) -> Double { Self.logitLogDensity(z, a: a, b: b, logB: logB) }
        let (low, high, _) = Self.logitWindow(a: a, b: b, logB: logB)
        let spacing = Self.scale(a: a, b: b, logB: logB) / Self.stepsPerSD
        var points = Int(((high - low) / spacing).rounded(.up)) + 1
        if points % 2 == 0 { points += 1 }
        guard points <= Self.maxPoints else { return nil }
        var f = [Double](repeating: 0, count: points)
        for i in 0..<points { f[i] = exp(logDensity(low + Double(i) * spacing)) }
        var F = [Double](repeating: 0, count: points)
        var J = [Double](repeating: 0, count: points)
        let third = spacing / 3, twelfth = spacing / 12
        var i = 0
        while i + 2 < points {
            F[i + 1] = F[i] + twelfth * (5 * f[i] + 8 * f[i + 1] - f[i + 2])
            F[i + 2] = F[i] + third * (f[i] + 4 * f[i + 1] + f[i + 2])
            i += 2
        }
        guard abs(F[points - 1] - 1) <= Self.massTolerance else { return nil }
        var first = 0
        if reference > 0 && reference < 1 {
            first = max(0, min(points - 3, Int(((log(reference / (1 - reference)) - low) / spacing).rounded(.down))))
        }
        let g = (0..<points).map { $0 < first ? 0 : F[$0] * exp(-(low + Double($0) * spacing)) }
        i = first
        while i + 2 < points {
            J[i + 1] = J[i] + twelfth * (5 * g[i] + 8 * g[i + 1] - g[i + 2])
            J[i + 2] = J[i] + third * (g[i] + 4 * g[i + 1] + g[i + 2])
            i += 2
        }
        if i + 1 < points { J[i + 1] = J[i] + 0.5 * spacing * (g[i] + g[i + 1]) }  // an odd step left at the end
        jStart = low + Double(first) * spacing
        start = low
        self.spacing = spacing
        density = f
        cdf = F
        j = J
        sd = (a * b / ((a + b) * (a + b) * (a + b + 1))).squareRoot()
        lowest = 1 / (1 + exp(-low))
        highest = 1 / (1 + exp(-(low + Double(points - 1) * spacing)))
    }

    var end: Double { start + Double(density.count - 1) * spacing }

    /// log f_Z(z) of logit(X) for X ~ Beta(a, b): a·z − (a + b)·log(1 + e^z) − log B(a, b).
    static func logitLogDensity(_ z: Double, a: Double, b: Double, logB: Double) -> Double {
        let softplus = z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))  // log(1 + e^z) without overflow
        return a * z - (a + b) * softplus - logB
    }

    /// The smallest local scale of the logit density where it is above e⁻²⁰ of its peak: 1/√|(log f_Z)″|, with
    /// (log f_Z)″ = −(a + b)·x(1 − x); at the mode this is √(1/a + 1/b), but a skewed Beta bends faster on its
    /// short side.
    static func scale(a: Double, b: Double, logB: Double) -> Double {
        let (low, high, _) = logitWindow(a: a, b: b, logB: logB, drop: 20)
        let xLow = 1 / (1 + exp(-low)), xHigh = 1 / (1 + exp(-high))
        let x = min(max(0.5, xLow), xHigh)  // x(1 − x) is largest at the point nearest ½
        return 1 / ((a + b) * x * (1 - x)).squareRoot()
    }

    /// The logit-space window (the density e^−drop of its peak at both ends) and the curvature's sd at the mode.
    static func logitWindow(
        a: Double, b: Double, logB: Double, drop: Double = logDrop
    ) -> (low: Double, high: Double, sd: Double) {
        let mode = log(a / b)
        let sd = (1 / a + 1 / b).squareRoot()
        let peak = logitLogDensity(mode, a: a, b: b, logB: logB)
        func reach(_ direction: Double) -> Double {
            var distance = sd
            while logitLogDensity(mode + direction * distance, a: a, b: b, logB: logB) > peak - drop { distance *= 1.25 }
            return distance
        }
        return (mode - reach(-1), mode + reach(1), sd)
    }

    /// Cubic Hermite interpolation of `values` with derivative `slope(i)` at z inside the grid.
    @inline(__always)
    private func hermite(_ values: [Double], _ z: Double, slope: (Int) -> Double) -> Double {
        let position = (z - start) / spacing
        let i = min(Int(position), density.count - 2)
        let t = position - Double(i)
        let t2 = t * t, t3 = t2 * t
        return (2 * t3 - 3 * t2 + 1) * values[i] + (t3 - 2 * t2 + t) * spacing * slope(i)
            + (-2 * t3 + 3 * t2) * values[i + 1] + (t3 - t2) * spacing * slope(i + 1)
    }

    /// P(W ≤ x).
    func cdf(at x: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let z = log(x / (1 - x))
        if z <= start { return 0 }
        if z >= end { return 1 }
        return min(1, max(0, hermite(cdf, z) { density[$0] }))
    }

    /// P(W ≤ x) and the density of W at x (linear between the points; for slopes only), with one logarithm.
    @inline(__always)
    func cdfAndDensity(at x: Double) -> (cdf: Double, density: Double) {
        if x <= lowest { return (0, 0) }
        if x >= highest { return (1, 0) }
        let position = (log(x / (1 - x)) - start) / spacing
        let count = density.count
        let i = min(max(Int(position), 0), count - 2)
        let t = position - Double(i)
        let t2 = t * t, t3 = t2 * t
        return density.withUnsafeBufferPointer { f in
            cdf.withUnsafeBufferPointer { F in
                let value = (2 * t3 - 3 * t2 + 1) * F[i] + (t3 - 2 * t2 + t) * spacing * f[i]
                    + (-2 * t3 + 3 * t2) * F[i + 1] + (t3 - t2) * spacing * f[i + 1]
                let slope = ((1 - t) * f[i] + t * f[i + 1]) / (x * (1 - x))
                return (min(1, max(0, value)), slope)
            }
        }
    }

    /// The density of W at x (linear between the points; for slopes only).
    func density(at x: Double) -> Double {
        guard x > 0, x < 1 else { return 0 }
        let position = (log(x / (1 - x)) - start) / spacing
        guard position >= 0, position < Double(density.count - 1) else { return 0 }
        let i = Int(position)
        let t = position - Double(i)
        return ((1 - t) * density[i] + t * density[i + 1]) / (x * (1 - x))
    }

    /// J(y) = ∫ F(s)/s² ds from the grid's start (only differences are meaningful); above the grid F = 1, so
    /// J grows by ∫ e^{−z} dz = e^{−end} − (1 − y)/y (which also holds for y ≥ 1, where ∫ ds/s² = 1 − 1/y).
    func jIntegral(at y: Double) -> Double {
        if y <= 0 { return 0 }
        if y < 1 {
            let z = log(y / (1 - y))
            if z <= jStart { return 0 }
            if z < end {
                return hermite(j, z) { i in cdf[i] * exp(-(start + Double(i) * spacing)) }
            }
        }
        return j[j.count - 1] + exp(-end) - (1 - y) / y
    }

    /// J(∞).
    var jAtInfinity: Double { j[j.count - 1] + exp(-end) + 1 }
}
