/// The `iter8-v1` compatibility engine: iter8-analytics v1.2's Bayesian assessment
/// (`iter8-spec.md` §4.1), reproduced step by step so that its outputs agree with iter8's within
/// Monte-Carlo error.
///
/// Per (version, metric) a belief (``V1Belief``): Beta(0.1 + s, 0.1 + N − s) for 0–1 ratios, otherwise
/// Normal(x, range/(1 + N)) with the range of the metric across versions, a point mass when the range
/// is 0, clipped at 0; 2.5/97.5 percentile credible intervals; P(satisfy) as the probability of the good side
/// of the limit (iter8 estimated both from `sampleCount` draws; here they are exact, and `sampleCount` draws
/// are made for the reward and for relative criteria); one independent Bernoulli(P) mask per version and
/// thresholded criterion; reward draws (flipped to row-max − draw when lower is better) or the
/// pseudo-rewards baseline 1, candidate i 2 + i; utility = reward × mask; win probability = share of
/// draws in which a version ties for the highest positive utility; a winner above 0.99; traffic
/// 10 % exploration + 90 % top-k share (k = 1, 2, |V|), iter8's randomised rounding over the
/// internal order (candidates, then baseline), then `max_increment` (default 2) relative to the
/// current weights, the excess to the baseline.
///
/// It keeps iter8 v1's documented quirks on purpose: relative thresholds are not assessed for the
/// baseline (so a baseline under a relative criterion can never win); missing data makes a version
/// infeasible; masks are independent of the metric draws; the Normal variance comes from the
/// cross-version range, so one version's data changes another's result; on an all-zero win vector
/// the first candidate is "best"; with several feasible candidates and no reward the later-listed
/// one wins.
///
/// Where it consciously differs from iter8 v1.2:
/// - Exact posterior summaries and P(satisfy) of absolute limits (version 2) where iter8 counted draws: the
///   limits its estimates converge to, so iter8's own results lie within their Monte-Carlo error of them.
/// - Random numbers come from ``SeededGenerator`` (one sub-stream per belief, one for the masks, one
///   for rounding), not numpy's global `RandomState`: results are reproducible from the seed, but
///   are not iter8's bit-for-bit.
/// - No `last_state`: there is no history of metric ranges (the range covers the current values
///   only), and the previous split is ``AnalysisSettings/currentWeights`` for every policy.
/// - Additions with no v1 counterpart: `maxCandidateWeight` (default 100: no effect), `fixedSplit`
///   and `blueGreen` policies, per-objective pass / fail / inconclusive verdicts at the confidence,
///   `feasible`/`failed` flags (every objective passes / one fails) and a rollback recommendation
///   when an objective with `rollbackOnFailure` fails (iter8 v1 never set `rollback`).
/// - An objective with both limits becomes two criteria; its reported probability is their product
///   (exactly the chance that both masks are 1).
/// - The cap is floored to whole points, so a fractional `max_increment` still yields integers.
public struct IterV1Engine: AnalysisEngine {
    /// `iter8-v1`.
    public let name = "iter8-v1"
    /// 2: P(satisfy) of absolute limits and the posterior summaries are exact (the values iter8's 10,000
    /// draws estimated, so iter8's results stay within their Monte-Carlo error of them) and only the reward
    /// and relative criteria are drawn. 1 (results without a version): every belief drawn and summarised
    /// from its draws.
    public let version = 2
    /// iter8 v1's `min_posterior_probability_for_winner`.
    public static let defaultWinnerThreshold = 0.99
    /// iter8 v1's default `max_increment`.
    public static let defaultMaxIncrement = 2.0

    /// Creates the engine.
    public init() {}

    /// Assesses the input with iter8 v1's algorithm (testing-pattern rules are not enforced: v1
    /// derived its kind from the data).
    public func assess(_ input: AnalysisInput) throws(AnalysisError) -> AnalysisResult {
        try input.validate(patternRules: false)
        var run = V1Run(input: input)
        run.drawBeliefs()
        run.computeWins()
        return run.result(engine: name, version: version)
    }
}
