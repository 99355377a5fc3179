import Foundation

/// Lock files a Git process leaves in a repository when it dies mid-write (`refs/heads/main.lock`,
/// `packed-refs.lock`, `config.lock`, …). While one exists, libgit2 refuses to update what it guards
/// (`git_reference_create failed …`), so a clone a killed process left behind must not be reused as it is.
public enum InterruptedWrites {
    /// The `*.lock` files under the repository at `path` (a bare repository, or a `.git` folder), relative to
    /// it and sorted; empty when there are none or `path` does not exist.
    public static func lockFiles(in path: String) -> [String] {
        let root = URL(fileURLWithPath: path)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var found: [String] = []
        let prefix = root.standardizedFileURL.path + "/"
        for case let url as URL in walker where url.lastPathComponent.hasSuffix(".lock") {
            let full = url.standardizedFileURL.path
            found.append(full.hasPrefix(prefix) ? String(full.dropFirst(prefix.count)) : full)
        }
        return found.sorted()
    }
}
