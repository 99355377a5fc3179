/// Validation of our extension fields: `spec.routing`, `spec.analysis` and `spec.manualOverride`.
enum RoutingRules {
    static func validate(
        _ routing: ExperimentDocument.Routing?, versions: VersionRules.Versions?, pattern: TestingPattern?,
        deploymentPattern: DeploymentPattern, namespace: String, at path: FieldPath, _ issues: inout IssueList
    ) -> RoutingSpec? {
        let routingPath = path.appending("routing")
        let all = versions?.all ?? []
        let withReference = all.filter { $0.weightObjRef != nil }
        if pattern == .conformance {
            if routing != nil || !withReference.isEmpty {
                issues.warning(routingPath, "Conformance moves no traffic; routing and weightObjRef are ignored")
            }
            return RoutingSpec.none
        }
        if let routing {
            if !withReference.isEmpty {
                issues.error(
                    routingPath,
                    "ambiguous routing: give either spec.routing or weightObjRef on the versions, not both "
                        + "(weightObjRef on \(withReference.map(\.name).joined(separator: ", ")))")
                return nil
            }
            if routing.httpRoute != nil {
                if routing.virtualService != nil {
                    issues.error(routingPath, "ambiguous routing: name either a virtualService or an httpRoute, not both")
                    return nil
                }
                return httpRoute(routing, versionNames: versions.map { Set($0.all.map(\.name)) }, namespace: namespace, at: routingPath, &issues)
            }
            for (field, given) in [("rule", routing.rule != nil), ("ruleIndex", routing.ruleIndex != nil), ("backendRefs", routing.backendRefs != nil)]
            where given {
                issues.error(routingPath.appending(field), "applies to an httpRoute; a virtualService's route is `route`, its versions `destinations`")
            }
            let name = ExperimentValidator.requiredName(
                routing.virtualService?.name, at: routingPath.appending("virtualService").appending("name"), &issues)
            let route = routing.route
            if route?.isEmpty == true { issues.error(routingPath.appending("route"), "must not be empty") }
            let names = Set(all.map(\.name))
            var destinations: [String: VirtualServiceRoute.Destination] = [:]
            for (version, destination) in (routing.destinations ?? [:]).sorted(by: { $0.key < $1.key }) {
                let destinationPath = routingPath.appending("destinations").appending(version)
                if versions != nil && !names.contains(version) {
                    issues.error(destinationPath, "\"\(version)\" is not a version of this experiment")
                }
                if destination.host == nil && destination.subset == nil {
                    issues.error(destinationPath, "a destination needs a host, a subset or both")
                }
                if let host = destination.host, !KubernetesName.isSubdomain(host) {
                    issues.error(destinationPath.appending("host"), "\"\(host)\": " + KubernetesName.subdomainRule("a host"))
                }
                if let subset = destination.subset, !KubernetesName.isLabel(subset) {
                    issues.error(destinationPath.appending("subset"), "\"\(subset)\": " + KubernetesName.labelRule("a subset"))
                }
                destinations[version] = .init(host: destination.host, subset: destination.subset)
            }
            let routeNamespace = ExperimentValidator.optionalNamespace(
                routing.virtualService?.namespace, at: routingPath.appending("virtualService").appending("namespace"), &issues)
            guard let name, routing.virtualService?.namespace == nil || routeNamespace != nil else { return nil }
            return .virtualService(
                VirtualServiceRoute(
                    name: name, namespace: routeNamespace ?? namespace, route: route,
                    destinations: destinations))
        }
        if withReference.isEmpty {
            issues.error(
                routingPath,
                "missing: name the VirtualService and HTTP route to split (spec.routing.virtualService.name and "
                    + "spec.routing.route), or the HTTPRoute and rule (spec.routing.httpRoute.name and spec.routing.rule), "
                    + "or give every version a weightObjRef")
            return nil
        }
        let missing = all.filter { $0.weightObjRef == nil }
        if missing.count > 1 {
            issues.error(
                path.appending("versionInfo"),
                "versions \(missing.map(\.name).joined(separator: ", ")) have no weightObjRef; at most one version may "
                    + "omit it (its weight is 100 minus the others)")
            return nil
        }
        return .weightObjectReferences
    }

