/// Percent-encoding of URL query values, path segments and `application/x-www-form-urlencoded` fields.
///
/// Everything but RFC 3986's unreserved characters (ASCII letters and digits, `-`, `.`, `_`, `~`) is escaped, each
/// UTF-8 byte as `%XX` with uppercase hex digits: the same text as Foundation's
/// `addingPercentEncoding(withAllowedCharacters:)` with those characters allowed, without its round trip through
/// `NSString` and `CharacterSet` (2.5 % of `iter8 run`'s CPU at 1,000 experiments, all in Prometheus queries).
public enum PercentEncoding {
    /// `text` with every byte but the unreserved ones escaped; `text` itself when nothing needs escaping.
    public static func encoded(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { !isUnreserved($0) }) else { return text }
        return String(unsafeUninitializedCapacity: utf8.count * 3) { buffer in
            var count = 0
            for byte in utf8 {
                if isUnreserved(byte) {
                    buffer[count] = byte
                    count += 1
                } else {
                    buffer[count] = UInt8(ascii: "%")
                    buffer[count + 1] = hexDigit(byte >> 4)
                    buffer[count + 2] = hexDigit(byte & 0x0F)
                    count += 3
                }
            }
            return count
        }
    }

    /// Whether `byte` is an unreserved character (RFC 3986 §2.3), sent as is.
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default: false
        }
    }

    /// The uppercase hex digit of `value` (0...15).
    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "A") + value - 10
    }
}
