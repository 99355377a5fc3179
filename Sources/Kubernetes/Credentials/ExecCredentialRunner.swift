import Foundation
import Spawn

#if canImport(Glibc)
    import Glibc
#endif

/// Runs an exec credential plugin on a thread of its own (never on the cooperative pool) and parses its output.
enum ExecCredentialRunner {
    /// Runs `plugin` with this process's environment plus the plugin's `env` and `KUBERNETES_EXEC_INFO`.
    ///
    /// - Throws: ``KubeError`` `.configuration` naming the command: not found, timed out, failed (with the tail of
    ///   its standard error) or printed something that is not an ExecCredential.
    static func run(
        _ plugin: ExecCredentialPlugin, environment: [String: String], timeout: Duration
    ) async throws -> ExecCredential {
        var env = environment
        for variable in plugin.env { env[variable.name] = variable.value }
        let info: JSONValue = [
            "apiVersion": .string(plugin.apiVersion), "kind": "ExecCredential", "spec": ["interactive": false],
        ]
        env["KUBERNETES_EXEC_INFO"] = String(decoding: try info.encoded(), as: UTF8.self)
        let executable = try resolve(plugin, path: env["PATH"] ?? "/usr/local/bin:/usr/bin:/bin")
        let environment = env
        let output = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Output, any Error>) in
            let thread = Thread {
                continuation.resume(
                    with: Result { try execute(executable, plugin: plugin, environment: environment, timeout: timeout) })
            }
            thread.name = "iter8-exec-credential"
            thread.start()
        }
        guard !output.timedOut else {
            throw KubeError(code: .configuration, message: "exec plugin \(plugin.commandLine) timed out after \(timeout)")
        }
        guard output.status == 0 else {
            let stderr = String(decoding: output.stderr.suffix(2000), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            throw KubeError(
                code: .configuration,
                message: "exec plugin \(plugin.commandLine) exited with status \(output.status)"
                    + (stderr.isEmpty ? " and no error output" : ": \(stderr)"))
        }
        return try ExecCredential.parse(output.stdout, plugin: plugin)
    }

    private struct Output: Sendable {
        var status: Int32
        var stdout: Data
        var stderr: Data
        var timedOut: Bool
    }

    /// An absolute path; a relative one with a `/` is relative to the kubeconfig's folder; a bare name is looked
    /// up in `PATH`.
    private static func resolve(_ plugin: ExecCredentialPlugin, path: String) throws -> URL {
        let command = plugin.command
        if command.hasPrefix("/") { return URL(fileURLWithPath: command) }
        if command.contains("/") { return URL(fileURLWithPath: plugin.baseDirectory).appendingPathComponent(command) }
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(command)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return URL(fileURLWithPath: candidate) }
        }
        throw KubeError(
            code: .configuration,
            message: "exec plugin \(command) not found in PATH" + (plugin.installHint.map { ". \($0)" } ?? ""))
    }

    private static func execute(
        _ executable: URL, plugin: ExecCredentialPlugin, environment: [String: String], timeout: Duration
    ) throws -> Output {
        let stdout = Pipe()
        let stderr = Pipe()
        let process: SpawnedProcess
        do {
            process = try SpawnedProcess.start(
                executable.path, plugin.args, environment: environment, directory: plugin.baseDirectory,
                standardOutput: stdout.fileHandleForWriting.fileDescriptor,
                standardError: stderr.fileHandleForWriting.fileDescriptor)
        } catch {
            throw KubeError(
                code: .configuration,
                message: "exec plugin \(plugin.commandLine) could not be started: \(error)"
                    + (plugin.installHint.map { ". \($0)" } ?? ""))
        }
        // The child has its own copies: reading to the end needs this process's write ends closed.
        try? stdout.fileHandleForWriting.close()
        try? stderr.fileHandleForWriting.close()
        let timer = TimeoutFlag()
        // SIGTERM to the plugin's process group at the timeout, SIGKILL two seconds later: whatever it started dies
        // with it, so nothing is left holding the pipes read to their end below.
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout.seconds) {
            timer.fire { process.send(SIGTERM) }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout.seconds + 2) { process.send(SIGKILL) }
        let errorData = ErrorCollector()
        let errorThread = Thread { errorData.set(stderr.fileHandleForReading.readDataToEndOfFile()) }
        errorThread.start()
        let outputData = stdout.fileHandleForReading.readDataToEndOfFile()
        let termination = process.waitForExit()
        errorData.wait()
        return Output(status: termination.status, stdout: outputData, stderr: errorData.data, timedOut: timer.fired)
    }
}

/// Set once by the timeout timer when it stopped the plugin.
private final class TimeoutFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var fired: Bool { lock.withLock { value } }
    /// Set when `stop` (signalling the plugin) says it stopped it. Under the lock ``fired`` takes, so whoever reads
    /// it after the plugin's end sees the timer's decision, whichever came first.
    func fire(_ stop: () -> Bool) { lock.withLock { if stop() { value = true } } }
}

/// Standard error, read to its end on a second thread so neither pipe can fill up and block the plugin.
private final class ErrorCollector: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Data?
    var data: Data { condition.withLock { value ?? Data() } }
    func set(_ data: Data) {
        condition.withLock {
            value = data
            condition.signal()
        }
    }
    func wait() {
        condition.withLock { while value == nil { condition.wait() } }
    }
}
