import CLibGit2

/// Branch names as Git takes them.
public enum BranchName {
    /// Whether `name` can name a branch: `refs/heads/<name>` follows Git's reference-name rules (no `..`, `@{`,
    /// space, control character or any of `~^:?*[\`; no component starting with `.` or ending with `.lock`; no
    /// trailing `/` or `.`), and, as `git check-ref-format --branch` also asks, it does not start with `-` and is
    /// not `HEAD`.
    public static func isValid(_ name: String) -> Bool {
        guard !name.isEmpty, !name.hasPrefix("-"), name != "HEAD" else { return false }
        LibGit2.ensureInitialized()
        var valid: Int32 = 0
        guard git_reference_name_is_valid(&valid, "refs/heads/" + name) == 0 else { return false }
        return valid == 1
    }
}
