/// The default engine, `bayes` (DESIGN.md §5): per-metric conjugate or count-based posteriors, exact
/// probabilities where a closed form exists, numerical integration where one integral suffices (version 3), and
/// Monte Carlo (seeded) only where neither applies.
///
/// Models (``Posterior``):
/// - rates on counts: Beta(½ + events, ½ + trials − events) (Jeffreys prior); P(rate ≤ limit) is the
///   Beta CDF, exactly;
/// - histogram means: Normal(sum/count, σ²/count) with σ² estimated from the buckets
///   (``HistogramMeanModel``); probabilities from the normal CDF, exactly;
/// - histogram percentiles: Dirichlet(bucket counts + 1/K) over the K buckets, the quantile
///   interpolated within its bucket as Prometheus' `histogram_quantile` does; its CDF, mean and interval
///   are integrated (``QuantileIntegral``), or, where the integral does not apply (few observations around
///   the quantile), shares of `sampleCount` draws;
/// - gauges: with a sample size n, Normal(value, (|value|/√n)²), i.e. a unit coefficient of variation
///   (right for exponential-like latencies, conservative for tighter metrics); without one, a point
///   mass (the value is taken as exact, like iter8 v2's point check); counters: a point mass.
///
/// Verdicts: P(objective satisfied) ≥ confidence ⇒ pass, P(violated) ≥ confidence ⇒ fail, otherwise
/// inconclusive; no observation, zero trials or fewer than ``AnalysisSettings/minimumRequests`` ⇒
/// noData, which is never pass or fail. Feasible = every objective passes. Relative objectives
/// compare paired draws of the version and the baseline (for the baseline itself they reduce to
/// whether the factor admits equality).
///
/// Winner (iter8 v2's rules with statistics instead of point checks), declared when its probability
/// exceeds the winner threshold (default 0.95):
/// - Conformance: the baseline when it passes every objective; never when it fails one;
/// - Canary: the candidate when it passes every objective; the baseline when the candidate fails one;
///   otherwise no decision yet. `winProbability` is the candidate's P(every objective satisfied)
///   (objectives taken as independent) and the baseline's complement;
/// - A/B, A/B/N: the version with the highest P(best reward) among the feasible versions (ties share
///   a draw), when above the threshold. `winProbability` is that probability (0 for infeasible ones),
///   integrated for Normal and Beta rewards (``RewardIntegral``), else counted over draws.
///
/// Traffic (``TrafficPolicy``): versions that fail an objective get 0; the others ("contenders") share
/// the exploration share evenly and the rest by the policy: progressive = P(best reward among
/// contenders) (Thompson-style bandit), top_2 = the top-two shares, uniform = equal. Without a reward
/// (Canary), a candidate's exploitation share is its P(every objective satisfied) (split evenly over
/// candidates) and the baseline takes the rest; top_2 then pairs the baseline with the most
/// promising candidate. If any contender has no data, the current weights are held (failed
/// candidates still drop to 0): no change without evidence. Then the caps (excess over
/// `maxCandidateWeightIncrement`, default 10, or over `maxCandidateWeight` goes to the baseline) and
/// deterministic largest-remainder rounding (no randomness in weights). FixedSplit keeps the
/// weights; BlueGreen moves 100 % to a winning candidate at once (no caps).
///
/// Conscious differences from iter8: no pseudo-rewards (v1 preferred the later-listed candidate on
/// ties), feasibility is a verdict per objective rather than independent Bernoulli masks, posteriors
/// use each version's own data only (no cross-version range), no data never counts as failure and
/// never moves traffic, weights are rounded deterministically, and rollback is recommended (not
/// executed) for failed objectives with `rollbackOnFailure`.
///
/// A subtlety for callers: because no data holds the weights, a candidate that starts at weight 0
/// never receives traffic; the initial split must give every candidate some traffic.
public struct BayesEngine: AnalysisEngine {
    /// `bayes`.
    public let name = "bayes"
    /// 3: reward comparisons (P(best), P(within the tolerance of the best), top-two shares) are integrated
    /// numerically where every reward posterior is a Normal or a Beta with shapes ≥ 1 (``RewardIntegral``), and
    /// so are percentile posteriors where enough observations surround the quantile (``QuantileIntegral``),
    /// instead of counted over draws. 2: verdicts that may end an experiment need the decision confidence, the
    /// minimum sample sizes and the tolerance band (``DecisionRule``), and A/B/N winners are decided within the
    /// tolerance; every result carries an ``ExperimentDecision``. Results without a version were written by
    /// version 1.
    public let version = 3
    /// The default relative margin around each limit inside which either verdict is acceptable.
    public static let defaultTolerance = 0.1
    /// The default winner threshold.
    public static let defaultWinnerThreshold = 0.95
    /// The default `maxCandidateWeightIncrement` (iter8 v2's default is unbounded; 10 points per step
    /// is the progressive rollout step of this project).
    public static let defaultMaxIncrement = 10.0

    /// Creates the engine.
    public init() {}

    /// Assesses the input (iter8 v2's testing-pattern rules are enforced).
    public func assess(_ input: AnalysisInput) throws(AnalysisError) -> AnalysisResult {
        try input.validate(patternRules: true)
        var run = BayesRun(input: input)
        run.assessVersions()
        var winner = run.decideWinner()
        winner.call = run.decide(winner)
        let traffic = run.recommendTraffic(winner: winner)
        return run.result(engine: name, version: version, winner: winner, traffic: traffic)
    }
}
