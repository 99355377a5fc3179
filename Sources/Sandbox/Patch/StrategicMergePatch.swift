import Kubernetes

/// An approximation of Kubernetes' strategic merge patch (`application/strategic-merge-patch+json`), which
/// `kubectl apply` and `kubectl patch` send for built-in kinds such as Deployment and Service.
///
/// It is a JSON merge patch, except that lists of objects with a known merge key are merged element by
/// element (`containers`, `initContainers`, `env`, `volumes` and `imagePullSecrets` by `name`,
/// `volumeMounts` by `mountPath`, container `ports` by `containerPort` and Service `ports` by `port`), and the
/// directives kubectl emits are honoured: `$patch: delete` / `$patch: replace` on list elements and maps,
/// `$setElementOrder/<list>` (ordering), `$retainKeys` and `$deleteFromPrimitiveList/<list>`.
/// Not covered: merge keys of other lists (those are replaced wholesale, as a merge patch would),
/// `patchStrategy: merge` on primitive lists, and any schema-driven behaviour beyond the table above.
public enum StrategicMergePatch {
    /// Merge keys by list field name; `ports` picks `containerPort` when the elements have one.
    static let mergeKeys: [String: [String]] = [
        "containers": ["name"], "initContainers": ["name"], "ephemeralContainers": ["name"], "env": ["name"],
        "volumes": ["name"], "imagePullSecrets": ["name"], "volumeMounts": ["mountPath"],
        "ports": ["containerPort", "port"], "tolerations": ["key"], "hostAliases": ["ip"],
    ]

    /// Returns `target` with `patch` applied.
    public static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(var patchMembers) = patch else { return patch }
        if patchMembers["$patch"]?.stringValue == "replace" {
            patchMembers["$patch"] = nil
            return strip(.object(patchMembers))
        }
        if patchMembers["$patch"]?.stringValue == "delete" { return .null }
        var result = target.objectValue ?? [:]
        var orders: [String: [JSONValue]] = [:]
        if let retained = patchMembers.removeValue(forKey: "$retainKeys")?.arrayValue {
            let keep = Set(retained.compactMap(\.stringValue))
            result = result.filter { keep.contains($0.key) || patchMembers[$0.key] != nil }
        }
        for (name, value) in patchMembers {
            if name.hasPrefix("$setElementOrder/") {
                orders[String(name.dropFirst("$setElementOrder/".count))] = value.arrayValue ?? []
            } else if name.hasPrefix("$deleteFromPrimitiveList/") {
                let field = String(name.dropFirst("$deleteFromPrimitiveList/".count))
                let doomed = value.arrayValue ?? []
                if let list = result[field]?.arrayValue { result[field] = .array(list.filter { !doomed.contains($0) }) }
            }
        }
        for (name, value) in patchMembers where !name.hasPrefix("$") {
            if value == .null {
                result[name] = nil
            } else if case .array(let elements) = value, let key = mergeKey(for: name, elements: elements) {
                result[name] = .array(mergeList(result[name]?.arrayValue ?? [], elements, key: key))
            } else {
                let merged = apply(value, to: result[name] ?? .null)
                result[name] = merged == .null ? nil : merged
            }
        }
        for (name, order) in orders {
            guard let list = result[name]?.arrayValue, let key = mergeKey(for: name, elements: order + list) else {
                continue
            }
            result[name] = .array(reorder(list, by: order, key: key))
        }
        return .object(result)
    }

    private static func mergeKey(for field: String, elements: [JSONValue]) -> String? {
        guard let candidates = mergeKeys[field], !elements.isEmpty,
            elements.allSatisfy({ $0.objectValue != nil })
        else { return nil }
        return candidates.first { key in elements.allSatisfy { $0[key] != nil || $0["$patch"] != nil } }
    }

    private static func mergeList(_ original: [JSONValue], _ patch: [JSONValue], key: String) -> [JSONValue] {
        if patch.contains(where: { $0["$patch"]?.stringValue == "replace" }) {
            return patch.filter { $0["$patch"] == nil }.map(strip)
        }
        var result = original
        for element in patch {
            let index = result.firstIndex { $0[key] != nil && $0[key] == element[key] }
            if element["$patch"]?.stringValue == "delete" {
                if let index { result.remove(at: index) }
            } else if let index {
                result[index] = apply(element, to: result[index])
            } else {
                result.append(strip(element))
            }
        }
        return result
    }

    private static func reorder(_ list: [JSONValue], by order: [JSONValue], key: String) -> [JSONValue] {
        let wanted = order.compactMap { $0[key] }
        let ordered = wanted.compactMap { value in list.first { $0[key] == value } }
        return ordered + list.filter { element in !wanted.contains { $0 == element[key] } }
    }

    /// Removes directive members from a value that is inserted as is.
    private static func strip(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members):
            return .object(members.filter { !$0.key.hasPrefix("$") }.mapValues(strip))
        case .array(let elements):
            return .array(elements.map(strip))
        default:
            return value
        }
    }
}
