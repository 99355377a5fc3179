/// The part of an Istio `HTTPMatchRequest` that iter8 v1alpha2 copied into routing rules.
public struct HTTPMatch: Hashable, Sendable, Codable {
    /// Match name.
    public var name: String?
    /// URI match.
    public var uri: StringMatch?
    /// Header matches by header name.
    public var headers: [String: StringMatch]?
    /// Destination port.
    public var port: Int?
    /// Case-insensitive URI matching.
    public var ignoreUriCase: Bool?

    /// Creates a match.
    public init(
        name: String? = nil, uri: StringMatch? = nil, headers: [String: StringMatch]? = nil, port: Int? = nil,
        ignoreUriCase: Bool? = nil
    ) {
        self.name = name
        self.uri = uri
        self.headers = headers
        self.port = port
        self.ignoreUriCase = ignoreUriCase
    }
}

/// Istio's `StringMatch`: exactly one of exact, prefix or regex.
public struct StringMatch: Hashable, Sendable, Codable {
    /// Exact value.
    public var exact: String?
    /// Prefix.
    public var prefix: String?
    /// RE2 regular expression.
    public var regex: String?

    /// Creates a match.
    public init(exact: String? = nil, prefix: String? = nil, regex: String? = nil) {
        self.exact = exact
        self.prefix = prefix
        self.regex = regex
    }

    /// True when exactly one of the three is set.
    public var isValid: Bool { [exact, prefix, regex].compactMap { $0 }.count == 1 }
}
