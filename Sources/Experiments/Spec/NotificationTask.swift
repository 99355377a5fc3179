import Foundation

/// An iter8 v2 notification task of `spec.strategy.actions.start` or `.finish`, validated: the service runs it by
/// adding its message to the experiment's outbox when the experiment starts or ends (see `docs/notifications.md`).
public struct NotificationTask: Hashable, Sendable {
    /// When it runs.
    public enum Action: String, Hashable, Sendable, CaseIterable {
        /// When the experiment takes its target and iterations begin.
        case start
        /// When the experiment ends, however it ends (iter8 v2alpha2 ran `finish` on completion, rollback and failure).
        case finish
    }

    /// What it sends.
    public enum Kind: Hashable, Sendable {
        /// `notification/slack`: a message posted to a channel with a bot token (`chat.postMessage`).
        case slack(channel: String)
        /// `notification/http`: a request to a URL.
        case http(HTTPNotificationRequest)
    }

    /// `start` or `finish`.
    public var action: Action
    /// Its index in the action's list (`spec.strategy.actions.finish[1]`).
    public var index: Int
    /// `if`: the task runs only when this holds at the transition; nil: always.
    public var condition: TaskCondition?
    /// What it sends.
    public var kind: Kind
    /// `with.secret`: the Secret in the experiment's namespace holding its credentials, by name.
    public var secret: String?

    /// Creates a task.
    public init(action: Action, index: Int, condition: TaskCondition? = nil, kind: Kind, secret: String? = nil) {
        self.action = action
        self.index = index
        self.condition = condition
        self.kind = kind
        self.secret = secret
    }

    /// The outbox channel its entries are addressed to: `spec:start:0`. Stable while the spec keeps the task there.
    public var channelName: String { "spec:\(action.rawValue):\(index)" }

    /// `notification/slack` or `notification/http`.
    public var taskName: String {
        switch kind {
        case .slack: "notification/slack"
        case .http: "notification/http"
        }
    }
}

/// The request of a `notification/http` task.
public struct HTTPNotificationRequest: Hashable, Sendable {
    /// How the request authenticates, from keys of the task's Secret.
    public enum Authentication: String, Hashable, Sendable, CaseIterable {
        /// `Authorization: Basic` from the keys `username` and `password`.
        case basic = "Basic"
        /// `Authorization: Bearer` from the key `token`.
        case bearer = "Bearer"
        /// The Secret's keys go in headers through `{{ .secret.<key> }}` (iter8's `APIKey`).
        case apiKey = "APIKey"
    }

    /// `GET` or `POST` (iter8's two methods).
    public enum Method: String, Hashable, Sendable, CaseIterable {
        /// No body is sent.
        case get = "GET"
        /// The default.
        case post = "POST"
    }

    /// One header; `value` may hold `{{ .secret.<key> }}` placeholders, filled from the task's Secret.
    public struct Header: Hashable, Sendable {
        /// The header's name.
        public var name: String
        /// Its value as written.
        public var value: String

        /// Creates a header.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }

        /// The Secret keys its value names.
        public var secretKeys: [String] { SecretPlaceholder.keys(in: value) }
    }

    /// `http://` or `https://`, with a host.
    public var url: URL
    /// `GET` or `POST` (default).
    public var method: Method
    /// How it authenticates, when it does.
    public var authentication: Authentication?
    /// Extra headers, in spec order.
    public var headers: [Header]
    /// The body as written; nil: the service's JSON summary (``NotificationSummary`` and the transition).
    public var body: String?

    /// Creates a request.
    public init(url: URL, method: Method = .post, authentication: Authentication? = nil, headers: [Header] = [], body: String? = nil) {
        self.url = url
        self.method = method
        self.authentication = authentication
        self.headers = headers
        self.body = body
    }
}

/// An `if` the service evaluates: one of iter8's two helpers, or its negation.
public struct TaskCondition: Hashable, Sendable, CustomStringConvertible {
    /// iter8's helpers.
    public enum Helper: String, Hashable, Sendable, CaseIterable {
        /// `WinnerFound()`: the last assessment declared a winner.
        case winnerFound = "WinnerFound()"
        /// `CandidateWon()`: a winner was found, the experiment has exactly one candidate, and it is the winner.
        case candidateWon = "CandidateWon()"
    }

    /// The helper.
    public var helper: Helper
    /// `!` before it.
    public var negated: Bool

    /// Creates a condition.
    public init(_ helper: Helper, negated: Bool = false) {
        self.helper = helper
        self.negated = negated
    }

    /// Parses `WinnerFound()`, `CandidateWon()`, `!WinnerFound()` or `!CandidateWon()` (spaces around the parts
    /// allowed); nil for anything else.
    public init?(parsing text: String) {
        var rest = Substring(text.filter { !$0.isWhitespace })
        let negated = rest.first == "!"
        if negated { rest = rest.dropFirst() }
        guard let helper = Helper(rawValue: String(rest)) else { return nil }
        self.init(helper, negated: negated)
    }

    /// Whether it holds for an experiment whose last assessment declared `winner`, with `candidates` in spec order.
    public func holds(winner: String?, candidates: [String]) -> Bool {
        let value: Bool =
            switch helper {
            case .winnerFound: winner != nil
            case .candidateWon: winner != nil && candidates.count == 1 && candidates.first == winner
            }
        return negated ? !value : value
    }

    /// `!WinnerFound()`.
    public var description: String { (negated ? "!" : "") + helper.rawValue }
}

/// `{{ .secret.<key> }}` in a header value: the one template the service fills (from the task's Secret).
public enum SecretPlaceholder {
    /// The keys named, in order.
    public static func keys(in text: String) -> [String] {
        pieces(of: text).compactMap { piece in
            if case .secret(let key) = piece { return key }
            return nil
        }
    }

    /// `text` with each placeholder replaced by `values[key]`; nil when a key has no value.
    public static func filled(_ text: String, with values: [String: String]) -> String? {
        var result = ""
        for piece in pieces(of: text) {
            switch piece {
            case .literal(let literal): result += literal
            case .secret(let key):
                guard let value = values[key] else { return nil }
                result += value
            case .other(let template): result += template
            }
        }
        return result
    }

    /// Templates that are not `{{ .secret.<key> }}` (the service fills no other).
    public static func unsupported(in text: String) -> [String] {
        pieces(of: text).compactMap { piece in
            if case .other(let template) = piece { return template }
            return nil
        }
    }

    enum Piece: Equatable {
        case literal(String)
        case secret(String)
        case other(String)
    }

    static func pieces(of text: String) -> [Piece] {
        var pieces: [Piece] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { pieces.append(.literal(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                pieces.append(.other(String(rest[open.lowerBound...])))
                return pieces
            }
            let inside = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            let template = String(rest[open.lowerBound..<close.upperBound])
            if inside.hasPrefix(".secret."), case let key = String(inside.dropFirst(".secret.".count)), isKey(key) {
                pieces.append(.secret(key))
            } else {
                pieces.append(.other(template))
            }
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { pieces.append(.literal(String(rest))) }
        return pieces
    }

    /// A Secret data key: letters, digits, `-`, `_` and `.`, at most 253 characters.
    public static func isKey(_ key: String) -> Bool {
        !key.isEmpty && key.count <= 253
            && key.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) }
    }
}
