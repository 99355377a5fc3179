import Kubernetes

/// kube-apiserver's checks on an Event created through `events.k8s.io/v1` (its strict validation; a core `v1`
/// create gets only the legacy checks, which the Sandbox does not model): the fields a reporter must set, their
/// length limits, and an Event in the namespace of the object it is about.
enum EventValidation {
    /// The longest `note`, in bytes.
    static let noteLimit = 1024
    /// The longest `reason`, `action` and `reportingInstance`, in characters.
    static let shortLimit = 128

    /// The causes that make the stored-form `event`, created in `namespace`, invalid; empty when it is valid.
    static func causes(_ event: JSONValue, namespace: String) -> [APIStatus.Cause] {
        var causes: [APIStatus.Cause] = []
        func required(_ field: String) {
            causes.append(APIStatus.Cause(reason: "FieldValueRequired", message: "Required value", field: field))
        }
        func tooLong(_ field: String, _ limit: Int, unit: String) {
            causes.append(
                APIStatus.Cause(
                    reason: "FieldValueTooLong", message: "Too long: may not be more than \(limit) \(unit)", field: field))
        }
        let regardingNamespace = event["regarding"]?["namespace"]?.stringValue ?? ""
        if regardingNamespace.isEmpty ? !["default", "kube-system"].contains(namespace) : regardingNamespace != namespace {
            causes.append(
                APIStatus.Cause(
                    reason: "FieldValueInvalid",
                    message: "Invalid value: \"\(regardingNamespace)\": does not match event.namespace",
                    field: "regarding.namespace"))
        }
        for field in ["reportingController", "reportingInstance", "action", "reason", "eventTime"] {
            if (event[field]?.stringValue ?? "").isEmpty { required(field) }
        }
        for field in ["reportingInstance", "action", "reason"] {
            if let value = event[field]?.stringValue, value.count > shortLimit { tooLong(field, shortLimit, unit: "characters") }
        }
        if let note = event["note"]?.stringValue, note.utf8.count > noteLimit { tooLong("note", noteLimit, unit: "bytes") }
        let type = event["type"]?.stringValue ?? ""
        if type != "Normal" && type != "Warning" {
            causes.append(
                APIStatus.Cause(
                    reason: "FieldValueInvalid", message: "Invalid value: \"\": has invalid value: \(type)", field: "type"))
        }
        for field in ["deprecatedFirstTimestamp", "deprecatedLastTimestamp", "deprecatedCount", "deprecatedSource"]
        where ![nil, .null, 0, "", [:]].contains(event[field]) {
            causes.append(
                APIStatus.Cause(reason: "FieldValueInvalid", message: "Invalid value: \"\": needs to be unset", field: field))
        }
        return causes
    }
}
