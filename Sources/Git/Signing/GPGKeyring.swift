import Foundation
import Spawn

/// OpenPGP public keys trusted to sign commits (e.g. GitHub's web-flow key, which signs merges made in its web
/// UI), checked by running `gpg`: the keyring file (armored or binary, as `gpg --export` or GitHub's
/// `https://github.com/web-flow.gpg` give it) is imported into a throwaway home folder and the signature verified
/// there, so the user's own keyring and trust settings play no part. Every key in the file is trusted.
///
/// `gpg` runs as a child process whose output goes to files; the caller awaits its exit without blocking a thread.
public struct GPGKeyring: Sendable, Hashable {
    /// The keyring file.
    public var path: String
    /// The `gpg` executable (found on `PATH` when it has no slash).
    public var executable: String
    /// How long one `gpg` run may take.
    public var timeout: Duration

    /// A keyring at `path`, checked with `executable`.
    public init(path: String, executable: String = "gpg", timeout: Duration = .seconds(30)) {
        self.path = path
        self.executable = executable
        self.timeout = timeout
    }

    /// Whether `signature` (armored OpenPGP) is a good signature of `data` by a key of the keyring.
    ///
    /// - Returns: the signer (key id and user id as gpg reports them) when good; throws otherwise.
    /// - Throws: ``SigningError`` `.tool` when gpg cannot be run, `.malformed` with gpg's reason when the signature
    ///   is bad, by an unknown, expired or revoked key.
    public func verify(signature: String, data: Data) async throws(SigningError) -> String {
        let fileManager = FileManager.default
        let folder = fileManager.temporaryDirectory.appendingPathComponent("iter8-gpg-\(UUID().uuidString)")
        do {
            try fileManager.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            try Data(signature.utf8).write(to: folder.appendingPathComponent("signature.asc"))
            try data.write(to: folder.appendingPathComponent("payload"))
        } catch {
            throw SigningError(.tool, "cannot prepare a gpg folder: \(error.localizedDescription)")
        }
        defer { try? fileManager.removeItem(at: folder) }
        let home = folder.appendingPathComponent("home")
        try? fileManager.createDirectory(at: home, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        let common = ["--homedir", home.path, "--batch", "--no-tty", "--no-autostart", "--no-auto-key-retrieve"]
        let imported = try await run(common + ["--import", path], in: folder, name: "import")
        guard imported == 0 else {
            throw SigningError(.tool, "gpg could not import the keyring \(path): \(tail(folder, "import"))")
        }
        let status = folder.appendingPathComponent("status").path
        _ = try await run(
            common + ["--status-file", status, "--verify", folder.appendingPathComponent("signature.asc").path,
                folder.appendingPathComponent("payload").path], in: folder, name: "verify")
        let lines = (try? String(contentsOfFile: status, encoding: .utf8)) ?? ""
        return try Self.verdict(statusLines: lines)
    }

    /// Reads gpg's `--status-file` lines: one GOODSIG with a VALIDSIG and nothing bad is a good signature.
    static func verdict(statusLines: String) throws(SigningError) -> String {
        var good: String?, valid = false
        for line in statusLines.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: " ", maxSplits: 3).map(String.init)
            guard fields.count >= 2, fields[0] == "[GNUPG:]" else { continue }
            switch fields[1] {
            case "GOODSIG": good = fields.dropFirst(2).joined(separator: " ")
            case "VALIDSIG": valid = true
            case "BADSIG": throw SigningError(.malformed, "bad OpenPGP signature (gpg: BADSIG)")
            case "ERRSIG", "NO_PUBKEY": throw SigningError(.malformed, "OpenPGP signature by a key not in the keyring")
            case "EXPKEYSIG": throw SigningError(.malformed, "OpenPGP signature by an expired key")
            case "REVKEYSIG": throw SigningError(.malformed, "OpenPGP signature by a revoked key")
            case "EXPSIG": throw SigningError(.malformed, "expired OpenPGP signature")
            default: continue
            }
        }
        guard let good, valid else { throw SigningError(.malformed, "gpg did not report a good signature") }
        return good
    }

    /// Runs gpg with stdout and stderr to `<name>.out` in `folder`; its exit status. The child is waited for on a
    /// thread of its own, never on the cooperative pool.
    private func run(_ arguments: [String], in folder: URL, name: String) async throws(SigningError) -> Int32 {
        let (program, programArguments) =
            executable.contains("/") ? (executable, arguments) : ("/usr/bin/env", [executable] + arguments)
        let output = folder.appendingPathComponent("\(name).out")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        guard let handle = try? FileHandle(forWritingTo: output) else { throw SigningError(.tool, "cannot write \(output.path)") }
        defer { try? handle.close() }
        let process: SpawnedProcess
        do {
            process = try SpawnedProcess.start(
                program, programArguments, environment: ProcessInfo.processInfo.environment,
                standardOutput: handle.fileDescriptor,
                standardError: handle.fileDescriptor)
        } catch {
            throw SigningError(.tool, "cannot run \(executable) (\(error)); is gnupg installed?")
        }
        let timeout = timeout
        let timer = Task.detached {
            do { try await Task.sleep(for: timeout) } catch { return false }  // cancelled: gpg ended in time
            return process.send(SIGKILL)
        }
        let termination = await withCheckedContinuation { (continuation: CheckedContinuation<Termination, Never>) in
            let thread = Thread { continuation.resume(returning: process.waitForExit()) }
            thread.name = "iter8-gpg"
            thread.start()
        }
        timer.cancel()
        if await timer.value { throw SigningError(.tool, "gpg took longer than \(timeout)") }
        return termination.status
    }

    private func tail(_ folder: URL, _ name: String) -> String {
        let text = (try? String(contentsOf: folder.appendingPathComponent("\(name).out"), encoding: .utf8)) ?? ""
        return String(text.trimmingCharacters(in: .whitespacesAndNewlines).suffix(300))
    }
}
