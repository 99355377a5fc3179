/// Scalar resolution by the YAML 1.2 core schema, plus strict parsers for the resolved values.
public enum CoreSchema {
    /// The core-schema tag prefix.
    public static let tagPrefix = "tag:yaml.org,2002:"

    /// Resolves a scalar: an explicit core tag wins; a non-plain scalar is a string; a plain one is matched
    /// against the core schema's patterns. Other explicit tags resolve like untagged scalars.
    public static func kind(of text: String, style: YAMLScalarStyle, tag: String?) -> YAMLScalarKind {
        if let tag {
            switch tag {
            case tagPrefix + "str", "!": return .string
            case tagPrefix + "int": return .int
            case tagPrefix + "float": return .float
            case tagPrefix + "bool": return .bool
            case tagPrefix + "null": return .null
            default: break
            }
        }
        return style == .plain ? resolvePlain(text) : .string
    }

    /// Resolves an untagged plain scalar.
    public static func resolvePlain(_ text: String) -> YAMLScalarKind {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE", "false", "False", "FALSE": return .bool
        default: break
        }
        // Integers and floats start with a digit, a sign or a dot: anything else is a string (most keys and
        // strings a document holds), decided without copying the bytes.
        if let first = text.utf8.first, !(first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")),
           first != UInt8(ascii: "+"), first != UInt8(ascii: "-"), first != UInt8(ascii: ".")
        {
            return .string
        }
        let bytes = Array(text.utf8)
        if isInt(bytes) { return .int }
        if isFloat(bytes) { return .float }
        return .string
    }

    /// The boolean value of a core-schema bool spelling, or nil.
    public static func bool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// The result of parsing an integer scalar into a fixed-width type.
    public enum IntegerParse<T: FixedWidthInteger>: Sendable where T: Sendable {
        /// The value fits.
        case value(T)
        /// The text is a core-schema integer that does not fit in `T`.
        case outOfRange
        /// The text is not a core-schema integer.
        case notAnInteger
    }

    /// Parses `[-+]?[0-9]+`, `0o[0-7]+` or `0x[0-9a-fA-F]+` into `T`, reporting overflow separately.
    public static func integer<T: FixedWidthInteger & Sendable>(_ text: String, as type: T.Type) -> IntegerParse<T> {
        let bytes = Array(text.utf8)
        guard isInt(bytes) else { return .notAnInteger }
        var digits = Substring(text)
        var radix = 10
        if text.hasPrefix("0o") {
            radix = 8
            digits = digits.dropFirst(2)
        } else if text.hasPrefix("0x") {
            radix = 16
            digits = digits.dropFirst(2)
        } else if digits.first == "+" {
            digits = digits.dropFirst()
        }
        if let value = T(digits, radix: radix) { return .value(value) }
        return .outOfRange
    }

    /// Parses a core-schema float (or integer) into a `Double`; nil if the text is neither.
    public static func double(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        let bytes = Array(text.utf8)
        if isInt(bytes) {
            if text.hasPrefix("0o") { return UInt64(text.dropFirst(2), radix: 8).map { Double($0) } }
            if text.hasPrefix("0x") { return UInt64(text.dropFirst(2), radix: 16).map { Double($0) } }
            return Double(text)
        }
        return isFloat(bytes) ? Double(text) : nil
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func isInt(_ bytes: [UInt8]) -> Bool {
        guard !bytes.isEmpty else { return false }
        if bytes.count > 2, bytes[0] == 0x30, bytes[1] == UInt8(ascii: "o") {
            return bytes.dropFirst(2).allSatisfy { $0 >= 0x30 && $0 <= 0x37 }
        }
        if bytes.count > 2, bytes[0] == 0x30, bytes[1] == UInt8(ascii: "x") {
            return bytes.dropFirst(2).allSatisfy { isDigit($0) || (0x61...0x66).contains($0 | 0x20) }
        }
        var rest = bytes[...]
        if let first = rest.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") { rest = rest.dropFirst() }
        return !rest.isEmpty && rest.allSatisfy(isDigit)
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?\.(inf|Inf|INF)`, `\.(nan|NaN|NAN)`.
    private static func isFloat(_ bytes: [UInt8]) -> Bool {
        var rest = bytes[...]
        if let first = rest.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") { rest = rest.dropFirst() }
        let unsigned = String(decoding: rest, as: UTF8.self)
        if [".inf", ".Inf", ".INF"].contains(unsigned) { return true }
        if [".nan", ".NaN", ".NAN"].contains(String(decoding: bytes, as: UTF8.self)) { return true }
        let integerDigits = rest.prefix(while: isDigit)
        rest = rest.dropFirst(integerDigits.count)
        var fractionDigits = 0
        if rest.first == UInt8(ascii: ".") {
            rest = rest.dropFirst()
            let fraction = rest.prefix(while: isDigit)
            fractionDigits = fraction.count
            rest = rest.dropFirst(fraction.count)
            // `.` needs digits on one side: `.5` and `1.` match, a lone `.` does not.
            if integerDigits.isEmpty && fractionDigits == 0 { return false }
        } else if integerDigits.isEmpty {
            return false
        }
        if let e = rest.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            rest = rest.dropFirst()
            if let sign = rest.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { rest = rest.dropFirst() }
            let exponent = rest.prefix(while: isDigit)
            guard !exponent.isEmpty else { return false }
            rest = rest.dropFirst(exponent.count)
        }
        return rest.isEmpty
    }
}
