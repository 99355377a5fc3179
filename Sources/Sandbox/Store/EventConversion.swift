import Kubernetes

/// The field-by-field conversion between core `v1` Events and their storage form, `events.k8s.io/v1` Events, as
/// kube-apiserver converts them: one object, two shapes.
///
/// | `events.k8s.io/v1` | core `v1` |
/// |---|---|
/// | `regarding` | `involvedObject` |
/// | `note` | `message` |
/// | `reportingController` | `reportingComponent` (and `source.component` when no `deprecatedSource` is set) |
/// | `deprecatedSource` | `source` |
/// | `deprecatedFirstTimestamp`, `deprecatedLastTimestamp`, `deprecatedCount` | `firstTimestamp`, `lastTimestamp`, `count` |
/// | `eventTime`, `series`, `type`, `reason`, `action`, `related`, `reportingInstance` | the same names |
///
/// `source.component` is filled from `reportingController` on the way out so `kubectl get events` shows who
/// reported an Event written through `events.k8s.io/v1`; fields neither form names pass through unchanged.
enum EventConversion {
    /// Storage (`events.k8s.io/v1`) field names and their core `v1` names.
    private static let renamed: [(storage: String, core: String)] = [
        ("regarding", "involvedObject"), ("note", "message"), ("reportingController", "reportingComponent"),
        ("deprecatedSource", "source"), ("deprecatedFirstTimestamp", "firstTimestamp"),
        ("deprecatedLastTimestamp", "lastTimestamp"), ("deprecatedCount", "count"),
    ]

    /// `object`, in core `v1` form, as it is stored.
    static func storage(fromCore object: JSONValue) -> JSONValue {
        guard var fields = object.objectValue else { return object }
        let core = fields
        for (storage, coreName) in renamed {
            fields[coreName] = nil
            fields[storage] = core[coreName]
        }
        return .object(fields)
    }

    /// The stored `object` in core `v1` form.
    static func core(fromStorage object: JSONValue) -> JSONValue {
        guard var fields = object.objectValue else { return object }
        let stored = fields
        for (storage, coreName) in renamed {
            fields[storage] = nil
            fields[coreName] = stored[storage]
        }
        if fields["source"] == nil, let controller = stored["reportingController"], controller != "" {
            fields["source"] = ["component": controller]
        }
        return .object(fields)
    }
}
