/// Turns an ``ExperimentDocument`` into an ``Experiment``: applies iter8's defaults and checks iter8's rules
/// and ours, reporting every problem at once.
public enum ExperimentValidator {
    /// The outcome: the experiment when there is no error, and every issue (errors and warnings).
    public struct Outcome: Sendable {
        /// The validated experiment; nil when any issue is an error.
        public var experiment: Experiment?
        /// Every problem found, in document order.
        public var issues: [SpecIssue]
    }

    /// The API version this validator reads.
    public static let apiVersion = "iter8.tools/v2alpha2"

    /// Validates a v2alpha2 document.
    public static func validate(_ document: ExperimentDocument) -> Outcome {
        var issues = IssueList()
        if document.apiVersion != apiVersion {
            issues.error("apiVersion", "expected \(apiVersion), found \(quoted(document.apiVersion))")
        }
        if document.kind != "Experiment" { issues.error("kind", "expected Experiment, found \(quoted(document.kind))") }
        let name = requiredName(document.metadata?.name, at: "metadata.name", &issues)
        guard let spec = document.spec else {
            issues.error("spec", "missing required field")
            return Outcome(experiment: nil, issues: issues.issues)
        }
        let path: FieldPath = "spec"

        let target = spec.target ?? ""
        if target.isEmpty { issues.error(path.appending("target"), "missing required field (e.g. bookinfo/reviews)") }
        let namespace =
            document.metadata?.namespace
            ?? (target.contains("/") ? String(target.split(separator: "/")[0]) : "default")
        if let explicit = document.metadata?.namespace, !MetricReference.isName(explicit) {
            issues.error("metadata.namespace", "\(quoted(explicit)) is not a valid namespace name")
        }

        let strategyPath = path.appending("strategy")
        let pattern: TestingPattern? = parseEnum(
            spec.strategy?.testingPattern, at: strategyPath.appending("testingPattern"), required: true, &issues)
        let deployment: DeploymentPattern =
            parseEnum(spec.strategy?.deploymentPattern, at: strategyPath.appending("deploymentPattern"), required: false, &issues)
            ?? .progressive
        let caps = CandidateWeightCaps(
            maxCandidateWeight: percent(
                spec.strategy?.weights?.maxCandidateWeight, default: 100,
                at: strategyPath.appending("weights").appending("maxCandidateWeight"), &issues),
            maxCandidateWeightIncrement: percent(
                spec.strategy?.weights?.maxCandidateWeightIncrement, default: 10,
                at: strategyPath.appending("weights").appending("maxCandidateWeightIncrement"), &issues))
        for (action, tasks) in (spec.strategy?.actions ?? [:]).sorted(by: { $0.key < $1.key }) {
            for (index, task) in tasks.enumerated() where (task.task == nil) == (task.run == nil) {
                issues.error(
                    strategyPath.appending("actions").appending(action).appending(index),
                    "a task needs exactly one of task or run")
            }
        }

        let duration = validateDuration(spec.duration, at: path.appending("duration"), &issues)
        let versions = VersionRules.validate(spec.versionInfo, namespace: namespace, at: path.appending("versionInfo"), &issues)
        let criteria = CriteriaRules.validate(
            spec.criteria, deploymentPattern: deployment, at: path.appending("criteria"), &issues)

        if let pattern, let versions {
            PatternRules.check(
                pattern, candidates: versions.candidates.count, rewards: spec.criteria?.rewards?.count ?? 0,
                at: path, &issues)
        }
        let routing = RoutingRules.validate(
            spec.routing, versions: versions, pattern: pattern, deploymentPattern: deployment, namespace: namespace,
            at: path, &issues)
        let analysis = AnalysisRules.validate(
            spec.analysis, defaultEngine: .bayes, intervalSeconds: duration.intervalSeconds,
            at: path.appending("analysis"), &issues)
        let promotion = PromotionSettings(
            onTermination: parseEnum(
                spec.promotion?.onTermination, at: path.appending("promotion").appending("onTermination"), required: false,
                &issues) ?? .toWinner,
            applyMode: parseEnum(
                spec.promotion?.applyMode, at: path.appending("promotion").appending("applyMode"), required: false, &issues)
                ?? .cluster,
            manifest: spec.promotion?.manifest)
        let override = OverrideRules.validate(
            spec.manualOverride, versions: versions?.all.map(\.name) ?? [], at: path.appending("manualOverride"), &issues)

        guard !issues.hasErrors, let name, let pattern, let versions, let criteria, let routing else {
            return Outcome(experiment: nil, issues: issues.issues)
        }
        let experiment = Experiment(
            name: name, namespace: namespace, target: target, sourceAPIVersion: apiVersion, testingPattern: pattern,
            deploymentPattern: deployment, baseline: versions.baseline, candidates: versions.candidates,
            criteria: criteria, duration: duration, weightCaps: caps, routing: routing, analysis: analysis,
            promotion: promotion, manualOverride: override,
            actionNames: (spec.strategy?.actions ?? [:]).keys.sorted())
        return Outcome(experiment: experiment, issues: issues.issues)
    }

    static func validateDuration(_ duration: ExperimentDocument.Duration?, at path: FieldPath, _ issues: inout IssueList)
        -> DurationSpec
    {
        func atLeastOne(_ value: Int?, _ field: String, default fallback: Int) -> Int {
            guard let value else { return fallback }
            if value < 1 { issues.error(path.appending(field), "must be at least 1, found \(value)") }
            return max(value, 1)
        }
        return DurationSpec(
            intervalSeconds: atLeastOne(duration?.intervalSeconds, "intervalSeconds", default: 20),
            iterationsPerLoop: atLeastOne(duration?.iterationsPerLoop, "iterationsPerLoop", default: 15),
            maxLoops: atLeastOne(duration?.maxLoops, "maxLoops", default: 1))
    }

    static func percent(_ value: Int?, default fallback: Int, at path: FieldPath, _ issues: inout IssueList) -> Int {
        guard let value else { return fallback }
        guard (0...100).contains(value) else {
            issues.error(path, "must be between 0 and 100, found \(value)")
            return fallback
        }
        return value
    }

    static func requiredName(_ value: String?, at path: FieldPath, _ issues: inout IssueList) -> String? {
        guard let value, !value.isEmpty else {
            issues.error(path, "missing required field")
            return nil
        }
        guard MetricReference.isName(value) else {
            issues.error(path, "\(quoted(value)) is not a valid name (lower-case letters, digits, '-' and '.')")
            return nil
        }
        return value
    }

    /// Parses a string into one of an enum's raw values, naming the allowed values when it is not one.
    static func parseEnum<E: RawRepresentable & CaseIterable>(
        _ value: String?, at path: FieldPath, required: Bool, _ issues: inout IssueList
    ) -> E? where E.RawValue == String {
        guard let value else {
            if required { issues.error(path, "missing required field (one of \(allowed(E.self)))") }
            return nil
        }
        guard let parsed = E(rawValue: value) else {
            issues.error(path, "expected one of \(allowed(E.self)), found \(quoted(value))")
            return nil
        }
        return parsed
    }

    static func allowed<E: RawRepresentable & CaseIterable>(_: E.Type) -> String where E.RawValue == String {
        E.allCases.map(\.rawValue).joined(separator: ", ")
    }

    static func quoted(_ value: String?) -> String { value.map { "\"\($0)\"" } ?? "nothing" }
}
