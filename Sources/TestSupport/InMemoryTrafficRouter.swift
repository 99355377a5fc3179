import Experiments
import Routing
import Synchronization

/// A ``Routing/TrafficRouter`` over an in-memory split per routed object, for fast tests: what the live VirtualService
/// or HTTPRoute would carry, every split applied and every promotion in order, and injectable failures.
///
/// An object whose split was never set carries all its traffic on the experiment's baseline (the first version).
/// It routes any ``Experiments/RoutingKind``; wrap it in a ``Routing/RoutingTable`` to serve only some.
public final class InMemoryTrafficRouter: TrafficRouter {
    /// A call of the router.
    public enum Operation: String, Hashable, Sendable {
        /// ``currentSplit(for:)``.
        case read
        /// ``apply(_:for:)``.
        case apply
        /// ``promote(_:for:)``.
        case promote
    }

    /// One call that changed an object, in order.
    public struct Change: Hashable, Sendable {
        /// The object.
        public var object: RoutedObject
        /// `apply` or `promote`.
        public var operation: Operation
        /// The split afterwards.
        public var split: [String: Int]
    }

    /// The error an injected failure throws.
    public struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
        /// The call that failed.
        public var operation: Operation
        /// The object.
        public var object: RoutedObject?
        public var description: String {
            "cannot \(operation.rawValue) the split of \(object.map { "\($0)" } ?? "the routed object"): injected failure"
        }
    }

    struct State {
        var splits: [RoutedObject: [String: Int]] = [:]
        var changes: [Change] = []
        var failing: [Operation: Int] = [:]
        var reads = 0
    }

    let state = Mutex(State())

    /// A router whose objects carry `splits`.
    public init(splits: [RoutedObject: [String: Int]] = [:]) {
        state.withLock { $0.splits = splits }
    }

    // MARK: - Test controls

    /// The split `object` carries now (nil: never set).
    public func split(of object: RoutedObject) -> [String: Int]? {
        state.withLock { $0.splits[object] }
    }

    /// Sets the split of `object` as someone outside the service would (a GitOps tool, a person with kubectl).
    public func set(_ split: [String: Int], on object: RoutedObject) {
        state.withLock { $0.splits[object] = split }
    }

    /// Every apply and promotion so far, oldest first.
    public var changes: [Change] { state.withLock { $0.changes } }

    /// Reads so far.
    public var readCount: Int { state.withLock { $0.reads } }

    /// Makes the next `count` calls of `operation` fail (`Int.max`: until ``heal()``).
    public func fail(_ operation: Operation, count: Int = .max) {
        state.withLock { $0.failing[operation] = count }
    }

    /// Every call succeeds again.
    public func heal() {
        state.withLock { $0.failing = [:] }
    }

    // MARK: - TrafficRouter

    public func currentSplit(for experiment: Experiment) async throws -> [String: Int] {
        let object = try Self.object(of: experiment, .read)
        return try state.withLock { state throws(Failure) in
            try Self.consumeFailure(.read, object, &state)
            state.reads += 1
            return state.splits[object] ?? Self.baseline(of: experiment)
        }
    }

    @discardableResult
    public func apply(_ split: [String: Int], for experiment: Experiment) async throws -> [String: Int] {
        let object = try Self.object(of: experiment, .apply)
        return try state.withLock { state throws(Failure) in
            try Self.consumeFailure(.apply, object, &state)
            var next = state.splits[object] ?? Self.baseline(of: experiment)
            for (version, weight) in split { next[version] = weight }
            state.splits[object] = next
            state.changes.append(Change(object: object, operation: .apply, split: next))
            return next
        }
    }

    @discardableResult
    public func promote(_ winner: String, for experiment: Experiment) async throws -> [String: Int] {
        let object = try Self.object(of: experiment, .promote)
        return try state.withLock { state throws(Failure) in
            try Self.consumeFailure(.promote, object, &state)
            var next: [String: Int] = [:]
            for version in experiment.versions { next[version.name] = version.name == winner ? 100 : 0 }
            state.splits[object] = next
            state.changes.append(Change(object: object, operation: .promote, split: next))
            return next
        }
    }

    // MARK: - Helpers

    static func object(of experiment: Experiment, _ operation: Operation) throws(Failure) -> RoutedObject {
        guard let object = experiment.routedObject else { throw Failure(operation: operation, object: nil) }
        return object
    }

    static func baseline(of experiment: Experiment) -> [String: Int] {
        var split: [String: Int] = [:]
        for (index, version) in experiment.versions.enumerated() { split[version.name] = index == 0 ? 100 : 0 }
        return split
    }

    static func consumeFailure(_ operation: Operation, _ object: RoutedObject, _ state: inout State) throws(Failure) {
        guard let left = state.failing[operation], left > 0 else { return }
        state.failing[operation] = left == .max ? left : left - 1
        throw Failure(operation: operation, object: object)
    }
}
