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
            normalLoop(buffer, mean: mean, sd: sd, x: x, ratio: ratio, using: &generator)
        }
    }

    /// Fills `buffer` with Beta(a, b) variates.
    public static func fillBeta(
        _ buffer: UnsafeMutableBufferPointer<Double>, a: Double, b: Double,
        using generator: inout SeededGenerator
    ) {
        let parameters = BetaParameters(a: a, b: b)
        ZigguratTable.shared.withTables { x, ratio in
            betaLoop(buffer, parameters, x: x, ratio: ratio, using: &generator)
        }
    }

    /// Fills `buffer` with Gamma(shape, 1) variates.
    public static func fillGamma(
        _ buffer: UnsafeMutableBufferPointer<Double>, shape: Double,
        using generator: inout SeededGenerator
    ) {
        let parameters = GammaParameters(shape: shape)
        ZigguratTable.shared.withTables { x, ratio in
            gammaLoop(buffer, parameters, x: x, ratio: ratio, using: &generator)
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
            parameters.withUnsafeBufferPointer { p in
                dirichletLoop(buffer, p, rows: count, k: k, x: x, ratio: ratio, using: &generator)
            }
        }
    }

    // The loops below copy the generator into a local variable so that its state lives in registers
    // (a generator captured by a closure is kept in memory, which halves the speed).

    @inline(never)
    static func normalLoop(
        _ buffer: UnsafeMutableBufferPointer<Double>, mean: Double, sd: Double,
        x: UnsafeBufferPointer<Double>, ratio: UnsafeBufferPointer<Double>, using generator: inout SeededGenerator
    ) {
        var g = generator
        for i in buffer.indices { buffer[i] = mean + sd * normal(x: x, ratio: ratio, using: &g) }
        generator = g
    }

    @inline(never)
    static func betaLoop(
        _ buffer: UnsafeMutableBufferPointer<Double>, _ parameters: BetaParameters,
        x: UnsafeBufferPointer<Double>, ratio: UnsafeBufferPointer<Double>, using generator: inout SeededGenerator
    ) {
        var g = generator
        for i in buffer.indices { buffer[i] = parameters.draw(x: x, ratio: ratio, using: &g) }
        generator = g
    }

    @inline(never)
    static func gammaLoop(
        _ buffer: UnsafeMutableBufferPointer<Double>, _ parameters: GammaParameters,
        x: UnsafeBufferPointer<Double>, ratio: UnsafeBufferPointer<Double>, using generator: inout SeededGenerator
    ) {
        var g = generator
        for i in buffer.indices { buffer[i] = parameters.draw(x: x, ratio: ratio, using: &g) }
        generator = g
    }

    @inline(never)
    static func dirichletLoop(
        _ buffer: UnsafeMutableBufferPointer<Double>, _ parameters: UnsafeBufferPointer<GammaParameters>,
        rows: Int, k: Int, x: UnsafeBufferPointer<Double>, ratio: UnsafeBufferPointer<Double>,
        using generator: inout SeededGenerator
    ) {
        var g = generator
        for row in 0..<rows {
            var sum = 0.0
            for j in 0..<k {
                let value = parameters[j].draw(x: x, ratio: ratio, using: &g)
                buffer[row * k + j] = value
                sum += value
            }
            if sum > 0 {
                let inverse = 1 / sum
                for j in 0..<k { buffer[row * k + j] *= inverse }
            } else {
                let slice = UnsafeMutableBufferPointer(rebasing: buffer[(row * k)..<(row * k + k)])
                g = allUnderflowed(parameters, into: slice, generator: g)
            }
        }
        generator = g
    }

    /// ``DirichletDraw/allUnderflowed(_:into:using:)`` taking and returning the generator by value, so that the
    /// generator of ``dirichletLoop`` never escapes and stays in registers.
    @inline(never)
    static func allUnderflowed(
        _ parameters: UnsafeBufferPointer<GammaParameters>, into out: UnsafeMutableBufferPointer<Double>,
        generator: SeededGenerator
    ) -> SeededGenerator {
        var g = generator
        DirichletDraw.allUnderflowed(Array(parameters), into: out, using: &g)
        return g
    }

    /// The ziggurat core on pre-fetched tables. The rare slow path (wedges and tail, about 1.5 % of
    /// draws) is a separate function that takes and returns the generator by value, so that the
    /// generator's state never escapes and stays in registers in the callers' loops.
    @inline(__always)
    static func normal(
        x: UnsafeBufferPointer<Double>, ratio: UnsafeBufferPointer<Double>,
        using generator: inout SeededGenerator
    ) -> Double {
        let bits = generator.next()
        let i = Int(bits & 0x7F)
        let u = Double(bits >> 11) * 0x1.0p-52 - 1  // uniform in [-1, 1)
        if abs(u) < ratio[i] {
            return u * x[i]
        }
        let (value, next) = normalSlow(layer: i, u: u, x: x, ratio: ratio, generator: generator)
        generator = next
        return value
    }

    @inline(never)
    static func normalSlow(
        layer: Int, u: Double, x: UnsafeBufferPointer<Double>, ratio: UnsafeBufferPointer<Double>,
        generator: SeededGenerator
    ) -> (Double, SeededGenerator) {
        var g = generator
        var i = layer
        var u = u
        while true {
            if i == 0 {
                return (tail(negative: u < 0, using: &g), g)
            }
            let candidate = u * x[i]
            let f0 = exp(-0.5 * (x[i] * x[i] - candidate * candidate))
            let f1 = exp(-0.5 * (x[i + 1] * x[i + 1] - candidate * candidate))
            if f1 + g.nextUnit() * (f0 - f1) < 1 {
                return (candidate, g)
            }
            let bits = g.next()
            i = Int(bits & 0x7F)
            u = Double(bits >> 11) * 0x1.0p-52 - 1
            if abs(u) < ratio[i] {
                return (u * x[i], g)
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
