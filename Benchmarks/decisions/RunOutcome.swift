/// How one run ended, and what it cost.
struct RunOutcome: Sendable {
    /// The verdict, as the benchmark classifies the finish.
    enum Verdict: String, Sendable, Codable {
        /// A candidate (or, in A/B/n, some non-baseline version) was promoted.
        case promoted
        /// The candidate was declared failing: a rollback on a failed objective, or completion with the baseline
        /// as the winner. In Conformance: the version was declared failing.
        case failure
        /// No decision: a rollback with no winner, or the `inconclusive` trigger.
        case inconclusive
        /// A rollback at the no-data deadline.
        case noData
        /// Stopped by the benchmark's 400-iteration safety net.
        case capped
        /// Conformance: the version was declared passing.
        case passed
        /// Any other end (a trigger the benchmark does not know).
        case other
    }

    var verdict: Verdict
    /// The version the run decided for (index): the promoted one, or the baseline after a failure verdict; nil
    /// without a decision (inconclusive, no data, capped) and in Conformance.
    var finalVersion: Int?
    /// The finish trigger as the state machine names it (or the baseline's own wording).
    var trigger: String
    /// Iterations run until the finish, including held and failed ones.
    var intervals: Int
    /// Requests served by each version until the finish.
    var served: [Double]
    /// Iterations whose measurement or assessment failed.
    var failedIterations: Int = 0
}
