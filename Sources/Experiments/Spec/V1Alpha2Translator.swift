/// Translates an `iter8.tools/v1alpha2` Experiment into an ``Experiment`` with iter8 v1's defaults and
/// semantics (the `iter8-v1` analysis engine, `maxIncrement` 2, `to_winner`, 30 s × 100 iterations).
///
/// What v1 derived rather than declared is derived the same way: the testing pattern comes from the
/// number of candidates and whether a reward exists; iter8's performance-tutorial idiom (the baseline
/// listed again as the only candidate) becomes Conformance. Fields that have no effect here (cleanup,
/// analyticsEndpoint, networking) are accepted with a warning.
public enum V1Alpha2Translator {
    /// The API version this translator reads.
    public static let apiVersion = "iter8.tools/v1alpha2"

    /// v1 metric names that have a built-in counterpart, and the direction that makes a threshold an upper
    /// (`.low`: lower is better) or lower (`.high`) limit.
    static let knownMetrics: [String: (builtin: String?, better: Reward.Direction)] = [
        "iter8_mean_latency": ("mean-latency", .low),
        "iter8_error_rate": ("error-rate", .low),
        "iter8_error_count": ("error-count", .low),
        "iter8_request_count": ("request-count", .high),
        "le_500_ms_latency_percentile": ("le500ms-latency-percentile", .high),
        "mean_books_purchased": (nil, .high),
    ]

