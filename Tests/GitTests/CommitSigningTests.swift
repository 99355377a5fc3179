import Foundation
import Git
import Testing
import TestSupport

/// Signed commits end to end with the real `git` CLI: the service's commits pass `git verify-commit`, and commits
/// signed by `git commit -S` (SSH keys of every type, OpenPGP keys) verify in process or with gpg; others do not.
@Suite struct CommitSigningTests {
    @Test func serviceCommitsPassGitVerifyCommit() async throws {
        let fixtures = try SigningFixtures()
        let key = try await fixtures.sshKey("service", type: "ed25519")
        let served = try await ServedOrigin.start(.file)
        let repo = try await LibGit2Repository.clone(
            served.remote(), into: served.scratch.file("signed").path, signer: try SSHSigningKey(contentsOfFile: key.privateKey.path))
        let seed = try #require(try await repo.resolveReference("refs/remotes/origin/main"))
        let commit = try await repo.commit([.write("a.yaml", "a: 1\n")], on: seed, message: "signed\n\nIter8-Experiment: ns/a\n")
        try await repo.push(commit: commit, to: "main")
        let allowed = try fixtures.allowedSigners("allowed", [("iter8@example.com", key)])
        let verify = ["-c", "gpg.ssh.allowedSignersFile=\(allowed.path)", "verify-commit", "--raw", commit.hex]
        let finished = try await offPool { [bare = served.origin.bare] in
            try Shell.capture(
                try RequiredTool.path("git", package: "git"), verify, directory: bare, environment: Hermetic.gitEnvironment)
        }
        #expect(finished.status == 0, "\(finished.errors)")
        #expect(finished.errors.contains("Good \"git\" signature for iter8@example.com"), "\(finished.errors)")
        // The message, tree and parents are what an unsigned commit would have: only the gpgsig header is added.
        let log = try await repo.log(from: commit, limit: 1)
        #expect(log.first?.message == "signed\n\nIter8-Experiment: ns/a\n")
        #expect(try await served.git(["show", "\(commit.hex):a.yaml"]) == "a: 1\n")
        // Another key in the allowed signers: git refuses, and so does the verifier.
        let other = try await fixtures.sshKey("other", type: "ed25519")
        let wrong = try fixtures.allowedSigners("wrong", [("someone@example.com", other)])
        let refused = try await offPool { [bare = served.origin.bare] in
            try Shell.capture(
                try RequiredTool.path("git", package: "git"),
                ["-c", "gpg.ssh.allowedSignersFile=\(wrong.path)", "verify-commit", commit.hex], directory: bare,
                environment: Hermetic.gitEnvironment)
        }
        #expect(refused.status != 0)
        let signature = try await repo.commitSignature(commit)
        let trusted = CommitVerifier(allowedSigners: try AllowedSigners(contentsOfFile: allowed.path))
        #expect(await trusted.verify(signature) == .verified(signer: "iter8@example.com"))
        let untrusted = CommitVerifier(allowedSigners: try AllowedSigners(contentsOfFile: wrong.path))
        guard case .refused(let why) = await untrusted.verify(signature) else { Issue.record("not refused"); return }
        #expect(why.contains("do not trust"))
        #expect(try await repo.commitSignature(seed) == nil)
    }

