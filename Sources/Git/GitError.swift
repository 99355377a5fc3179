/// A failed Git operation: what was attempted, on which remote and branch, and what libgit2 said.
///
/// `description` never contains credentials: remote URLs pass through `Redacted.url`, and any
/// configured secret that appears in a libgit2 or server message is masked.
public struct GitError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure, chosen from libgit2's return code and error class.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case notFound, nonFastForward, rejected, authentication, certificate, network, timeout, conflict
            case locked, invalidSpec, hostKeyMismatch, unknownHost, insecureTransport, inFlight, other
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// An object, reference, path or remote branch does not exist.
        public static let notFound = Code(.notFound)
        /// The push would not fast-forward the remote branch: someone else pushed first. Fetch and retry.
        public static let nonFastForward = Code(.nonFastForward)
        /// The server refused a pushed ref for another reason (a hook, a protected branch).
        public static let rejected = Code(.rejected)
        /// The server refused the credentials, or needed some and none were configured.
        public static let authentication = Code(.authentication)
        /// The server's TLS certificate is not trusted.
        public static let certificate = Code(.certificate)
        /// The server could not be reached or the connection failed (including a passed deadline).
        public static let network = Code(.network)
        /// A reference changed under us (its value was not the expected one), or objects conflict.
        public static let conflict = Code(.conflict)
        /// A lock file (e.g. `refs/heads/main.lock`) is held by another writer.
        public static let locked = Code(.locked)
        /// A reference name, refspec, path or URL is malformed.
        public static let invalidSpec = Code(.invalidSpec)
        /// The SSH server's host key differs from the one in known_hosts.
        public static let hostKeyMismatch = Code(.hostKeyMismatch)
        /// The SSH server is not listed in known_hosts.
        public static let unknownHost = Code(.unknownHost)
        /// A password or token would have been sent over plain `http://` (see ``GitRemote/allowsInsecureHTTP``).
        public static let insecureTransport = Code(.insecureTransport)
        /// An earlier network operation on the same remote passed its deadline and is still running (stuck in
        /// libgit2); no other is started until it ends (see ``GitNetworkOperations``).
        public static let inFlight = Code(.inFlight)
        /// Anything else.
        public static let other = Code(.other)

        /// The code's name, e.g. `nonFastForward`.
        public var description: String { value.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// The libgit2 function (or library step) that failed, e.g. `git_remote_fetch`.
    public var operation: String
    /// libgit2's return code, when the failure came from libgit2.
    public var returnCode: Int32?
    /// libgit2's error class name (e.g. `net`, `http`, `reference`), when libgit2 set one.
    public var errorClass: String?
    /// What went wrong, from libgit2 (`git_error_last`), the server, or this library; secrets masked.
    public var message: String
    /// The remote's URL with user information and query removed.
    public var remote: String?
    /// The branch involved, if any.
    public var branch: String?
    /// The path or reference involved, if any.
    public var path: String?
    /// Where in this library the failure was detected (`fileID:line`).
    public var location: String

    /// Creates an error. `remote` must already be redacted (``GitError/Context`` does this).
    public init(
        code: Code, operation: String, message: String, returnCode: Int32? = nil, errorClass: String? = nil,
        context: Context = Context(), fileID: String = #fileID, line: Int = #line
    ) {
        self.code = code
        self.operation = operation
        self.returnCode = returnCode
        self.errorClass = errorClass
        self.message = context.scrub(message)
        self.remote = context.redactedRemote
        self.branch = context.branch
        self.path = context.path
        self.location = "\(fileID):\(line)"
    }

    /// `<operation> failed [for branch 'b'] [of <url>] [at path]: <code> (<class> <rc>): <message>`.
    public var description: String {
        var text = "\(operation) failed"
        if let branch { text += " for branch '\(branch)'" }
        if let remote { text += " of \(remote)" }
        if let path { text += " at '\(path)'" }
        text += ": \(code)"
        let detail = [errorClass, returnCode.map { "rc \($0)" }].compactMap { $0 }
        if !detail.isEmpty { text += " (\(detail.joined(separator: ", ")))" }
        return text + ": \(message) [\(location)]"
    }
}
