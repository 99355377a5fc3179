import Foundation
import Kubernetes

/// The minimal invariants the Sandbox enforces on written objects, with kube-apiserver's messages.
enum ObjectValidation {
    /// The body with a missing `apiVersion` or `kind` defaulted from the URL, as kube-apiserver's decoder
    /// does; 400 when either is present and disagrees with the URL.
    static func typeMeta(_ object: JSONValue, served: ServedResource, version: String) throws -> JSONValue {
        guard case .object = object else { throw APIStatus.badRequest("the request body is not a JSON object") }
        let expected = served.apiVersion(version)
        var result = object
        let apiVersion = object["apiVersion"]?.stringValue ?? ""
        let kind = object["kind"]?.stringValue ?? ""
        if apiVersion.isEmpty { result["apiVersion"] = .string(expected) }
        if kind.isEmpty { result["kind"] = .string(served.kind) }
        guard apiVersion.isEmpty || apiVersion == expected else {
            throw APIStatus.badRequest(
                "the API version in the data (\(apiVersion)) does not match the expected API version (\(expected))")
        }
        guard kind.isEmpty || kind == served.kind else {
            throw APIStatus.badRequest("the kind in the data (\(kind)) does not match the expected kind (\(served.kind))")
        }
        return result
    }

    /// The causes that make `name` an invalid object name (a DNS-1123 subdomain; a label for namespaces).
    static func nameCauses(_ name: String?, served: ServedResource) -> [APIStatus.Cause] {
        guard let name, !name.isEmpty else {
            return [
                APIStatus.Cause(
                    reason: "FieldValueRequired", message: "Required value: name or generateName is required",
                    field: "metadata.name")
            ]
        }
        let valid = served.resource == "namespaces" ? isDNS1123Label(name) : isDNS1123Subdomain(name)
        guard !valid else { return [] }
        let message =
            served.resource == "namespaces"
            ? "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start "
                + "and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation "
                + "is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
            : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and "
                + "must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation "
                + "is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
        return [
            APIStatus.Cause(
                reason: "FieldValueInvalid", message: "Invalid value: \"\(name)\": \(message)", field: "metadata.name")
        ]
    }

    /// RFC 1123 label: at most 63 lower-case alphanumerics or `-`, alphanumeric at both ends.
    static func isDNS1123Label(_ text: some StringProtocol) -> Bool {
        guard !text.isEmpty, text.count <= 63, let first = text.first, let last = text.last else { return false }
        return text.allSatisfy { isLowerAlnum($0) || $0 == "-" } && isLowerAlnum(first) && isLowerAlnum(last)
    }

    /// RFC 1123 subdomain: dot-separated labels, at most 253 characters.
    static func isDNS1123Subdomain(_ text: String) -> Bool {
        text.count <= 253 && text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(isDNS1123Label)
    }

    private static func isLowerAlnum(_ character: Character) -> Bool {
        character.isASCII && (character.isLowercase || character.isNumber)
    }
}
