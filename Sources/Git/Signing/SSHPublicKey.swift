import Crypto
import Foundation
import _CryptoExtras

/// An SSH public key that can check signatures: ed25519, ECDSA on nistp256/384/521, or RSA (2048 bits or more).
///
/// Made from the key's wire blob (the base64 part of an `authorized_keys` or allowed-signers line); two keys are
/// equal when their blobs are.
public struct SSHPublicKey: Sendable, Hashable {
    /// The key type, e.g. `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`.
    public let type: String
    /// The key's wire blob.
    public let blob: Data

    enum Algorithm: Sendable {
        case ed25519(Curve25519.Signing.PublicKey)
        case p256(P256.Signing.PublicKey), p384(P384.Signing.PublicKey), p521(P521.Signing.PublicKey)
        case rsa(_RSA.Signing.PublicKey)
    }
    private let algorithm: Algorithm

    /// Parses a key's wire blob; refuses types other than the five above, and malformed keys.
    public init(blob: Data) throws(SigningError) {
        var reader = SSHWireReader(blob)
        let type = try reader.text()
        do {
            switch type {
            case "ssh-ed25519":
                algorithm = .ed25519(try Curve25519.Signing.PublicKey(rawRepresentation: try reader.string()))
            case "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521":
                let curve = try reader.text()
                guard "ecdsa-sha2-" + curve == type else { throw SigningError(.malformed, "ECDSA key names curve \(curve) in a \(type) key") }
                let point = try reader.string()
                switch curve {
                case "nistp256": algorithm = .p256(try P256.Signing.PublicKey(x963Representation: point))
                case "nistp384": algorithm = .p384(try P384.Signing.PublicKey(x963Representation: point))
                default: algorithm = .p521(try P521.Signing.PublicKey(x963Representation: point))
                }
            case "ssh-rsa":
                let e = try reader.mpint()
                let n = try reader.mpint()
                algorithm = .rsa(try _RSA.Signing.PublicKey(n: n, e: e))
            default:
                throw SigningError(.unsupportedKey, "SSH key type \(type) is not supported (ed25519, ECDSA nistp256/384/521 and RSA are)")
            }
        } catch let error as SigningError {
            throw error
        } catch {
            throw SigningError(.malformed, "the \(type) key is not valid: \(error)")
        }
        guard reader.isAtEnd else { throw SigningError(.malformed, "trailing bytes after the \(type) key") }
        self.type = type
        self.blob = blob
    }

    /// Parses `<type> <base64> [comment]` (one line of an `.pub` file).
    public init(openSSH line: String) throws(SigningError) {
        let fields = line.split(whereSeparator: \.isWhitespace)
        guard fields.count >= 2, let blob = Data(base64Encoded: String(fields[1])) else {
            throw SigningError(.malformed, "not an OpenSSH public key line")
        }
        try self.init(blob: blob)
        guard type == fields[0] else { throw SigningError(.malformed, "key line says \(fields[0]) but the key is \(type)") }
    }

    /// `<type> <base64>`, as in an `.pub` file.
    public var openSSH: String { "\(type) \(blob.base64EncodedString())" }

    /// SHA256 fingerprint as `ssh-keygen -l` prints it (`SHA256:` and unpadded base64).
    public var fingerprint: String {
        "SHA256:" + Data(SHA256.hash(data: blob)).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    /// True when `signature` (an SSH signature blob: algorithm name and signature bytes) is this key's
    /// signature of `data`. RSA signatures must be `rsa-sha2-256` or `rsa-sha2-512` (SHA-1 `ssh-rsa` is refused).
    public func isValidSignature(_ signature: some Sequence<UInt8>, for data: Data) -> Bool {
        var reader = SSHWireReader(signature)
        guard let name = try? reader.text(), let bytes = try? reader.string(), reader.isAtEnd else { return false }
        switch algorithm {
        case .ed25519(let key):
            return name == "ssh-ed25519" && key.isValidSignature(bytes, for: data)
        case .p256(let key):
            guard name == type, let raw = Self.ecdsaRaw(bytes, width: 32),
                let signature = try? P256.Signing.ECDSASignature(rawRepresentation: raw) else { return false }
            return key.isValidSignature(signature, for: data)
        case .p384(let key):
            guard name == type, let raw = Self.ecdsaRaw(bytes, width: 48),
                let signature = try? P384.Signing.ECDSASignature(rawRepresentation: raw) else { return false }
            return key.isValidSignature(signature, for: data)
        case .p521(let key):
            guard name == type, let raw = Self.ecdsaRaw(bytes, width: 66),
                let signature = try? P521.Signing.ECDSASignature(rawRepresentation: raw) else { return false }
            return key.isValidSignature(signature, for: data)
        case .rsa(let key):
            let signature = _RSA.Signing.RSASignature(rawRepresentation: bytes)
            switch name {
            case "rsa-sha2-512": return key.isValidSignature(signature, for: SHA512.hash(data: data), padding: .insecurePKCS1v1_5)
            case "rsa-sha2-256": return key.isValidSignature(signature, for: SHA256.hash(data: data), padding: .insecurePKCS1v1_5)
            default: return false
            }
        }
    }

    /// `r || s`, each left-padded to `width` bytes, from the SSH encoding (two mpints).
    static func ecdsaRaw(_ bytes: [UInt8], width: Int) -> [UInt8]? {
        var reader = SSHWireReader(bytes)
        guard let r = try? reader.mpint(), let s = try? reader.mpint(), reader.isAtEnd, r.count <= width, s.count <= width
        else { return nil }
        return Array(repeating: 0, count: width - r.count) + r + Array(repeating: 0, count: width - s.count) + s
    }

    /// Keys are equal when their wire blobs are.
    public static func == (a: SSHPublicKey, b: SSHPublicKey) -> Bool { a.blob == b.blob }
    /// Hashes the wire blob.
    public func hash(into hasher: inout Hasher) { hasher.combine(blob) }
}