    /// Translates and validates a v1alpha2 document.
    public static func translate(_ document: V1Alpha2Document) -> ExperimentValidator.Outcome {
        var issues = IssueList()
        if document.apiVersion != apiVersion {
            issues.error("apiVersion", "expected \(apiVersion), found \(ExperimentValidator.quoted(document.apiVersion))")
        }
        if document.kind != "Experiment" {
            issues.error("kind", "expected Experiment, found \(ExperimentValidator.quoted(document.kind))")
        }
        let name = ExperimentValidator.requiredName(document.metadata?.name, at: "metadata.name", &issues)
        guard let spec = document.spec else {
            issues.error("spec", "missing required field")
            return .init(experiment: nil, issues: issues.issues)
        }
        let servicePath: FieldPath = "spec.service"
        let service = spec.service
        let serviceKind = service?.kind ?? "Deployment"
        if serviceKind != "Deployment" && serviceKind != "Service" {
            issues.error(servicePath.appending("kind"), "expected Deployment or Service, found \"\(serviceKind)\"")
        }
        let serviceName = ExperimentValidator.requiredName(service?.name, at: servicePath.appending("name"), &issues)
        let namespace =
            ExperimentValidator.optionalNamespace(service?.namespace, at: servicePath.appending("namespace"), &issues)
            ?? ExperimentValidator.optionalNamespace(document.metadata?.namespace, at: "metadata.namespace", &issues)
            ?? "default"
        let baselineName = ExperimentValidator.requiredName(service?.baseline, at: servicePath.appending("baseline"), &issues)
        var candidateNames = (service?.candidates ?? []).enumerated().compactMap {
            ExperimentValidator.requiredName($0.element, at: servicePath.appending("candidates").appending($0.offset), &issues)
        }
        if service?.candidates == nil { issues.error(servicePath.appending("candidates"), "missing required field") }
        if candidateNames == [baselineName].compactMap({ $0 }) { candidateNames = [] }  // performance idiom
        if candidateNames.count > SpecLimits.maxCandidates {
            issues.error(
                servicePath.appending("candidates"), "at most \(SpecLimits.maxCandidates) candidates, found \(candidateNames.count)")
        }
        let allNames = [baselineName].compactMap { $0 } + candidateNames
        if Set(allNames).count != allNames.count {
            issues.error(servicePath.appending("candidates"), "duplicate version names: \(allNames.joined(separator: ", "))")
        }

        if (spec.criteria?.count ?? 0) > SpecLimits.maxCriteria {
            issues.error("spec.criteria", "at most \(SpecLimits.maxCriteria) criteria, found \(spec.criteria?.count ?? 0)")
        }
        let (criteria, hasReward) = translateCriteria(spec.criteria ?? [], &issues)
        let pattern: TestingPattern =
            candidateNames.isEmpty ? .conformance : candidateNames.count == 1 ? (hasReward ? .abTest : .canary) : .abnTest
        let interval = goDurationSeconds(spec.duration?.interval ?? "30s", at: "spec.duration.interval", &issues)
        let iterations = ExperimentValidator.bounded(
            spec.duration?.maxIterations, SpecLimits.totalIterations, default: 100, at: "spec.duration.maxIterations", &issues)
        if let port = service?.port, !SpecLimits.port.contains(port) {
            issues.error(servicePath.appending("port"), "must be between 1 and 65535, found \(port)")
        }

        let trafficPath: FieldPath = "spec.trafficControl"
        var analysis = AnalysisSpec.defaults(intervalSeconds: interval)
        analysis.engine = .iter8V1
        analysis.winnerProbability = 0.99
        if let policy: TrafficPolicyKind = ExperimentValidator.parseEnum(
            spec.trafficControl?.strategy, at: trafficPath.appending("strategy"), required: false, &issues)
        {
            analysis.trafficPolicy = policy
        }
        let increment = ExperimentValidator.percent(
            spec.trafficControl?.maxIncrement, default: 2, at: trafficPath.appending("maxIncrement"), &issues)
        // Unused, as in iter8, but a percentage all the same: 0 to 100 (SpecLimits.percent).
        _ = ExperimentValidator.percent(
            spec.trafficControl?.percentage, default: 100, at: trafficPath.appending("percentage"), &issues)
        let onTermination: OnTermination =
            ExperimentValidator.parseEnum(
                spec.trafficControl?.onTermination, at: trafficPath.appending("onTermination"), required: false, &issues)
            ?? .toWinner
        let matches = spec.trafficControl?.match?.http ?? []
        for (index, match) in matches.enumerated() {
            let matchPath = trafficPath.appending("match").appending("http").appending(index)
            if let uri = match.uri, !uri.isValid { issues.error(matchPath.appending("uri"), "needs exactly one of exact, prefix or regex") }
            for (header, value) in (match.headers ?? [:]).sorted(by: { $0.key < $1.key }) where !value.isValid {
                issues.error(matchPath.appending("headers").appending(header), "needs exactly one of exact, prefix or regex")
            }
        }
        if spec.cleanup == true {
            issues.warning("spec.cleanup", "not supported: versions left at 0% are not deleted; remove them with a commit")
        }
        if spec.analyticsEndpoint != nil {
            issues.warning("spec.analyticsEndpoint", "ignored: the analysis is built in")
        }
        let override = OverrideRules.validate(spec.manualOverride, versions: allNames, at: "spec.manualOverride", &issues)

        guard !issues.hasErrors, let name, let serviceName, let baselineName, let criteria else {
            return .init(experiment: nil, issues: issues.issues)
        }
        func version(_ versionName: String) -> VersionSpec {
            VersionSpec(name: versionName, variables: [.init(name: "namespace", value: namespace)], weightObjRef: nil)
        }
        var destinations: [String: VirtualServiceRoute.Destination] = [:]
        if serviceKind == "Service" {
            for versionName in allNames { destinations[versionName] = .init(host: versionName, subset: nil) }
        }
        let routing: RoutingSpec =
            pattern == .conformance
            ? .none
            : .virtualService(
                VirtualServiceRoute(
                    name: serviceName, namespace: namespace, route: nil, destinations: destinations, match: matches))
        let experiment = Experiment(
            name: name, namespace: namespace, target: "\(namespace)/\(serviceName)", sourceAPIVersion: apiVersion,
            testingPattern: pattern, deploymentPattern: .progressive, baseline: version(baselineName),
            candidates: candidateNames.map(version), criteria: criteria,
            duration: DurationSpec(intervalSeconds: interval, iterationsPerLoop: max(1, iterations), maxLoops: 1),
            weightCaps: CandidateWeightCaps(maxCandidateWeight: 100, maxCandidateWeightIncrement: increment), routing: routing,
            analysis: analysis, promotion: PromotionSettings(onTermination: onTermination, applyMode: .cluster, manifest: nil),
            manualOverride: override, actionNames: [])
        return .init(experiment: experiment, issues: issues.issues)
    }

