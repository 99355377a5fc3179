import Foundation
import Testing
@testable import Experiments

/// Seeded doubles for the differential tests against `String(format:)`: edge values, exact decimal ties and their
/// neighbours, random bit patterns, and values like those the service records (probabilities, latencies).
struct DifferentialDoubles {
    private var source: SplitMix64

    init(seed: UInt64) { source = SplitMix64(seed: seed) }

    /// The next SplitMix64 output.
    mutating func next() -> UInt64 { source.next() }

    /// A number in `range`.
    mutating func next(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    /// Zero, infinities, NaN, subnormals, the extremes, powers of ten and two, small ties, and the neighbours of each.
    static let edges: [Double] = {
        var values: [Double] = [
            0, .infinity, .nan, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, .pi, 0.1, 0.125,
            0.5, 1.5, 2.5, 0.0005, 0.00049, 0.0015, 0.9995, 9.5, 99.5, 999_999.5, 9.999_999_5, 0.999_999_95, 1.234_565,
            0.123_456_5, 123_456.5, 9_007_199_254_740_992, 9_007_199_254_740_994, 1e15 + 0.5, 1e16, 1e17, 1e22, 1e23,
            0.999_5, 0.999_95, 0.999_999_5, 99.999_95, 1e-17, 1e-22, 1e-23, 1e27, 1e28, 1e32, 1e43, 1e44,
        ]
        for exponent in -40...40 { values.append(Double("1e\(exponent)") ?? 0) }
        for exponent in -80...120 { values.append(Double(sign: .plus, exponent: exponent, significand: 1)) }
        for integer in 1...100 { values.append(Double(integer)) }
        values += values.flatMap { [$0.nextUp, $0.nextDown] }
        return values + values.map { -$0 }
    }()

    /// Any bit pattern: mostly huge and tiny magnitudes, which take the fallback.
    mutating func anyBits() -> Double { Double(bitPattern: next()) }

    /// Random significand bits and sign with a binary exponent in `exponents` (the magnitudes the fast paths take).
    mutating func bits(exponents: ClosedRange<Int>) -> Double {
        let exponent = UInt64(next(in: exponents) + 1023)
        return Double(bitPattern: next() & 0x800F_FFFF_FFFF_FFFF | exponent << 52)
    }

    /// A probability: 53 random bits in [0, 1).
    mutating func probability() -> Double { Double(next() >> 11) / 9_007_199_254_740_992 }

    /// A latency in milliseconds below 10,000 as a decimal text of 1 to 17 significant digits reads (such values sit
    /// just above or below the decimal they were written as, the near-ties of shorter roundings).
    mutating func latency() -> Double {
        let digits = next(in: 1...17)
        let whole = next(in: 0...min(4, digits))
        var text = whole == 0 ? "0." + String(repeating: "0", count: next(in: 0...3)) : ""
        for index in 0..<digits {
            if index == whole && whole > 0 { text += "." }
            text += String(index == 0 ? next(in: 1...9) : next(in: 0...9))
        }
        return Double(text) ?? 0
    }

    /// An exact tie at `digits` significant digits: `digits + 1` significant digits ending in 5 that a `Double` holds
    /// exactly, an odd integer times 2^-shift (whose decimal is the odd integer × 5^shift, ending in 5) or an integer
    /// ending in 5 times a power of ten.
    mutating func tie(digits: Int) -> Double {
        for _ in 0..<8 {
            let shift = next(in: 1...22)
            var five: Double = 1
            for _ in 0..<shift { five *= 5 }
            // odd × 5^shift must have digits + 1 digits and stay below 2^53.
            let low = (pow(10, Double(digits)) / five).rounded(.up), high = min(pow(10, Double(digits + 1)) / five, 9e15 / five)
            guard low < high else { continue }
            var odd = Int64(low + (high - low) * Double(next() >> 11) / 9_007_199_254_740_992)
            if odd % 2 == 0 { odd += 1 }
            guard Double(odd) * five < min(pow(10, Double(digits + 1)), 9e15) else { continue }
            return Double(odd) * Double(sign: .plus, exponent: -shift - next(in: 0...2), significand: 1) * (next() & 1 == 0 ? 1 : 4)
        }
        guard digits < 15 else { return 0.5 }
        let integer = Double(next(in: 1...9)) * pow(10, Double(digits - 1)) + Double(next() % UInt64(pow(10, Double(digits - 1))))
        return (integer * 10 + 5) * pow(10, Double(next(in: 0...max(0, 14 - digits))))
    }

    /// `value` and its two neighbours.
    static func around(_ value: Double) -> [Double] { [value, value.nextUp, value.nextDown] }
}

@Suite("Decimal rounding is C's printf rounding of the exact binary value")
struct DecimalRoundingTests {
    /// The digits and power of ten `text` (as `%e` writes them) holds, as ``RoundedDecimal`` holds them.
    static func decimal(percentE text: String, digits: Int) -> RoundedDecimal? {
        guard let e = text.firstIndex(of: "e"), let exponent = Int(text[text.index(after: e)...]) else { return nil }
        let mantissa = text[..<e].filter { $0 != "." && $0 != "-" }
        return UInt64(mantissa).map { RoundedDecimal(digits: $0, exponent: exponent - digits + 1) }
    }

