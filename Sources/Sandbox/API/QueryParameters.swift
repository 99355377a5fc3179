import Foundation

/// A request's query parameters, decoded (`+` is a space, percent escapes are resolved).
struct QueryParameters {
    private var values: [String: String] = [:]

    init(_ query: String?) {
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decode(parts[0])
            values[key] = parts.count > 1 ? Self.decode(parts[1]) : ""
        }
    }

    subscript(name: String) -> String? { values[name] }

    /// True for `watch=true` or `watch=1`.
    func flag(_ name: String) -> Bool { values[name] == "true" || values[name] == "1" }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