    /// v1 criteria become objectives (absolute: a limit; relative: a factor of the baseline) and a reward.
    static func translateCriteria(_ criteria: [V1Alpha2Document.Criterion], _ issues: inout IssueList)
        -> (CriteriaSpec?, hasReward: Bool)
    {
        var objectives: [ObjectiveSpec] = []
        var reward: RewardSpec?
        var valid = true
        for (index, criterion) in criteria.enumerated() {
            let path = FieldPath("spec.criteria").appending(index)
            guard let metricName = criterion.metric, let reference = MetricReference(
                knownMetrics[metricName]?.builtin ?? metricName.replacingUnderscores())
            else {
                issues.error(path.appending("metric"), "missing or invalid metric name \(ExperimentValidator.quoted(criterion.metric))")
                valid = false
                continue
            }
            let direction = knownMetrics[metricName]?.better
            if criterion.isReward == true {
                if reward != nil {
                    issues.error(path.appending("isReward"), "at most one criterion can be the reward")
                    valid = false
                } else if let direction {
                    reward = RewardSpec(metric: reference, preferredDirection: direction)
                } else {
                    issues.error(path.appending("metric"), unknownDirection(metricName))
                    valid = false
                }
            }
            guard let threshold = criterion.threshold else { continue }
            guard let value = threshold.value, SpecLimits.isLimit(value) else {
                issues.error(
                    path.appending("threshold").appending("value"),
                    threshold.value == nil ? "missing required number"
                        : "must be a finite number of magnitude at most 1e19, found \(threshold.value!)")
                valid = false
                continue
            }
            let relative: Bool
            switch threshold.type {
            case "absolute": relative = false
            case "relative": relative = true
            default:
                issues.error(
                    path.appending("threshold").appending("type"),
                    "expected absolute or relative, found \(ExperimentValidator.quoted(threshold.type))")
                valid = false
                continue
            }
            guard let direction else {
                issues.error(path.appending("metric"), unknownDirection(metricName))
                valid = false
                continue
            }
            let limit = Quantity(value)
            objectives.append(
                ObjectiveSpec(
                    metric: reference, upperLimit: direction == .low ? limit : nil,
                    lowerLimit: direction == .high ? limit : nil, rollbackOnFailure: false, relativeToBaseline: relative))
        }
        guard valid else { return (nil, reward != nil) }
        return (CriteriaSpec(requestCount: nil, objectives: objectives, reward: reward, indicators: []), reward != nil)
    }

    static func unknownDirection(_ metric: String) -> String {
        "cannot tell whether lower or higher is better for \"\(metric)\" (v1 metric ConfigMaps are not read); "
            + "known: \(knownMetrics.keys.sorted().joined(separator: ", ")); write the experiment as v2alpha2 "
            + "with upperLimit or lowerLimit"
    }

    /// Parses a Go duration (`30s`, `1m30s`, `2h`, `1500ms`) into whole seconds, within ``SpecLimits/intervalSeconds``.
    static func goDurationSeconds(_ text: String, at path: FieldPath, _ issues: inout IssueList) -> Int {
        let units: [(String, Double)] = [("ms", 0.001), ("h", 3600), ("m", 60), ("s", 1)]
        var rest = Substring(text)
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            rest = rest.dropFirst(number.count)
            guard let value = Double(number), let unit = units.first(where: { rest.hasPrefix($0.0) }) else {
                issues.error(path, "expected a duration such as 30s or 1m30s, found \"\(text)\"")
                return 30
            }
            total += value * unit.1
            rest = rest.dropFirst(unit.0.count)
        }
        guard total >= 1 else {
            issues.error(path, "must be at least 1s, found \"\(text)\"")
            return 30
        }
        guard total.isFinite, total <= Double(SpecLimits.intervalSeconds.upperBound) else {
            issues.error(path, "must be at most 24h (\(SpecLimits.intervalSeconds.upperBound) s), found \"\(text)\"")
            return 30
        }
        return Int(total)
    }
}

extension String {
    /// `iter8_mean_latency` → `iter8-mean-latency`: v1 metric names as Kubernetes object names.
    fileprivate func replacingUnderscores() -> String { String(map { $0 == "_" ? "-" : $0 }) }
}
