/// A decimal `digits × 10^exponent` with no sign: a `Double`'s magnitude rounded as ``DecimalRounding`` rounds it.
public struct RoundedDecimal: Sendable, Equatable {
    /// The decimal's digits as an integer.
    public var digits: UInt64
    /// The power of ten `digits` is scaled by.
    public var exponent: Int

    /// Creates `digits × 10^exponent`.
    public init(digits: UInt64, exponent: Int) {
        self.digits = digits
        self.exponent = exponent
    }

    /// The `Double` nearest to this decimal (ties to even), as a correctly rounded parser such as `Double(String)`
    /// reads it; nil unless one correctly rounded operation gives it: `digits` at most 2^53 (so `Double(digits)` is
    /// exact) and `exponent` within ±22 (so `10^|exponent|` is exact), when `digits × 10^exponent` and
    /// `digits ÷ 10^-exponent` are the exact decimal rounded once (Clinger's fast path).
    public var nearestDouble: Double? {
        guard digits <= 1 << 53, (-22...22).contains(exponent) else { return nil }
        let whole = Double(digits)
        return exponent >= 0 ? whole * Self.exactPowersOfTen[exponent] : whole / Self.exactPowersOfTen[-exponent]
    }

    /// 10^0 … 10^22, each exact in a `Double` (5^22 < 2^53).
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ]
}

/// A `Double`'s exact binary value rounded to decimal digits as C's `printf` rounds it for `%.*e` and `%.*f`: half
/// to even on the exact value (not on its shortest round-trip digits, which `description` gives), computed in
/// integer arithmetic without Foundation's `String(format:)`.
///
/// Every step is exact: `|value| = significand × 2^twos` with a 53-bit `significand`, and `|value| × 10^scale` is
/// the quotient of two integers built from `significand`, 5^|scale| and 2^|twos + scale|, each checked to fit in
/// 128 bits before it is formed; the quotient's remainder, compared with half the divisor, says whether the
/// dropped fraction is below, at or above one half. A value these integers cannot hold (|scale| above 27, a
/// product past 2^127) gives nil, and the caller formats it the Foundation way.
public enum DecimalRounding {
    /// `|value|` rounded to `digits` significant digits (1 to 17), as `%.{digits-1}e` prints it: the returned
    /// ``RoundedDecimal/digits`` has exactly `digits` digits (a carry past the last, as in 9.996 to three digits, gives
    /// 1.00 × 10^1). Nil for zero, non-finite values, `digits` outside 1…17 and magnitudes the integers cannot hold
    /// (at six digits, below about 10^-22 and from about 10^33).
    public static func significant(_ value: Double, digits: Int) -> RoundedDecimal? {
        guard (1...17).contains(digits), value.isFinite, value != 0 else { return nil }
        let floor = powerOfTen(digits - 1), ceiling = powerOfTen(digits)
        // floor(log10 2^e) estimates the decimal exponent k (10^k ≤ |value| < 10^(k+1)); the integer part of
        // |value| × 10^(digits-1-k) must then have exactly `digits` digits, and a miss moves k by one.
        var k = (value.exponent * 78_913) >> 18
        for _ in 0..<3 {
            guard let (whole, fraction) = scaled(value, byPowerOfTen: digits - 1 - k) else { return nil }
            if whole < floor {
                k -= 1
            } else if whole >= ceiling {
                k += 1
            } else {
                let rounded = roundedHalfToEven(whole, fraction)
                if rounded == ceiling { return RoundedDecimal(digits: UInt64(floor), exponent: k - digits + 2) }
                return RoundedDecimal(digits: UInt64(rounded), exponent: k - digits + 1)
            }
        }
        return nil
    }

    /// `|value| × 10^decimals` rounded to an integer, as `%.{decimals}f` prints it without its point: the digits of
    /// `|value|` with `decimals` decimals. Nil for non-finite values, `decimals` outside 0…27 and results the
    /// integers cannot hold (a result past 2^64, or an intermediate past 2^127).
    public static func fixed(_ value: Double, decimals: Int) -> UInt64? {
        guard (0...27).contains(decimals), let (whole, fraction) = scaled(value, byPowerOfTen: decimals) else { return nil }
        let rounded = roundedHalfToEven(whole, fraction)
        return rounded <= UInt128(UInt64.max) ? UInt64(rounded) : nil
    }

