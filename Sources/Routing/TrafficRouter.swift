import Experiments

/// Moves an experiment's traffic: the seam between the reconciler and the mesh. ``IstioRouter`` is the
/// production implementation; weights are integers summing to 100, by version name.
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
