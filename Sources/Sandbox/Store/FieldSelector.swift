import Foundation
import Kubernetes

/// A field selector restricted to the fields every Kubernetes resource supports, `metadata.name` and
/// `metadata.namespace`, plus Events' own (``eventFields``), with `=`, `==` and `!=` (e.g. `metadata.name=reviews`,
/// which kubectl uses for `rollout status` and `wait`, or `involvedObject.name=reviews` for Events).
public struct FieldSelector: Hashable, Sendable {
    /// One requirement: field, value, and whether it must equal (or differ).
    public struct Requirement: Hashable, Sendable {
        /// `metadata.name` or `metadata.namespace`.
        public var field: String
        /// The value compared with.
        public var value: String
        /// True for `=`/`==`, false for `!=`.
        public var equals: Bool
    }

    /// The requirements; all must hold.
    public var requirements: [Requirement]

    /// Parses `text`; an empty selector matches everything.
    ///
    /// - Throws: ``APIStatus`` 400 for a field other than `metadata.name`/`metadata.namespace` or a bad operator.
    public init(_ text: String) throws {
        requirements = try text.split(separator: ",").map { part in
            let part = String(part)
            let (field, value, equals): (Substring, Substring, Bool)
            if let range = part.range(of: "!=") {
                (field, value, equals) = (part[..<range.lowerBound], part[range.upperBound...], false)
            } else if let range = part.range(of: "==") ?? part.range(of: "=") {
                (field, value, equals) = (part[..<range.lowerBound], part[range.upperBound...], true)
            } else {
                throw APIStatus.badRequest("invalid field selector: \"\(text)\"")
            }
            let name = String(field).trimmingCharacters(in: .whitespaces)
            guard Self.commonFields.contains(name) || Self.eventFields.contains(name) else {
                throw APIStatus.badRequest("field label not supported: \(name)")
            }
            return Requirement(field: name, value: String(value).trimmingCharacters(in: .whitespaces), equals: equals)
        }
    }

    /// The fields every resource can be selected by.
    static let commonFields: Set<String> = ["metadata.name", "metadata.namespace"]
    /// The fields Events can be selected by besides those, in either API version: the object they are about
    /// (`involvedObject.*`, or `regarding.*`), `reason`, `type`, and who reported them (`source`,
    /// `reportingComponent`, `reportingController`).
    static let eventFields: Set<String> = Set(
        ["kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"].flatMap {
            ["involvedObject.\($0)", "regarding.\($0)"]
        } + ["reason", "type", "source", "reportingComponent", "reportingController"])

    /// Throws 400 when a requirement names a field `served` cannot be selected by (only Events have event fields).
    func check(_ served: ServedResource) throws {
        for requirement in requirements where !Self.commonFields.contains(requirement.field) {
            guard served.resource == "events" && served.storageGroup == "events.k8s.io" else {
                throw APIStatus.badRequest("field label not supported: \(requirement.field)")
            }
        }
    }

    /// True when the stored object satisfies every requirement.
    public func matches(object: JSONValue) -> Bool {
        requirements.allSatisfy { requirement in
            (Self.value(requirement.field, in: object) == requirement.value) == requirement.equals
        }
    }

    /// The value of `field` in a stored object (an Event in its `events.k8s.io/v1` form); empty when absent.
    static func value(_ field: String, in object: JSONValue) -> String {
        let parts = field.split(separator: ".", maxSplits: 1).map(String.init)
        switch (parts.first ?? "", parts.count == 2 ? parts[1] : nil) {
        case ("metadata", let key?): return object["metadata"]?[key]?.stringValue ?? ""
        case ("involvedObject", let key?), ("regarding", let key?): return object["regarding"]?[key]?.stringValue ?? ""
        case ("reportingComponent", nil), ("reportingController", nil): return object["reportingController"]?.stringValue ?? ""
        case ("source", nil):
            return object["deprecatedSource"]?["component"]?.stringValue ?? object["reportingController"]?.stringValue ?? ""
        case (let key, nil): return object[key]?.stringValue ?? ""
        default: return ""
        }
    }
}
