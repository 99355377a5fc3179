import Foundation

/// Exact discrete and continuous draws for the traffic model: Poisson (multiplication, or Hörmann's PTRS),
/// binomial (inversion, or Hörmann's BTRS), multinomial (conditional binomials), normal (polar method).
enum Draw {
    /// A standard normal draw (Marsaglia's polar method; the second value is dropped for simplicity).
    static func normal(_ g: inout Xoshiro256) -> Double {
        while true {
            let u = 2 * g.unit() - 1
            let v = 2 * g.unit() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 { return u * (-2 * log(s) / s).squareRoot() }
        }
    }

    /// Poisson(mean).
    static func poisson(_ mean: Double, _ g: inout Xoshiro256) -> Int {
        guard mean > 0 else { return 0 }
        if mean < 10 {
            let limit = exp(-mean)
            var k = 0
            var product = g.openUnit()
            while product > limit {
                k += 1
                product *= g.openUnit()
            }
            return k
        }
        // PTRS (Hörmann 1993), as numpy uses it.
        let slam = mean.squareRoot()
        let logMean = log(mean)
        let b = 0.931 + 2.53 * slam
        let a = -0.059 + 0.02483 * b
        let invAlpha = 1.1239 + 1.1328 / (b - 3.4)
        let vr = 0.9277 - 3.6224 / (b - 2)
        while true {
            let u = g.unit() - 0.5
            let v = g.openUnit()
            let us = 0.5 - abs(u)
            let k = ((2 * a / us + b) * u + mean + 0.43).rounded(.down)
            if us >= 0.07 && v <= vr { return Int(k) }
            if k < 0 || (us < 0.013 && v > us) { continue }
            if log(v) + log(invAlpha) - log(a / (us * us) + b) <= -mean + k * logMean - lgamma(k + 1) { return Int(k) }
        }
    }

    /// Binomial(n, p).
    static func binomial(_ n: Int, _ p: Double, _ g: inout Xoshiro256) -> Int {
        guard n > 0, p > 0 else { return 0 }
        if p >= 1 { return n }
        if p > 0.5 { return n - binomial(n, 1 - p, &g) }
        if Double(n) * p < 10 {
            // Inversion by sequential search from 0.
            let q = 1 - p
            let ratio = p / q
            var probability = pow(q, Double(n))
            var cumulative = probability
            let u = g.unit()
            var k = 0
            while u > cumulative && k < n {
                probability *= ratio * Double(n - k) / Double(k + 1)
                cumulative += probability
                k += 1
                if probability < 1e-300 && cumulative < u { break }
            }
            return k
        }
        // BTRS (Hörmann 1993).
        let q = 1 - p
        let nd = Double(n)
        let spq = (nd * p * q).squareRoot()
        let b = 1.15 + 2.53 * spq
        let a = -0.0873 + 0.0248 * b + 0.01 * p
        let c = nd * p + 0.5
        let vr = 0.92 - 4.2 / b
        let alpha = (2.83 + 5.1 / b) * spq
        let lpq = log(p / q)
        let m = ((nd + 1) * p).rounded(.down)
        let h = lgamma(m + 1) + lgamma(nd - m + 1)
        while true {
            let u = g.unit() - 0.5
            var v = g.openUnit()
            let us = 0.5 - abs(u)
            let k = ((2 * a / us + b) * u + c).rounded(.down)
            if k < 0 || k > nd { continue }
            if us >= 0.07 && v <= vr { return Int(k) }
            v = log(v * alpha / (a / (us * us) + b))
            if v <= h - lgamma(k + 1) - lgamma(nd - k + 1) + (k - m) * lpq { return Int(k) }
        }
    }

    /// Multinomial(n, probabilities) by conditional binomials; the probabilities need not sum to exactly 1
    /// (the last category takes what is left).
    static func multinomial(_ n: Int, _ probabilities: [Double], _ g: inout Xoshiro256) -> [Int] {
        var counts = [Int](repeating: 0, count: probabilities.count)
        var left = n
        var mass = probabilities.reduce(0, +)
        for index in probabilities.indices {
            guard left > 0 else { break }
            if index == probabilities.count - 1 || mass <= 0 {
                counts[index] = left
                break
            }
            let share = min(1, max(0, probabilities[index] / mass))
            let count = binomial(left, share, &g)
            counts[index] = count
            left -= count
            mass -= probabilities[index]
        }
        return counts
    }
}
