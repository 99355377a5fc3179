import Foundation
import Git
import Testing
import TestSupport

/// SSH signatures in git's format, against the real `ssh-keygen`: signatures it makes verify in process (every key
/// type OpenSSH signs git commits with), tampered ones do not, and the service's ed25519 signatures satisfy
/// `ssh-keygen -Y verify`.
@Suite struct SSHSignatureTests {
    static let message = Data("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@example.com> 1 +0000\n\nhello\n".utf8)

    @Test(arguments: [("ed25519", nil), ("ecdsa", 256), ("ecdsa", 384), ("ecdsa", 521), ("rsa", nil)] as [(String, Int?)])
    func signaturesBySSHKeygenVerify(type: String, bits: Int?) async throws {
        let fixtures = try SigningFixtures()
        let key = try await fixtures.sshKey("key", type: type, bits: bits)
        let armored = try await fixtures.sshSign(Self.message, with: key)
        let signature = try SSHSignature(armored: armored)
        #expect(signature.publicKey == (try SSHPublicKey(openSSH: key.publicKey)))
        #expect(signature.namespace == "git")
        #expect(signature.isValid(for: Self.message, namespace: "git"))
        var tampered = Self.message
        tampered[tampered.count - 2] ^= 0x01
        #expect(!signature.isValid(for: tampered, namespace: "git"))
        #expect(!signature.isValid(for: Self.message, namespace: "file"))
        var flipped = signature
        flipped.signature[flipped.signature.count - 1] ^= 0x01
        #expect(!flipped.isValid(for: Self.message, namespace: "git"))
        // Another key's signature blob under this key's name does not verify either.
        let other = try await fixtures.sshKey("other", type: type, bits: bits)
        var swapped = try SSHSignature(armored: try await fixtures.sshSign(Self.message, with: other))
        swapped.publicKey = signature.publicKey
        #expect(!swapped.isValid(for: Self.message, namespace: "git"))
    }

    @Test func serviceSignaturesSatisfySSHKeygen() async throws {
        let fixtures = try SigningFixtures()
        let key = try await fixtures.sshKey("service", type: "ed25519")
        let signer = try SSHSigningKey(contentsOfFile: key.privateKey.path)
        #expect(signer.publicKey == (try SSHPublicKey(openSSH: key.publicKey)))
        let armored = try signer.signature(of: Self.message)
        #expect(armored.hasPrefix(SSHSignature.begin + "\n") && armored.hasSuffix(SSHSignature.end + "\n"))
        #expect(armored.split(separator: "\n").allSatisfy { $0.count <= 70 })
        let allowed = try fixtures.allowedSigners("allowed", [("iter8@example.com", key)])
        #expect(try await fixtures.sshVerify(Self.message, signature: armored, principal: "iter8@example.com", allowedSigners: allowed))
        var tampered = Self.message
        tampered.append(0x0a)
        #expect(!(try await fixtures.sshVerify(tampered, signature: armored, principal: "iter8@example.com", allowedSigners: allowed)))
        // ssh-keygen's own signature with the same key is byte for byte ours (ed25519 is deterministic).
        #expect(try await fixtures.sshSign(Self.message, with: key) == armored)
    }

    @Test func signingKeysOtherThanUnencryptedEd25519AreRefused() async throws {
        let fixtures = try SigningFixtures()
        let rsa = try await fixtures.sshKey("rsa", type: "rsa")
        #expect(throws: SigningError.self) { try SSHSigningKey(contentsOfFile: rsa.privateKey.path) }
        do {
            _ = try SSHSigningKey(contentsOfFile: rsa.privateKey.path)
        } catch {
            #expect(error.code == .unsupportedKey)
            #expect(error.message.contains("ssh-rsa") && error.message.contains("ed25519"))
        }
        let encrypted = try await fixtures.sshKey("encrypted", type: "ed25519", passphrase: "secret words")
        do {
            _ = try SSHSigningKey(contentsOfFile: encrypted.privateKey.path)
            Issue.record("an encrypted key was accepted")
        } catch {
            #expect(error.code == .unsupportedKey)
            #expect(error.message.contains("encrypted"))
        }
        do {
            _ = try SSHSigningKey(openSSHPrivateKey: "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n")
            Issue.record("a PEM RSA key was accepted")
        } catch {
            #expect(error.code == .unsupportedKey)
            #expect(error.message.contains("BEGIN RSA PRIVATE KEY"))
        }
    }
}
