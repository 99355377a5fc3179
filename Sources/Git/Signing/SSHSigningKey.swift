import Crypto
import Foundation

/// An ed25519 SSH key that signs commits in git's SSH format (``SSHSignature``, namespace `git`, SHA-512), so that
/// `git verify-commit` with `gpg.format=ssh` and an allowed-signers file listing its public key accepts them.
public struct SSHSigningKey: CommitSigner {
    /// The namespace git signs commits in.
    public static let gitNamespace = "git"
    private let key: Curve25519.Signing.PrivateKey
    /// The public half (what goes in the allowed-signers file).
    public let publicKey: SSHPublicKey

    /// A key from its 32-byte ed25519 seed.
    public init(seed: Data) throws(SigningError) {
        do {
            key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
        } catch {
            throw SigningError(.malformed, "an ed25519 seed is 32 bytes")
        }
        var writer = SSHWireWriter()
        writer.string("ssh-ed25519")
        writer.string(Array(key.publicKey.rawRepresentation))
        publicKey = try SSHPublicKey(blob: Data(writer.bytes))
    }

    /// Reads an OpenSSH private key file (`-----BEGIN OPENSSH PRIVATE KEY-----`, as `ssh-keygen -t ed25519 -N ''`
    /// writes it). Refuses encrypted keys, other key types and other formats with an error saying which.
    public init(openSSHPrivateKey text: String) throws(SigningError) {
        let begin = "-----BEGIN OPENSSH PRIVATE KEY-----", end = "-----END OPENSSH PRIVATE KEY-----"
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = lines.firstIndex(of: begin), let last = lines.firstIndex(of: end), first < last else {
            let pem = lines.first { $0.hasPrefix("-----BEGIN ") } ?? "no PEM armor"
            throw SigningError(
                .unsupportedKey,
                "the signing key is not an OpenSSH private key (found '\(pem)'); make one with "
                    + "ssh-keygen -t ed25519 -N '' -f FILE")
        }
        guard let blob = Data(base64Encoded: lines[(first + 1)..<last].joined()) else {
            throw SigningError(.malformed, "the OpenSSH private key's base64 is damaged")
        }
        var reader = SSHWireReader(blob)
        guard try reader.raw(15) == Array("openssh-key-v1\0".utf8) else {
            throw SigningError(.malformed, "the OpenSSH private key lacks its openssh-key-v1 magic")
        }
        let cipher = try reader.text(), kdf = try reader.text()
        _ = try reader.string()  // kdf options
        guard cipher == "none", kdf == "none" else {
            throw SigningError(
                .unsupportedKey,
                "the signing key is encrypted (\(cipher)); iter8 needs an unencrypted key file (ssh-keygen -p -N '' -f FILE)")
        }
        guard try reader.uint32() == 1 else { throw SigningError(.unsupportedKey, "the key file holds more than one key") }
        let publicBlob = try reader.string()
        var keyType = SSHWireReader(publicBlob)
        let type = try keyType.text()
        guard type == "ssh-ed25519" else {
            throw SigningError(
                .unsupportedKey, "the signing key is \(type); iter8 signs with ed25519 keys only (ssh-keygen -t ed25519)")
        }
        var secret = SSHWireReader(try reader.string())
        guard try secret.uint32() == (try secret.uint32()) else {
            throw SigningError(.malformed, "the OpenSSH private key's check numbers differ")
        }
        guard try secret.text() == "ssh-ed25519" else { throw SigningError(.malformed, "the private key is not the public key's type") }
        let publicKey = try secret.string()
        let privateKey = try secret.string()
        guard publicKey.count == 32, privateKey.count == 64, Array(privateKey[32...]) == publicKey else {
            throw SigningError(.malformed, "the ed25519 private key is malformed")
        }
        try self.init(seed: Data(privateKey[..<32]))
        guard self.publicKey.blob == Data(publicBlob) else {
            throw SigningError(.malformed, "the ed25519 private key does not match its public key")
        }
    }

    /// Reads the key file at `path` (``init(openSSHPrivateKey:)``).
    public init(contentsOfFile path: String) throws(SigningError) {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw SigningError(.malformed, "cannot read the signing key file \(path)")
        }
        try self.init(openSSHPrivateKey: text)
    }

    /// The SSH signature of `message` in `namespace` (SHA-512).
    public func sign(_ message: Data, namespace: String) throws(SigningError) -> SSHSignature {
        guard let data = SSHSignature.signedData(message: message, namespace: namespace, hashAlgorithm: "sha512") else {
            throw SigningError(.malformed, "sha512 unavailable")
        }
        let bytes: Data
        do {
            bytes = try key.signature(for: data)
        } catch {
            throw SigningError(.malformed, "ed25519 signing failed: \(error)")
        }
        var writer = SSHWireWriter()
        writer.string("ssh-ed25519")
        writer.string(bytes)
        return SSHSignature(publicKey: publicKey, namespace: namespace, hashAlgorithm: "sha512", signature: Data(writer.bytes))
    }

    /// The armored SSH signature of `commit` in namespace `git`, the text of its `gpgsig` header.
    public func signature(of commit: Data) throws(SigningError) -> String {
        try sign(commit, namespace: Self.gitNamespace).armored
    }
}
