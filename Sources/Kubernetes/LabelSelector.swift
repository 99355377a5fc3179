import Foundation

/// A Kubernetes label selector string (`app=reviews,version!=v1,tier in (web,api),!legacy`), parsed and matched.
///
/// Supports the equality-based (`=`, `==`, `!=`) and set-based (`in`, `notin`, exists, `!` does-not-exist)
/// requirements, as the API server's `labelSelector` query parameter does.
public struct LabelSelector: Hashable, Sendable, CustomStringConvertible {
    /// One requirement; all of a selector's requirements must hold.
    public enum Requirement: Hashable, Sendable {
        /// The label equals the value.
        case equals(String, String)
        /// The label is absent or differs from the value.
        case notEquals(String, String)
        /// The label is present with one of the values.
        case `in`(String, Set<String>)
        /// The label is absent or has none of the values.
        case notIn(String, Set<String>)
        /// The label is present.
        case exists(String)
        /// The label is absent.
        case doesNotExist(String)

        /// True when `labels` satisfy the requirement.
        public func matches(_ labels: [String: String]) -> Bool {
            switch self {
            case .equals(let key, let value): labels[key] == value
            case .notEquals(let key, let value): labels[key] != value
            case .in(let key, let values): labels[key].map(values.contains) ?? false
            case .notIn(let key, let values): !(labels[key].map(values.contains) ?? false)
            case .exists(let key): labels[key] != nil
            case .doesNotExist(let key): labels[key] == nil
            }
        }
    }

    /// The requirements, in the order written.
    public var requirements: [Requirement]
    /// The selector as given.
    public let text: String

    /// Parses a selector; an empty string selects everything.
    ///
    /// - Throws: ``KubeError`` `.invalid` naming the selector and the part that does not parse.
    public init(_ text: String) throws {
        self.text = text
        requirements = try Self.splitTopLevel(text).map { part in
            guard let requirement = Self.requirement(part) else {
                throw KubeError(
                    code: .invalid, httpStatus: 400, reason: "BadRequest",
                    message: "unable to parse requirement \"\(part)\" in label selector \"\(text)\"")
            }
            return requirement
        }
    }

    /// True when every requirement holds for `labels`.
    public func matches(_ labels: [String: String]) -> Bool { requirements.allSatisfy { $0.matches(labels) } }

    /// True when the object's `metadata.labels` satisfy the selector.
    public func matches(object: JSONValue) -> Bool {
        let labels = (object["metadata"]?["labels"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        return matches(labels)
    }

    public var description: String { text }

    /// Splits on commas that are not inside parentheses; blank parts are dropped.
    private static func splitTopLevel(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            switch character {
            case "(": depth += 1
            case ")": depth -= 1
            case "," where depth == 0:
                parts.append(current)
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        parts.append(current)
        return parts.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private static func requirement(_ part: String) -> Requirement? {
        if part.hasPrefix("!") {
            let key = part.dropFirst().trimmingCharacters(in: .whitespaces)
            return isKey(key) ? .doesNotExist(key) : nil
        }
        for (token, make) in [("!=", Requirement.notEquals), ("==", Requirement.equals), ("=", Requirement.equals)] {
            if let range = part.range(of: token) {
                let key = part[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
                let value = part[range.upperBound...].trimmingCharacters(in: .whitespaces)
                return isKey(key) && isValue(value) ? make(key, value) : nil
            }
        }
        let words = part.split(separator: " ", maxSplits: 1).map(String.init)
        if words.count == 2 {
            let key = words[0]
            let rest = words[1].trimmingCharacters(in: .whitespaces)
            for (keyword, make) in [("notin", Requirement.notIn), ("in", Requirement.in)] where rest.hasPrefix(keyword) {
                let list = rest.dropFirst(keyword.count).trimmingCharacters(in: .whitespaces)
                guard isKey(key), list.hasPrefix("("), list.hasSuffix(")") else { return nil }
                let values = list.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false)
                    .map { $0.trimmingCharacters(in: .whitespaces) }
                guard values.allSatisfy(isValue) else { return nil }
                return make(key, Set(values))
            }
            return nil
        }
        return isKey(part) ? .exists(part) : nil
    }

    private static func isKey(_ key: String) -> Bool {
        !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || "-_./".contains($0) }
    }

    private static func isValue(_ value: String) -> Bool {
        value.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) }
    }
}
