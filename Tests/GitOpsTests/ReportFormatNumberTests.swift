import Experiments
import Foundation
@testable import GitOps
import Testing

/// Seeded doubles for comparing the report's number formats with `String(format:)`.
private struct ReportDoubles {
    private var source: SplitMix64

    init(seed: UInt64) { source = SplitMix64(seed: seed) }

    /// The next SplitMix64 output.
    mutating func next() -> UInt64 { source.next() }

    /// A number in `range`.
    mutating func next(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    /// Zero, infinities, NaN, subnormals, extremes, powers of ten and two, ties, integers, and their neighbours.
    static let edges: [Double] = {
        var values: [Double] = [
            0, .infinity, .nan, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, 0.1, 0.125, 0.5,
            1.5, 2.5, 0.0005, 0.00049, 0.0015, 0.0025, 0.9995, 0.99949, 9.9995, 99.995, 999.95, 9999.5, 0.000_099_995,
            0.000_099_994_9, 1e15 - 0.5, 9_999_999_999_999_998, 1e16, 9.9995e15, 1.2345e-5, 1.23455e-5,
        ]
        for exponent in -30...30 { values.append(Double("1e\(exponent)") ?? 0) }
        for exponent in -80...80 { values.append(Double(sign: .plus, exponent: exponent, significand: 1)) }
        for integer in 1...100 { values.append(Double(integer)) }
        values += values.flatMap { [$0.nextUp, $0.nextDown] }
        return values + values.map { -$0 }
    }()

    /// Any bit pattern.
    mutating func anyBits() -> Double { Double(bitPattern: next()) }

    /// Random significand bits and sign with a binary exponent in `exponents`.
    mutating func bits(exponents: ClosedRange<Int>) -> Double {
        Double(bitPattern: next() & 0x800F_FFFF_FFFF_FFFF | UInt64(next(in: exponents) + 1023) << 52)
    }

    /// A probability: 53 random bits in [0, 1).
    mutating func probability() -> Double { Double(next() >> 11) / 9_007_199_254_740_992 }

    /// A decimal text of 1 to 17 significant digits with up to `whole` digits before the point, read as a `Double`
    /// (latencies, rates and the like, just off the decimal they were written as).
    mutating func decimal(whole maximum: Int) -> Double {
        let digits = next(in: 1...17)
        let whole = next(in: 0...min(maximum, digits))
        var text = whole == 0 ? "0." + String(repeating: "0", count: next(in: 0...6)) : ""
        for index in 0..<digits {
            if index == whole && whole > 0 { text += "." }
            text += String(index == 0 ? next(in: 1...9) : next(in: 0...9))
        }
        return Double(text) ?? 0
    }

    /// An exact binary tie: an odd integer over a power of two, whose decimal ends in 5 (a tie at one decimal
    /// fewer), scaled into the report's ranges.
    mutating func tie() -> Double {
        let odd = Double(next() % (1 << UInt64(next(in: 1...40))) | 1)
        return odd * Double(sign: .plus, exponent: -next(in: 1...40), significand: 1)
    }

    /// The values for one case: edges, then `count` rounds of ties, decimals (with their neighbours), bit patterns
    /// and probabilities.
    static func values(seed: UInt64, count: Int) -> [Double] {
        var generator = ReportDoubles(seed: seed)
        var values = edges
        for _ in 0..<count {
            let tie = generator.tie(), decimal = generator.decimal(whole: generator.next(in: 0...16))
            values += [tie, tie.nextUp, tie.nextDown, decimal, decimal.nextUp, decimal.nextDown]
            values += [generator.bits(exponents: -60...60), generator.anyBits(), generator.probability()]
        }
        return values
    }
}

@Suite("Report numbers are written as String(format:) writes them")
struct ReportFormatNumberTests {
    /// `ReportFormat.number` as it was before its fast paths: everything through `String(format:)`.
    static func numberByFormat(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-∞" : "∞") }
        if value == 0 { return "0" }
        let magnitude = Int(floor(log10(abs(value))))
        if magnitude < -4 || magnitude > 15 { return String(format: "%.3e", value) }
        let text = String(format: "%.\(max(0, 3 - magnitude))f", value)
        guard text.contains(".") else { return text }
        var trimmed = Substring(text)
        while trimmed.last == "0" { trimmed.removeLast() }
        if trimmed.last == "." { trimmed.removeLast() }
        return trimmed == "-0" ? "0" : String(trimmed)
    }

    /// The values where `fast` and `String(format: format)` differ, described.
    static func mismatches(_ values: [Double], _ format: String, _ fast: (Double) -> String) -> [String] {
        values.compactMap { value in
            let got = fast(value), want = String(format: format, value)
            return got == want ? nil : "\(value) (\(value.bitPattern)): \(got) vs \(want)"
        }
    }

    @Test("%.{n}f for every n the report uses (0 to 7)", arguments: Array(0...7))
    func fixed(decimals: Int) {
        let values = ReportDoubles.values(seed: UInt64(300 + decimals), count: 25_000).filter(\.isFinite)
        let found = Self.mismatches(values, "%.\(decimals)f") { ReportFormat.fixed($0, decimals: decimals) }
        #expect(found.isEmpty, "\(found.count) of \(values.count): \(found.prefix(5))")
    }

    @Test("%.3e, and probability's %.3f", arguments: [1, 2])
    func scientificAndProbability(seed: UInt64) {
        let values = ReportDoubles.values(seed: 400 + seed, count: 25_000)
        let scientific = Self.mismatches(values, "%.3e") { ReportFormat.scientific($0, decimals: 3) }
        #expect(scientific.isEmpty, "\(scientific.count) of \(values.count): \(scientific.prefix(5))")
        let probabilities = values.filter(\.isFinite)
        let probability = Self.mismatches(probabilities, "%.3f") { ReportFormat.probability($0) }
        #expect(probability.isEmpty, "\(probability.count) of \(probabilities.count): \(probability.prefix(5))")
    }

    @Test("number(_:) as it was written through String(format:)", arguments: [1, 2])
    func number(seed: UInt64) {
        let values = ReportDoubles.values(seed: 500 + seed, count: 40_000)
        let found = values.compactMap { value in
            let got = ReportFormat.number(value), want = Self.numberByFormat(value)
            return got == want ? nil : "\(value) (\(value.bitPattern)): \(got) vs \(want)"
        }
        #expect(found.isEmpty, "\(found.count) of \(values.count): \(found.prefix(5))")
        #expect(ReportFormat.number(nil) == "-" && ReportFormat.probability(nil) == "-" && ReportFormat.probability(.nan) == "-")
    }

    @Test("examples from the documentation")
    func examples() {
        #expect(ReportFormat.number(212.5) == "212.5")
        #expect(ReportFormat.number(0.004) == "0.004")
        #expect(ReportFormat.number(0.0000123) == "1.230e-05")
        #expect(ReportFormat.number(12345.6) == "12346")
        #expect(ReportFormat.number(-0.00001) == "-1.000e-05")
        #expect(ReportFormat.probability(0.9975) == "0.998")
        #expect(ReportFormat.probability(0.0625) == "0.062")
        #expect(ReportFormat.probability(-0.0001) == "-0.000")
        #expect(ReportFormat.scientific(1e300, decimals: 3) == "1.000e+300")
        #expect(ReportFormat.scientific(.leastNonzeroMagnitude, decimals: 3) == "4.941e-324")
    }
}