    /// The digits of `String(format: "%.{decimals}f", value)` without sign and point.
    static func percentF(_ value: Double, decimals: Int) -> UInt64? {
        UInt64(String(format: "%.\(decimals)f", value).filter { $0 != "." && $0 != "-" })
    }

    /// Checks, for every value at `digits`, ``DecimalRounding/significant(_:digits:)`` against the digits of
    /// `String(format: "%.{digits-1}e")` (when it takes the value) and `AnalysisResult.rounded(_:significantDigits:)`
    /// bit for bit against what it returned before its fast path (that text read by `Double(String)`). Returns the
    /// mismatches and how many values the fast path took.
    static func check(_ values: [Double], digits: Int) -> (mismatches: [String], taken: Int) {
        var mismatches: [String] = [], taken = 0
        for value in values {
            let text = String(format: "%.\(digits - 1)e", value)
            if let decimal = DecimalRounding.significant(value, digits: digits) {
                taken += 1
                if decimal != Self.decimal(percentE: text, digits: digits) {
                    mismatches.append("\(value) (\(value.bitPattern)) at \(digits): \(decimal) vs \(text)")
                }
            }
            // The text way, as rounded(_:significantDigits:) was: integral values to 2^53, zero and non-finite kept.
            let integral = abs(value) <= 9_007_199_254_740_992 && value == value.rounded(.towardZero)
            let slow = !value.isFinite || value == 0 || integral ? value : Double(text) ?? value
            let fast = AnalysisResult.rounded(value, significantDigits: digits)
            if fast.bitPattern != slow.bitPattern {
                mismatches.append("rounded \(value) (\(value.bitPattern)) at \(digits): \(fast) vs \(slow)")
            }
        }
        return (mismatches, taken)
    }

    /// The values for one precision: edges, `ties` exact ties at it with their neighbours, and `random` each of
    /// bit patterns in the fast range, any bit patterns, probabilities and latencies (latencies with neighbours).
    static func values(seed: UInt64, digits: Int, ties: Int, random: Int) -> [Double] {
        var generator = DifferentialDoubles(seed: seed)
        var values = DifferentialDoubles.edges
        for _ in 0..<ties { values += DifferentialDoubles.around(generator.tie(digits: digits)) }
        for _ in 0..<random {
            values.append(generator.bits(exponents: -80...150))
            values.append(generator.anyBits())
            values.append(generator.probability())
            values += DifferentialDoubles.around(generator.latency())
        }
        return values
    }

