import Crypto
import Foundation

/// An SSH signature in OpenSSH's `SSHSIG` format (`PROTOCOL.sshsig`), as `ssh-keygen -Y sign` writes it and as git
/// stores it in a commit's `gpgsig` header with `gpg.format=ssh`.
///
/// The signed bytes are not the message but a blob naming the magic `SSHSIG`, the namespace (git uses `git`), a
/// reserved string and the hash algorithm, followed by the message's hash.
public struct SSHSignature: Sendable, Hashable {
    /// The armor's first line.
    public static let begin = "-----BEGIN SSH SIGNATURE-----"
    /// The armor's last line.
    public static let end = "-----END SSH SIGNATURE-----"
    static let magic = Array("SSHSIG".utf8)

    /// The signer's public key.
    public var publicKey: SSHPublicKey
    /// The namespace the signature was made for (`git` for commits).
    public var namespace: String
    /// `sha512` or `sha256`.
    public var hashAlgorithm: String
    /// The SSH signature blob (algorithm name and signature bytes).
    public var signature: Data

    /// A signature from its parts.
    public init(publicKey: SSHPublicKey, namespace: String, hashAlgorithm: String, signature: Data) {
        self.publicKey = publicKey
        self.namespace = namespace
        self.hashAlgorithm = hashAlgorithm
        self.signature = signature
    }

    /// Parses the armored text (`-----BEGIN SSH SIGNATURE-----` … `-----END SSH SIGNATURE-----`).
    public init(armored text: String) throws(SigningError) {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = lines.firstIndex(of: Self.begin), let last = lines.lastIndex(of: Self.end), first < last,
            let blob = Data(base64Encoded: lines[(first + 1)..<last].joined())
        else { throw SigningError(.malformed, "not an armored SSH signature") }
        var reader = SSHWireReader(blob)
        guard try reader.raw(6) == Self.magic else { throw SigningError(.malformed, "SSH signature without the SSHSIG magic") }
        let version = try reader.uint32()
        guard version == 1 else { throw SigningError(.malformed, "SSH signature version \(version) is not supported") }
        let key = try SSHPublicKey(blob: Data(try reader.string()))
        let namespace = try reader.text()
        _ = try reader.string()  // reserved
        let hash = try reader.text()
        let signature = Data(try reader.string())
        guard reader.isAtEnd else { throw SigningError(.malformed, "trailing bytes after the SSH signature") }
        self.init(publicKey: key, namespace: namespace, hashAlgorithm: hash, signature: signature)
    }

    /// The armored text, base64 wrapped at 70 columns as `ssh-keygen` writes it, ending in a newline.
    public var armored: String {
        var writer = SSHWireWriter()
        writer.raw(Self.magic)
        writer.uint32(1)
        writer.string(publicKey.blob)
        writer.string(namespace)
        writer.string("")
        writer.string(hashAlgorithm)
        writer.string(signature)
        let base64 = Data(writer.bytes).base64EncodedString()
        var lines = [Self.begin]
        var rest = Substring(base64)
        while !rest.isEmpty {
            lines.append(String(rest.prefix(70)))
            rest = rest.dropFirst(70)
        }
        lines.append(Self.end)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The bytes the key signs for `message` in `namespace` with `hashAlgorithm`; nil for an unknown hash.
    static func signedData(message: Data, namespace: String, hashAlgorithm: String) -> Data? {
        let digest: Data
        switch hashAlgorithm {
        case "sha512": digest = Data(SHA512.hash(data: message))
        case "sha256": digest = Data(SHA256.hash(data: message))
        default: return nil
        }
        var writer = SSHWireWriter()
        writer.raw(magic)
        writer.string(namespace)
        writer.string("")
        writer.string(hashAlgorithm)
        writer.string(digest)
        return Data(writer.bytes)
    }

    /// True when this is a valid signature of `message` by ``publicKey`` in `namespace`.
    public func isValid(for message: Data, namespace expected: String) -> Bool {
        guard namespace == expected,
            let data = Self.signedData(message: message, namespace: namespace, hashAlgorithm: hashAlgorithm)
        else { return false }
        return publicKey.isValidSignature(signature, for: data)
    }
}
