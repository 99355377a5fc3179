import Foundation

/// A Kubernetes resource quantity such as `"0.01"`, `10m`, `250`, `1.5k` or `1Mi`, as iter8 writes limits.
///
/// Keeps the text it was written as (for messages and round trips) and its numeric value.
public struct Quantity: Hashable, Sendable, CustomStringConvertible {
    /// The quantity as written.
    public let text: String
    /// The numeric value (`10m` is 0.01, `1Ki` is 1024).
    public let value: Double

    /// Parses Kubernetes quantity syntax: a signed decimal number, then an optional suffix
    /// (`n u m k M G T P E`, binary `Ki Mi Gi Ti Pi Ei`, or an exponent `e3` / `E-2`).
    /// Returns nil for anything else.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let value = Quantity.parse(trimmed) else { return nil }
        self.text = trimmed
        self.value = value
    }

    /// A quantity for a plain number.
    public init(_ value: Double) {
        self.value = value
        self.text = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    public var description: String { text }

    private static let decimalSuffixes: [String: Double] = [
        "n": 1e-9, "u": 1e-6, "m": 1e-3, "": 1, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18,
    ]
    private static let binarySuffixes: [String: Double] = [
        "Ki": 1024, "Mi": 1_048_576, "Gi": 1_073_741_824, "Ti": 1_099_511_627_776, "Pi": 1_125_899_906_842_624,
        "Ei": 1_152_921_504_606_846_976,
    ]

    private static func parse(_ text: String) -> Double? {
        let numberEnd = text.firstIndex { !($0.isASCII && ($0.isNumber || $0 == "." || $0 == "+" || $0 == "-")) }
            ?? text.endIndex
        let numberText = text[..<numberEnd]
        guard numberText.contains(where: \.isNumber), numberText.dropFirst().allSatisfy({ $0 != "+" && $0 != "-" }),
            let number = Double(numberText)
        else { return nil }
        let suffix = String(text[numberEnd...])
        if let factor = decimalSuffixes[suffix] ?? binarySuffixes[suffix] { return number * factor }
        if suffix.first == "e" || suffix.first == "E", let exponent = Int(suffix.dropFirst()), abs(exponent) <= 308 {
            return number * pow10(exponent)
        }
        return nil
    }

    private static func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(exponent) { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }
}

extension Quantity: Codable {
    /// Decodes from a string (YAML plain numbers arrive as their text) or from a number.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {  // a number in JSON is not a string: fall through
            guard let quantity = Quantity(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "expected a Kubernetes quantity such as \"0.01\" or 10m, found \"\(text)\"")
            }
            self = quantity
        } else {
            self = Quantity(try container.decode(Double.self))
        }
    }

    /// Encodes the text as written.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
