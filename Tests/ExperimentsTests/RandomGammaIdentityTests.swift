@testable import Experiments
import Foundation
import Testing

/// The gamma sampler's logarithm-free acceptance test (``GammaParameters/acceptsWithoutLog(u:w:)``) only saves
/// work: the draws are bit for bit those of Marsaglia and Tsang's algorithm with the squeeze and the exact test
/// alone (the reference below), so no recorded result changes.
@Suite("Gamma sampler: the logarithm-free acceptance changes no draw")
struct RandomGammaIdentityTests {
    /// Marsaglia–Tsang as it was written before the logarithm-free test.
    static func reference(_ p: GammaParameters, _ generator: inout SeededGenerator) -> Double {
        var value: Double
        while true {
            let z = Sampling.standardNormal(using: &generator)
            var v = 1 + p.c * z
            if v <= 0 { continue }
            v = v * v * v
            let u = generator.nextOpenUnit()
            let z2 = z * z
            if u < 1 - 0.0331 * z2 * z2 || log(u) < 0.5 * z2 + p.d * (1 - v + log(v)) {
                value = p.d * v
                break
            }
        }
        if let boost = p.boost { value *= pow(generator.nextOpenUnit(), boost) }
        return value
    }

    @Test("fillGamma gives the reference draws bit for bit", arguments: [0.3, 1, 2.5, 12.6, 45.1, 4000, 1e6])
    func identical(shape: Double) {
        let count = 200_000
        var generator = SeededGenerator(seed: 42, stream: UInt64(shape * 10))
        var referenceGenerator = generator
        var fast = [Double](repeating: 0, count: count)
        fast.withUnsafeMutableBufferPointer { Sampling.fillGamma($0, shape: shape, using: &generator) }
        let parameters = GammaParameters(shape: shape)
        var mismatches = 0
        for i in 0..<count where Self.reference(parameters, &referenceGenerator).bitPattern != fast[i].bitPattern {
            mismatches += 1
        }
        #expect(mismatches == 0)
        #expect(generator.next() == referenceGenerator.next())  // the same random numbers were consumed
    }

    @Test("whenever the bound accepts, the exact test accepts", arguments: [0.5, 1, 3, 40, 4000, 1e7])
    func boundImpliesExact(shape: Double) {
        let p = GammaParameters(shape: shape)
        var generator = SeededGenerator(seed: 7)
        var accepted = 0
        for _ in 0..<500_000 {
            // z spread wider than a normal's so that the bound's edges are exercised.
            let z = (generator.nextUnit() * 2 - 1) * 0.5 / p.c
            // u uniform, or just below 1 where the exact test is closest to rejecting.
            let u = generator.nextUnit() < 0.5 ? generator.nextOpenUnit() : 1 - generator.nextOpenUnit() * 1e-3
            var v = 1 + p.c * z
            guard v > 0 else { continue }
            v = v * v * v
            if p.acceptsWithoutLog(u: u, w: p.c * z) {
                accepted += 1
                #expect(log(u) < 0.5 * z * z + p.d * (1 - v + log(v)), "shape \(shape), z \(z), u \(u)")
            }
        }
        #expect(accepted > 0)
    }
}
