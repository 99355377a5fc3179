/// An RFC 6901 JSON pointer such as `/spec/http/0/route/1/weight`, split into unescaped reference tokens.
public struct JSONPointer: Hashable, Sendable, CustomStringConvertible {
    /// The unescaped tokens; empty for the whole document (`""`).
    public var tokens: [String]

    /// Parses a pointer: `""` is the whole document, anything else must start with `/`; `~1` is `/`, `~0` is `~`.
    public init(_ text: String) throws {
        guard !text.isEmpty else {
            tokens = []
            return
        }
        guard text.hasPrefix("/") else { throw JSONPatchError("pointer \"\(text)\" does not start with \"/\"") }
        tokens = try text.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map { token in
            var result = ""
            var iterator = token.makeIterator()
            while let character = iterator.next() {
                guard character == "~" else {
                    result.append(character)
                    continue
                }
                switch iterator.next() {
                case "0": result.append("~")
                case "1": result.append("/")
                default: throw JSONPatchError("pointer \"\(text)\" has a \"~\" not followed by 0 or 1")
                }
            }
            return result
        }
    }

    /// The pointer text, escaped.
    public var description: String {
        tokens.map { "/" + $0.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1") }
            .joined()
    }

    /// The value the pointer designates in `document`, or nil when it does not exist.
    public func value(in document: JSONValue) -> JSONValue? {
        var current = document
        for token in tokens {
            switch current {
            case .object(let members):
                guard let next = members[token] else { return nil }
                current = next
            case .array(let elements):
                guard let index = Self.index(token), elements.indices.contains(index) else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }

    /// An array index token: digits only, no leading zero (except `0` itself).
    static func index(_ token: String) -> Int? {
        guard !token.isEmpty, token.allSatisfy(\.isASCII), token.allSatisfy(\.isNumber),
            token == "0" || !token.hasPrefix("0")
        else { return nil }
        return Int(token)
    }
}
