import Experiments
import Foundation

/// The fixed formats of every rendered file: the same value always gives the same text, whatever the
/// locale or clock.
enum ReportFormat {
    /// ISO 8601 in UTC to the second: `2027-01-15T08:00:00Z`.
    static func time(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { pad(value ?? 0, 2) }
        return "\(pad(parts.year ?? 0, 4))-\(two(parts.month))-\(two(parts.day))T\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))Z"
    }

    /// A measured value with four significant digits and no trailing zeros (`212.5`, `0.004`, `12346`; the exponent
    /// form keeps its three decimals: `1.230e-05`); `-` for nil and `NaN` / `∞` spelled out.
    static func number(_ value: Double?) -> String {
        guard let value else { return "-" }
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-∞" : "∞") }
        if value == 0 { return "0" }
        let magnitude = Int(floor(log10(abs(value))))
        if magnitude < -4 || magnitude > 15 { return scientific(value, decimals: 3) }
        return trimZeros(fixed(value, decimals: max(0, 3 - magnitude)))
    }

    /// A whole count with thousands separators (`12,400`), rounded up; at most 1e15.
    static func count(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : "∞" }
        let digits = String(Int64(min(max(value, 0), 1e15).rounded(.up)))
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped += "," }
            grouped.append(digit)
        }
        return grouped
    }

    /// A probability with three decimals (`0.997`).
    static func probability(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "-" }
        return fixed(value, decimals: 3)
    }

    /// `value` as `String(format: "%.{decimals}f")` writes it: `|value|` rounded half to even on its exact binary
    /// value (``DecimalRounding/fixed(_:decimals:)``), `-` for a negative sign (`-0.000` included). Values whose
    /// digits the integers there cannot hold go to `String(format:)` itself, whose CoreFoundation formatter was
    /// 0.3 % of the CPU at 1,000 experiments with the report's numbers.
    static func fixed(_ value: Double, decimals: Int) -> String {
        guard let digits = DecimalRounding.fixed(value, decimals: decimals) else {
            return String(format: "%.\(decimals)f", value)
        }
        var text = String(digits)
        if decimals > 0 {
            let missing = decimals + 1 - text.utf8.count
            if missing > 0 { text = String(repeating: "0", count: missing) + text }
            text.insert(".", at: text.index(text.endIndex, offsetBy: -decimals))
        }
        return value.sign == .minus ? "-" + text : text
    }

    /// `value` as `String(format: "%.{decimals}e")` writes it: `|value|` rounded half to even on its exact binary
    /// value to `decimals + 1` significant digits (``DecimalRounding/significant(_:digits:)``), one digit before the
    /// point, and an exponent of at least two digits with its sign. Zero, non-finite values and magnitudes the
    /// integers there cannot hold go to `String(format:)` itself.
    static func scientific(_ value: Double, decimals: Int) -> String {
        guard let decimal = DecimalRounding.significant(value, digits: decimals + 1) else {
            return String(format: "%.\(decimals)e", value)
        }
        let digits = String(decimal.digits)
        let exponent = decimal.exponent + decimals
        let power = String(abs(exponent))
        var text = value.sign == .minus ? "-" : ""
        text += digits.prefix(1)
        if decimals > 0 { text += "." + digits.dropFirst() }
        return text + (exponent < 0 ? "e-" : "e+") + (power.utf8.count < 2 ? "0" : "") + power
    }

    /// A fixed-point coordinate with at most one decimal (`12`, `12.5`, `-3.2`), for SVG; `0` for a non-finite
    /// value, and ±1e9 at most.
    static func coordinate(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let value = min(max(value, -1e9), 1e9)
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let whole = abs(tenths) / 10, fraction = abs(tenths) % 10
        return sign + (fraction == 0 ? "\(whole)" : "\(whole).\(fraction)")
    }

    /// `v1=80 v2=20`, in `order` and then any other versions by name; `-` when nil or empty.
    static func weights(_ weights: [String: Int]?, order: [String]) -> String {
        guard let weights, !weights.isEmpty else { return "-" }
        let names = order.filter { weights[$0] != nil } + weights.keys.filter { !order.contains($0) }.sorted()
        return names.map { "\($0)=\(weights[$0]!)" }.joined(separator: " ")
    }

    /// Pretty-printed JSON with sorted keys and unescaped slashes, ending with a newline.
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static func trimZeros(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: ".")) else { return text }
        var text = Substring(text)
        while text.last == "0" { text.removeLast() }
        if text.last == "." { text.removeLast() }
        return text == "-0" ? "0" : String(text)
    }
}
