import Foundation
import Kubernetes
import Testing

/// Golden files under `Tests/IstioTests/Golden/` (excluded from the target's sources, read through
/// `#filePath`). Run with `ISTIO_RECORD_GOLDEN=1` to (re)write the expected files, then review the diff.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// The text of golden file `name`.
    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    /// The JSON value of golden file `name`.
    static func json(_ name: String) throws -> JSONValue {
        try JSONValue.parse(Data(text(name).utf8))
    }

    /// Pretty, key-sorted JSON: the form golden JSON files are kept in.
    static func pretty<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// Expects `actual` to equal golden file `name` byte for byte (or records it).
    static func expect(_ actual: String, matches name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["ISTIO_RECORD_GOLDEN"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "differs from Golden/\(name)", sourceLocation: sourceLocation)
    }
}
