import CSpawn
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A child process started with `posix_spawn`, in place of Foundation's `Process`.
///
/// Why not `Process`: on Linux, `Process.run()` of swift-corelibs-foundation 6.3 walks `/proc/self/fd` with a struct
/// copy of each `dirent` that reads 256 bytes whatever the record's length, and crashes (SIGSEGV) when a record ends
/// a page of glibc's buffer and the next page is unmapped (swift-corelibs-foundation#5472, fixed after 6.3.1; seen
/// here in the test suite). A service that verifies signatures with gpg or gets its cluster credentials from an
/// exec plugin must not crash now and then for starting a child. `Process` also learns of a child's end late when
/// another process holds a descriptor the child inherited (swift-corelibs-foundation#4795); this type waits with
/// `waitid`.
///
/// The child gets the three descriptors given for its standard input, output and error, and no other: every
/// descriptor from 3 up is closed in the child (`posix_spawn_file_actions_addclosefrom_np`, through `CSpawn`), so a pipe another
/// thread has open at that moment does not leak into it.
///
/// A signal is never sent to a reaped child: ``waitForExit()`` waits without reaping, then reaps under the lock
/// ``send(_:)`` takes, so the process id cannot have been reused by then.
public final class SpawnedProcess: Sendable {
    /// The child's process id.
    public let id: pid_t
    private let state = Mutex<Termination?>(nil)

    private init(id: pid_t) { self.id = id }

    /// Starts `executable` (a path; no `PATH` look-up) with `arguments`, exactly `environment`, in `directory`
    /// (this process's when nil).
    ///
    /// - Parameters:
    ///   - standardInput: the descriptor the child reads as its standard input.
    ///   - standardOutput: the descriptor the child writes its standard output to.
    ///   - standardError: the descriptor the child writes its standard error to (may equal `standardOutput`).
    /// - Throws: ``SpawnError`` when the program cannot be started (missing, not executable, a bad directory).
    public static func start(
        _ executable: String, _ arguments: [String], environment: [String: String], directory: String? = nil,
        standardInput: Int32, standardOutput: Int32, standardError: Int32
    ) throws(SpawnError) -> SpawnedProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 onto 0, 1 and 2 (a descriptor dup2'd onto itself keeps FD_CLOEXEC, so those are skipped), then close
        // everything else the child inherited.
        for (source, target) in [(standardInput, Int32(0)), (standardOutput, 1), (standardError, 2)] where source != target {
            posix_spawn_file_actions_adddup2(&actions, source, target)
        }
        iter8_spawn_file_actions_addclosefrom(&actions, 3)
        if let directory { iter8_spawn_file_actions_addchdir(&actions, directory) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The child starts with default signal dispositions and an empty mask, whatever this thread blocks
        // (the service blocks SIGTERM and SIGINT to handle them itself).
        var all = sigset_t()
        sigfillset(&all)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") }
        defer { for pointer in argv + envp { free(pointer) } }
        var pid = pid_t()
        let result = (argv + [nil]).withUnsafeBufferPointer { arguments in
            (envp + [nil]).withUnsafeBufferPointer { environment in
                posix_spawn(&pid, executable, &actions, &attributes, arguments.baseAddress!, environment.baseAddress!)
            }
        }
        guard result == 0 else { throw SpawnError(executable: executable, code: result) }
        return SpawnedProcess(id: pid)
    }

    /// Blocks the calling thread until the child ends, reaps it and returns how it ended (at once when it has).
    ///
    /// Call it from a thread of your own, never from Swift's cooperative pool.
    @discardableResult
    public func waitForExit() -> Termination {
        if let ended = state.withLock({ $0 }) { return ended }
        // Wait without reaping: until the reap below the process id stays ours, so send(_:) cannot hit another.
        var info = siginfo_t()
        while waitid(P_PID, id_t(id), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}
        return reap(blocking: true) ?? .exited(-1)
    }

    /// How the child ended, reaping it; nil while it runs. Does not block.
    public func exitIfEnded() -> Termination? {
        reap(blocking: false)
    }

    /// Sends `signal` to the child if it is still running; true when it was (not once it has ended, reaped or not).
    @discardableResult
    public func send(_ signal: Int32) -> Bool {
        state.withLock { ended in
            guard ended == nil else { return false }
            // Ended but not reaped yet (a zombie): nothing to signal. WNOWAIT leaves it to be reaped by its waiter.
            var info = siginfo_t()
            guard waitid(P_PID, id_t(id), &info, WEXITED | WNOHANG | WNOWAIT) == 0, iter8_siginfo_pid(&info) == 0 else { return false }
            return kill(id, signal) == 0
        }
    }

    private func reap(blocking: Bool) -> Termination? {
        state.withLock { ended in
            if let ended { return ended }
            var status: Int32 = 0
            var result: pid_t
            repeat { result = waitpid(id, &status, blocking ? 0 : WNOHANG) } while result < 0 && errno == EINTR
            guard result == id else {
                // Not ended yet (WNOHANG), or reaped by somebody else (ECHILD): the latter is reported as an
                // unknown exit rather than waiting forever.
                if result < 0 { ended = .exited(-1) }
                return ended
            }
            // WIFEXITED / WEXITSTATUS / WTERMSIG, which the Glibc module does not import (they are macros).
            ended = status & 0x7f == 0 ? .exited((status >> 8) & 0xff) : .signalled(status & 0x7f)
            return ended
        }
    }
}
