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
}
