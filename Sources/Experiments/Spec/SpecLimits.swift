/// The documented range of every numeric field of a spec (docs/spec-reference.md lists them, and the JSON
/// Schemas under `schemas/` carry the same bounds). Values outside are validation errors, so nothing the
/// validator accepts can overflow the arithmetic done on it (`intervalSeconds × iterations`, weight sums,
/// deadlines in nanoseconds) or make a loop run for ever.
public enum SpecLimits {
    /// `duration.intervalSeconds` (v1alpha2 `duration.interval`): 1 s to one day.
    public static let intervalSeconds = 1...86_400
    /// `duration.iterationsPerLoop`.
    public static let iterationsPerLoop = 1...10_000
    /// `duration.maxLoops`.
    public static let maxLoops = 1...1_000
    /// `iterationsPerLoop × maxLoops` (v1alpha2 `duration.maxIterations`): the iterations of one experiment.
    public static let totalIterations = 1...10_000
    /// `analysis.noDataDeadlineSeconds`: at least one interval, at most 30 days.
    public static let noDataDeadlineSeconds = 1...2_592_000
    /// `analysis.minRequestsPerVersion`.
    public static let minRequestsPerVersion = 0...1_000_000_000
    /// The magnitude of an objective's `upperLimit`/`lowerLimit` (v1alpha2 `threshold.value`): finite and at
    /// most 1e19 (`1Ei` is 1.15e18), so every limit is an ordinary number a chart and a query can hold.
    public static let limitMagnitude = 1e19
    /// A weight in `manualOverride.trafficSplit` and the caps in `strategy.weights`: a percentage.
    public static let percent = 0...100
    /// `versionInfo.candidates` (v1alpha2 `service.candidates`): weights are whole percentages, and every
    /// candidate costs queries and posterior draws each iteration.
    public static let maxCandidates = 20
    /// Rules in one HTTPRoute (Gateway API `spec.rules` has at most 16).
    public static let maxHTTPRouteRules = 16
    /// The metrics an experiment measures: objectives, rewards and indicators together.
    public static let maxCriteria = 32
    /// v1alpha2 `service.port`.
    public static let port = 1...65_535

    /// Whether `value` is an acceptable objective limit.
    public static func isLimit(_ value: Double) -> Bool { value.isFinite && abs(value) <= limitMagnitude }
}
