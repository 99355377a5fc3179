import Foundation
import TestSupport
import YAML

/// The JSON Schemas under `schemas/`, checked with Debian's python3-jsonschema through
/// `Fixtures/schema/check.py`. YAML documents become JSON through the project's own YAML module, with the
/// YAML 1.2 core schema's types (as an editor's YAML language server reads them).
enum JSONSchemaChecker {
    /// One schema error: the offending field's path (iter8's dotted form), the JSON Schema keyword, the message.
    struct Failure: Decodable, Hashable, CustomStringConvertible {
        var path: String
        var keyword: String
        var message: String

        var description: String { "\(path.isEmpty ? "(root)" : path): \(keyword): \(message)" }
    }

    /// The schema files.
    enum Schema: String, CaseIterable, Sendable {
        case experimentV2 = "experiment.v2alpha2"
        case experimentV1 = "experiment.v1alpha2"
        case metric = "metric.v2alpha2"

        /// `schemas/<name>.schema.json`.
        var url: URL { JSONSchemaChecker.repository.appendingPathComponent("schemas/\(rawValue).schema.json") }

        /// The schema for an iter8 document, by `apiVersion` and `kind`; nil for other kinds.
        static func of(_ root: YAMLNode) -> Schema? {
            switch (root["apiVersion"]?.scalar?.value, root["kind"]?.scalar?.value) {
            case ("iter8.tools/v2alpha2", "Experiment"): .experimentV2
            case ("iter8.tools/v1alpha2", "Experiment"): .experimentV1
            case ("iter8.tools/v2alpha2", "Metric"): .metric
            default: nil
            }
        }

        /// The schema as parsed JSON.
        func json() throws -> [String: Any] {
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
            guard let schema = object as? [String: Any] else { throw TestSupportError("\(url.path): not a JSON object") }
            return schema
        }
    }

    /// The repository root.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `Tests/GitOpsTests/Fixtures`.
    static let fixtures = repository.appendingPathComponent("Tests/GitOpsTests/Fixtures")

    /// A Python 3 that imports `jsonschema`: Debian's first (where python3-jsonschema installs it).
    static func python() async throws -> String {
        var candidates = ["/usr/bin/python3"]
        if let onPath = try? RequiredTool.path("python3", package: "python3") { candidates.append(onPath) }
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            if (try? await Shell.run(candidate, ["-c", "import jsonschema"])) != nil { return candidate }
        }
        throw TestSupportError(
            "no python3 with the jsonschema module: install the Debian package 'python3-jsonschema' (scripts/install-deps.sh)")
    }

    /// Validates each instance against `schema`; one list of failures per instance.
    static func check(_ instances: [Any], against schema: Schema) async throws -> [[Failure]] {
        let input = try JSONSerialization.data(withJSONObject: instances)
        let script = fixtures.appendingPathComponent("schema/check.py").path
        let output = try await Shell.run(try await python(), [script, schema.url.path], input: input)
        let results = try JSONDecoder().decode([[Failure]].self, from: Data(output.utf8))
        guard results.count == instances.count else {
            throw TestSupportError("check.py returned \(results.count) results for \(instances.count) instances")
        }
        return results
    }

    /// A YAML node as a JSON value: scalars typed by the YAML 1.2 core schema, mapping keys as text.
    static func json(_ node: YAMLNode) -> Any {
        switch node.content {
        case .scalar(let scalar):
            switch node.scalarKind ?? .string {
            case .null: return NSNull()
            case .bool: return CoreSchema.bool(scalar.value) ?? scalar.value
            case .int:
                if case .value(let value) = CoreSchema.integer(scalar.value, as: Int64.self) { return value }
                if case .value(let value) = CoreSchema.integer(scalar.value, as: UInt64.self) { return value }
                return CoreSchema.double(scalar.value) ?? scalar.value
            case .float:
                // JSON has no infinity or NaN: keep their text (the schema then rejects them as a number).
                guard let value = CoreSchema.double(scalar.value), value.isFinite else { return scalar.value }
                return value
            case .string: return scalar.value
            }
        case .sequence(let nodes):
            return nodes.map(json)
        case .mapping(let pairs):
            var object: [String: Any] = [:]
            for pair in pairs { object[pair.key.scalar?.value ?? "\(pair.key.content)"] = json(pair.value) }
            return object
        }
    }

    /// The iter8 documents (Experiments and Metrics) of a YAML file, with their schemas.
    static func documents(_ file: URL) throws -> [(schema: Schema, root: YAMLNode)] {
        let text = try String(contentsOf: file, encoding: .utf8)
        return try YAMLParser().parseStream(text, file: file.path).compactMap { document in
            Schema.of(document.root).map { ($0, document.root) }
        }
    }
}
