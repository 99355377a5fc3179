/// Kubernetes object-name rules.
public enum ObjectName {
    /// True for an RFC 1123 subdomain: at most 253 lowercase letters, digits, `-` and `.`, starting and ending
    /// with a letter or digit (the rule for most object names).
    public static func isValid(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 253 else { return false }
        let allowed = name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "." }
        let alphanumeric: (Character?) -> Bool = { $0.map { $0.isASCII && ($0.isLowercase || $0.isNumber) } ?? false }
        return allowed && alphanumeric(name.first) && alphanumeric(name.last)
    }

    /// The API server's explanation for an invalid name.
    public static func invalidReason(_ name: String) -> String {
        "Invalid value: \"\(name)\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
            + "characters, '-' or '.', and must start and end with an alphanumeric character"
    }
}
