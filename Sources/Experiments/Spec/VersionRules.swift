/// Validation of `spec.versionInfo`: names, variables and `weightObjRef`s.
enum VersionRules {
    /// The versions of a valid `versionInfo`.
    struct Versions {
        var baseline: VersionSpec
        var candidates: [VersionSpec]
        var all: [VersionSpec] { [baseline] + candidates }
    }

    /// The variable naming a version's namespace; it defaults to the experiment's.
    static let namespaceVariable = "namespace"

    /// The versions of `info`, each with a `namespace` variable (the experiment's `namespace` unless the spec gives one).
    static func validate(
        _ info: ExperimentDocument.VersionInfo?, namespace: String, at path: FieldPath, _ issues: inout IssueList
    ) -> Versions? {
        guard let info else {
            issues.error(path, "missing required field (a baseline, and candidates for every pattern but Conformance)")
            return nil
        }
        guard let rawBaseline = info.baseline else {
            issues.error(path.appending("baseline"), "missing required field")
            return nil
        }
        var seen: [String: FieldPath] = [:]
        var seenFieldPaths: [String: FieldPath] = [:]
        func version(_ raw: ExperimentDocument.Version, at path: FieldPath) -> VersionSpec? {
            let name = ExperimentValidator.requiredName(raw.name, at: path.appending("name"), &issues)
            if let name {
                if let first = seen[name] {
                    issues.error(path.appending("name"), "duplicate version name \"\(name)\" (first used at \(first))")
                } else {
                    seen[name] = path.appending("name")
                }
            }
            var variables: [VersionSpec.Variable] = []
            var variableNames: Set<String> = []
            for (index, variable) in (raw.variables ?? []).enumerated() {
                let variablePath = path.appending("variables").appending(index)
                guard let variableName = variable.name, isPlaceholderName(variableName) else {
                    issues.error(
                        variablePath.appending("name"),
                        "expected a placeholder name (letters, digits, '_'), found \(ExperimentValidator.quoted(variable.name))")
                    continue
                }
                if variableName == "name" || variableName == "elapsedTime" {
                    issues.error(variablePath.appending("name"), "\"\(variableName)\" is reserved for the version's \(variableName == "name" ? "name" : "elapsed time")")
                }
                if !variableNames.insert(variableName).inserted {
                    issues.error(variablePath.appending("name"), "duplicate variable \"\(variableName)\"")
                }
                guard let value = variable.value else {
                    issues.error(variablePath.appending("value"), "missing required field")
                    continue
                }
                // Values go into PromQL label matchers between double quotes: nothing may end the string early.
                if value.utf8.count > 1024 || value.unicodeScalars.contains(where: { $0 == "\"" || $0 == "\\" || $0 == "`" || $0.value < 0x20 || $0.value == 0x7F }) {
                    issues.error(
                        variablePath.appending("value"),
                        "must be at most 1024 bytes without quotes (\" `), backslashes or control characters, found \(ExperimentValidator.quoted(String(value.prefix(80))))")
                    continue
                }
                variables.append(.init(name: variableName, value: value))
            }
            var reference: WeightObjectReference?
            if let raw = raw.weightObjRef {
                reference = weightObjectReference(raw, namespace: namespace, at: path.appending("weightObjRef"), &issues)
                if let reference {
                    let key = "\(reference.namespace)/\(reference.name)\(reference.fieldPath)"
                    if let first = seenFieldPaths[key] {
                        issues.error(
                            path.appending("weightObjRef").appending("fieldPath"),
                            "the same weight field is already used by \(first); each version needs its own")
                    } else {
                        seenFieldPaths[key] = path.appending("weightObjRef")
                    }
                }
            }
            guard let name else { return nil }
            // A version without a `namespace` variable is in the experiment's namespace: the rule readiness uses to
            // find its Deployment, so iter8 v2 files that omit it validate and their `$namespace` queries render.
            if !variableNames.contains(namespaceVariable) { variables.append(.init(name: namespaceVariable, value: namespace)) }
            return VersionSpec(name: name, variables: variables, weightObjRef: reference)
        }
        let baseline = version(rawBaseline, at: path.appending("baseline"))
        let candidates = (info.candidates ?? []).enumerated().map {
            version($0.element, at: path.appending("candidates").appending($0.offset))
        }
        guard let baseline, candidates.allSatisfy({ $0 != nil }) else { return nil }
        return Versions(baseline: baseline, candidates: candidates.compactMap { $0 })
    }

    static func weightObjectReference(
        _ raw: ExperimentDocument.ObjectReference, namespace: String, at path: FieldPath, _ issues: inout IssueList
    ) -> WeightObjectReference? {
        let kind = raw.kind ?? "VirtualService"
        if kind != "VirtualService" {
            issues.error(path.appending("kind"), "only VirtualService weights can be set, found \"\(kind)\"")
        }
        let apiVersion = raw.apiVersion ?? "networking.istio.io/v1beta1"
        let allowedVersions = ["networking.istio.io/v1", "networking.istio.io/v1beta1", "networking.istio.io/v1alpha3"]
        if !allowedVersions.contains(apiVersion) {
            issues.error(path.appending("apiVersion"), "expected one of \(allowedVersions.joined(separator: ", ")), found \"\(apiVersion)\"")
        }
        let name = ExperimentValidator.requiredName(raw.name, at: path.appending("name"), &issues)
        let referenceNamespace = ExperimentValidator.optionalNamespace(raw.namespace, at: path.appending("namespace"), &issues)
        if raw.namespace != nil && referenceNamespace == nil { return nil }
        guard let fieldPath = raw.fieldPath else {
            issues.error(path.appending("fieldPath"), "missing required field (e.g. .spec.http[0].route[1].weight)")
            return nil
        }
        guard let parsed = FieldPath(iter8FieldPath: fieldPath) else {
            issues.error(
                path.appending("fieldPath"),
                "expected a path starting with '.' such as .spec.http[0].route[1].weight, found \"\(fieldPath)\"")
            return nil
        }
        guard let name else { return nil }
        return WeightObjectReference(
            apiVersion: apiVersion, kind: kind, name: name, namespace: raw.namespace ?? namespace, fieldPath: fieldPath,
            path: parsed)
    }

    static func isPlaceholderName(_ text: String) -> Bool {
        guard let first = text.first, first.isLetter || first == "_" else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }
}
