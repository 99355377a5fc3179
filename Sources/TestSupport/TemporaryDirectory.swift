import Foundation

/// A fresh directory under the system temporary directory, removed when the value is deinitialised.
public final class TemporaryDirectory: Sendable {
    /// The directory's absolute URL.
    public let url: URL

    /// Creates the directory, named with `prefix` and a random suffix.
    public init(prefix: String = "iter8-test") throws {
        let base = FileManager.default.temporaryDirectory
        url = base.appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The directory's absolute path.
    public var path: String { url.path }

    /// Returns the URL of `name` inside the directory.
    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    deinit { try? FileManager.default.removeItem(at: url) }  // best effort: a leftover temp dir is harmless
}
