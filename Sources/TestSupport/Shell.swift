import Foundation
import Spawn

/// Runs short set-up commands (git, openssl) and returns their output, throwing on a non-zero exit.
///
/// From async code, ``run(_:_:directory:environment:input:)`` and ``git(_:in:)`` wait for the command on a
/// thread of their own (see ``offPool(_:)``): a test that blocked a thread of Swift's cooperative pool — two
/// threads on a 2-core machine — would stall every other test running beside it, servers and clocks included.
/// The blocking forms are for fixture code that itself runs inside ``offPool(_:)``; the compiler refuses
/// them in async code.
public enum Shell {
    /// Runs `executable` with `arguments` to completion, on a thread of its own, and returns standard output.
    ///
    /// - Throws: ``TestSupportError`` with the command, exit status and standard error.
    @discardableResult
    public static func run(
        _ executable: String, _ arguments: [String], directory: URL? = nil, environment: [String: String] = [:],
        input: Data? = nil
    ) async throws -> String {
        try await offPool { try runBlocking(executable, arguments, directory: directory, environment: environment, input: input) }
    }

    /// Runs the `git` CLI (a second, independent client) with a hermetic configuration, on a thread of its own.
    @discardableResult
    public static func git(_ arguments: [String], in directory: URL? = nil) async throws -> String {
        try await offPool { try gitBlocking(arguments, in: directory) }
    }

    /// ``run(_:_:directory:environment:input:)`` on the calling thread, for fixture code inside ``offPool(_:)``.
    @available(*, noasync, message: "blocks a cooperative thread; use the async Shell.run, or call it inside offPool")
    @discardableResult
    public static func runBlocking(
        _ executable: String, _ arguments: [String], directory: URL? = nil, environment: [String: String] = [:],
        input: Data? = nil
    ) throws -> String {
        let finished = try capture(executable, arguments, directory: directory, environment: environment, input: input)
        guard finished.status == 0 else {
            throw TestSupportError(
                "\(([executable] + arguments).joined(separator: " ")) exited \(finished.status): " + finished.errors)
        }
        return finished.output
    }

    /// What a command left: its exit status, standard output and standard error.
    public struct Finished: Sendable {
        /// The exit status.
        public var status: Int32
        /// Standard output (with standard error too, when merged).
        public var output: String
        /// Standard error (empty when merged into ``output``).
        public var errors: String
    }

    /// Runs a command to completion on the calling thread, whatever its exit status.
    ///
    /// Output goes to temporary files, not pipes: a server another test spawns at the same moment inherits
    /// whatever descriptors are open, and an inherited pipe's write end would keep a read-to-EOF waiting forever.
    /// Started with ``SpawnedProcess``, not Foundation's `Process` (which crashes now and then on Linux: its type
    /// documentation says why).
    @available(*, noasync, message: "blocks a cooperative thread; call it inside offPool")
    public static func capture(
        _ executable: String, _ arguments: [String], directory: URL? = nil, environment: [String: String] = [:],
        input: Data? = nil, mergeErrors: Bool = false
    ) throws -> Finished {
        let scratch = try TemporaryDirectory(prefix: "iter8-shell")
        let files = (stdin: scratch.file("stdin"), stdout: scratch.file("stdout"), stderr: scratch.file("stderr"))
        try (input ?? Data()).write(to: files.stdin)
        _ = FileManager.default.createFile(atPath: files.stdout.path, contents: nil)
        _ = FileManager.default.createFile(atPath: files.stderr.path, contents: nil)
        let stdin = try FileHandle(forReadingFrom: files.stdin)
        let stdout = try FileHandle(forWritingTo: files.stdout)
        let stderr = try FileHandle(forWritingTo: files.stderr)
        defer { for handle in [stdin, stdout, stderr] { try? handle.close() } }
        let process = try SpawnedProcess.start(
            executable, arguments, environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
            directory: directory?.path, standardInput: stdin.fileDescriptor, standardOutput: stdout.fileDescriptor,
            standardError: mergeErrors ? stdout.fileDescriptor : stderr.fileDescriptor)
        let termination = process.waitForExit()
        return Finished(
            status: termination.status,
            output: String(decoding: try Data(contentsOf: files.stdout), as: UTF8.self),
            errors: String(decoding: try Data(contentsOf: files.stderr), as: UTF8.self))
    }

    /// ``git(_:in:)`` on the calling thread, for fixture code inside ``offPool(_:)``.
    @available(*, noasync, message: "blocks a cooperative thread; use the async Shell.git, or call it inside offPool")
    @discardableResult
    public static func gitBlocking(_ arguments: [String], in directory: URL? = nil) throws -> String {
        let git = try RequiredTool.path("git", package: "git")
        return try runBlocking(git, arguments, directory: directory, environment: Hermetic.gitEnvironment)
    }
}

/// Environment that keeps the developer's own git configuration out of tests.
public enum Hermetic {
    /// `GIT_CONFIG_GLOBAL=/dev/null`, no system config, a fixed identity.
    public static let gitEnvironment: [String: String] = [
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test Author",
        "GIT_AUTHOR_EMAIL": "author@example.com",
        "GIT_COMMITTER_NAME": "Test Committer",
        "GIT_COMMITTER_EMAIL": "committer@example.com",
        "GIT_TERMINAL_PROMPT": "0",
    ]
}