    /// Where a dropped fraction lies with respect to one half.
    enum Fraction: Equatable {
        case belowHalf, half, aboveHalf
    }

    /// `|value| × 10^scale`, exactly, as its integer part and where its fraction lies; nil for a non-finite value,
    /// `scale` outside ±27 (5^27 < 2^63) or an intermediate integer of 2^127 or more.
    static func scaled(_ value: Double, byPowerOfTen scale: Int) -> (whole: UInt128, fraction: Fraction)? {
        guard value.isFinite, (-27...27).contains(scale) else { return nil }
        let biased = Int(value.exponentBitPattern)
        let bits = value.significandBitPattern
        let significand = UInt128(biased == 0 ? bits : bits | 1 << 52)  // |value| = significand × 2^twos
        guard significand != 0 else { return (0, .belowHalf) }
        let twos = (biased == 0 ? 1 : biased) - 1075 + scale  // 10^scale = 5^scale × 2^scale
        let five = UInt128(powerOfFive(abs(scale)))
        let numerator = scale >= 0 ? significand * five : significand  // < 2^53 × 2^63
        let denominator = scale >= 0 ? 1 : five
        if twos >= 0 {
            guard numerator.leadingZeroBitCount > twos else { return nil }
            return divided(numerator << twos, by: denominator)
        }
        if denominator == 1 { return shifted(numerator, right: -twos) }
        guard denominator.leadingZeroBitCount > -twos else { return nil }
        return divided(numerator, by: denominator << -twos)
    }

    /// `numerator ÷ 2^shift` (shift ≥ 1) as its integer part and where its fraction lies.
    private static func shifted(_ numerator: UInt128, right shift: Int) -> (whole: UInt128, fraction: Fraction) {
        let width = UInt128.bitWidth - numerator.leadingZeroBitCount  // numerator < 2^width
        // numerator ÷ 2^shift < 2^(width - shift) ≤ 1/2: nothing whole, and below one half.
        guard shift <= width else { return (0, .belowHalf) }
        let half = UInt128(1) << (shift - 1)
        let rest = numerator & (half << 1 &- 1)
        return (numerator >> shift, rest < half ? .belowHalf : rest == half ? .half : .aboveHalf)
    }

    /// `numerator ÷ denominator` (below 2^127, so twice a remainder fits) as its integer part and where its
    /// fraction lies.
    private static func divided(_ numerator: UInt128, by denominator: UInt128) -> (whole: UInt128, fraction: Fraction) {
        if denominator == 1 { return (numerator, .belowHalf) }
        let (whole, remainder) = numerator.quotientAndRemainder(dividingBy: denominator)
        let twice = remainder << 1
        return (whole, twice < denominator ? .belowHalf : twice == denominator ? .half : .aboveHalf)
    }

    /// `whole`, plus one when the fraction is above one half, or exactly one half and `whole` is odd.
    private static func roundedHalfToEven(_ whole: UInt128, _ fraction: Fraction) -> UInt128 {
        switch fraction {
        case .belowHalf: whole
        case .half: whole & 1 == 0 ? whole : whole + 1
        case .aboveHalf: whole + 1
        }
    }

    /// 10^exponent for 0 ≤ exponent ≤ 19.
    private static func powerOfTen(_ exponent: Int) -> UInt128 { UInt128(powersOfTen[exponent]) }

    /// 5^exponent for 0 ≤ exponent ≤ 27.
    private static func powerOfFive(_ exponent: Int) -> UInt64 { powersOfFive[exponent] }

    /// 10^0 … 10^19 (10^19 < 2^64).
    private static let powersOfTen: [UInt64] = (0...19).map { (0..<$0).reduce(1) { power, _ in power * 10 } }

    /// 5^0 … 5^27 (5^27 < 2^63).
    private static let powersOfFive: [UInt64] = (0...27).map { (0..<$0).reduce(1) { power, _ in power * 5 } }
}
