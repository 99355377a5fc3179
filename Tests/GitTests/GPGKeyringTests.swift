import Foundation
@testable import Git
import Testing
import TestSupport

/// How gpg is run and read: its status lines decide, a missing or hanging gpg is a tool error, never a pass.
@Suite struct GPGKeyringTests {
    @Test func statusLinesDecide() throws {
        let good = """
            [GNUPG:] NEWSIG
            [GNUPG:] GOODSIG 0123456789ABCDEF Web Flow <noreply@example.com>
            [GNUPG:] VALIDSIG AAAA 2026-12-05 1700000000 0 4 0 22 10 00 AAAA
            [GNUPG:] TRUST_UNDEFINED 0 pgp
            """
        #expect(try GPGKeyring.verdict(statusLines: good) == "0123456789ABCDEF Web Flow <noreply@example.com>")
        for (lines, reason) in [
            ("[GNUPG:] BADSIG 0123456789ABCDEF Web Flow", "bad OpenPGP signature"),
            ("[GNUPG:] ERRSIG 0123456789ABCDEF 22 10 00 1700000000 9 AAAA\n[GNUPG:] NO_PUBKEY 0123456789ABCDEF", "not in the keyring"),
            ("[GNUPG:] EXPKEYSIG 0123456789ABCDEF Web Flow", "expired key"),
            ("[GNUPG:] REVKEYSIG 0123456789ABCDEF Web Flow", "revoked key"),
            ("[GNUPG:] GOODSIG 0123456789ABCDEF Web Flow", "did not report a good signature"),  // no VALIDSIG
            ("", "did not report a good signature"),
        ] {
            #expect(throws: SigningError.self) { try GPGKeyring.verdict(statusLines: lines) }
            do {
                _ = try GPGKeyring.verdict(statusLines: lines)
            } catch {
                #expect(error.message.contains(reason), "\(error.message)")
            }
        }
    }

    @Test func aMissingOrHangingGPGIsAToolError() async throws {
        let folder = try TemporaryDirectory(prefix: "iter8-gpg-test")
        let keyring = folder.file("keyring.asc")
        try "".write(to: keyring, atomically: true, encoding: .utf8)
        let missing = GPGKeyring(path: keyring.path, executable: folder.file("no-gpg").path)
        do {
            _ = try await missing.verify(signature: "sig", data: Data())
            Issue.record("a missing gpg verified")
        } catch {
            #expect(error.code == .tool && error.message.contains("cannot run"), "\(error.message)")
        }
        let script = folder.file("slow-gpg")
        try "#!/bin/sh\nexec sleep 600\n".write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        // A zero timeout passes while the child is still being started (the timer used to find no child to kill
        // then, and gpg ran to its end); a short one passes while it runs. Either way it is killed: far less than
        // the 600 s it would take (the bound is loose, for a loaded CI machine).
        for timeout: Duration in [.zero, .milliseconds(300)] {
            let hanging = GPGKeyring(path: keyring.path, executable: script.path, timeout: timeout)
            let started = ContinuousClock.now
            do {
                _ = try await hanging.verify(signature: "sig", data: Data())
                Issue.record("a hanging gpg verified")
            } catch {
                #expect(error.code == .tool && error.message.contains("took longer"), "\(error.message)")
            }
            #expect(ContinuousClock.now - started < .seconds(120), "timeout \(timeout)")
        }
    }
}
