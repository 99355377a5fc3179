/// A pure analysis engine: the same input (including its seed) always gives the same result.
public protocol AnalysisEngine: Sendable {
    /// The engine's name, recorded in every result.
    var name: String { get }
    /// The version of the engine's decision rules, recorded in every result: a status written by another
    /// version is reported as such by ``Replay`` instead of being recomputed with rules it was not decided by.
    var version: Int { get }

    /// Assesses every version, decides the winner and recommends weights.
    /// Throws only for inputs no engine can assess (see ``AnalysisError``); missing data is not an error.
    func assess(_ input: AnalysisInput) throws(AnalysisError) -> AnalysisResult
}
