import Foundation

/// Precomputed constants of the Marsaglia–Tsang Gamma(shape, 1) sampler.
///
/// For shape ≥ 1: d = shape − 1/3, c = 1/√(9d); draw x ~ N(0,1), v = (1 + c·x)³, accept d·v when
/// u < 1 − 0.0331·x⁴ (the squeeze) or log u < x²/2 + d·(1 − v + log v).
/// For shape < 1 ("boost"): Gamma(shape + 1) · U^(1/shape).
struct GammaParameters: Sendable {
    let d: Double
    let c: Double
    /// 1/shape when shape < 1 (the boost exponent), otherwise nil.
    let boost: Double?
    /// The shape itself.
    let shape: Double
    /// The safety margin of the logarithm-free acceptance test (see ``acceptsWithoutLog(u:w:)``).
    let margin: Double

    init(shape: Double) {
        precondition(shape > 0 && shape.isFinite, "gamma shape must be positive and finite")
        self.shape = shape
        let base = shape < 1 ? shape + 1 : shape
        d = base - 1.0 / 3.0
        c = 1 / (9 * d).squareRoot()
        boost = shape < 1 ? 1 / shape : nil
        margin = 1e-9 * (1 + d)
    }

    /// A sufficient condition for the exact acceptance test `log u < z²/2 + d·(1 − v + log v)`, without its
    /// two logarithms; it never accepts a draw the exact test rejects, so the draws are bit for bit the same.
    ///
    /// With w = c·z and 9·d·c² = 1 the right-hand side is d·h(w), h(w) = 1 − (1 + w)³ + 3·log(1 + w) + 4.5·w²
    /// = −3 Σ_{k≥4} (−w)^k / k, which is ≥ −¾·w⁴ for 0 ≤ w < 1 (alternating, decreasing terms) and
    /// ≥ −¾·w⁴ / (1 + w) for −1 < w < 0 (a geometric bound). log u ≤ u − 1, and u − 1 is exact in floating point
    /// for u in [½, 1). The margin (10⁻⁹·(1 + d)) covers the rounding of the exact test, whose terms of size up to
    /// about d cancel to a result of size z⁴/(108·d): about 10⁻¹⁵·d. The bound is used for |w| < ½ only.
    /// For large shapes the squeeze `u < 1 − 0.0331·z⁴` misses about 9 % of the accepted draws; this catches
    /// nearly all of them.
    ///
    /// Written without branches (the caller combines it with the squeeze the same way), so that the one branch
    /// that remains is taken almost always and predicted.
    @inline(__always)
    func acceptsWithoutLog(u: Double, w: Double) -> Bool {
        let w2 = w * w
        let h = -0.75 * w2 * w2 / (w < 0 ? 1 + w : 1)
        return ((abs(w) < 0.5 ? 1 : 0) & (u - 1 < d * h - margin ? 1 : 0)) != 0
    }

    @inline(__always)
    func draw(
        x: UnsafeBufferPointer<Double>, ratio: UnsafeBufferPointer<Double>,
        using generator: inout SeededGenerator
    ) -> Double {
        var value: Double
        while true {
            let z = Sampling.normal(x: x, ratio: ratio, using: &generator)
            var v = 1 + c * z
            if v <= 0 { continue }
            v = v * v * v
            let u = generator.nextOpenUnit()
            let z2 = z * z
            if ((u < 1 - 0.0331 * z2 * z2 ? 1 : 0) | (acceptsWithoutLog(u: u, w: c * z) ? 1 : 0)) != 0 {
                value = d * v
                break
            }
            if log(u) < 0.5 * z2 + d * (1 - v + log(v)) {
                value = d * v
                break
            }
        }
        if let boost {
            value *= pow(generator.nextOpenUnit(), boost)
        }
        return value
    }
}

/// Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). (Cheng's algorithm BB was measured
/// here at 2.5× the cost for the unbalanced shapes typical of error rates, so it is not used.)
struct BetaParameters: Sendable {
    let x: GammaParameters
    let y: GammaParameters
    /// a / (a + b): the value returned in the (practically unreachable) case that both gammas underflow.
    let mean: Double

    init(a: Double, b: Double) {
        x = GammaParameters(shape: a)
        y = GammaParameters(shape: b)
        mean = a / (a + b)
    }

    @inline(__always)
    func draw(
        x table: UnsafeBufferPointer<Double>, ratio: UnsafeBufferPointer<Double>,
        using generator: inout SeededGenerator
    ) -> Double {
        let gx = x.draw(x: table, ratio: ratio, using: &generator)
        let gy = y.draw(x: table, ratio: ratio, using: &generator)
        let sum = gx + gy
        return sum > 0 ? gx / sum : mean
    }
}

/// One Dirichlet draw: normalised gammas; if every gamma underflows (all shapes tiny), the mass goes
/// to one component chosen with probability proportional to its shape.
enum DirichletDraw {
    static func draw(
        _ parameters: [GammaParameters], into out: UnsafeMutableBufferPointer<Double>,
        x: UnsafeBufferPointer<Double>, ratio: UnsafeBufferPointer<Double>,
        using generator: inout SeededGenerator
    ) {
        var sum = 0.0
        for j in parameters.indices {
            let g = parameters[j].draw(x: x, ratio: ratio, using: &generator)
            out[j] = g
            sum += g
        }
        if sum > 0 {
            let inverse = 1 / sum
            for j in parameters.indices { out[j] *= inverse }
            return
        }
        allUnderflowed(parameters, into: out, using: &generator)
    }

    /// The fallback when every gamma underflowed.
    static func allUnderflowed(
        _ parameters: [GammaParameters], into out: UnsafeMutableBufferPointer<Double>,
        using generator: inout SeededGenerator
    ) {
        let shapes = parameters.map(\.shape)
        var pick = generator.nextUnit() * shapes.reduce(0, +)
        var chosen = shapes.count - 1
        for j in shapes.indices {
            pick -= shapes[j]
            if pick < 0 { chosen = j; break }
        }
        for j in parameters.indices { out[j] = j == chosen ? 1 : 0 }
    }
}
