/// Validation of the length of an experiment: `spec.duration.mode`, `minIterations` and `maxIterations`.
enum DurationRules {
    /// The default soak before an early promotion.
    static let defaultMinIterations = 3
    /// The default extension: an inconclusive experiment may run this many times its planned iterations.
    static let defaultExtensionFactor = 5

    /// `duration` with its mode and bounds: adaptive by default with `bayes`, always fixed with `iter8-v1`.
    static func length(
        _ document: ExperimentDocument.Duration?, _ duration: DurationSpec, engine: AnalysisEngineKind, at path: FieldPath,
        _ issues: inout IssueList
    ) -> DurationSpec {
        let planned = duration.plannedIterations
        let fallback: DurationMode = engine == .iter8V1 ? .fixed : .adaptive
        let mode: DurationMode =
            ExperimentValidator.parseEnum(document?.mode, at: path.appending("mode"), required: false, &issues) ?? fallback
        if mode == .adaptive && engine == .iter8V1 {
            issues.error(
                path.appending("mode"),
                "iter8-v1 keeps iter8's fixed duration (iterationsPerLoop × maxLoops); use mode fixed or the bayes engine")
        }
        guard mode == .adaptive else {
            for (field, value) in [("minIterations", document?.minIterations), ("maxIterations", document?.maxIterations)]
            where value != nil {
                issues.error(path.appending(field), "applies to mode adaptive only (the duration is fixed)")
            }
            return DurationSpec(
                intervalSeconds: duration.intervalSeconds, iterationsPerLoop: duration.iterationsPerLoop,
                maxLoops: duration.maxLoops, mode: .fixed)
        }
        let minimum = ExperimentValidator.bounded(
            document?.minIterations, 1...planned, default: min(defaultMinIterations, planned),
            at: path.appending("minIterations"), &issues)
        let ceiling = SpecLimits.totalIterations.upperBound
        let maximum = ExperimentValidator.bounded(
            document?.maxIterations, planned...ceiling, default: min(ceiling, defaultExtensionFactor * planned),
            at: path.appending("maxIterations"), &issues)
        return DurationSpec(
            intervalSeconds: duration.intervalSeconds, iterationsPerLoop: duration.iterationsPerLoop,
            maxLoops: duration.maxLoops, mode: .adaptive, minIterations: minimum, maxIterations: maximum)
    }
}
