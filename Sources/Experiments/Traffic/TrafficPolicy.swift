/// How recommended weights follow from an assessment.
///
/// The increment caps of ``AnalysisSettings`` apply after the policy, except to `fixedSplit` (which never
/// changes weights) and `blueGreen` (an all-or-nothing switch by definition).
public enum TrafficPolicy: String, Codable, Sendable, Hashable, CaseIterable {
    /// A Bayesian bandit: weight ∝ probability of being the best version, plus the exploration share
    /// spread uniformly (iter8 v1 `progressive`, iter8 v2 `Progressive`).
    case progressive
    /// The exploitation share is split evenly over the two most likely best versions (iter8 v1 `top_2`).
    case top2 = "top_2"
    /// Equal weights for every version still in contention (iter8 v1 `uniform`).
    case uniform
    /// Keep the current weights (iter8 v2 `FixedSplit`).
    case fixedSplit = "FixedSplit"
    /// 100 % baseline until a candidate wins, then 100 % to that candidate (iter8 v2 `BlueGreen`).
    case blueGreen = "BlueGreen"
}
