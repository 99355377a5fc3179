import Foundation

/// Special functions for exact probabilities: log-gamma, the regularised incomplete beta function and
/// the Beta distribution's CDF and quantile.
///
/// Implemented here (Lanczos, continued fraction) rather than taken from the C library so that results
/// do not depend on the platform's `lgamma`; only `log`, `exp`, `log1p` and `sin` come from Foundation.
public enum SpecialFunctions {
    private static let lanczos: [Double] = [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7,
    ]

    /// log Γ(x) for x > 0 (Lanczos approximation, g = 7, n = 9; relative error about 1e-15).
    /// For 0 < x < 0.5 the reflection formula is used.
    public static func logGamma(_ x: Double) -> Double {
        precondition(x > 0, "logGamma is defined here for positive arguments")
        if x < 0.5 {
            return log(Double.pi / sin(Double.pi * x)) - logGamma(1 - x)
        }
        let z = x - 1
        var a = lanczos[0]
        let t = z + 7.5
        for i in 1..<9 {
            a += lanczos[i] / (z + Double(i))
        }
        return 0.5 * log(2 * Double.pi) + (z + 0.5) * log(t) - t + log(a)
    }

    /// log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b).
    public static func logBeta(_ a: Double, _ b: Double) -> Double {
        logGamma(a) + logGamma(b) - logGamma(a + b)
    }

    /// The regularised incomplete beta function I_x(a, b) for a, b > 0 and x in [0, 1]
    /// (Numerical Recipes' continued fraction, evaluated by the modified Lentz method).
    public static func incompleteBeta(x: Double, a: Double, b: Double) -> Double {
        precondition(a > 0 && b > 0, "incompleteBeta needs positive shape parameters")
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = a * log(x) + b * log1p(-x) - logBeta(a, b)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * continuedFraction(x: x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * continuedFraction(x: 1 - x, a: b, b: a) / b
    }

    /// The CDF of Beta(a, b) at x: I_x(a, b).
    public static func betaCDF(_ x: Double, a: Double, b: Double) -> Double {
        incompleteBeta(x: x, a: a, b: b)
    }

    /// The p-quantile of Beta(a, b): the x with I_x(a, b) = p (safeguarded Newton on a bracket,
    /// absolute accuracy about 1e-13), starting from the mean.
    public static func betaQuantile(_ p: Double, a: Double, b: Double) -> Double {
        betaQuantile(p, a: a, b: b, from: a / (a + b))
    }

    /// The p-quantile of Beta(a, b) by the same safeguarded Newton iteration, starting from the normal
    /// approximation (mean + Φ⁻¹(p)·sd, when inside (0, 1)): the same root, in about half the iterations for
    /// the large shapes of rates on counts.
    public static func betaQuantileFromNormal(_ p: Double, a: Double, b: Double) -> Double {
        let mean = a / (a + b)
        let sd = (a * b / ((a + b) * (a + b) * (a + b + 1))).squareRoot()
        let guess = mean + NormalDistribution.quantile(p) * sd
        return betaQuantile(p, a: a, b: b, from: guess > 0 && guess < 1 ? guess : mean)
    }

    private static func betaQuantile(_ p: Double, a: Double, b: Double, from start: Double) -> Double {
        if p <= 0 { return 0 }
        if p >= 1 { return 1 }
        let logB = logBeta(a, b)
        var low = 0.0
        var high = 1.0
        var x = start
        for _ in 0..<200 {
            let f = incompleteBeta(x: x, a: a, b: b) - p
            if f < 0 { low = x } else { high = x }
            if high - low < 1e-15 { break }
            let density = exp((a - 1) * log(x) + (b - 1) * log1p(-x) - logB)
            var next = x - f / density
            if !(density > 0) || !next.isFinite || next <= low || next >= high {
                next = 0.5 * (low + high)
            }
            if abs(next - x) < 1e-15 * max(1, x) {
                x = next
                break
            }
            x = next
        }
        return x
    }

    private static func continuedFraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        let epsilon = 1e-16
        let qab = a + b
        let qap = a + 1
        let qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...100_000 {
            let md = Double(m)
            let m2 = 2 * md
            var aa = md * (b - md) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + md) * (qab + md) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return h
    }
}
