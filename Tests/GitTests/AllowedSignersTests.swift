import Foundation
import Git
import Testing
import TestSupport

/// The allowed-signers format: principals, options, keys; what a line trusts.
@Suite struct AllowedSignersTests {
    static let ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGBDxRbm16OoFEd50eZfMTtEsOPfxEn+gIT6SLbQToJz"

    @Test func linesOptionsAndComments() throws {
        let text = """
            # the team
            alice@example.com \(Self.ed25519) alice's laptop
            "bob@example.com,ci@*" namespaces="file,git",valid-after="20260101",valid-before="20261231235959Z" \(Self.ed25519)

            """
        let signers = try AllowedSigners(text: text, timeZone: TimeZone(identifier: "UTC")!)
        #expect(signers.entries.count == 2)
        #expect(signers.entries[0].principals == "alice@example.com")
        #expect(signers.entries[0].namespaces == nil)
        #expect(signers.entries[1].principals == "bob@example.com,ci@*")
        #expect(signers.entries[1].namespaces == ["file", "git"])
        #expect(signers.entries[1].validAfter == Date(timeIntervalSince1970: 1_767_225_600))
        #expect(signers.entries[1].validBefore == Date(timeIntervalSince1970: 1_798_761_599))
        let key = try SSHPublicKey(openSSH: Self.ed25519)
        #expect(signers.entry(for: key, namespace: "git", at: Date(timeIntervalSince1970: 0))?.principals == "alice@example.com")
    }

    @Test func namespacesAndValidityLimitTrust() throws {
        let key = try SSHPublicKey(openSSH: Self.ed25519)
        let limited = try AllowedSigners(
            text: "ci@example.com namespaces=\"file\" \(Self.ed25519)\n", timeZone: TimeZone(identifier: "UTC")!)
        #expect(limited.entry(for: key, namespace: "git", at: Date()) == nil)
        #expect(limited.entry(for: key, namespace: "file", at: Date()) != nil)
        let wildcard = try AllowedSigners(text: "ci namespaces=\"g?t\" \(Self.ed25519)\n")
        #expect(wildcard.entry(for: key, namespace: "git", at: Date()) != nil)
        let dated = try AllowedSigners(
            text: "ci valid-after=\"202601011200Z\" \(Self.ed25519)\n", timeZone: TimeZone(identifier: "UTC")!)
        #expect(dated.entry(for: key, namespace: "git", at: Date(timeIntervalSince1970: 1_767_268_799)) == nil)
        #expect(dated.entry(for: key, namespace: "git", at: Date(timeIntervalSince1970: 1_767_268_800)) != nil)
    }

    @Test func unusableLinesAreErrorsNamingTheLine() {
        for (text, words) in [
            ("# ok\nalice cert-authority \(Self.ed25519)\n", ["line 2", "cert-authority"]),
            ("alice\n", ["line 1", "expected principals"]),
            ("alice bogus=\"x\" \(Self.ed25519)\n", ["line 1", "unknown option"]),
            ("alice ssh-ed25519 AAAA\n", ["line 1"]),
            ("alice ssh-dss AAAAB3NzaC1kc3M=\n", ["line 1"]),
        ] {
            do {
                _ = try AllowedSigners(text: text)
                Issue.record("accepted: \(text)")
            } catch {
                for word in words { #expect(error.message.contains(word), "\(error.message)") }
            }
        }
    }
}
