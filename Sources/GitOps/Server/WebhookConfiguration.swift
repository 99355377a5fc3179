/// A webhook's shared secret. It never shows itself: `description`, `debugDescription` and reflection
/// (`dump`, string interpolation of the configuration) all print `<redacted>`.
public struct WebhookSecret: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret's bytes (UTF-8 of the configured string).
    let bytes: [UInt8]

    /// Wraps `value`, e.g. read from a file or an environment variable.
    public init(_ value: String) {
        // Secrets read from files usually end with a newline that is not part of the secret.
        var trimmed = Substring(value)
        while let last = trimmed.last, last == "\n" || last == "\r" { trimmed.removeLast() }
        bytes = Array(trimmed.utf8)
    }

    /// True when the secret is the empty string.
    public var isEmpty: Bool { bytes.isEmpty }

    /// `<redacted>`.
    public var description: String { "<redacted>" }
    /// `<redacted>`.
    public var debugDescription: String { "<redacted>" }
    /// A mirror with no children.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}

/// How `POST /webhook` authenticates pushes and which branch it cares about.
public struct WebhookConfiguration: Sendable {
    /// The branch the reconciler watches; pushes to other refs are answered 202 "ignored".
    public var branch: String
    /// The shared secret: GitHub's HMAC key (`X-Hub-Signature-256`) and GitLab's token (`X-Gitlab-Token`).
    public var secret: WebhookSecret?
    /// Whether requests are accepted without verification when no secret is configured (else they get 401).
    /// Has no effect when a secret is configured: then every request must prove it.
    public var allowUnsigned: Bool
    /// The largest body accepted; larger ones get 413.
    public var maxBodyBytes: Int

    /// The default body limit, 1 MiB.
    public static let defaultMaxBodyBytes = 1 << 20

    /// Creates a configuration.
    public init(
        branch: String, secret: WebhookSecret?, allowUnsigned: Bool = false, maxBodyBytes: Int = Self.defaultMaxBodyBytes
    ) {
        self.branch = branch
        self.secret = secret.flatMap { $0.isEmpty ? nil : $0 }
        self.allowUnsigned = allowUnsigned
        self.maxBodyBytes = maxBodyBytes
    }
}
