import Foundation

/// RFC 3339 timestamps for `Date`: whole seconds unless the date has a fraction (then milliseconds).
enum YAMLDateFormat {
    private static let plain = Date.ISO8601FormatStyle()
    private static let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// The date, or nil when `text` is not RFC 3339 (the parse errors say nothing the caller's message does not).
    static func date(from text: String) -> Date? {
        (try? plain.parse(text)) ?? (try? fractional.parse(text))
    }

    static func string(from date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        return seconds.rounded() == seconds ? plain.format(date) : fractional.format(date)
    }
}
