import Experiments

/// Moves an experiment's traffic on the live object: the seam between the reconciler and the mesh. One
/// implementation per ``Experiments/RoutingKind`` (a ``RoutingPlugin``); ``RoutingTable`` dispatches on the
/// experiment's kind. Weights are integers summing to 100, by version name.
public protocol TrafficRouter: Sendable {
    /// The split now in force, by version name.
    func currentSplit(for experiment: Experiment) async throws -> [String: Int]

    /// Applies `split` (weights only) and returns the split read back afterwards.
    @discardableResult
    func apply(_ split: [String: Int], for experiment: Experiment) async throws -> [String: Int]

    /// Gives all traffic to `winner` for good (removing an A/B route), and returns the split read back.
    @discardableResult
    func promote(_ winner: String, for experiment: Experiment) async throws -> [String: Int]

    /// Drops what the router keeps about experiments other than `live` (by `namespace/name`), such as routes
    /// located on objects that did not change since. The reconciler calls it once per pass with every experiment
    /// of the repository, so that what a router keeps is bounded by the live experiments.
    func forgetExperiments(except live: Set<String>) async
}

extension TrafficRouter {
    /// Keeps nothing per experiment: nothing to drop.
    public func forgetExperiments(except live: Set<String>) async {}
}
