/// A pure analysis engine: the same input (including its seed) always gives the same result.
public protocol AnalysisEngine: Sendable {
    /// The engine's name, recorded in every result.
    var name: String { get }

    /// Assesses every version, decides the winner and recommends weights.
    /// Throws only for inputs no engine can assess (see ``AnalysisError``); missing data is not an error.
    func assess(_ input: AnalysisInput) throws(AnalysisError) -> AnalysisResult
}