    /// `spec.routing` naming a Gateway API HTTPRoute: its name and namespace, the rule (by name, by index, or the
    /// one whose backendRefs cover every version) and per version a backendRef other than the Service of its name.
    static func httpRoute(
        _ routing: ExperimentDocument.Routing, versionNames: Set<String>?, namespace: String, at path: FieldPath,
        _ issues: inout IssueList
    ) -> RoutingSpec? {
        for (field, given) in [("route", routing.route != nil), ("destinations", routing.destinations != nil)] where given {
            issues.error(path.appending(field), "applies to a virtualService; an httpRoute's rule is `rule` or `ruleIndex`, its versions `backendRefs`")
        }
        let objectPath = path.appending("httpRoute")
        let name = ExperimentValidator.requiredName(routing.httpRoute?.name, at: objectPath.appending("name"), &issues)
        if let name, !KubernetesName.isSubdomain(name) {
            issues.error(objectPath.appending("name"), "\"\(name)\": " + KubernetesName.subdomainRule("an HTTPRoute name"))
        }
        let routeNamespace = ExperimentValidator.optionalNamespace(routing.httpRoute?.namespace, at: objectPath.appending("namespace"), &issues)
        var selector = HTTPRouteRule.Selector.covering
        switch (routing.rule, routing.ruleIndex) {
        case (let rule?, nil):
            if rule.isEmpty || rule.utf8.count > 253 || !KubernetesName.isLabel(rule) && !KubernetesName.isSubdomain(rule) {
                issues.error(path.appending("rule"), "\"\(rule)\": a rule name is a DNS label or subdomain (Gateway API `rules[].name`)")
            }
            selector = .named(rule)
        case (nil, let index?):
            if !(0..<SpecLimits.maxHTTPRouteRules).contains(index) {
                issues.error(path.appending("ruleIndex"), "must be between 0 and \(SpecLimits.maxHTTPRouteRules - 1), found \(index)")
            }
            selector = .index(index)
        case (.some, .some):
            issues.error(path, "ambiguous rule: give either rule (a name) or ruleIndex, not both")
        case (nil, nil):
            break
        }
        var backendRefs: [String: HTTPRouteRule.BackendRef] = [:]
        for (version, reference) in (routing.backendRefs ?? [:]).sorted(by: { $0.key < $1.key }) {
            let referencePath = path.appending("backendRefs").appending(version)
            if let versionNames, !versionNames.contains(version) {
                issues.error(referencePath, "\"\(version)\" is not a version of this experiment")
            }
            guard let service = ExperimentValidator.requiredName(reference.name, at: referencePath.appending("name"), &issues) else { continue }
            if !KubernetesName.isLabel(service) {
                issues.error(referencePath.appending("name"), "\"\(service)\": " + KubernetesName.labelRule("a Service name"))
            }
            let serviceNamespace = ExperimentValidator.optionalNamespace(reference.namespace, at: referencePath.appending("namespace"), &issues)
            if let port = reference.port, !(1...65535).contains(port) {
                issues.error(referencePath.appending("port"), "must be between 1 and 65535, found \(port)")
            }
            backendRefs[version] = .init(name: service, namespace: serviceNamespace, port: reference.port)
        }
        guard let name, routing.httpRoute?.namespace == nil || routeNamespace != nil else { return nil }
        return .httpRoute(HTTPRouteRule(name: name, namespace: routeNamespace ?? namespace, rule: selector, backendRefs: backendRefs))
    }
}

