/// A signing key, signature or allowed-signers file that could not be used, and why.
public struct SigningError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is.
    public enum Code: String, Sendable, Hashable {
        /// The key file is not an unencrypted OpenSSH ed25519 private key.
        case unsupportedKey
        /// A key, signature or file is malformed.
        case malformed
        /// An external program (gpg) could not be run.
        case tool
    }

    /// What kind of problem it is.
    public var code: Code
    /// What went wrong, for a person (never contains key material).
    public var message: String

    /// A problem of kind `code`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
