import Foundation

/// What checking one commit's signature found.
public enum SignatureVerdict: Sendable, Hashable, CustomStringConvertible {
    /// A trusted key signed it: the allowed-signers principals, or the OpenPGP key and user id.
    case verified(signer: String)
    /// The commit has no signature.
    case unsigned
    /// The signature is bad, by an untrusted key, or of a kind not accepted; the reason.
    case refused(String)

    /// True for ``verified(signer:)``.
    public var isVerified: Bool { if case .verified = self { true } else { false } }

    /// For log lines and conditions.
    public var description: String {
        switch self {
        case .verified(let signer): "signed by \(signer)"
        case .unsigned: "unsigned"
        case .refused(let why): why
        }
    }
}

/// Checks commit signatures: SSH signatures in process against an ``AllowedSigners`` file (namespace `git`, the
/// signer's key listed there), OpenPGP signatures with `gpg` against a ``GPGKeyring`` when one is configured.
public struct CommitVerifier: Sendable {
    /// The trusted SSH keys.
    public var allowedSigners: AllowedSigners
    /// The trusted OpenPGP keys; nil: OpenPGP signatures are refused.
    public var gpgKeyring: GPGKeyring?

    /// A verifier trusting `allowedSigners` and, when given, the keys of `gpgKeyring`.
    public init(allowedSigners: AllowedSigners, gpgKeyring: GPGKeyring? = nil) {
        self.allowedSigners = allowedSigners
        self.gpgKeyring = gpgKeyring
    }

    /// The verdict on a commit's signature (nil: the commit is unsigned).
    public func verify(_ commit: CommitSignature?) async -> SignatureVerdict {
        guard let commit else { return .unsigned }
        let text = commit.signature
        if text.contains(SSHSignature.begin) {
            let signature: SSHSignature
            do {
                signature = try SSHSignature(armored: text)
            } catch {
                return .refused("malformed SSH signature: \(error.message)")
            }
            guard signature.namespace == SSHSigningKey.gitNamespace else {
                return .refused("SSH signature made for namespace '\(signature.namespace)', not 'git'")
            }
            guard signature.isValid(for: commit.signedData, namespace: SSHSigningKey.gitNamespace) else {
                return .refused("bad SSH signature by key \(signature.publicKey.fingerprint)")
            }
            guard let entry = allowedSigners.entry(
                for: signature.publicKey, namespace: SSHSigningKey.gitNamespace, at: commit.committerTime)
            else {
                return .refused(
                    "SSH signature by key \(signature.publicKey.fingerprint), which the allowed signers do not trust for git at the commit's time")
            }
            return .verified(signer: entry.principals)
        }
        if text.contains("-----BEGIN PGP SIGNATURE-----") {
            guard let gpgKeyring else { return .refused("OpenPGP signature, and no OpenPGP keyring is configured") }
            do {
                return .verified(signer: try await gpgKeyring.verify(signature: text, data: commit.signedData))
            } catch {
                return .refused(error.message)
            }
        }
        return .refused("signature of an unsupported kind (neither SSH nor OpenPGP)")
    }
}