/// Validation of `spec.analysis`.
enum AnalysisRules {
    static func validate(
        _ analysis: ExperimentDocument.Analysis?, defaultEngine: AnalysisEngineKind, intervalSeconds: Int,
        at path: FieldPath, _ issues: inout IssueList
    ) -> AnalysisSpec {
        var settings = AnalysisSpec.defaults(intervalSeconds: intervalSeconds)
        settings.engine = defaultEngine
        if defaultEngine == .iter8V1 { settings.winnerProbability = 0.99 }
        guard let analysis else { return settings }
        if let engine: AnalysisEngineKind = ExperimentValidator.parseEnum(
            analysis.engine, at: path.appending("engine"), required: false, &issues)
        {
            settings.engine = engine
            if engine == .iter8V1 && analysis.winnerProbability == nil { settings.winnerProbability = 0.99 }
        }
        func probability(_ value: Double?, _ field: String, _ range: ClosedRange<Double>) -> Double? {
            guard let value else { return nil }
            guard range.contains(value), value.isFinite else {
                issues.error(path.appending(field), "must be between \(range.lowerBound) and \(range.upperBound), found \(value)")
                return nil
            }
            return value
        }
        if analysis.confidence == 0.5 {
            // The engines need more than an even chance to call an objective: at 0.5 every iteration would fail.
            issues.error(path.appending("confidence"), "must be above 0.5 and at most 0.9999, found 0.5")
        } else if let value = probability(analysis.confidence, "confidence", 0.5...0.9999) {
            settings.confidence = value
        }
        if let value = probability(analysis.winnerProbability, "winnerProbability", 0.5...0.9999) {
            settings.winnerProbability = value
        }
        if let value = probability(analysis.explorationShare, "explorationShare", 0...1) { settings.explorationShare = value }
        if let value = analysis.minRequestsPerVersion {
            settings.minRequestsPerVersion = ExperimentValidator.bounded(
                value, SpecLimits.minRequestsPerVersion, default: 0, at: path.appending("minRequestsPerVersion"), &issues)
        }
        if let value = analysis.samples {
            if !(100...1_000_000).contains(value) {
                issues.error(path.appending("samples"), "must be between 100 and 1000000, found \(value)")
            } else {
                settings.samples = value
            }
        }
        if let policy: TrafficPolicyKind = ExperimentValidator.parseEnum(
            analysis.trafficPolicy, at: path.appending("trafficPolicy"), required: false, &issues)
        {
            settings.trafficPolicy = policy
        }
        if let value = analysis.noDataDeadlineSeconds {
            if value < intervalSeconds {
                issues.error(
                    path.appending("noDataDeadlineSeconds"),
                    "must be at least one interval (\(intervalSeconds) s), found \(value)")
            } else if value > SpecLimits.noDataDeadlineSeconds.upperBound {
                issues.error(
                    path.appending("noDataDeadlineSeconds"),
                    "must be at most \(SpecLimits.noDataDeadlineSeconds.upperBound) (30 days), found \(value)")
            } else {
                settings.noDataDeadlineSeconds = value
            }
        }
        if let value = probability(analysis.tolerance, "tolerance", 0...0.5) { settings.tolerance = value }
        settings.seed = analysis.seed
        return settings
    }
}

/// Validation of `spec.manualOverride`.
enum OverrideRules {
    static func validate(
        _ override: ExperimentDocument.ManualOverride?, versions: [String], at path: FieldPath, _ issues: inout IssueList
    ) -> ManualOverride? {
        guard let override else { return nil }
        guard let action: ManualOverride.Action = ExperimentValidator.parseEnum(
            override.action, at: path.appending("action"), required: true, &issues)
        else { return nil }
        guard let split = override.trafficSplit else { return ManualOverride(action: action, trafficSplit: nil) }
        let splitPath = path.appending("trafficSplit")
        if action != .terminate {
            issues.error(splitPath, "trafficSplit goes with action terminate only, found action \(action.rawValue)")
        }
        for (version, weight) in split.sorted(by: { $0.key < $1.key }) {
            if !versions.isEmpty && !versions.contains(version) {
                issues.error(splitPath.appending(version), "\"\(version)\" is not a version of this experiment")
            }
            if !SpecLimits.percent.contains(weight) {
                issues.error(splitPath.appending(version), "must be between 0 and 100, found \(weight)")
            }
        }
        let inRange = split.values.allSatisfy(SpecLimits.percent.contains)
        let total = inRange ? split.values.reduce(0, +) : nil  // each at most 100: no overflow
        if let total, total != 100 { issues.error(splitPath, "weights must sum to 100, found \(total)") }
        return ManualOverride(action: action, trafficSplit: split)
    }
}
