import Foundation
import Synchronization

/// Keeps libgit2 network operations that outlive their deadline bounded: at most one per remote.
///
/// libgit2 1.5 (Debian bookworm) has no connect or read timeout (`GIT_OPT_SET_SERVER_CONNECT_TIMEOUT` and
/// `GIT_OPT_SET_SERVER_TIMEOUT` arrived in 1.7), and its progress callbacks do not fire while a connect or a
/// read is blocked, so nothing can stop a call that waits on a silent server (a tarpit that accepts and never
/// answers). ``GitRemote/timeout`` is kept by the caller instead: the caller gets `.network` at the deadline,
/// and the thread running the call is *abandoned* — left blocked until the server or the kernel drops the
/// connection. Without a limit, every poll of a tarpit would leave one more thread and socket behind.
///
/// So an operation that passed its deadline (or whose task was cancelled) while still running marks its
/// remote: until that thread returns, every new network operation on the same remote URL fails at once with
/// ``GitError/Code/inFlight`` ("still in flight") instead of starting another. A remote therefore never holds
/// more stuck threads and sockets than the operations that were running on it at the moment it stalled — one
/// for a reconciler, which polls one operation at a time. ``abandonedTotal`` counts abandoned operations and
/// ``stuck`` those still blocked (the service exports them as `iter8_git_operations_abandoned_total` and
/// `iter8_git_operations_stuck`).
public final class GitNetworkOperations: Sendable {
    /// The process's registry: libgit2's threads are a process-wide resource.
    public static let shared = GitNetworkOperations()

    private struct State {
        var stuck: [String: Int] = [:]
        var abandonedTotal = 0
    }
    private let state = Mutex(State())

    /// Creates an empty registry (tests use their own).
    public init() {}

    /// Operations abandoned at their deadline or on cancellation since the registry was created.
    public var abandonedTotal: Int { state.withLock { $0.abandonedTotal } }

    /// Abandoned operations whose thread is still blocked in libgit2, over all remotes.
    public var stuck: Int { state.withLock { $0.stuck.values.reduce(0, +) } }

    /// Abandoned operations still blocked on `remote` (a URL without password, as libgit2 is given it).
    public func stuck(on remote: String) -> Int { state.withLock { $0.stuck[remote, default: 0] } }

    /// Throws `.inFlight` when an abandoned operation on `remote` is still running.
    func admit(_ remote: String, operation: String, context: GitError.Context) throws(GitError) {
        let count = stuck(on: remote)
        guard count <= 0 else {
            throw GitError(
                code: .inFlight, operation: operation,
                message: "an earlier network operation on this remote passed its deadline and is still in flight "
                    + "(libgit2 1.5 cannot interrupt it); not starting another until it ends",
                context: context)
        }
    }

    /// The operation on `remote` was given up on while its thread still runs.
    func abandoned(_ remote: String) {
        state.withLock {
            $0.stuck[remote, default: 0] += 1
            $0.abandonedTotal += 1
        }
    }

    /// The thread of an abandoned operation on `remote` returned.
    func ended(_ remote: String) {
        state.withLock {
            let left = $0.stuck[remote, default: 0] - 1
            $0.stuck[remote] = left == 0 ? nil : left
        }
    }
}
