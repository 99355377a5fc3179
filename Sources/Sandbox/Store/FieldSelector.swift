import Foundation
import Kubernetes

/// A field selector restricted to the fields every Kubernetes resource supports: `metadata.name` and
/// `metadata.namespace`, with `=`, `==` and `!=` (e.g. `metadata.name=reviews`, which kubectl uses for
/// `rollout status` and `wait`).
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
            guard name == "metadata.name" || name == "metadata.namespace" else {
                throw APIStatus.badRequest("field label not supported: \(name)")
            }
            return Requirement(field: name, value: String(value).trimmingCharacters(in: .whitespaces), equals: equals)
        }
    }

    /// True when the object's metadata satisfies every requirement.
    public func matches(object: JSONValue) -> Bool {
        requirements.allSatisfy { requirement in
            let key = requirement.field == "metadata.name" ? "name" : "namespace"
            let actual = object["metadata"]?[key]?.stringValue ?? ""
            return (actual == requirement.value) == requirement.equals
        }
    }
}
