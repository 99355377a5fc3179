import Foundation
import Testing
import TestSupport

/// `iter8 run` refuses signing settings it cannot honour, at start and saying why: a signing key that is not an
/// unencrypted ed25519 key, a signing key missing from the allowed signers (its own commits would stop it), an
/// allowed-signers line it cannot use, files it cannot read.
@Suite struct SigningSettingsTests {
    static func run(_ arguments: [String]) async throws -> Shell.Finished {
        let binary = try BuiltExecutable.path("iter8")
        let all = ["run", "--repository", "file:///nonexistent", "--prometheus-url", "http://127.0.0.1:9", "--listen", "127.0.0.1:0"]
            + arguments
        return try await offPool {
            try Shell.capture(binary, all, environment: ["ITER8_WORKDIR": NSTemporaryDirectory() + "iter8-settings-\(UUID().uuidString)"])
        }
    }

    @Test func unusableSigningSettingsAreRefusedAtStart() async throws {
        let fixtures = try SigningFixtures()
        let rsa = try await fixtures.sshKey("rsa", type: "rsa")
        let service = try await fixtures.sshKey("service", type: "ed25519")
        let other = try await fixtures.sshKey("other", type: "ed25519")
        let withoutService = try fixtures.allowedSigners("others", [("someone@example.com", other)])
        let certificate = fixtures.folder.file("ca")
        try "ca@example.com cert-authority \(other.publicKey)\n".write(to: certificate, atomically: true, encoding: .utf8)
        for (arguments, message) in [
            (["--signing-key", rsa.privateKey.path], "iter8 signs with ed25519 keys only"),
            (["--signing-key", fixtures.folder.file("missing").path], "cannot read the signing key file"),
            (["--signing-key", service.privateKey.path, "--allowed-signers", withoutService.path],
             "the signing key's public key (ssh-ed25519 "),
            (["--allowed-signers", certificate.path], "allowed signers line 1: cert-authority"),
            (["--allowed-signers", fixtures.folder.file("none").path], "cannot read the allowed signers file"),
            (["--gpg-keyring", fixtures.folder.file("none.gpg").path], "cannot read the OpenPGP keyring"),
        ] {
            let finished = try await Self.run(arguments)
            #expect(finished.status != 0)
            #expect(finished.errors.contains(message), "\(arguments): \(finished.errors)")
        }
        // Environment variables work like the flags.
        let binary = try BuiltExecutable.path("iter8")
        let finished = try await offPool {
            try Shell.capture(
                binary, ["run", "--repository", "file:///nonexistent", "--prometheus-url", "http://127.0.0.1:9", "--listen", "127.0.0.1:0"],
                environment: ["ITER8_SIGNING_KEY": rsa.privateKey.path, "ITER8_WORKDIR": NSTemporaryDirectory() + "iter8-settings-\(UUID().uuidString)"])
        }
        #expect(finished.errors.contains("iter8 signs with ed25519 keys only"), "\(finished.errors)")
    }
}
