import ArgumentParser
import Foundation
import GitOps

/// Finds and reads the YAML files named on the command line.
enum SpecFiles {
    /// The `.yaml`/`.yml` files among `paths`, folders searched recursively, in a stable order.
    static func collect(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ValidationError("\(path): no such file or folder")
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            guard let walker = manager.enumerator(atPath: path) else { throw ValidationError("\(path): cannot be read") }
            var found: [String] = []
            for case let relative as String in walker where relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") {
                found.append("\(base)/\(relative)")
            }
            files += found.sorted()
        }
        return files
    }

    /// The text of a file, or nil when it is not UTF-8 (Latin-1, UTF-16, binary): decoding such a file with
    /// replacement characters would validate something other than what the service reads.
    static func read(_ file: String) throws -> String? {
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("\(file): cannot be read") }
        return String(data: data, encoding: .utf8)
    }

    /// The error for a file that is not UTF-8.
    static func notUTF8(_ file: String) -> LocatedIssue {
        LocatedIssue(
            file: file, line: 0, column: 0, path: "",
            message: "not UTF-8 text: Experiment and Metric files must be UTF-8 (convert a UTF-16 or Latin-1 file)",
            severity: .error)
    }
}

