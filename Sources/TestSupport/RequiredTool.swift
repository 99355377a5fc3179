import Foundation

/// Finds the binaries that tests need, failing with the Debian package to install instead of skipping.
public enum RequiredTool {
    /// Returns the absolute path of `name`, searched in `PATH` and then in `extraDirectories`.
    ///
    /// - Throws: ``TestSupportError`` naming `package` when the binary is missing.
    public static func path(
        _ name: String, package: String, extraDirectories: [String] = ["/usr/sbin", "/usr/lib/git-core"]
    ) throws -> String {
        let pathDirectories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for directory in pathDirectories.map(String.init) + extraDirectories {
            let candidate = directory + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw TestSupportError(
            "'\(name)' is not installed: install the Debian package '\(package)' (scripts/test.sh does this)")
    }
}
