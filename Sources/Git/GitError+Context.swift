import Foundation
import Redaction

extension GitError {
    /// What an operation was working on, attached to any error it raises.
    public struct Context: Sendable {
        /// The remote URL, redacted.
        public var redactedRemote: String?
        /// The branch, if any.
        public var branch: String?
        /// The path or reference, if any.
        public var path: String?
        /// Secret strings (passwords, tokens, passphrases) to mask in messages.
        var secrets: [String]

        /// Creates a context; `remote` is redacted here, so pass the raw URL.
        public init(remote: String? = nil, branch: String? = nil, path: String? = nil) {
            self.init(remote: remote, branch: branch, path: path, secrets: [])
        }

        init(remote: String?, branch: String?, path: String?, secrets: [String]) {
            redactedRemote = remote.map { Redacted.url($0) }
            self.branch = branch
            self.path = path
            let fromURL = remote.map(Redacted.passwords(in:)) ?? []
            self.secrets = (secrets + fromURL).filter { !$0.isEmpty }
        }

        /// The same context for another path.
        func with(path: String?) -> Context {
            var copy = self
            copy.path = path
            return copy
        }

        /// Masks every secret in `text`.
        func scrub(_ text: String) -> String {
            secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: Redacted.mask) }
        }
    }
}
