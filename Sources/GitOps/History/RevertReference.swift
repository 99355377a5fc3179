import Foundation

/// What a `git revert` of an iter8 commit says about the commit it reverts.
struct RevertReference: Equatable {
    /// The reverted commit's id as written (7 to 40 lowercase hex digits).
    var id: String
    /// The experiments named in the quoted subject (`… in namespace/name`), for when the original commit is
    /// not in the history being read.
    var experiments: [String]

    /// Reads `message`; nil unless its subject is `Revert "iter8: …"` and it says `This reverts commit <id>`.
    init?(_ message: String) {
        let parsed = CommitMessage.parse(message)
        let prefix = "Revert \"iter8:"
        guard parsed.subject.hasPrefix(prefix) else { return nil }
        let marker = "This reverts commit "
        guard let range = parsed.body.range(of: marker) else { return nil }
        let hex = parsed.body[range.upperBound...].prefix { $0.isHexDigit }
        guard (7...40).contains(hex.count) else { return nil }
        id = hex.lowercased()
        var quoted = parsed.subject.dropFirst("Revert \"".count)
        if quoted.hasSuffix("\"") { quoted = quoted.dropLast() }
        if let range = quoted.range(of: " in ", options: .backwards) {
            let name = quoted[range.upperBound...].trimmingCharacters(in: .whitespaces)
            experiments = name.isEmpty || name.contains(" ") ? [] : [name]
        } else {
            experiments = []
        }
    }
}