    @Test("six significant digits (the recorded precision): %.5e and rounded(_:significantDigits: 6)", arguments: [1, 2, 3])
    func sixDigits(seed: UInt64) {
        let values = Self.values(seed: seed, digits: 6, ties: 25_000, random: 25_000)
        let (mismatches, taken) = Self.check(values, digits: 6)
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(values.count): \(mismatches.prefix(5))")
        #expect(taken > values.count * 3 / 4, "the fast path took \(taken) of \(values.count)")
    }

    @Test("every precision from 1 to 17: %.{p-1}e and rounded(_:significantDigits:)", arguments: Array(1...17))
    func everyPrecision(digits: Int) {
        let values = Self.values(seed: UInt64(100 + digits), digits: digits, ties: 5_000, random: 5_000)
        let (mismatches, taken) = Self.check(values, digits: digits)
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(values.count): \(mismatches.prefix(5))")
        #expect(taken > values.count / 2, "the fast path took \(taken) of \(values.count)")
    }

    @Test("fixed decimals 0 to 7: %.{n}f", arguments: Array(0...7))
    func fixedDecimals(decimals: Int) {
        var generator = DifferentialDoubles(seed: UInt64(200 + decimals))
        var values = DifferentialDoubles.edges
        for _ in 0..<8_000 {
            // Ties at `decimals` decimals: an odd integer × 2^-(decimals+1…) near the point, and whole ties (x.5).
            let tie = generator.tie(digits: generator.next(in: 1...12))
            values += DifferentialDoubles.around(tie)
            values += DifferentialDoubles.around((tie * pow(10, Double(decimals))).rounded(.down) / pow(10, Double(decimals)))
            values.append(generator.bits(exponents: -40...80))
            values.append(generator.anyBits())
            values.append(generator.probability())
            values += DifferentialDoubles.around(generator.latency())
        }
        var mismatches: [String] = [], taken = 0
        for value in values where value.isFinite {
            guard let digits = DecimalRounding.fixed(value, decimals: decimals) else { continue }
            taken += 1
            if digits != Self.percentF(value, decimals: decimals) {
                mismatches.append("\(value) (\(value.bitPattern)): \(digits) vs \(String(format: "%.\(decimals)f", value))")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(values.count): \(mismatches.prefix(5))")
        #expect(taken > values.count * 3 / 4, "the fast path took \(taken) of \(values.count)")
    }

    @Test("the fast path declines what it cannot hold")
    func declines() {
        #expect(DecimalRounding.significant(0, digits: 6) == nil)
        #expect(DecimalRounding.significant(.nan, digits: 6) == nil)
        #expect(DecimalRounding.significant(.infinity, digits: 6) == nil)
        #expect(DecimalRounding.significant(.leastNonzeroMagnitude, digits: 6) == nil)
        #expect(DecimalRounding.significant(.greatestFiniteMagnitude, digits: 6) == nil)
        #expect(DecimalRounding.significant(1.5, digits: 0) == nil)
        #expect(DecimalRounding.significant(1.5, digits: 18) == nil)
        #expect(DecimalRounding.fixed(1e30, decimals: 0) == nil)
        #expect(DecimalRounding.fixed(.infinity, decimals: 3) == nil)
        #expect(RoundedDecimal(digits: 1 << 53 + 1, exponent: 0).nearestDouble == nil)
        #expect(RoundedDecimal(digits: 1, exponent: 23).nearestDouble == nil)
        #expect(DecimalRounding.significant(9.9996, digits: 4) == RoundedDecimal(digits: 1000, exponent: -2))
        #expect(DecimalRounding.significant(0.125, digits: 2) == RoundedDecimal(digits: 12, exponent: -2))
        #expect(DecimalRounding.significant(0.375, digits: 2) == RoundedDecimal(digits: 38, exponent: -2))
        #expect(DecimalRounding.fixed(2.5, decimals: 0) == 2)
        #expect(DecimalRounding.fixed(1e-300, decimals: 7) == 0)
    }
}
