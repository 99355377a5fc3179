import Foundation

/// How to authenticate to a remote. `description` never shows a secret.
public enum GitCredentials: Sendable, CustomStringConvertible {
    /// No credentials (file://, git://, anonymous http).
    case none
    /// HTTP(S) basic authentication with a user name and a password or access token.
    case userToken(user: String, token: String)
    /// An SSH private key read from files. `publicKeyPath` may be nil (libssh2 derives it).
    case sshKeyFile(user: String, privateKeyPath: String, publicKeyPath: String?, passphrase: String?)
    /// An SSH private key held in memory (PEM / OpenSSH text).
    case sshKeyMemory(user: String, privateKey: String, publicKey: String?, passphrase: String?)

    /// The kind and user, with secrets replaced by `REDACTED`.
    public var description: String {
        switch self {
        case .none: "none"
        case .userToken(let user, _): "userToken(user: \(user), token: REDACTED)"
        case .sshKeyFile(let user, let path, _, let passphrase):
            "sshKeyFile(user: \(user), privateKeyPath: \(path), passphrase: \(passphrase == nil ? "none" : "REDACTED"))"
        case .sshKeyMemory(let user, _, _, let passphrase):
            "sshKeyMemory(user: \(user), privateKey: REDACTED, passphrase: \(passphrase == nil ? "none" : "REDACTED"))"
        }
    }

    /// Every secret string, so messages can be scrubbed of them.
    var secrets: [String] {
        switch self {
        case .none: []
        case .userToken(_, let token): [token]
        case .sshKeyFile(_, _, _, let passphrase): [passphrase].compactMap { $0 }
        case .sshKeyMemory(_, let key, _, let passphrase): [key, passphrase].compactMap { $0 }
        }
    }
}
