import CSpawn
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
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
/// The child gets the three descriptors given for its standard input, output and error (`/dev/null` for each one
/// given as nil), and no other: every descriptor from 3 up is closed in the child
/// (`posix_spawn_file_actions_addclosefrom_np`, through `CSpawn`), so a pipe another thread has open at that moment
/// does not leak into it. It starts with default signal dispositions and no signal blocked, whatever the spawning
/// thread blocks, and in a process group of its own, as `Process` did: a terminal's Ctrl-C does not reach it, and
/// ``send(_:)`` signals the group, so whatever the child started (and left holding its pipes) goes too.
///
/// A signal never reaches a process that is not ours: the child is reaped only under the lock ``send(_:)`` takes,
/// and only when no thread is in ``waitForExit()`` (which waits without reaping), so its process id — and so its
/// process group's — cannot have been reused while anybody may still use it.
public final class SpawnedProcess: Sendable {
    /// The child's process id (and its process group's).
    public let id: pid_t
    private let state = Mutex(State())

    private struct State {
        /// How the child ended, once known.
        var ended: Termination?
        /// True once the child has been reaped: its process id may be another process's from then on.
        var reaped = false
        /// Threads in ``waitForExit()``'s wait; the last one out reaps.
        var waiters = 0
    }

    private init(id: pid_t) { self.id = id }

    /// Starts `executable` (a path; no `PATH` look-up) with `arguments`, exactly `environment`, in `directory`
    /// (this process's when nil).
    ///
    /// - Parameters:
    ///   - standardInput: the descriptor the child reads as its standard input; nil for `/dev/null`.
    ///   - standardOutput: the descriptor the child writes its standard output to; nil for `/dev/null`.
    ///   - standardError: the descriptor the child writes its standard error to (may equal `standardOutput`); nil
    ///     for `/dev/null`.
    /// - Throws: ``SpawnError`` when the program cannot be started (missing, not executable, a bad directory, a bad
    ///   descriptor).
    public static func start(
        _ executable: String, _ arguments: [String], environment: [String: String], directory: String? = nil,
        standardInput: Int32? = nil, standardOutput: Int32? = nil, standardError: Int32? = nil
    ) throws(SpawnError) -> SpawnedProcess {
        let check = { (code: Int32) throws(SpawnError) in
            if code != 0 { throw SpawnError(executable: executable, code: code) }
        }
        var actions = posix_spawn_file_actions_t()
        try check(posix_spawn_file_actions_init(&actions))
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Each given descriptor is first copied above all of them, then onto 0, 1 or 2: copied straight onto its
        // place, one given as 0, 1 or 2 could be overwritten by an earlier copy. The copies go with the closefrom.
        let streams = [standardInput, standardOutput, standardError]
        let above = (streams.compactMap { $0 }.max() ?? 2) + 1
        for (index, source) in streams.enumerated() {
            if let source { try check(posix_spawn_file_actions_adddup2(&actions, source, above + Int32(index))) }
        }
        for (index, source) in streams.enumerated() {
            if source != nil {
                try check(posix_spawn_file_actions_adddup2(&actions, above + Int32(index), Int32(index)))
            } else {
                try check(posix_spawn_file_actions_addopen(&actions, Int32(index), "/dev/null", O_RDWR, 0))
            }
        }
        try check(iter8_spawn_file_actions_addclosefrom(&actions, 3))
        if let directory { try check(iter8_spawn_file_actions_addchdir(&actions, directory)) }

        var attributes = posix_spawnattr_t()
        try check(posix_spawnattr_init(&attributes))
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t()
        sigfillset(&all)
        var none = sigset_t()
        sigemptyset(&none)
        try check(posix_spawnattr_setsigdefault(&attributes, &all))
        try check(posix_spawnattr_setsigmask(&attributes, &none))
        try check(posix_spawnattr_setpgroup(&attributes, 0))
        var flags = Int32(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP)
        #if canImport(Darwin)
            flags |= Int32(POSIX_SPAWN_CLOEXEC_DEFAULT)
        #endif
        try check(posix_spawnattr_setflags(&attributes, Int16(flags)))

        let argv = ([executable] + arguments).map { strdup($0) }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") }
        defer { for pointer in argv + envp { free(pointer) } }
        var pid = pid_t()
        try check(
            (argv + [nil]).withUnsafeBufferPointer { arguments in
                (envp + [nil]).withUnsafeBufferPointer { environment in
                    posix_spawn(&pid, executable, &actions, &attributes, arguments.baseAddress!, environment.baseAddress!)
                }
            })
        return SpawnedProcess(id: pid)
    }

    /// Blocks the calling thread until the child ends and returns how it ended (at once when it has); the last
    /// thread waiting reaps it.
    ///
    /// Call it from a thread of your own, never from Swift's cooperative pool.
    @discardableResult
    public func waitForExit() -> Termination {
        let known: Termination? = state.withLock { state in
            if state.reaped { return state.ended }
            state.waiters += 1
            return nil
        }
        if let known { return known }
        // Wait without reaping; nobody reaps while this thread is counted, so the id stays this child's.
        var info = siginfo_t()
        var result: Int32
        repeat { result = waitid(P_PID, id_t(id), &info, WEXITED | WNOWAIT) } while result != 0 && errno == EINTR
        return state.withLock { state in
            state.waiters -= 1
            if state.ended == nil { state.ended = result == 0 ? Self.end(info) : .exited(-1) }
            if state.waiters == 0 { reap(&state) }
            return state.ended ?? .exited(-1)
        }
    }

    /// How the child ended, reaping it unless a thread is in ``waitForExit()``; nil while it runs. Does not block.
    public func exitIfEnded() -> Termination? {
        state.withLock { state in
            if state.ended == nil { state.ended = peek() }
            if state.ended != nil, state.waiters == 0 { reap(&state) }
            return state.ended
        }
    }

    /// Sends `signal` to the child's process group (the child and what it started) unless the child has been
    /// reaped; true when the child itself was still running.
    @discardableResult
    public func send(_ signal: Int32) -> Bool {
        state.withLock { state in
            guard !state.reaped else { return false }
            // Not reaped: the id is still this child's (a zombie holds it), and so is the group's.
            let running = state.ended == nil && peek() == nil
            kill(-id, signal)
            return running
        }
    }

    /// How the child ended, without reaping it; nil while it runs.
    private func peek() -> Termination? {
        var info = siginfo_t()
        var result: Int32
        repeat { result = waitid(P_PID, id_t(id), &info, WEXITED | WNOHANG | WNOWAIT) } while result != 0 && errno == EINTR
        // An error here (ECHILD: somebody else reaped it, against this type's use) reads as an unknown end.
        return result == 0 ? Self.end(info) : .exited(-1)
    }

    /// Reaps the ended child (at once: it has ended), once.
    private func reap(_ state: inout State) {
        guard !state.reaped else { return }
        var info = siginfo_t()
        while waitid(P_PID, id_t(id), &info, WEXITED) != 0 && errno == EINTR {}
        state.reaped = true
    }

    private static func end(_ info: siginfo_t) -> Termination? {
        var info = info
        var status: Int32 = 0
        switch iter8_siginfo_end(&info, &status) {
        case 0: return nil
        case 1: return .exited(status)
        default: return .signalled(status)
        }
    }
}
