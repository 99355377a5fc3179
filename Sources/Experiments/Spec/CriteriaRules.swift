/// Validation of `spec.criteria`, and of how many candidates and rewards each testing pattern allows.
enum CriteriaRules {
    static func validate(
        _ criteria: ExperimentDocument.Criteria?, deploymentPattern: DeploymentPattern, at path: FieldPath,
        _ issues: inout IssueList
    ) -> CriteriaSpec? {
        var valid = true
        func metric(_ text: String?, at path: FieldPath) -> MetricReference? {
            guard let text else {
                issues.error(path, "missing required field")
                valid = false
                return nil
            }
            guard let reference = MetricReference(text) else {
                issues.error(path, "expected a metric reference name or namespace/name, found \"\(text)\"")
                valid = false
                return nil
            }
            return reference
        }
        let count = (criteria?.objectives?.count ?? 0) + (criteria?.rewards?.count ?? 0) + (criteria?.indicators?.count ?? 0)
        if count > SpecLimits.maxCriteria {
            issues.error(path, "at most \(SpecLimits.maxCriteria) objectives, rewards and indicators together, found \(count)")
            return nil
        }
        let requestCount = criteria?.requestCount.flatMap { metric($0, at: path.appending("requestCount")) }
        var objectives: [ObjectiveSpec] = []
        for (index, raw) in (criteria?.objectives ?? []).enumerated() {
            let objectivePath = path.appending("objectives").appending(index)
            let reference = metric(raw.metric, at: objectivePath.appending("metric"))
            if raw.upperLimit == nil && raw.lowerLimit == nil {
                issues.error(objectivePath, "an objective needs an upperLimit, a lowerLimit or both")
                valid = false
            }
            for (field, limit) in [("upperLimit", raw.upperLimit), ("lowerLimit", raw.lowerLimit)] {
                guard let limit, !SpecLimits.isLimit(limit.value) else { continue }
                issues.error(
                    objectivePath.appending(field),
                    "must be a finite number of magnitude at most 1e19, found \(limit) (\(limit.value))")
                valid = false
            }
            if let lower = raw.lowerLimit, let upper = raw.upperLimit, lower.value > upper.value {
                issues.error(
                    objectivePath.appending("lowerLimit"), "lowerLimit \(lower) is above upperLimit \(upper): no value can pass")
                valid = false
            }
            if let reference {
                objectives.append(
                    ObjectiveSpec(
                        metric: reference, upperLimit: raw.upperLimit, lowerLimit: raw.lowerLimit,
                        rollbackOnFailure: raw.rollback_on_failure ?? (deploymentPattern == .blueGreen),
                        relativeToBaseline: false))
            }
        }
        var reward: RewardSpec?
        for (index, raw) in (criteria?.rewards ?? []).enumerated() {
            let rewardPath = path.appending("rewards").appending(index)
            let reference = metric(raw.metric, at: rewardPath.appending("metric"))
            let direction: Reward.Direction? = ExperimentValidator.parseEnum(
                raw.preferredDirection, at: rewardPath.appending("preferredDirection"), required: true, &issues)
            if direction == nil { valid = false }
            if let reference, let direction, reward == nil { reward = RewardSpec(metric: reference, preferredDirection: direction) }
        }
        let indicators = (criteria?.indicators ?? []).enumerated().compactMap {
            metric($0.element, at: path.appending("indicators").appending($0.offset))
        }
        guard valid else { return nil }
        return CriteriaSpec(requestCount: requestCount, objectives: objectives, reward: reward, indicators: indicators)
    }
}

/// iter8's rules for how many candidates and rewards each testing pattern takes.
enum PatternRules {
    static func check(
        _ pattern: TestingPattern, candidates: Int, rewards: Int, at path: FieldPath, _ issues: inout IssueList
    ) {
        let candidatesPath = path.appending("versionInfo").appending("candidates")
        let rewardsPath = path.appending("criteria").appending("rewards")
        if candidates > SpecLimits.maxCandidates {
            issues.error(candidatesPath, "at most \(SpecLimits.maxCandidates) candidates, found \(candidates)")
        }
        switch pattern {
        case .conformance:
            if candidates != 0 { issues.error(candidatesPath, "Conformance takes no candidates, found \(candidates)") }
            if rewards != 0 { issues.error(rewardsPath, "Conformance takes no rewards, found \(rewards)") }
        case .canary:
            if candidates != 1 { issues.error(candidatesPath, "Canary takes exactly 1 candidate, found \(candidates)") }
            if rewards != 0 { issues.error(rewardsPath, "Canary takes no rewards (use A/B), found \(rewards)") }
        case .abTest:
            if candidates != 1 { issues.error(candidatesPath, "A/B takes exactly 1 candidate (use A/B/N for more), found \(candidates)") }
            if rewards != 1 { issues.error(rewardsPath, "A/B takes exactly 1 reward, found \(rewards)") }
        case .abnTest:
            if candidates < 1 { issues.error(candidatesPath, "A/B/N takes at least 1 candidate, found 0") }
            if rewards != 1 { issues.error(rewardsPath, "A/B/N takes exactly 1 reward, found \(rewards)") }
        }
    }
}

extension Reward.Direction: CaseIterable {
    /// `High`, `Low`: the values a spec's `preferredDirection` takes.
    public static var allCases: [Reward.Direction] { [.high, .low] }
}
