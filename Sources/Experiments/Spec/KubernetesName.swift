/// Kubernetes naming rules for the names a spec gives: object names, namespaces, version names and subsets.
///
/// Everything the service builds from a spec name — Kubernetes URL paths, status file names, metric query
/// labels — can rely on these: no `/`, no upper case, no spaces, nothing longer than the Kubernetes limit.
public enum KubernetesName {
    /// The longest DNS-1123 label (namespaces, subsets): 63.
    public static let maxLabelLength = 63
    /// The longest DNS-1123 subdomain (most object names): 253.
    public static let maxSubdomainLength = 253

    /// True for an RFC 1123 label: 1–63 lower-case letters, digits and `-`, starting and ending with a letter
    /// or digit. Namespaces and DestinationRule subsets are labels.
    public static func isLabel(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= maxLabelLength, isAlphanumeric(bytes.first!), isAlphanumeric(bytes.last!)
        else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    /// True for an RFC 1123 subdomain: at most 253 characters, dot-separated labels (each starting and ending
    /// with a letter or digit). Object names such as Experiments, Deployments and VirtualServices are subdomains.
    public static func isSubdomain(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= maxSubdomainLength else { return false }
        return text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
            let bytes = Array(part.utf8)
            guard let first = bytes.first, let last = bytes.last else { return false }
            return isAlphanumeric(first) && isAlphanumeric(last)
                && bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        }
    }

    /// Why `text` is not a label, for messages.
    static func labelRule(_ what: String) -> String {
        "\(what) must be a DNS-1123 label: 1 to \(maxLabelLength) lower-case letters, digits and '-', starting and ending with a letter or digit"
    }

    /// Why `text` is not a subdomain, for messages.
    static func subdomainRule(_ what: String) -> String {
        "\(what) must be a DNS-1123 subdomain: at most \(maxSubdomainLength) lower-case letters, digits, '-' and '.', "
            + "each dot-separated part starting and ending with a letter or digit"
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
