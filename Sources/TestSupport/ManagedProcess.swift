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

    /// Sends SIGTERM and waits for the child to exit (SIGKILL after two seconds).
    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }
}
