import Foundation

/// A child process (a test server) that is terminated when the value is deinitialised.
///
/// Standard output and error go to `logFile`, whose tail is included in errors so a server that fails
/// to start explains itself.
public final class ManagedProcess: @unchecked Sendable {
    // @unchecked: `process` is only mutated through Foundation's own thread-safe Process API.
    private let process: Process
    /// Where the child's output goes.
    public let logFile: URL
    /// The command line, for messages.
    public let commandLine: String

    /// Starts `executable` with `arguments`, in `directory`, with `environment` added to the current one.
    public init(
        _ executable: String, _ arguments: [String], logFile: URL, directory: URL? = nil,
        environment: [String: String] = [:]
    ) throws {
        self.logFile = logFile
        commandLine = ([executable] + arguments).joined(separator: " ")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)  // FileHandle below reports failures
        let log = try FileHandle(forWritingTo: logFile)
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// The process id.
    public var pid: Int32 { process.processIdentifier }

    /// True while the child is running.
    public var isRunning: Bool { process.isRunning }

    /// The exit status once the child has exited normally (nil while it runs, or when a signal killed it).
    public var exitStatus: Int32? {
        guard !process.isRunning, process.terminationReason == .exit else { return nil }
        return process.terminationStatus
    }

    /// Sends `signal` (e.g. `SIGINT`) to the child.
    public func signal(_ signal: Int32) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, signal)
    }

    /// The last `bytes` of the child's output.
    public func logTail(_ bytes: Int = 2000) -> String {
        guard let data = try? Data(contentsOf: logFile) else { return "" }  // no log yet is not an error
        return String(decoding: data.suffix(bytes), as: UTF8.self)
    }

    /// Sends SIGTERM and waits for the child to exit (SIGKILL after two seconds, then at most five more).
    ///
    /// Not `Process.waitUntilExit()`: on Linux, Foundation learns of an exit when a socket the child inherited
    /// closes, and another process holding that socket (a grandchild, or a server started at the same moment)
    /// hides the exit for as long as it lives (swift-corelibs-foundation#4795). Stopping a server from a
    /// `deinit` then blocked a thread of the cooperative pool for good, and on two cores the whole test run.
    /// A child Foundation has not reaped yet but that has exited (a zombie) counts as stopped.
    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        if waitForExit(seconds: 2) { return }
        kill(process.processIdentifier, SIGKILL)
        _ = waitForExit(seconds: 5)
    }

    /// Whether the child exited within `seconds`.
    private func waitForExit(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && !hasExited {
            if Date() >= deadline { return false }
            usleep(10_000)
        }
        return true
    }

    /// True when the kernel reports the child dead (exited, not yet reaped); false where `/proc` cannot say.
    private var hasExited: Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
            let end = stat.lastIndex(of: ")")
        else { return false }
        // The state follows the command name, which may itself contain spaces and parentheses.
        let state = stat[stat.index(after: end)...].drop { $0 == " " }.first
        return state == "Z" || state == "X"
    }

    deinit { stop() }
}
