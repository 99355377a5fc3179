/// The analysis engines by the name a spec and a status file use.
public enum AnalysisEngines {
    /// `bayes` and `iter8-v1`.
    public static let byName: [String: any AnalysisEngine] = [
        BayesEngine().name: BayesEngine(),
        IterV1Engine().name: IterV1Engine(),
    ]

    /// The engine a spec's `analysis.engine` selects.
    public static func engine(_ kind: AnalysisEngineKind) -> any AnalysisEngine {
        switch kind {
        case .bayes: BayesEngine()
        case .iter8V1: IterV1Engine()
        }
    }
}
