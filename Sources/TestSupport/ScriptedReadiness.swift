import Experiments
import GitOps
import Synchronization

/// A ``GitOps/VersionReadiness`` whose answers a test sets, for fast tests: every version is ready unless marked
/// otherwise, and the cluster can be made unreachable.
public final class ScriptedReadiness: VersionReadiness {
    /// The error an unreachable cluster throws.
    public struct Unreachable: Error, Hashable, Sendable, CustomStringConvertible {
        public var description: String { "connection refused (the scripted cluster is down)" }
    }

    struct State {
        var notReady: [String: String] = [:]
        var unreachable = false
        var checks = 0
    }

    let state = Mutex(State())

    /// Every version ready.
    public init() {}

    /// Marks `version` not ready with `reason` (nil: ready again).
    public func setNotReady(_ version: String, _ reason: String? = "0/1 replicas available") {
        state.withLock { $0.notReady[version] = reason }
    }

    /// Makes the cluster unreachable (every check throws) or reachable again.
    public func setUnreachable(_ unreachable: Bool) {
        state.withLock { $0.unreachable = unreachable }
    }

    /// Checks so far.
    public var checkCount: Int { state.withLock { $0.checks } }

    public func check(_ experiment: Experiment) async throws -> (ready: Bool, message: String) {
        try state.withLock { state throws(Unreachable) in
            state.checks += 1
            if state.unreachable { throw Unreachable() }
            let problems = experiment.versions.compactMap { version in
                state.notReady[version.name].map { "\(version.name) is not ready: \($0)" }
            }
            return problems.isEmpty ? (true, "every version is ready") : (false, problems.joined(separator: "; "))
        }
    }
}
