import Foundation
import Spawn

/// A child process (a test server) that is terminated when the value is deinitialised.
///
/// Standard output and error go to `logFile`, whose tail is included in errors so a server that fails
/// to start explains itself.
public final class ManagedProcess: Sendable {
    private let process: SpawnedProcess
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
        defer { try? log.close() }  // the child has its own copy
        process = try SpawnedProcess.start(
            executable, arguments, environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
            directory: directory?.path, standardOutput: log.fileDescriptor, standardError: log.fileDescriptor)
    }

    /// The process id.
    public var pid: Int32 { process.id }

    /// True while the child is running.
    public var isRunning: Bool { process.exitIfEnded() == nil }

    /// The exit status once the child has exited normally (nil while it runs, or when a signal killed it).
    public var exitStatus: Int32? {
        guard case .exited(let status) = process.exitIfEnded() else { return nil }
        return status
    }

    /// Sends `signal` (e.g. `SIGINT`) to the child.
    public func signal(_ signal: Int32) {
        process.send(signal)
    }

    /// The last `bytes` of the child's output.
    public func logTail(_ bytes: Int = 2000) -> String {
        guard let data = try? Data(contentsOf: logFile) else { return "" }  // no log yet is not an error
        return String(decoding: data.suffix(bytes), as: UTF8.self)
    }

    /// Sends SIGTERM and waits for the child to exit (SIGKILL after two seconds, then at most five more).
    ///
    /// Polls rather than blocking in `waitpid`: a `deinit` stops servers from a thread of the cooperative pool, and
    /// a child that ignored both signals (stopped under a debugger, say) must not hold that thread for good.
    public func stop() {
        guard process.send(SIGTERM) else {
            _ = process.exitIfEnded()  // reap an ended child
            return
        }
        if waitForExit(seconds: 2) { return }
        process.send(SIGKILL)
        _ = waitForExit(seconds: 5)
    }

    /// Whether the child exited (and was reaped) within `seconds`.
    private func waitForExit(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.exitIfEnded() == nil {
            if Date() >= deadline { return false }
            usleep(10_000)
        }
        return true
    }

    deinit { stop() }
}
