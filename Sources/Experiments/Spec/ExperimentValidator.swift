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
        let targetParts = validateTarget(spec.target, at: path.appending("target"), &issues)
        let namespace = document.metadata?.namespace ?? targetParts?.namespace ?? "default"
        if let explicit = document.metadata?.namespace, !KubernetesName.isLabel(explicit) {
            issues.error("metadata.namespace", "\(quoted(explicit)): " + KubernetesName.labelRule("a namespace"))
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
        let tasks = TaskRules.validate(
            spec.strategy?.actions, namespace: namespace, at: strategyPath.appending("actions"), &issues)

        var duration = validateDuration(spec.duration, at: path.appending("duration"), &issues)
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
        duration = DurationRules.length(spec.duration, duration, engine: analysis.engine, at: path.appending("duration"), &issues)
        let promotion = PromotionSettings(
            onTermination: parseEnum(
                spec.promotion?.onTermination, at: path.appending("promotion").appending("onTermination"), required: false,
                &issues) ?? .toWinner,
            applyMode: parseEnum(
                spec.promotion?.applyMode, at: path.appending("promotion").appending("applyMode"), required: false, &issues)
                ?? .cluster,
            manifest: validManifestPath(spec.promotion?.manifest, at: path.appending("promotion").appending("manifest"), &issues),
            pullRequest: parseEnum(
                spec.promotion?.pullRequest, at: path.appending("promotion").appending("pullRequest"), required: false, &issues))
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
            actionNames: (spec.strategy?.actions ?? [:]).keys.sorted(), notificationTasks: tasks)
        return Outcome(experiment: experiment, issues: issues.issues)
    }

    /// `spec.promotion.manifest`: a relative path inside the repository (no `..`, nothing under `.git`).
    static func validManifestPath(_ value: String?, at path: FieldPath, _ issues: inout IssueList) -> String? {
        guard let value else { return nil }
        guard RepositoryPath.isSafe(value) else {
            issues.error(path, "expected a relative path inside the repository (no '..', not under .git), found \(quoted(value))")
            return nil
        }
        return value
    }

    /// `spec.target`: `namespace/name` or `name`, each part a Kubernetes name. Returns the parts when valid.
    static func validateTarget(_ target: String?, at path: FieldPath, _ issues: inout IssueList)
        -> (namespace: String?, name: String)?
    {
        guard let target, !target.isEmpty else {
            issues.error(path, "missing required field (e.g. bookinfo/reviews)")
            return nil
        }
        let parts = target.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        switch parts.count {
        case 1 where KubernetesName.isSubdomain(parts[0]):
            return (nil, parts[0])
        case 2 where KubernetesName.isLabel(parts[0]) && KubernetesName.isSubdomain(parts[1]):
            return (parts[0], parts[1])
        default:
            issues.error(
                path,
                "expected namespace/name or name, found \(quoted(target)): "
                    + KubernetesName.labelRule("the namespace") + "; " + KubernetesName.subdomainRule("the name"))
            return nil
        }
    }

    static func validateDuration(_ duration: ExperimentDocument.Duration?, at path: FieldPath, _ issues: inout IssueList)
        -> DurationSpec
    {
        let interval = bounded(duration?.intervalSeconds, SpecLimits.intervalSeconds, default: 20, at: path.appending("intervalSeconds"), &issues)
        let iterations = bounded(
            duration?.iterationsPerLoop, SpecLimits.iterationsPerLoop, default: 15, at: path.appending("iterationsPerLoop"), &issues)
        let loops = bounded(duration?.maxLoops, SpecLimits.maxLoops, default: 1, at: path.appending("maxLoops"), &issues)
        let inRange = [duration?.iterationsPerLoop.map(SpecLimits.iterationsPerLoop.contains), duration?.maxLoops.map(SpecLimits.maxLoops.contains)]
            .allSatisfy { $0 ?? true }
        let (total, overflow) = iterations.multipliedReportingOverflow(by: loops)
        if inRange, overflow || !SpecLimits.totalIterations.contains(total) {
            issues.error(
                path,
                "iterationsPerLoop × maxLoops must be at most \(SpecLimits.totalIterations.upperBound), found \(iterations) × \(loops)")
            return DurationSpec(intervalSeconds: interval, iterationsPerLoop: 1, maxLoops: 1)
        }
        if !inRange { return DurationSpec(intervalSeconds: interval, iterationsPerLoop: 1, maxLoops: 1) }
        return DurationSpec(intervalSeconds: interval, iterationsPerLoop: iterations, maxLoops: loops)
    }

    /// `value` when it is in `range` (or `fallback` when absent); an error naming the range otherwise, and the
    /// nearest bound is returned so later checks see an ordinary number.
    static func bounded(
        _ value: Int?, _ range: ClosedRange<Int>, default fallback: Int, at path: FieldPath, _ issues: inout IssueList
    ) -> Int {
        guard let value else { return fallback }
        guard range.contains(value) else {
            issues.error(path, "must be between \(range.lowerBound) and \(range.upperBound), found \(value)")
            return min(max(value, range.lowerBound), range.upperBound)
        }
        return value
    }

    static func percent(_ value: Int?, default fallback: Int, at path: FieldPath, _ issues: inout IssueList) -> Int {
        guard let value else { return fallback }
        guard SpecLimits.percent.contains(value) else {
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
        guard KubernetesName.isSubdomain(value) else {
            issues.error(path, "\(quoted(value)): " + KubernetesName.subdomainRule("a name"))
            return nil
        }
        return value
    }

    /// A namespace a spec names: nil (absent) or a DNS-1123 label; an error otherwise.
    static func optionalNamespace(_ value: String?, at path: FieldPath, _ issues: inout IssueList) -> String? {
        guard let value else { return nil }
        guard KubernetesName.isLabel(value) else {
            issues.error(path, "\(quoted(value)): " + KubernetesName.labelRule("a namespace"))
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

    /// A value as a message shows it: in quotes, control characters escaped (a NUL or a line break in a name
    /// must not break the message's line), and at most ``quotedLimit`` characters of it.
    static func quoted(_ value: String?) -> String {
        guard let value else { return "nothing" }
        var shown = ""
        for character in value.prefix(quotedLimit) {
            for scalar in character.unicodeScalars {
                switch scalar.value {
                case 0x0A: shown += "\\n"
                case 0x09: shown += "\\t"
                case 0x0D: shown += "\\r"
                case 0x00..<0x20, 0x7F..<0xA0: shown += "\\u{" + String(scalar.value, radix: 16) + "}"
                default: shown.unicodeScalars.append(scalar)
                }
            }
        }
        let rest = value.count - quotedLimit
        return "\"" + shown + "\"" + (rest > 0 ? " (and \(rest) more characters)" : "")
    }

    /// The most characters of a value a message quotes: a whole DNS subdomain (253) and some.
    static let quotedLimit = 300
}
