import Foundation

/// Samplers for the distributions the analysis engines need, all driven by an injected
/// ``SeededGenerator`` so that a seed reproduces every draw.
///
/// Scalar functions draw one variate; the `fill…` functions write many into a caller-owned buffer
/// without allocating (the engines' hot loops use those).
public enum Sampling {
    /// One standard normal variate (ziggurat; exact, not an approximation).
    public static func standardNormal(using generator: inout SeededGenerator) -> Double {
        ZigguratTable.shared.withTables { x, ratio in
            normal(x: x, ratio: ratio, using: &generator)
        }
    }

    /// One Gamma(shape, 1) variate (Marsaglia and Tsang, 2000; for shape < 1 the boost
    /// Gamma(shape + 1) · U^(1/shape)). `shape` must be positive and finite.
    public static func gamma(shape: Double, using generator: inout SeededGenerator) -> Double {
        ZigguratTable.shared.withTables { x, ratio in
            GammaParameters(shape: shape).draw(x: x, ratio: ratio, using: &generator)
        }
    }

    /// One Beta(a, b) variate, as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
    public static func beta(_ a: Double, _ b: Double, using generator: inout SeededGenerator) -> Double {
        ZigguratTable.shared.withTables { x, ratio in
            BetaParameters(a: a, b: b).draw(x: x, ratio: ratio, using: &generator)
        }
    }

    /// One Bernoulli(p) variate: `true` with probability `p`.
    @inlinable
    public static func bernoulli(_ p: Double, using generator: inout SeededGenerator) -> Bool {
        generator.nextUnit() < p
    }

    /// One Dirichlet(alpha) vector (normalised gammas). Every `alpha` must be positive.
    public static func dirichlet(_ alpha: [Double], using generator: inout SeededGenerator) -> [Double] {
        var out = [Double](repeating: 0, count: alpha.count)
        let parameters = alpha.map(GammaParameters.init(shape:))
        out.withUnsafeMutableBufferPointer { buffer in
            ZigguratTable.shared.withTables { x, ratio in
                DirichletDraw.draw(parameters, into: buffer, x: x, ratio: ratio, using: &generator)
            }
        }
        return out
    }

    /// Fills `buffer` with Normal(mean, sd) variates.
    public static func fillNormal(
        _ buffer: UnsafeMutableBufferPointer<Double>, mean: Double, sd: Double,
        using generator: inout SeededGenerator
    ) {
        ZigguratTable.shared.withTables { x, ratio in
            for i in buffer.indices {
                buffer[i] = mean + sd * normal(x: x, ratio: ratio, using: &generator)
            }
        }
    }

    /// Fills `buffer` with Beta(a, b) variates.
    public static func fillBeta(
        _ buffer: UnsafeMutableBufferPointer<Double>, a: Double, b: Double,
        using generator: inout SeededGenerator
    ) {
        let parameters = BetaParameters(a: a, b: b)
        ZigguratTable.shared.withTables { x, ratio in
            for i in buffer.indices {
                buffer[i] = parameters.draw(x: x, ratio: ratio, using: &generator)
            }
        }
    }

    /// Fills `buffer` with Gamma(shape, 1) variates.
    public static func fillGamma(
        _ buffer: UnsafeMutableBufferPointer<Double>, shape: Double,
        using generator: inout SeededGenerator
    ) {
        let parameters = GammaParameters(shape: shape)
        ZigguratTable.shared.withTables { x, ratio in
            for i in buffer.indices {
                buffer[i] = parameters.draw(x: x, ratio: ratio, using: &generator)
            }
        }
    }

    /// Draws `count` Dirichlet(alpha) vectors, row after row, into `buffer`
    /// (`buffer.count` must be `count · alpha.count`).
    public static func fillDirichlet(
        _ buffer: UnsafeMutableBufferPointer<Double>, alpha: [Double], count: Int,
        using generator: inout SeededGenerator
    ) {
        precondition(buffer.count == count * alpha.count, "buffer size must be count · alpha.count")
        let parameters = alpha.map(GammaParameters.init(shape:))
        let k = alpha.count
        ZigguratTable.shared.withTables { x, ratio in
            for row in 0..<count {
                let slice = UnsafeMutableBufferPointer(rebasing: buffer[(row * k)..<(row * k + k)])
                DirichletDraw.draw(parameters, into: slice, x: x, ratio: ratio, using: &generator)
            }
        }
    }

    /// The ziggurat core on pre-fetched tables.
    @inline(__always)
    static func normal(
        x: UnsafeBufferPointer<Double>, ratio: UnsafeBufferPointer<Double>,
        using generator: inout SeededGenerator
    ) -> Double {
        while true {
            let bits = generator.next()
            let i = Int(bits & 0x7F)
            let u = Double(bits >> 11) * 0x1.0p-52 - 1  // uniform in [-1, 1)
            if abs(u) < ratio[i] {
                return u * x[i]
            }
            if i == 0 {
                return tail(negative: u < 0, using: &generator)
            }
            let candidate = u * x[i]
            let f0 = exp(-0.5 * (x[i] * x[i] - candidate * candidate))
            let f1 = exp(-0.5 * (x[i + 1] * x[i + 1] - candidate * candidate))
            if f1 + generator.nextUnit() * (f0 - f1) < 1 {
                return candidate
            }
        }
    }

    /// Marsaglia's tail beyond the base layer.
    static func tail(negative: Bool, using generator: inout SeededGenerator) -> Double {
        let r = ZigguratTable.tailStart
        var x: Double
        var y: Double
        repeat {
            x = log(generator.nextOpenUnit()) / r
            y = log(generator.nextOpenUnit())
        } while -2 * y < x * x
        return negative ? x - r : r - x
    }
}

extension ZigguratTable {
    /// Runs `body` with raw pointers to the tables (avoids per-draw bounds checks and reference counting).
    func withTables<R>(
        _ body: (UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>) -> R
    ) -> R {
        x.withUnsafeBufferPointer { xs in
            ratio.withUnsafeBufferPointer { rs in body(xs, rs) }
        }
    }
}
