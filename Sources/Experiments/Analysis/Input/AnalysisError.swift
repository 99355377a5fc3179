/// An analysis input that no engine can assess. Data problems (missing observations, zero requests)
/// are never errors: they are ``Assessment/noData``.
public struct AnalysisError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public enum Code: String, Sendable, Hashable {
        /// No versions, or duplicate version names.
        case invalidVersions
        /// An objective or the reward names an undeclared metric, or a metric is declared twice.
        case unknownMetric
        /// An objective has neither limit, or a limit is not finite.
        case invalidObjective
        /// The testing pattern's rules on candidates and reward are not met.
        case patternMismatch
        /// A setting is out of range (confidence, sample count, weights, caps).
        case invalidSettings
        /// A measurement no metrics backend can have made and no engine can take: non-finite values, or counts
        /// beyond ``Observation/maxCount`` (a hostile or broken Prometheus answer).
        case implausibleObservation
    }

    /// The error's code.
    public var code: Code
    /// A message naming the offending object.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// "analysis input: <code>: <message>".
    public var description: String {
        "analysis input: \(code.rawValue): \(message)"
    }
}
