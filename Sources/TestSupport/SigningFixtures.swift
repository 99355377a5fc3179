import Foundation

/// Signing keys made by the real tools for tests: SSH keys by `ssh-keygen`, OpenPGP keys by `gpg` in a throwaway
/// home folder, and commits signed with them by the `git` CLI.
public final class SigningFixtures: Sendable {
    /// Where the keys, allowed-signers files and the gpg home live; removed with the value.
    public let folder: TemporaryDirectory

    /// An empty fixture folder.
    public init() throws { folder = try TemporaryDirectory(prefix: "iter8-signing") }

    /// An SSH key pair made by `ssh-keygen -t type` without a passphrase (or with `passphrase`).
    public struct SSHKey: Sendable {
        /// The private key file.
        public var privateKey: URL
        /// The public key line (`<type> <base64> <comment>`).
        public var publicKey: String
    }

    /// Makes an SSH key: `type` is `ed25519`, `ecdsa` (with `bits` 256/384/521) or `rsa` (default bits: 3072).
    public func sshKey(_ name: String, type: String, bits: Int? = nil, passphrase: String = "") async throws -> SSHKey {
        let keygen = try RequiredTool.path("ssh-keygen", package: "openssh-client")
        let file = folder.file(name)
        var arguments = ["-q", "-t", type, "-N", passphrase, "-C", "\(name)@example.com", "-f", file.path]
        if let bits { arguments += ["-b", "\(bits)"] }
        try await Shell.run(keygen, arguments)
        let publicKey = try String(contentsOf: folder.file(name + ".pub"), encoding: .utf8)
        return SSHKey(privateKey: file, publicKey: publicKey.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Writes an allowed-signers file with one line per `(principal, key)` and returns its path.
    public func allowedSigners(_ name: String, _ lines: [(principal: String, key: SSHKey)], options: String? = nil) throws -> URL {
        let file = folder.file(name)
        let text = lines.map { line in
            let parts = line.key.publicKey.split(separator: " ")
            return ([line.principal] + (options.map { [$0] } ?? []) + parts.prefix(2).map(String.init)).joined(separator: " ")
        }.joined(separator: "\n") + "\n"
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// `ssh-keygen -Y sign -n namespace` of `data` with `key`: the armored signature.
    public func sshSign(_ data: Data, with key: SSHKey, namespace: String = "git") async throws -> String {
        let keygen = try RequiredTool.path("ssh-keygen", package: "openssh-client")
        let message = folder.file("message-\(UUID().uuidString.prefix(8))")
        try data.write(to: message)
        try await Shell.run(keygen, ["-q", "-Y", "sign", "-n", namespace, "-f", key.privateKey.path, message.path])
        return try String(contentsOf: URL(fileURLWithPath: message.path + ".sig"), encoding: .utf8)
    }

    /// `ssh-keygen -Y verify` of `signature` over `data` as `principal` against `allowedSigners`: whether it accepts.
    public func sshVerify(_ data: Data, signature: String, principal: String, allowedSigners: URL) async throws -> Bool {
        let keygen = try RequiredTool.path("ssh-keygen", package: "openssh-client")
        let file = folder.file("signature-\(UUID().uuidString.prefix(8)).sig")
        try signature.write(to: file, atomically: true, encoding: .utf8)
        let finished = try await offPool {
            try Shell.capture(
                keygen, ["-Y", "verify", "-n", "git", "-I", principal, "-f", allowedSigners.path, "-s", file.path], input: data)
        }
        return finished.status == 0
    }

    /// The throwaway gpg home (`GNUPGHOME`).
    public var gnupgHome: URL { folder.file("gnupg") }

    /// Makes an ed25519 OpenPGP signing key for `userID` in ``gnupgHome``; returns its fingerprint.
    public func gpgKey(_ userID: String) async throws -> String {
        let gpg = try RequiredTool.path("gpg", package: "gnupg")
        try FileManager.default.createDirectory(at: gnupgHome, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try await Shell.run(
            gpg, ["--batch", "--passphrase", "", "--quick-gen-key", userID, "ed25519", "sign", "never"],
            environment: ["GNUPGHOME": gnupgHome.path])
        let listing = try await Shell.run(
            gpg, ["--batch", "--with-colons", "--list-keys", userID], environment: ["GNUPGHOME": gnupgHome.path])
        guard let line = listing.split(separator: "\n").first(where: { $0.hasPrefix("fpr:") }),
            let fingerprint = line.split(separator: ":", omittingEmptySubsequences: false).dropFirst(9).first
        else { throw TestSupportError("gpg listed no fingerprint for \(userID)") }
        return String(fingerprint)
    }

    /// `gpg --export --armor` of the keys named (every key of ``gnupgHome`` when none) into `name`.
    public func gpgExport(_ name: String, keys: [String] = []) async throws -> URL {
        let gpg = try RequiredTool.path("gpg", package: "gnupg")
        let file = folder.file(name)
        try await Shell.run(
            gpg, ["--batch", "--armor", "--output", file.path, "--export"] + keys, environment: ["GNUPGHOME": gnupgHome.path])
        return file
    }

    /// Stops the gpg-agent that signing started in ``gnupgHome``.
    public func stopGPGAgent() async {
        guard let gpgconf = try? RequiredTool.path("gpgconf", package: "gnupg") else { return }
        _ = try? await Shell.run(gpgconf, ["--kill", "all"], environment: ["GNUPGHOME": gnupgHome.path])
    }

    /// Commits `files` in the `git` CLI working copy `clone` with `git commit -S`: signed by the SSH key `ssh`, or
    /// by the OpenPGP key `gpgKey` of ``gnupgHome``, or unsigned when neither is given. Returns the commit id.
    @discardableResult
    public func commit(
        in clone: URL, files: [String: String], message: String, ssh: SSHKey? = nil, gpgKey: String? = nil
    ) async throws -> String {
        for (path, content) in files {
            let file = clone.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try content.write(to: file, atomically: true, encoding: .utf8)
        }
        try await Shell.git(["add", "--all"], in: clone)
        let git = try RequiredTool.path("git", package: "git")
        var arguments: [String] = []
        if let ssh { arguments += ["-c", "gpg.format=ssh", "-c", "user.signingkey=\(ssh.privateKey.path)"] }
        if let gpgKey { arguments += ["-c", "gpg.format=openpgp", "-c", "user.signingkey=\(gpgKey)"] }
        arguments += ["commit", "--quiet", "-m", message] + (ssh != nil || gpgKey != nil ? ["-S"] : ["--no-gpg-sign"])
        try await Shell.run(
            git, arguments, directory: clone,
            environment: Hermetic.gitEnvironment.merging(["GNUPGHOME": gnupgHome.path]) { $1 })
        return try await Shell.git(["rev-parse", "HEAD"], in: clone).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
