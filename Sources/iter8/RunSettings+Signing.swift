import ArgumentParser
import Foundation
import Git

extension RunSettings {
    /// Reads the signing key and the trusted keys (docs/signing.md): any of the two trust files turns verification
    /// of the watched branch on. With both a signing key and an allowed-signers file, the key must be listed there,
    /// or the service would stop at its own first commit.
    mutating func readSigning(key: String?, allowedSigners: String?, gpgKeyring: String?) throws {
        do {
            signer = try key.map { try SSHSigningKey(contentsOfFile: $0) }
            guard allowedSigners != nil || gpgKeyring != nil else { return }
            let signers = try allowedSigners.map { try AllowedSigners(contentsOfFile: $0) } ?? AllowedSigners(text: "")
            if let gpgKeyring, !FileManager.default.isReadableFile(atPath: gpgKeyring) {
                throw ValidationError("cannot read the OpenPGP keyring \(gpgKeyring)")
            }
            if let signer, !signers.entries.contains(where: { $0.key == signer.publicKey }) {
                throw ValidationError(
                    "the signing key's public key (\(signer.publicKey.openSSH)) is not in the allowed signers file; "
                        + "add a line '<email> \(signer.publicKey.openSSH)', or the service stops at its own first commit")
            }
            reconciler.commitVerifier = CommitVerifier(allowedSigners: signers, gpgKeyring: gpgKeyring.map { GPGKeyring(path: $0) })
        } catch let error as SigningError {
            throw ValidationError(error.message)
        }
    }
}
