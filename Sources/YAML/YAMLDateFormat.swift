import Foundation

/// RFC 3339 timestamps for `Date`: whole seconds unless the date has a fraction (then milliseconds).
enum YAMLDateFormat {
    private static let plain = Date.ISO8601FormatStyle()
    private static let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// The date, or nil when `text` is not RFC 3339 (the parse errors say nothing the caller's message does not).
    static func date(from text: String) -> Date? {
        (try? plain.parse(text)) ?? (try? fractional.parse(text))
    }

    /// Whole seconds as `…:SSZ`, anything else rounded to the nearest millisecond as `…:SS.mmmZ`. The milliseconds
    /// are computed here, not by the format style (which truncates the binary fraction: a date read back from
    /// `.999` would then be written as `.998`), so a date read from this text is written as the same text.
    static func string(from date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        if seconds.rounded() == seconds { return plain.format(date) }
        let milliseconds = (seconds * 1000).rounded()
        let whole = (milliseconds / 1000).rounded(.down)
        let fraction = milliseconds - whole * 1000
        // Beyond 2^53 ms (year ~287,000) the arithmetic is no longer exact: the format style's own rendering then.
        guard (0..<1000).contains(fraction) else { return fractional.format(date) }
        let text = plain.format(Date(timeIntervalSince1970: whole))
        guard fraction != 0, text.hasSuffix("Z") else { return text }
        return String(text.dropLast()) + "." + threeDigits(Int(fraction)) + "Z"
    }

    /// `value` as `String(format: "%03d")` writes it: for 0…999 (every value the caller passes) its decimal digits
    /// left-padded with zeros to three, written here; anything else by `String(format:)` (CoreFoundation's formatter
    /// was 0.1 % of the CPU at 1,000 experiments).
    static func threeDigits(_ value: Int) -> String {
        guard (0...999).contains(value) else { return String(format: "%03d", value) }
        let digits = String(value)
        return String(repeating: "0", count: 3 - digits.utf8.count) + digits
    }
}

/// Timestamps as a YAML document holds them.
public enum YAMLTimestamp {
    /// `date` as written and read back (whole seconds, else milliseconds): a value that survives encoding and
    /// decoding unchanged, so a document built from it equals the document read from its text.
    public static func asWritten(_ date: Date) -> Date {
        YAMLDateFormat.date(from: YAMLDateFormat.string(from: date)) ?? date
    }
}
