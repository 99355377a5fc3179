import Foundation

/// `git daemon` serving a ``GitOrigin`` over git:// on 127.0.0.1 with push enabled; stopped on deinit.
public final class GitDaemonServer: Sendable {
    /// The TCP port.
    public let port: Int
    /// `git://127.0.0.1:PORT/origin.git`.
    public let url: String
    /// The daemon process (its log helps when a test fails).
    public let process: ManagedProcess

    private init(port: Int, url: String, process: ManagedProcess) {
        self.port = port
        self.url = url
        self.process = process
    }

    /// Starts `git daemon` in the foreground on `port` (nil: a free one) and waits until it accepts connections.
    /// A given port brings a stopped server back at the same URL.
    public static func start(serving origin: GitOrigin, port requestedPort: Int? = nil) async throws -> GitDaemonServer {
        // The daemon binary itself, not `git daemon`: the `git` wrapper would pass SIGTERM on to nobody.
        let daemon = try RequiredTool.path("git-daemon", package: "git")
        let port = try requestedPort ?? FreePort.next()
        let base = origin.root.path
        let process = try await offPool {
            try ManagedProcess(
                daemon,
                ["--reuseaddr", "--base-path=\(base)", "--export-all", "--enable=receive-pack", "--informative-errors",
                 "--listen=127.0.0.1", "--port=\(port)", base],
                logFile: origin.root.file("git-daemon-\(port).log"), environment: Hermetic.gitEnvironment)
        }
        do {
            try await Wait.forPort(port)
        } catch {
            throw TestSupportError("git daemon did not start on port \(port): \(error)\n\(process.logTail())")
        }
        return GitDaemonServer(port: port, url: "git://127.0.0.1:\(port)/origin.git", process: process)
    }
}
