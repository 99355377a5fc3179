/// Which repository paths the service may write: relative, no `.`/`..`/empty segments, nothing under `.git`,
/// no control characters, every file name within the 255 bytes file systems take. The one rule for a spec's
/// `promotion.manifest`, `--status-dir`, and every status, report and manifest path checked before a commit is
/// built, so a hostile name in one spec can never make a commit fail (stopping every other experiment) or write
/// outside the place it names.
public enum RepositoryPath {
    /// The longest path accepted, in bytes (Linux `PATH_MAX`).
    public static let maxBytes = 4096
    /// The longest file name (one path segment) accepted, in bytes.
    public static let maxFileNameBytes = 255

    /// Whether `path` is safe to write.
    public static func isSafe(_ path: String) -> Bool {
        guard !path.isEmpty, path.utf8.count <= maxBytes, !path.hasPrefix("/") else { return false }
        for segment in path.split(separator: "/", omittingEmptySubsequences: false) {
            guard !segment.isEmpty, segment != ".", segment != "..", segment.lowercased() != ".git",
                segment.utf8.count <= maxFileNameBytes,
                !segment.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
            else { return false }
        }
        return true
    }
}
