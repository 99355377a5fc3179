import Foundation

/// An executable of this package that SwiftPM built next to the test bundle (`swift build --build-tests`
/// builds every product into the same folder).
public enum BuiltExecutable {
    /// The path of the executable `name` (for example `iter8`).
    ///
    /// - Throws: ``TestSupportError`` naming where it looked, when it is not there.
    public static func path(_ name: String) throws -> String {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent(),
        ].map { $0.appendingPathComponent(name).path }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw TestSupportError(
                "the \(name) executable is not next to the test bundle (looked for \(candidates.joined(separator: ", "))); "
                    + "build it with `swift build --build-tests`")
        }
        return found
    }
}