    @Test func commitsSignedByGitWithSSHKeysVerify() async throws {
        let fixtures = try SigningFixtures()
        let keys = [
            try await fixtures.sshKey("ed", type: "ed25519"), try await fixtures.sshKey("p256", type: "ecdsa", bits: 256),
            try await fixtures.sshKey("p384", type: "ecdsa", bits: 384), try await fixtures.sshKey("p521", type: "ecdsa", bits: 521),
            try await fixtures.sshKey("rsa", type: "rsa"),
        ]
        let stranger = try await fixtures.sshKey("stranger", type: "ed25519")
        let served = try await ServedOrigin.start(.file)
        let clone = try await offPool { [origin = served.origin] in try origin.cloneWorkingCopy(named: "human") }
        var commits: [(String, String)] = []
        for (index, key) in keys.enumerated() {
            let id = try await fixtures.commit(in: clone, files: ["f.txt": "\(index)\n"], message: "change \(index)", ssh: key)
            commits.append((id, "p\(index)@example.com"))
        }
        let strangers = try await fixtures.commit(in: clone, files: ["f.txt": "x\n"], message: "stranger", ssh: stranger)
        let unsigned = try await fixtures.commit(in: clone, files: ["f.txt": "y\n"], message: "unsigned")
        try await Shell.git(["push", "--quiet", "origin", "HEAD:main"], in: clone)
        let repo = try await served.clone()
        _ = try await repo.fetch(branch: "main")
        let allowed = try AllowedSigners(
            text: keys.enumerated().map { "p\($0.offset)@example.com \($0.element.publicKey)" }.joined(separator: "\n"))
        let verifier = CommitVerifier(allowedSigners: allowed)
        for (id, principal) in commits {
            let signature = try await repo.commitSignature(try #require(GitOID(hex: id)))
            #expect(await verifier.verify(signature) == .verified(signer: principal))
            // The signed bytes changed by one character no longer verify.
            var tampered = try #require(signature)
            tampered.signedData = Data(String(decoding: tampered.signedData, as: UTF8.self).replacingOccurrences(of: "change", with: "chance").utf8)
            #expect(!(await verifier.verify(tampered)).isVerified)
        }
        #expect(!(await verifier.verify(try await repo.commitSignature(try #require(GitOID(hex: strangers))))).isVerified)
        #expect(await verifier.verify(try await repo.commitSignature(try #require(GitOID(hex: unsigned)))) == .unsigned)
    }

    @Test func commitsSignedByGPGVerifyAgainstTheKeyring() async throws {
        let fixtures = try SigningFixtures()
        let trusted = try await fixtures.gpgKey("Web Flow <noreply@example.com>")
        let other = try await fixtures.gpgKey("Someone Else <else@example.com>")
        let keyring = try await fixtures.gpgExport("web-flow.asc", keys: [trusted])
        let served = try await ServedOrigin.start(.file)
        let clone = try await offPool { [origin = served.origin] in try origin.cloneWorkingCopy(named: "human") }
        let good = try await fixtures.commit(in: clone, files: ["f.txt": "1\n"], message: "merged in the UI", gpgKey: trusted)
        let foreign = try await fixtures.commit(in: clone, files: ["f.txt": "2\n"], message: "other key", gpgKey: other)
        await fixtures.stopGPGAgent()
        try await Shell.git(["push", "--quiet", "origin", "HEAD:main"], in: clone)
        let repo = try await served.clone()
        _ = try await repo.fetch(branch: "main")
        let verifier = CommitVerifier(allowedSigners: try AllowedSigners(text: ""), gpgKeyring: GPGKeyring(path: keyring.path))
        let goodID = try #require(GitOID(hex: good))
        let signature = try #require(try await repo.commitSignature(goodID))
        #expect(signature.signature.hasPrefix("-----BEGIN PGP SIGNATURE-----"))
        guard case .verified(let signer) = await verifier.verify(signature) else {
            Issue.record("the web-flow stand-in's commit did not verify: \(await verifier.verify(signature))")
            return
        }
        #expect(signer.contains("Web Flow <noreply@example.com>"))
        var tampered = signature
        tampered.signedData.append(contentsOf: Array("x".utf8))
        #expect(!(await verifier.verify(tampered)).isVerified)
        guard case .refused(let why) = await verifier.verify(try await repo.commitSignature(try #require(GitOID(hex: foreign))))
        else { Issue.record("a key outside the keyring verified"); return }
        #expect(why.contains("not in the keyring"), "\(why)")
        // Without a keyring an OpenPGP signature is refused, saying so.
        let sshOnly = CommitVerifier(allowedSigners: try AllowedSigners(text: ""))
        #expect(await sshOnly.verify(signature) == .refused("OpenPGP signature, and no OpenPGP keyring is configured"))
    }
}
